"""Offline Korean search: the index format (unit tests) and the search page in a real Chromium.

The browser tests build the small archive in tests/fixtures/search/content/ with the real
pipeline (real Kiwi) and open search.html from disk (file://), where fetch(), modules and
WebAssembly files are unavailable (search.js carries its WebAssembly core inline), and once over
HTTP under a project path (/repo/).
"""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import quote

import pytest

from civicnews import pipeline, search
from civicnews.search import SearchDoc

FIXTURE = Path(__file__).parent / "fixtures" / "search" / "content"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


# ---------------------------------------------------------------- index format

def test_varints_round_trip():
    values = [0, 1, 15, 16, 31, 32, 1023, 1024, 99_999, 2**31]
    text = "".join(search.varint(v) for v in values)
    assert search.decode_varints(text) == values
    assert len(search.varint(31)) == 1 and len(search.varint(32)) == 2


def test_postings_are_delta_encoded_with_frequency_classes():
    postings = [(0, 7), (1, 0), (2, 5), (500, 3), (9_999, 7)]
    text = search.encode_postings(postings)
    assert search.decode_postings(text) == postings
    # consecutive slots cost one character each, and so do gaps of up to four slots
    assert text.startswith(search.varint(7) + search.varint(0) + search.varint(5))
    assert len(search.encode_postings([(i, 3) for i in range(1000)])) == 1000
    assert len(search.encode_postings([(4 * i + 3, 7) for i in range(1000)])) == 1000
    assert [search.tf_class(tf) for tf in (1, 2, 3, 4, 5, 6, 8, 9, 13, 14, 19, 20, 500)] == \
        [0, 1, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7]


def test_bigrams_cross_single_spaces_but_not_paragraphs():
    assert search.bigrams("인공 지능") == ["인공", "공지", "지능"]
    assert search.bigrams("인공지능") == ["인공", "공지", "지능"]
    assert search.bigrams("광주시는\n\n예산") == ["광주", "주시", "시는", "예산"]
    assert search.bigrams("NPU 칩과 AI") == ["칩과"]


def test_bigram_numbers_match_the_reference_bigrams():
    texts = ["인공 지능과  광주\t시는", "NPU칩, AI 도시.\n\n예산", "", "가", "힣가 ㄱㄴ 가나"]
    found = search._bigram_occurrences(texts, list(range(10, 15)))
    got = [(int(d), search._bigram_name(t)) for t, d in zip(found.terms, found.docs)]
    assert got == [(10 + i, g) for i, text in enumerate(texts) for g in search.bigrams(text)]


def test_morphemes_share_the_shard_of_their_first_bigram():
    assert search.shard_key("인공지능") == "인공" and search.shard_key("광주시") == "광주"
    assert search.shard_key("인공") == "인공" and search.shard_key("npu") == "npu"
    assert search.shard_key("2019") == "2019" and search.shard_key("시") == "시"


def test_common_terms_become_bitmaps():
    docs = [_doc(i, text="예산 심의" if i % 7 else "예산 심의 예산 예산", body_terms=("예산",) * (1 + (i % 7 == 0)))
            for i in range(100)]
    outputs = search.build_index(docs, shard_bytes=10**9)
    slots = search.assign_slots([d.url for d in docs])
    table = _shard_table(outputs)
    entry = table["m"]["예산"]
    assert search.slot_count(100) == 256
    assert isinstance(entry, list) and len(entry[0]) == 2 * 43
    decoded = dict(search.decode_entry(entry, 256))
    assert sorted(decoded) == sorted(slots)
    assert decoded[slots[0]] == search.tf_class(2) > decoded[slots[1]] == search.tf_class(1)
    assert decoded[slots[7]] == decoded[slots[0]]
    assert isinstance(table["b"]["심의"], list)      # in every document too


def _shard_table(outputs, path="search/shard-00.js") -> dict:
    import json
    text = next(o for o in outputs if o.path == path).data.decode()
    return json.loads(text[text.index("{"):text.rindex("}") + 1])


