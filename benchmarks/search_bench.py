#!/usr/bin/env python3
"""Search at archive scale: index size, bytes a query downloads, and query time in Chromium.

Builds the search index of a synthetic archive of N articles of real Korean sentences (the
corpus of benchmarks/make_corpus.py), writes it beside a minimal search page that runs the real
templates/static/search.js, and opens that page from disk (file://) in headless Chromium once
per query, with a fresh browser context each time (nothing cached), --repeat times (the medians
are reported). For each query it records
the bytes of every search file the page loaded (snippet files included), the answer time (query
start -> the result list on screen: titles, dates, outlets, links; the shards' script loads,
decoding, ranking, rendering) and the time until the last highlighted snippet is filled in.

The Korean analysis is the real Kiwi's, done per distinct sentence of the corpus pool (each
article is a shuffle of pool sentences, so its terms are the concatenation of its sentences'
terms); that keeps a 10,000-article run to about a minute instead of the ~190 s of analysing
every body.

Usage: python benchmarks/search_bench.py [--n 1000 10000] [--queries 30] [--repeat 3] [--keep DIR] [--cache DIR]
Targets (issue #5): at 10,000 articles a query downloads <= 300 kB and answers in <= 100 ms.
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from civicnews import korean, search  # noqa: E402
from civicnews.analysis import SEARCH_TAGS  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

# Queries a reader of a civic archive types: single words, particles, compounds, names,
# acronyms, several words, and words that are not in the corpus at all.
FIXED_QUERIES = ["광주", "광주시는", "인공지능", "인공 지능", "국회의원", "대통령의", "지방자치단체", "예산 지원",
                 "국민의 권리", "헌법재판소", "AI", "법률안", "교육 정책", "일자리 창출", "국비 확보",
                 "우주정거장", "양자컴퓨터 블록체인"]

HARNESS = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>search bench</title></head>
<body><main>
<form id="search-form" action="search.html" method="get"><input id="search-q" name="q">
<select id="search-topic" name="topic"></select><select id="search-year" name="year"></select></form>
<div id="search-app" data-index="search/index.js" data-home="index.html">
<h2 id="search-heading" tabindex="-1" hidden>검색 결과</h2>
<p id="search-status" role="status" aria-live="polite"></p>
<ol id="search-results"></ol><button id="search-more" type="button" hidden>더 보기</button>
<div id="search-suggestions" hidden></div></div>
</main><script src="search.js"></script><script src="search/index.js"></script></body></html>
"""


def terms_of(tokens) -> tuple[str, ...]:
    return tuple(t.form.lower() for t in tokens if t.tag in SEARCH_TAGS)


def corpus(n: int, seed: str = "20250101") -> tuple[list[search.SearchDoc], dict]:
    import make_corpus as mc
    pool, stats = mc.build_pool()
    arng = random.Random(f"{seed}:authors")
    authors = sorted({mc.rng_name(arng) for _ in range(80)})
    articles = [mc.make_article(i, seed, pool, authors) for i in range(n)]

    started = time.perf_counter()
    sentence_terms = dict(zip(pool, map(terms_of, korean.tokenize_many(pool))))
    pieces_of = []
    missing: set[str] = set()
    for a in articles:
        pieces = []
        for para in a["body"].split("\n\n"):
            para = para.strip()
            parts = [para] if para.startswith("#") else mc.split_sentences(para)
            pieces.extend(parts)
            missing.update(p for p in parts if p not in sentence_terms)
        pieces_of.append(pieces)
    missing_list = sorted(missing)
    sentence_terms.update(zip(missing_list, map(terms_of, korean.tokenize_many(missing_list))))
    titles = [" ".join((a["title"], a["summary"])) for a in articles]
    title_terms = [terms_of(t) for t in korean.tokenize_many(titles)]
    analysis_s = time.perf_counter() - started

    order = sorted(range(n), key=lambda i: a_key(articles[i]), reverse=True)   # newest first, as the site
    docs = []
    for i in order:
        a = articles[i]
        docs.append(search.SearchDoc(
            url=f"articles/bench-{i:05d}.html", title=a["title"], date=a["date"].isoformat(),
            outlet=a["outlet"], subtitles=(a["summary"],), text=search.plain_text(a["body"]),
            topics=tuple(a["tags"]), title_terms=title_terms[i],
            body_terms=tuple(t for p in pieces_of[i] for t in sentence_terms[p])))
    return docs, {"pool_sentences": len(pool), "analysis_s": analysis_s, "pool": stats.get("pool", "konlpy")}


