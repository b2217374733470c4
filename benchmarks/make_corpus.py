#!/usr/bin/env python3
"""Deterministic generator of synthetic Korean civic-news articles for the benchmarks.

Bodies are made of REAL Korean sentences, shuffled per article, taken from:
  * konlpy's bundled corpora (konlpy/data/corpus/kolaw/constitution.txt and
    konlpy/data/corpus/kobill/*.txt: the prose of the bills, not their two-column comparison
    tables), and
  * the bodies of the seed articles in tests/fixtures/seeds/ (002, 003: article body only; 000 is
    an OCR'd newspaper page whose word spacing was lost: its sentences are re-spaced with
    kiwipiepy's Kiwi.space()).
Without konlpy (a benchmark-only tool, see benchmarks/requirements.txt) the pool falls back to
the seed sentences alone and says so ("pool": "seeds-only"): enough for a smoke run, not for
figures worth reporting.

Every article i is generated from its own RNG, random.Random(f"{seed}:{i}"), so
  * the text is identical across --layout values, and
  * the first 1,000 articles of an N=10,000 corpus equal an N=1,000 corpus.

Layouts (OUT/content/ is the folder each generator reads):
  civic   OUT/content/articles/NNNNN.md  this project's article schema (keys in the order
                                        civicnews.articles.front_matter_of writes them), plus
                                        site.yaml, topics.yaml, storylines.yaml from content/
  plain   OUT/content/NNNNN.md          YAML front matter: title, date, outlet, author, tags, summary
  pelican OUT/content/NNNNN.md          Pelican Markdown metadata: Title, Date, Tags, Category (=outlet),
                                        Author, Summary (+ Slug: NNNNN so URLs are stable)
  hugo    OUT/content/posts/NNNNN.md    YAML front matter: title, date, tags (+ summary, author, outlet
                                        so the Hugo theme shows the same data as Pelican's)

Usage: make_corpus.py --n 1000 --layout civic --out /tmp/corpus/civic-1000 [--seed 20250101]
Prints the sentence-pool fingerprint (sha256) and totals, so two runs can be compared.
Adapted from ../shared/bench/make_corpus.py (same pool, same articles, same fingerprint).
"""
import argparse
import datetime as dt
import glob
import hashlib
import json
import os
import random
import re
import shutil
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(HERE)
SEED_DIR = os.path.join(PROJECT, "tests", "fixtures", "seeds")
SITE_FILES = ("site.yaml", "topics.yaml", "storylines.yaml")   # copied into civic corpora
LAYOUTS = ("civic", "plain", "pelican", "hugo")

TOPICS = [  # 30 Korean civic topics (tags)
    "교통", "주거", "환경", "교육", "복지", "보건의료", "일자리", "지방자치", "예산", "도시계획",
    "인공지능", "에너지", "기후위기", "안전", "문화예술", "청년", "노인", "보육", "장애인", "인권",
    "선거", "지방의회", "공공기관", "부동산", "대중교통", "재난대응", "농업", "소상공인", "관광", "행정",
]
OUTLETS = [  # invented outlet names (no real outlet is attributed synthetic text)
    "한빛시민일보", "빛고을뉴스", "시민의창", "우리동네신문", "새날일보",
    "열린광장뉴스", "마을소식", "공공저널", "누리신문", "바로보기뉴스",
]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = "민서지현준우영수하윤도예은성진혁주경태호연아"
KST = dt.timezone(dt.timedelta(hours=9))
T0 = dt.datetime(2019, 1, 1, 0, 0, tzinfo=KST)
T1 = dt.datetime(2025, 12, 31, 23, 59, tzinfo=KST)