def test_term_hash_is_fnv1a_over_code_points():
    assert search.term_hash("") == 0x811C9DC5
    assert search.term_hash("a") == 0xE40C292C          # the published FNV-1a test vector
    assert search.term_hash("광주") != search.term_hash("주광")


def test_plain_text_drops_markdown_syntax():
    text = search.plain_text("## 제목\n\n**굵게** 쓴 [링크](http://x.kr)와 ![사진](a.png)\n> 인용 <b>태그</b>\n")
    assert text == "제목\n\n굵게 쓴 링크와 사진 인용 태그"


def _doc(i: int, **fields) -> SearchDoc:
    base = dict(url=f"articles/d{i}.html", title=f"기사 {i}", date=f"2020-01-{i % 28 + 1:02d}",
                text="예산 심의", title_terms=("기사",), body_terms=("예산", "심의"))
    base.update(fields)
    return SearchDoc(**base)


def test_shards_grow_with_the_index_and_output_is_deterministic():
    docs = [_doc(i, text=f"예산 심의 {i}번째 안건 광주시의회 행정사무감사", body_terms=("예산", "심의", str(i)))
            for i in range(300)]
    first = search.build_index(docs, [("budget", "예산", "topics/budget.html")], shard_bytes=2_000)
    second = search.build_index(docs, [("budget", "예산", "topics/budget.html")], shard_bytes=2_000)
    assert first == second
    # nothing depends on the order of the articles (the site lists them newest first)
    assert search.build_index(docs[::-1], [("budget", "예산", "topics/budget.html")], shard_bytes=2_000) == first
    shards = [o for o in first if o.path.startswith("search/shard-")]
    assert len(shards) >= 4 and len(shards) & (len(shards) - 1) == 0
    small = search.build_index(docs[:10], shard_bytes=2_000)
    assert len([o for o in small if o.path.startswith("search/shard-")]) < len(shards)
    assert len([o for o in first if o.path.startswith("search/docs/")]) == 300
    assert all(o.data.startswith(b"CivicSearch.") for o in first)


def test_title_weighs_more_than_body():
    docs = [_doc(0, title="예산 심의 시작", title_terms=("예산", "심의", "시작"), text="의회가 열렸다",
                 body_terms=("의회", "열리")),
            _doc(1, title="의회 소식", title_terms=("의회", "소식"), text="예산 심의가 열렸다",
                 body_terms=("예산", "심의", "열리"))]
    outputs = search.build_index(docs, shard_bytes=10**9)
    slots = search.assign_slots([d.url for d in docs])
    postings = dict(search.decode_entry(_shard_table(outputs)["m"]["예산"], search.slot_count(2)))
    assert postings[slots[0]] == search.tf_class(search.TITLE_WEIGHT) > postings[slots[1]] == search.tf_class(1)


def test_index_carries_the_mean_length_of_its_length_classes():
    import json
    docs = [_doc(i, text="예산 심의 " * (1 + i)) for i in range(40)]
    index = next(o for o in search.build_index(docs) if o.path == "search/index.js").data.decode()
    meta = json.loads(index[index.index("{"):index.rindex("}") + 1])
    classes = [search.ALPHABET.index(c) for c in meta["lengths"] if c != search.EMPTY_SLOT]
    assert len(classes) == 40
    expected = sum(search.LENGTH_STEP ** c for c in classes) / len(classes)
    assert meta["meanLength"] == pytest.approx(expected, rel=1e-5)


def test_slots_do_not_move_when_articles_are_added():
    urls = [f"articles/2020-01-{i:03d}.html" for i in range(600)]
    before = dict(zip(urls, search.assign_slots(urls)))
    assert len(set(before.values())) == 600 and max(before.values()) < search.slot_count(600) == 1024
    assert search.assign_slots(urls[::-1]) == search.assign_slots(urls)[::-1]
    grown = urls + ["articles/2019-12-31-new.html", "articles/0000-first.html"]
    after = dict(zip(grown, search.assign_slots(grown)))
    moved = [u for u in urls if before[u] != after[u]]
    assert len(moved) <= 4, moved          # only neighbours in the new articles' probe clusters