def a_key(article) -> str:
    return article["date"].isoformat()


def sample_queries(docs, count: int, seed: int = 7) -> list[str]:
    """FIXED_QUERIES plus words and word pairs taken from the titles."""
    rng = random.Random(seed)
    words = sorted({w for d in docs for w in d.title.split() if len(w) >= 2})
    out = list(FIXED_QUERIES)
    while len(out) < count:
        out.append(" ".join(rng.sample(words, rng.choice((1, 1, 2)))))
    return out[:count]


def cached_corpus(n: int, cache: Path | None) -> tuple[list[search.SearchDoc], dict]:
    """corpus(n), kept in cache (a folder) between runs: the analysis is the slow part, and the
    index format changes more often than the corpus."""
    if cache is None:
        return corpus(n)
    import pickle
    path = cache / f"search-corpus-{n}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    result = corpus(n)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(result))
    return result


def run(n: int, queries: int, keep: Path | None, cache: Path | None = None, repeat: int = 1) -> dict:
    docs, info = cached_corpus(n, cache)
    topics = [(slug, slug, f"topics/{slug}.html") for slug in sorted({t for d in docs for t in d.topics})]
    started = time.perf_counter()
    outputs = search.build_index(docs, topics)
    build_s = time.perf_counter() - started

    site = keep / f"search-{n}" if keep else Path(tempfile.mkdtemp(prefix=f"search-bench-{n}-"))
    if site.exists():
        shutil.rmtree(site)
    for output in outputs:
        target = site / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(output.data)
    (site / "search.html").write_text(HARNESS, encoding="utf-8")
    shutil.copy(ROOT / "templates" / "static" / "search.js", site / "search.js")

    shards = [o for o in outputs if o.path.startswith("search/shard-")]
    doc_files = [o for o in outputs if o.path.startswith("search/docs/")]
    index_js = next(o for o in outputs if o.path == "search/index.js")
    result = {
        "n": n, **info, "build_s": build_s,
        "index_bytes": sum(len(o.data) for o in shards) + len(index_js.data),
        "docs_bytes": sum(len(o.data) for o in doc_files),
        "shards": len(shards), "shard_mean": statistics.mean(len(o.data) for o in shards),
        "shard_max": max(len(o.data) for o in shards), "index_js": len(index_js.data),
        "doc_mean": statistics.mean(len(o.data) for o in doc_files),
        "search_js": (site / "search.js").stat().st_size,
    }

    from playwright.sync_api import sync_playwright
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for query in sample_queries(docs, queries):
            runs = [measure(browser, site, query) for _ in range(repeat)]
            row = {key: statistics.median(r[key] for r in runs) for key in ("ms", "snippets_ms", "page_ms", "rank_ms")}
            rows.append({**runs[0], **row, "runs": [r["ms"] for r in runs]})
        browser.close()
    result["rows"] = rows
    if not keep:
        shutil.rmtree(site)
    return result


