"""Offline Korean search: the index format (unit tests) and the search page in a real Chromium.

The browser tests build the small archive in tests/fixtures/search/content/ with the real
pipeline (real Kiwi) and open search.html from disk (file://), where fetch(), modules and
WebAssembly are unavailable, and once over HTTP under a project path (/repo/).
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


def test_postings_are_delta_encoded_with_levels():
    postings = [(0, 15), (1, 0), (2, 7), (500, 3), (9_999, 15)]
    text = search.encode_postings(postings)
    assert search.decode_postings(text) == postings
    # consecutive documents cost one character each
    assert text.startswith(search.varint(15) + search.varint(0) + search.varint(7))
    assert len(search.encode_postings([(i, 3) for i in range(1000)])) == 1000


def test_bigrams_cross_single_spaces_but_not_paragraphs():
    assert search.bigrams("인공 지능") == ["인공", "공지", "지능"]
    assert search.bigrams("인공지능") == ["인공", "공지", "지능"]
    assert search.bigrams("광주시는\n\n예산") == ["광주", "주시", "시는", "예산"]
    assert search.bigrams("NPU 칩과 AI") == ["칩과"]


def test_bigram_numbers_match_the_reference_bigrams():
    texts = ["인공 지능과  광주\t시는", "NPU칩, AI 도시.\n\n예산", "", "가", "힣가 ㄱㄴ 가나"]
    found = search._bigram_occurrences(texts)
    got = [(int(d), search._bigram_name(t)) for t, d in zip(found.terms, found.docs)]
    assert got == [(i, g) for i, text in enumerate(texts) for g in search.bigrams(text)]


def test_common_terms_become_bitmaps():
    docs = [_doc(i, text="예산 심의" if i % 7 else "예산 심의 예산 예산", body_terms=("예산",) * (1 + (i % 7 == 0)))
            for i in range(100)]
    outputs = search.build_index(docs, shard_bytes=10**9)
    table = _shard_table(outputs)
    entry = table["m"]["예산"]
    assert entry[1].startswith("!") and len(entry[1]) == 1 + 2 * 17
    decoded = search.decode_entry(entry, 100)
    assert [d for d, _ in decoded] == list(range(100))
    levels = dict(decoded)
    assert levels[0] > levels[1] and levels[7] == levels[0]
    rare = table["b"]["심의"]        # in every document too
    assert rare[1].startswith("!")


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
    postings = dict(search.decode_entry(_shard_table(outputs)["m"]["예산"], 2))
    assert postings[0] > postings[1]


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


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
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


def test_query_set_over_file_url(site_dir, page):
    base = site_dir.as_uri() + "/"
    failures = []
    for query, expected, acceptable in QUERIES:
        found = slugs(run_query(page, base, query))
        top = set(found[:max(len(expected), 3)])
        if not expected <= top or not set(found) <= expected | acceptable:
            failures.append(f"{query!r}: expected {sorted(expected)} (+{sorted(acceptable)}), got {found}")
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
    # 전동휠체어: the morpheme and 4 bigrams -> at most 5 shards
    assert 1 <= len(loaded) <= 5 < total
    docs = page.eval_on_selector_all("script[src*='docs/']", "ss => ss.length")
    assert docs == 1


def test_more_results_and_escaping(site_dir, page, tmp_path):
    """25 matches show 10 at a time; article text is shown as text, never as HTML."""
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    shutil.rmtree(site / "search")
    docs = [_doc(i, title=f"예산 심의 {i}" if i else '<img src=x onerror="window.pwned=1">예산',
                 text="예산 심의 <script>window.pwned=1</script>") for i in range(25)]
    outputs = search.build_index(docs)
    assert _shard_table(outputs, f"search/shard-{search.term_hash('예산') % 1:02d}.js")["b"]["예산"][1][0] == "!"
    for output in outputs:
        (site / output.path).parent.mkdir(parents=True, exist_ok=True)
        (site / output.path).write_bytes(output.data)
    assert len(run_query(page, site.as_uri() + "/", "예산")) == 10       # common terms are bitmaps
    assert "25건" in page.inner_text("#search-status")
    page.focus("#search-more")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 20")
    assert page.evaluate("document.activeElement.closest('li').dataset.doc") == "10"
    page.click("#search-more")
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 25")
    assert page.is_hidden("#search-more")
    assert page.evaluate("window.pwned") is None
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