WORDS = ("광주시 인공지능 예산 심의 의회 복지 휠체어 도시철도 어린이 축제 공모 선정 국비 확보 산업 육성 "
         "시민 참여 행정 감사 교통 안전 환경 정책 주민 센터 학교 급식 문화 공연").split()


def _archive(n: int, seed: int = 5) -> list[SearchDoc]:
    import random
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(40, 80))]
        title = " ".join(rng.sample(WORDS, 3))
        docs.append(_doc(i, title=title, title_terms=tuple(title.split()), text=" ".join(words),
                         body_terms=tuple(words), topics=("welfare",) if i % 3 else ()))
    return docs


def test_editing_one_article_rewrites_its_file_and_the_shards_of_changed_terms():
    from collections import Counter
    docs = _archive(300)
    before = {o.path: o.data for o in search.build_index(docs, shard_bytes=3_000)}
    shards = sorted(p for p in before if p.startswith("search/shard-"))
    assert len(shards) >= 32
    old = docs[123]
    edited_words = ["우주정거장"] + old.text.split()[1:]      # one word of the body replaced
    new = SearchDoc(**{**old.__dict__, "text": " ".join(edited_words), "body_terms": tuple(edited_words)})
    after = {o.path: o.data for o in search.build_index(docs[:123] + [new] + docs[124:], shard_bytes=3_000)}
    assert before.keys() == after.keys()
    changed = {p for p in before if before[p] != after[p]}

    def classes(doc):
        weights = Counter()
        for kind, title, body in (("m", doc.title_terms, doc.body_terms),
                                  ("b", search.bigrams(doc.title), search.bigrams(doc.text))):
            for t in body:
                weights[f"{kind}:{t}"] += 1
            for t in title:
                weights[f"{kind}:{t}"] += search.TITLE_WEIGHT
        return {t: search.tf_class(w) for t, w in weights.items()}
    old_classes, new_classes = classes(old), classes(new)
    moved = {t[2:] for t in old_classes.keys() | new_classes.keys() if old_classes.get(t) != new_classes.get(t)}
    assert moved                                       # the edit did change some terms' frequency
    slot = search.assign_slots([d.url for d in docs])[123]
    width = len(shards[0]) - len("search/shard-.js")

    def shard_of(term):
        return f"search/shard-{search.term_hash(search.shard_key(term)) % len(shards):0{width}d}.js"
    # a frequency change inside a common term's bitmap may leave its entry as it was, so <=
    assert f"search/docs/{slot}.js" in changed
    assert changed <= {f"search/docs/{slot}.js"} | {shard_of(t) for t in moved}
    assert {shard_of(t[2:]) for t in new_classes.keys() - old_classes.keys()} <= changed   # 우주정거장's
    assert len(changed) <= 8 and "search/index.js" not in changed


def test_adding_one_article_leaves_the_other_articles_files_alone():
    docs = _archive(300)
    before = {o.path: o.data for o in search.build_index(docs, shard_bytes=3_000)}
    extra = _archive(301, seed=9)[300]
    after = {o.path: o.data for o in search.build_index(docs + [extra], shard_bytes=3_000)}
    kept = [p for p in before if p.startswith("search/docs/") and after.get(p) == before[p]]
    assert len(kept) >= 298


# ---------------------------------------------------------------- the built site in Chromium

@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("search-site")
    summary = pipeline.build(FIXTURE, root / "site", root / "cache")
    assert not summary.errors, summary.lines()
    assert (root / "site" / "search.html").exists() and (root / "site" / "search" / "index.js").exists()
    return root / "site"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def fresh_page(browser, init: str = ""):
    """A page in a new browser context (nothing cached), init run before the page's scripts;
    page.errors collects its script errors."""
    context = browser.new_context()
    if init:
        context.add_init_script(init)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    return context, page


@pytest.fixture
def page(browser):
    context, page = fresh_page(browser)
    yield page
    context.close()