def measure(browser, site: Path, query: str) -> dict:
    """One query in a fresh browser context (nothing cached): files, bytes and times."""
    context = browser.new_context()
    context.add_init_script("""
      new MutationObserver(function (_, observer) {
        var app = document.getElementById('search-app');
        if (app && app.getAttribute('data-state') === 'ready') {
          window.__ready = performance.now(); observer.disconnect();
        }
      }).observe(document, {subtree: true, attributes: true, childList: true});""")
    page = context.new_page()
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url))
    page.goto(site.as_uri() + "/search.html?q=" + quote(query))
    page.wait_for_selector("#search-app[data-state=ready]", timeout=60_000)
    total_ms = page.evaluate("window.__ready")
    marks = page.evaluate("""() => Object.fromEntries(performance.getEntriesByType('mark')
        .map(m => [m.name.replace('civicsearch:', ''), m.startTime]))""")
    answer_ms = marks.get("listed", marks["shown"]) - marks["start"]
    snippets_ms = marks["shown"] - marks["start"]
    # the ranking alone, shards already in memory (decoded postings dropped first)
    rank_ms = page.evaluate("""async (q) => { const t = performance.now();
        await CivicSearch.search(q); return performance.now() - t; }""", query)
    hits = page.locator("#search-results li").count()
    files = [u for u in loaded if "/search/" in u]
    size = sum((site / u.split(site.as_uri() + "/", 1)[1]).stat().st_size for u in files)
    row = {"q": query, "bytes": size, "files": len(files), "ms": answer_ms,
           "snippets_ms": snippets_ms, "page_ms": total_ms, "rank_ms": rank_ms,
           "hits": hits, "status": page.inner_text("#search-status")}
    context.close()
    return row


def report(result: dict) -> None:
    n, rows = result["n"], result["rows"]
    kb = 1000
    print(f"\n== {n:,} articles (pool of {result['pool_sentences']:,} sentences, "
          f"analysis {result['analysis_s']:.1f} s, index build {result['build_s']:.1f} s)")
    print(f"index: {result['index_bytes'] / kb:,.0f} kB in {result['shards']} shards "
          f"(mean {result['shard_mean'] / kb:.1f} kB, max {result['shard_max'] / kb:.1f} kB); "
          f"index.js {result['index_js'] / kb:.1f} kB; per-article snippet files "
          f"{result['docs_bytes'] / kb:,.0f} kB (mean {result['doc_mean'] / kb:.1f} kB); "
          f"search.js {result['search_js'] / kb:.1f} kB (not counted below)")
    print("kB, files: search files loaded (snippet files included); answer ms: query start -> result list\n"
          "on screen (shards loaded, ranked, titles/dates/outlets shown); snip ms: query start -> last\n"
          "snippet filled in; page ms: navigation start -> last snippet; rank ms: the ranking again with\n"
          "the shards in memory")
    print(f"{'query':<24}{'kB':>8}{'files':>7}{'answer ms':>11}{'snip ms':>9}{'page ms':>9}{'rank ms':>9}{'hits':>6}")
    for r in rows:
        print(f"{r['q'][:22]:<24}{r['bytes'] / kb:>8.1f}{r['files']:>7}{r['ms']:>11.1f}{r['snippets_ms']:>9.1f}"
              f"{r['page_ms']:>9.1f}{r['rank_ms']:>9.1f}{r['hits']:>6}")
    sizes = sorted(r["bytes"] for r in rows)
    times = sorted(r["ms"] for r in rows)
    pages = sorted(r["page_ms"] for r in rows)
    snippets = sorted(r["snippets_ms"] for r in rows)
    files = sorted(r["files"] for r in rows)
    print(f"bytes per query: median {statistics.median(sizes) / kb:.1f} kB, max {sizes[-1] / kb:.1f} kB "
          f"(target <= 300 kB); answer: median {statistics.median(times):.1f} ms, "
          f"max {times[-1]:.1f} ms (target <= 100 ms); snippets filled: median {statistics.median(snippets):.1f} ms; "
          f"whole page: median {statistics.median(pages):.1f} ms; files per query: median "
          f"{statistics.median(files):.0f}, max {files[-1]}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated sites in this folder")
    parser.add_argument("--repeat", type=int, default=3,
                        help="run each query this many times (fresh context each time); report the medians")
    parser.add_argument("--cache", type=Path, default=None,
                        help="keep the analysed corpus in this folder and reuse it on the next run")
    args = parser.parse_args(argv)
    for n in args.n:
        report(run(n, args.queries, args.keep, args.cache, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