HANGUL = re.compile(r"[가-힣]")
# sentence end: '.', '?' or '!' (plus an optional closing quote) before whitespace or the end;
# or a '.' after Hangul or ')' glued to the next sentence (the bills do that), not before a digit
SENT_END = re.compile(r"[.?!][”\"’']?(?=\s|$)|(?<=[가-힣)])\.(?=[^\s\d.,])")
LEAD_MARKERS = re.compile(
    r"^\s*(?:제\d+조(?:의\d+)?(?:\([^)]*\))?\s*)?(?:[①-⑳]\s*)?(?:\((?:시행일|경과조치|[^)]{1,12})\)\s*)?"
    r"(?:(?:\d+(?:의\d+)?|[가-하])\.\s+)?")


def konlpy_corpus_dir():
    import konlpy  # noqa: only to find the bundled corpus
    return os.path.join(os.path.dirname(konlpy.__file__), "data", "corpus")


def paragraphs_from_wrapped(lines):
    """Join hard-wrapped lines into paragraphs: a paragraph starts at a line that begins with
    whitespace or a clause marker; continuation lines are glued with '' (wraps keep their
    trailing space when they fell between words)."""
    paras, cur = [], ""
    for raw in lines:
        line = raw.rstrip("\n")
        if not line.strip():
            continue
        if re.fullmatch(r"\s*-\s*\d+\s*-\s*", line):  # page marker "- 3 -"
            continue
        starts_new = bool(re.match(r"\s|제\d+조|[①-⑳]|부\s+칙", line))
        if starts_new and cur:
            paras.append(cur)
            cur = ""
        cur += line
    if cur:
        paras.append(cur)
    return [re.sub(r"\s+", " ", p).strip() for p in paras]


def split_sentences(text):
    out, prev = [], 0
    for m in SENT_END.finditer(text):
        s = text[prev:m.end()].strip()
        if s:
            out.append(s)
        prev = m.end()
    tail = text[prev:].strip()
    if tail:
        out.append(tail)
    return out


def good_sentence(s, lo=20, hi=260):
    if not (lo <= len(s) <= hi):
        return False
    if "@" in s or "http" in s or "www." in s:
        return False
    if not re.search(r"[.?!][”\"’']?$", s) or re.search(r"\d\.$", s) or re.match(r"\d", s):
        return False
    n_h = len(HANGUL.findall(s))
    return n_h / len(s) >= 0.55


def clean(s):
    s = LEAD_MARKERS.sub("", s, count=1).strip().lstrip("○□◦-·• ").strip()
    return re.sub(r"\s+", " ", s)


def pool_kolaw(cdir):
    with open(os.path.join(cdir, "kolaw", "constitution.txt"), encoding="utf-8") as f:
        lines = f.readlines()
    out = []
    for p in paragraphs_from_wrapped(lines):
        for s in split_sentences(p):
            s = clean(s)
            if good_sentence(s):
                out.append(s)
    return out