def run_query(page, base_url: str, query: str, extra: str = "") -> list[str]:
    page.goto(f"{base_url}search.html?q={quote(query)}{extra}")
    page.wait_for_selector("#search-app[data-state=ready]", timeout=10_000)
    return [a.get_attribute("href") for a in page.query_selector_all("#search-results li h3 a")]


def slugs(hrefs: list[str]) -> list[str]:
    return [h.removeprefix("articles/").removesuffix(".html") for h in hrefs]


GWANGJU_CITY = {"ai-city-2019", "wheelchair-2022", "ocr-budget-2022"}
AI = {"ai-city-2019", "silicon-valley-2025", "ocr-budget-2022"}

# (query, articles that must be in the top results, articles also acceptable)
QUERIES = [
    ("광주시는", GWANGJU_CITY, {"silicon-valley-2025"}),                  # particle; 광주시장 contains 광주시
    ("광주시", GWANGJU_CITY, {"silicon-valley-2025"}),
    ("휠체어", {"wheelchair-2022", "lift-bus-2023"}, set()),                # inside the compound 전동휠체어
    ("전동휠체어를", {"wheelchair-2022"}, set()),
    ("인공지능", AI, set()),                                               # text has "인공 지능" and glued OCR text
    ("인공 지능", AI, set()),
    ("인공지능을", AI, set()),
    ("시청", {"seoul-cityhall-2021"}, set()),                              # inside "서울시청은"
    ("서울시청은", {"seoul-cityhall-2021"}, set()),
    ("강기정 시장", {"silicon-valley-2025"}, set()),                         # people's names
    ("이용섭", {"ai-city-2019"}, set()),
    ("최종웅 대표", {"smart-meter-2019"}, set()),
    ("NPU", {"npu-2022"}, set()),                                         # Latin acronyms, any case
    ("npu는", {"npu-2022"}, set()),
    ("AI", {"ai-city-2019", "silicon-valley-2025"}, set()),              # not "Aircraft", "aid", "Airways"
    ("ai를", {"ai-city-2019", "silicon-valley-2025"}, set()),
    ("육성", {"ocr-budget-2022"}, set()),                                  # OCR text whose spacing was lost
    ("과학기술정보통신부", {"ocr-budget-2022"}, set()),
    ("국비 62억", {"ocr-budget-2022"}, set()),
    ("광주 휠체어", {"wheelchair-2022"}, set()),                            # all words: lift-bus has no 광주
    ("어린이날에", {"childrens-day-2024"}, set()),
    ("도시철도를", {"subway-2020"}, set()),
    ("스마트미터", {"smart-meter-2019"}, set()),
    ("우주정거장", set(), set()),                                           # must find nothing
    ("양자컴퓨터 블록체인", set(), set()),
]


@pytest.mark.parametrize("core, init", [("wasm", ""), ("js", "delete window.WebAssembly;")])
def test_query_set_over_file_url(site_dir, browser, core, init):
    """With the WebAssembly core, and with the JavaScript loops a page falls back to where a
    Content-Security-Policy forbids WebAssembly."""
    context, page = fresh_page(browser, init)
    base = site_dir.as_uri() + "/"
    run_query(page, base, "광주")
    assert page.evaluate("CivicSearch.core()") == core
    failures = []
    for query, expected, acceptable in QUERIES:
        found = slugs(run_query(page, base, query))
        top = set(found[:max(len(expected), 3)])
        if not expected <= top or not set(found) <= expected | acceptable:
            failures.append(f"{query!r}: expected {sorted(expected)} (+{sorted(acceptable)}), got {found}")
    context.close()
    assert not failures, "\n".join(failures)
    assert not page.errors


def test_results_show_title_date_outlet_and_marked_snippet(site_dir, page):
    run_query(page, site_dir.as_uri() + "/", "휠체어")
    first = page.query_selector("#search-results li")
    assert first.query_selector("a").get_attribute("href") in ("articles/lift-bus-2023.html",
                                                                  "articles/wheelchair-2022.html")
    assert page.query_selector("main #search-results")
    marks = [m.inner_text() for m in page.query_selector_all("#search-results .search-snippet mark")]
    assert marks and all(m == "휠체어" for m in marks)
    meta = [m.inner_text() for m in page.query_selector_all("#search-results .search-meta")]
    assert "2022-05-08 · 시민의창" in meta and "2023-09-01 · 우리동네신문" in meta
    assert "2건" in page.inner_text("#search-status")
    assert page.evaluate("document.activeElement.id") == "search-heading"


def test_spacing_variant_is_highlighted(site_dir, page):
    run_query(page, site_dir.as_uri() + "/", "인공지능")
    marks = {m.inner_text() for m in page.query_selector_all("#search-results mark")}
    assert {"인공지능", "인공 지능"} <= marks


def test_nothing_found_says_so_with_suggestions(site_dir, page):
    assert run_query(page, site_dir.as_uri() + "/", "우주정거장") == []
    assert "검색 결과가 없습니다" in page.inner_text("#search-status")
    topics = [a.inner_text() for a in page.query_selector_all("#search-suggestions a")]
    assert "복지" in topics and "AI·산업" in topics
    # a misspelt compound suggests the longest part that does occur ("전동휠체어 수리비")
    assert run_query(page, site_dir.as_uri() + "/", "휠체어수리공") == []
    close = [a.inner_text() for a in page.query_selector_all("#search-suggestions a")]
    assert close[0] == "휠체어수리"
    assert page.get_attribute("#search-suggestions a", "href") == "?q=" + quote("휠체어수리")


def test_partial_matches_only_when_no_article_has_every_word(site_dir, page):
    found = slugs(run_query(page, site_dir.as_uri() + "/", "휠체어 우주정거장"))
    assert set(found) == {"wheelchair-2022", "lift-bus-2023"}
    assert "일부 검색어만" in page.inner_text("#search-status")


def test_filters_by_topic_and_year(site_dir, page):
    base = site_dir.as_uri() + "/"
    assert set(slugs(run_query(page, base, "광주시"))) >= GWANGJU_CITY
    options = page.eval_on_selector_all("#search-topic option", "os => os.map(o => o.value)")
    assert "welfare" in options and "mobility" not in options      # only topics with results
    page.select_option("#search-topic", "welfare")
    page.wait_for_selector("#search-app[data-state=ready]")
    assert slugs([a.get_attribute("href") for a in page.query_selector_all("#search-results h3 a")]) == \
        ["wheelchair-2022"]
    assert "topic=welfare" in page.url
    # the filter is part of the bookmarkable URL
    found = slugs(run_query(page, base, "광주시", "&year=2019"))
    assert found == ["ai-city-2019"]
    assert page.input_value("#search-year") == "2019"


def test_keyboard_search_from_the_form(site_dir, page):
    page.goto(site_dir.as_uri() + "/search.html")
    page.wait_for_selector("#search-app[data-state=ready]")
    page.focus("#search-q")
    page.keyboard.type("NPU")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=NPU*")
    page.wait_for_selector("#search-app[data-state=ready]")
    assert slugs([a.get_attribute("href") for a in page.query_selector_all("#search-results h3 a")]) == ["npu-2022"]
    assert page.get_attribute("#search-status", "aria-live") == "polite"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "articles/npu-2022.html"


def _top_matches_full_order(page, queries: list[str]) -> list[str]:
    """The queries whose first k results picked by Ranking.top(k) differ from the full sort's."""
    return page.evaluate("""async (queries) => {
        const bad = [];
        for (const q of queries) {
            const hits = (await CivicSearch.search(q)).hits;
            const sizes = [1, 2, 5, 3];           // the best 5 picked once serve the best 3 too
            const picked = sizes.map(k => Array.from(hits.top(k)).join());
            const full = Array.from(hits.all());
            if (!full.length) bad.push(q + ": nothing found");
            sizes.forEach((k, i) => { if (picked[i] !== full.slice(0, k).join()) bad.push(q + " top " + k); });
        }
        return bad; }""", queries)