def pool_kobill(cdir):
    out = []
    for path in sorted(glob.glob(os.path.join(cdir, "kobill", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        i = text.find("제안이유")
        j = text.find("구조문대비표")
        text = text[i if i >= 0 else 0: j if j > 0 else len(text)]
        for p in paragraphs_from_wrapped(text.splitlines()):
            for s in split_sentences(p):
                s = clean(s)
                if good_sentence(s) and "개정한다" not in s and "다음과 같이" not in s:
                    out.append(s)
    return out


def seed_body(path, start, end, drop_prefixes=()):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    i, j = text.index(start), text.index(end)
    out = []
    for para in re.split(r"\n\s*\n", text[i:j]):
        para = re.sub(r"\s+", " ", para).strip()
        if not para or para in ("AD", "지금 뜨는 뉴스") or any(para.startswith(p) for p in drop_prefixes):
            continue
        for s in split_sentences(para):
            if good_sentence(s, lo=15, hi=400):
                out.append(s)
    return out


def pool_seeds():
    out, notes = [], []
    p002 = glob.glob(os.path.join(SEED_DIR, "002_*.txt"))
    p003 = glob.glob(os.path.join(SEED_DIR, "003_*.txt"))
    p000 = glob.glob(os.path.join(SEED_DIR, "000_*.txt"))
    if p002:
        out += seed_body(p002[0], "광주형 일자리를 성공리에", "/광주=김선덕")
    if p003:
        out += seed_body(p003[0], "강기정 광주광역시장이 국가 AI", "호남취재본부 송보현 기자 w3to",
                         drop_prefixes=("강기정 “AI 대안사업",))
    if p000:
        try:
            from kiwipiepy import Kiwi
        except ImportError:
            notes.append("kiwipiepy missing: seed 000 (spacing-lost OCR) skipped")
        else:
            with open(p000[0], encoding="utf-8") as f:
                raw = f.read()
            # OCR page: lines hard-wrapped mid-word, most spaces lost -> glue lines, re-space with Kiwi
            glued = "".join(l.strip() for l in raw.splitlines() if l.strip())
            spaced = Kiwi(num_workers=1).space(glued, reset_whitespace=False)
            for s in split_sentences(spaced):
                if good_sentence(s, lo=20, hi=220):
                    out.append(s)
            notes.append("seed 000 re-spaced with kiwipiepy Kiwi.space()")
    return out, notes


def build_pool():
    """The sentence pool and its statistics (fingerprint included)."""
    notes = []
    try:
        cdir = konlpy_corpus_dir()
    except ImportError:
        law, bill = [], []
        notes.append("konlpy missing: seed sentences only (pip install -r benchmarks/requirements.txt)")
    else:
        law, bill = pool_kolaw(cdir), pool_kobill(cdir)
    seeds, seed_notes = pool_seeds()
    notes += seed_notes
    pool, seen = [], set()
    for s in law + bill + seeds:
        if s not in seen:
            seen.add(s)
            pool.append(s)
    if len(pool) < 20:
        sys.exit("sentence pool too small: install konlpy or restore tests/fixtures/seeds/")
    stats = {"pool": "konlpy+seeds" if law else "seeds-only",
             "kolaw": len(law), "kobill": len(bill), "seeds": len(seeds), "pool_unique": len(pool),
             "pool_chars": sum(map(len, pool)), "notes": notes,
             "sha256": hashlib.sha256("\n".join(pool).encode()).hexdigest()}
    return pool, stats


def fragment(s, rng, lo=3, hi=6):
    words = re.sub(r"[.?!”\"’']+$", "", s).split()
    k = rng.randint(lo, hi)
    return " ".join(words[:k])


def make_article(i, seed, pool, authors):
    rng = random.Random(f"{seed}:{i}")
    tags = rng.sample(TOPICS, rng.randint(2, 4))
    outlet = rng.choice(OUTLETS)
    author = rng.choice(authors)
    span = int((T1 - T0).total_seconds()) // 60
    date = T0 + dt.timedelta(minutes=rng.randrange(span + 1))
    title = f"{tags[0]} {fragment(rng.choice(pool), rng)}"
    summary = rng.choice([s for s in (rng.choice(pool) for _ in range(8)) if len(s) <= 160] or [pool[0]])
    n_par = rng.randint(6, 15)
    target = rng.randint(1500, 3000)
    order = list(range(len(pool)))
    rng.shuffle(order)
    sents, total = [], 0
    for k in order:
        s = pool[k]
        if len(sents) >= n_par and total + len(s) > target + 150:
            if total >= target:
                break
            continue  # too long to fit; look for a shorter one
        sents.append(s)
        total += len(s) + 1
        if total >= target and len(sents) >= n_par:
            break
    # split sentences into n_par non-empty paragraphs
    cuts = sorted(rng.sample(range(1, len(sents)), n_par - 1))
    paras, prev = [], 0
    for c in cuts + [len(sents)]:
        paras.append(" ".join(sents[prev:c]))
        prev = c
    if rng.random() < 0.3:  # an occasional sub-heading, as news pieces have
        paras.insert(n_par // 2, "## " + fragment(rng.choice(pool), rng, 2, 4))
    body = "\n\n".join(paras) + "\n"
    return {"title": title, "date": date, "outlet": outlet, "author": author,
            "tags": tags, "summary": summary, "body": body}


def write(layout, out, i, a):
    name = f"{i:05d}"
    if layout == "civic":
        # the keys and their order of civicnews.articles.front_matter_of (date_inferred: false is
        # left out there too); topics and keywords are derived at build time, as for a cleaned page
        fm = {"title": a["title"], "subtitles": [a["summary"]], "date": a["date"].isoformat(),
              "date_precision": "minute", "outlet": a["outlet"], "reporters": [a["author"]],
              "kind": "article", "source": {"file": f"raw/{name}.txt"}, "slug": f"bench-{name}"}
        text = "---\n" + yaml.safe_dump(fm, allow_unicode=True, sort_keys=False, width=10**6) + "---\n\n" + a["body"]
        path = os.path.join(out, "content", "articles", name + ".md")
    elif layout == "plain":
        fm = {"title": a["title"], "date": a["date"].isoformat(), "outlet": a["outlet"],
              "author": a["author"], "tags": a["tags"], "summary": a["summary"]}
        text = "---\n" + yaml.safe_dump(fm, allow_unicode=True, sort_keys=False, width=10**6) + "---\n\n" + a["body"]
        path = os.path.join(out, "content", name + ".md")
    elif layout == "hugo":
        fm = {"title": a["title"], "date": a["date"].isoformat(), "tags": a["tags"],
              "summary": a["summary"], "author": a["author"], "outlet": a["outlet"]}
        text = "---\n" + yaml.safe_dump(fm, allow_unicode=True, sort_keys=False, width=10**6) + "---\n\n" + a["body"]
        path = os.path.join(out, "content", "posts", name + ".md")
    elif layout == "pelican":
        meta = [("Title", a["title"]), ("Date", a["date"].strftime("%Y-%m-%d %H:%M")),
                ("Tags", ", ".join(a["tags"])), ("Category", a["outlet"]), ("Author", a["author"]),
                ("Summary", a["summary"]), ("Slug", name)]
        text = "".join(f"{k}: {v}\n" for k, v in meta) + "\n" + a["body"]
        path = os.path.join(out, "content", name + ".md")
    else:
        raise ValueError(layout)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return len(a["body"])


def generate(n, layout, out, seed="20250101", pool=None, pool_stats=None, force=False):
    """Write an N-article corpus in one layout under OUT/content/; return its statistics.

    Pass pool (and pool_stats) from build_pool() to write several layouts without rebuilding it."""
    if pool is None:
        pool, pool_stats = build_pool()
    stats = dict(pool_stats or {})
    arng = random.Random(f"{seed}:authors")
    authors = sorted({rng_name(arng) for _ in range(80)})
    content = os.path.join(out, "content")
    if os.path.exists(content):
        if not force:
            sys.exit(f"{content} exists (use --force)")
        shutil.rmtree(content)
    sub = {"hugo": "posts", "civic": "articles"}.get(layout, "")
    os.makedirs(os.path.join(content, sub))
    if layout == "civic":
        for name in SITE_FILES:
            src = os.path.join(PROJECT, "content", name)
            if os.path.exists(src):
                shutil.copyfile(src, os.path.join(content, name))
    body_chars = []
    for i in range(1, n + 1):
        body_chars.append(write(layout, out, i, make_article(i, seed, pool, authors)))
    body_chars.sort()
    stats.update({"n": n, "layout": layout, "seed": seed, "body_chars_total": sum(body_chars),
                  "body_chars_min": body_chars[0], "body_chars_median": body_chars[len(body_chars) // 2],
                  "body_chars_max": body_chars[-1]})
    return stats


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--layout", choices=LAYOUTS, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", default="20250101")
    ap.add_argument("--force", action="store_true", help="remove OUT/content first")
    args = ap.parse_args(argv)
    print(json.dumps(generate(args.n, args.layout, args.out, args.seed, force=args.force), ensure_ascii=False))


def rng_name(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


if __name__ == "__main__":
    main()