def test_first_results_are_the_best_of_the_full_ranking(site_dir, page):
    run_query(page, site_dir.as_uri() + "/", "광주")
    assert _top_matches_full_order(page, ["광주", "광주시는", "인공지능", "AI", "광주 휠체어", "육성"]) == []


def test_result_links_open_the_article(site_dir, page):
    run_query(page, site_dir.as_uri() + "/", "이용섭")
    page.click("#search-results h3 a")
    page.wait_for_load_state()
    assert page.url.endswith("/articles/ai-city-2019.html")
    assert "인공지능 중심도시" in page.inner_text("h1")


def test_a_query_loads_only_its_shards(site_dir, page, tmp_path):
    """With many small shards, a query inserts only the shard scripts its terms hash to."""
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    shutil.rmtree(site / "search")
    built = pipeline.gather(FIXTURE, tmp_path / "cache")
    for output in search.build_index(search.docs_from_site(built),
                                     [(t.slug, t.name, f"topics/{t.slug}.html") for t in built.topics],
                                     shard_bytes=300):
        (site / output.path).parent.mkdir(parents=True, exist_ok=True)
        (site / output.path).write_bytes(output.data)
    total = len(list((site / "search").glob("shard-*.js")))
    assert total >= 32
    assert slugs(run_query(page, site.as_uri() + "/", "전동휠체어")) == ["wheelchair-2022"]
    loaded = page.eval_on_selector_all("script[src*='shard-']", "ss => ss.map(s => s.getAttribute('src'))")
    # 전동휠체어: 4 bigrams, the morpheme in the shard of 전동 -> at most 4 shards
    assert 1 <= len(loaded) <= 4 < total
    docs = page.eval_on_selector_all("script[src*='docs/']", "ss => ss.length")
    assert docs == 1


def test_more_results_and_escaping(site_dir, page, tmp_path):
    """25 matches show 5, then 10 at a time; article text is shown as text, never as HTML."""
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    shutil.rmtree(site / "search")
    docs = [_doc(i, title=f"예산 심의 {i}" if i else '<img src=x onerror="window.pwned=1">예산',
                 text="예산 심의 <script>window.pwned=1</script>") for i in range(25)]
    outputs = search.build_index(docs)
    count = len([o for o in outputs if o.path.startswith("search/shard-")])
    shard = f"search/shard-{search.term_hash('예산') % count:02d}.js"
    assert isinstance(_shard_table(outputs, shard)["b"]["예산"], list)
    for output in outputs:
        (site / output.path).parent.mkdir(parents=True, exist_ok=True)
        (site / output.path).write_bytes(output.data)
    assert len(run_query(page, site.as_uri() + "/", "예산")) == 5        # common terms are bitmaps
    assert "25건" in page.inner_text("#search-status")
    requested = []
    page.on("request", lambda r: requested.append(r.url.rsplit("/", 2)[-2:]))
    page.focus("#search-more")                     # focusing the button fetches the next results' files
    page.wait_for_function("document.querySelectorAll('script[src*=\"docs/\"]').length === 15")
    assert len([u for u in requested if u[0] == "docs"]) == 10
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 15")
    assert page.evaluate("[...document.querySelectorAll('#search-results li')]"
                         ".indexOf(document.activeElement.closest('li'))") == 5
    page.click("#search-more")
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 25")
    assert len([u for u in requested if u[0] == "docs"]) == 20
    assert page.is_hidden("#search-more")
    assert page.evaluate("window.pwned") is None
    assert _top_matches_full_order(page, ["예산", "심의", "예산 심의"]) == []      # 25 equal or close scores
    assert '<img src=x onerror="window.pwned=1">' in page.inner_text("#search-results")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_search_under_a_project_path_over_http(site_dir, page, tmp_path):
    (tmp_path / "repo").symlink_to(site_dir, target_is_directory=True)
    handler = functools.partial(_Quiet, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/repo/"
        assert set(slugs(run_query(page, base, "인공 지능"))) == AI
        assert not failed and not page.errors
    finally:
        server.shutdown()
