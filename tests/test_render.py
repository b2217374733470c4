"""render.py: every page kind, hostile text made inert, golden pages, same input -> same bytes."""
from __future__ import annotations

import dataclasses
import importlib.util
import html.parser
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, fixture_site, site_outputs

from civicnews import render
from civicnews.models import Article, ArticleAnalysis, Mention, Output, Photo, Source

GOLDEN = ROOT / "tests" / "golden"
BASE = "https://example.github.io/repo/"
# Files other helpers own (rendered from their templates or copied from their assets).
NOT_OURS = {"search.html", "static/search.js", "static/offline.js", "sw.js", "offline-manifest.js"}
SIZE = re.compile(r"\(ZIP, [0-9.]+ [KM]B\)")


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text.append(data)


def tags_of(data: bytes) -> _Tags:
    parser = _Tags()
    parser.feed(data.decode("utf-8"))
    return parser


@pytest.fixture(scope="module")
def outputs():
    # The renderer's own bar chart, so the golden pages do not change with civicnews/chart.py
    # (the analysis stage's module, tested by its owner); test_chart_module_is_used checks the hook.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "money_chart", lambda storyline, site: render.bar_chart_svg(storyline))
        return {o.path: o.data for o in site_outputs(fixture_site(BASE), with_search=False)}


def test_chart_module_is_used_when_it_exists():
    site = fixture_site()
    line = site.indexes.storylines["garam-smart-city"]
    chart = str(render.money_chart(line, site))
    if importlib.util.find_spec("civicnews.chart") is None:
        assert chart == str(render.bar_chart_svg(line))
    else:
        from civicnews.chart import money_chart_svg
        assert chart == str(money_chart_svg(line, site)) and chart.startswith("<svg")


def test_every_page_kind_is_rendered(outputs):
    expected = {
        "index.html", "about.html", "404.html", "search.html", "feed.xml", "sitemap.xml", "robots.txt", ".nojekyll",
        "static/style.css", "static/favicon.svg", "topics/index.html", "topics/mobility.html", "topics/council.html",
        "keywords/index.html", "keywords/guk-bi.html", "people/index.html", "people/bak-do-yun.html",
        "organizations/index.html", "organizations/ga-ram-si-ui-hoe.html", "places/gu-do-sim.html",
        "storylines/index.html", "storylines/garam-smart-city.html", "timeline/index.html", "timeline/2020.html",
        "timeline/2024.html", "articles/2020-03-12-shuttle.html", "articles/2021-07-ride.html",
        "archive-20240520.zip",
    }
    assert expected <= set(outputs), expected - set(outputs)


def test_article_page_carries_facts_analysis_and_provenance(outputs):
    page = outputs["articles/2020-03-12-shuttle.html"].decode()
    for text in ("가람시, 자율주행 셔틀 실증도시 선정…국비 48억원 확보", "구도심 순환 노선 6km에서 2년간 시범 운행",
                 "2020년 3월 12일 10:30", "가람일보", "사회부", "한서윤", "가람시청 앞에 선 자율주행 셔틀 시험 차량.",
                 "사진: 가람시 제공", 'href="../topics/mobility.html"', 'href="../people/bak-do-yun.html"',
                 'href="../keywords/guk-bi.html"', "가람시장", 'href="../organizations/guk-to-gyo-tong-bu.html"',
                 'href="2021-07-ride.html"', "raw/101_garam_print.txt", "cp949", "AD 가람 한우 축제", "광고",
                 'id="event-1"', "국비 48억원", 'property="og:type" content="article"',
                 f'<link rel="canonical" href="{BASE}articles/2020-03-12-shuttle.html">'):
        assert text in page, text
    ld = json.loads(tags_of(outputs["articles/2020-03-12-shuttle.html"]).script_text[0])
    assert ld["@type"] == "NewsArticle" and ld["headline"].startswith("가람시, 자율주행")
    assert ld["datePublished"] == "2020-03-12T10:30:00+09:00"


def test_same_story_group_and_inferred_date(outputs):
    page = outputs["articles/2022-11-02-datacenter.html"].decode()
    assert "같은 소식, 다른 매체" in page and 'href="2022-11-02-datacenter-hanbit.html"' in page
    photo = outputs["articles/2021-07-ride.html"].decode()
    assert "2021년 7월" in photo and "본문에서 추정" in photo and "지면 2021년 7월호" in photo


def test_timeline_links_events_to_their_sentence(outputs):
    page = outputs["timeline/2022.html"].decode()
    assert 'id="m11"' in page
    assert 'href="../articles/2022-11-02-datacenter.html#event-2"' in page
    assert "가람시가 2일 산업단지에서 AI 데이터센터 착공식을 열었다." in page


def test_storyline_has_chapters_milestones_money_and_a_chart(outputs):
    page = outputs["storylines/garam-smart-city.html"].decode()
    assert page.count('class="chapter"') == 4                        # 2020, 2021, 2022, 2024
    for text in ("<svg", "1,200억원", "총사업비", "48억원", "주요 사건", 'role="img"'):
        assert text in page, text


def test_home_lists_latest_storylines_topics_and_years(outputs):
    page = outputs["index.html"].decode()
    titles = re.findall(r'class="item-title"><a href="articles/([^"]+)\.html"', page)
    assert titles[0] == "2024-05-20-council" and len(titles) == 5
    for text in ('href="storylines/garam-smart-city.html"', 'href="topics/data-ai.html"', 'href="timeline/2021.html"',
                 'action="search.html"', 'name="q"', "전체 기사 내려받기"):
        assert text in page, text


def test_about_page_reports_every_raw_file(outputs):
    page = outputs["about.html"].decode()
    for text in ("raw/101_garam_print.txt", "raw/104_broken.bin", "binary file", "다른 기사 안내", "Copyright © 남도뉴스"):
        assert text in page, text
    assert "{{ 7*7 }}" in page and "<b>다른 기사</b>" not in page       # a dropped block stays text


def test_feed_and_sitemap_use_absolute_urls(outputs):
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(outputs["feed.xml"])
    entries = feed.findall(atom + "entry")
    assert len(entries) == 5
    links = [e.find(atom + "link").get("href") for e in entries]
    assert links[0] == BASE + "articles/2024-05-20-council.html"
    assert len({e.findtext(atom + "id") for e in entries}) == 5
    locs = [e.text for e in ET.fromstring(outputs["sitemap.xml"]).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert BASE in locs and all(loc.startswith(BASE) for loc in locs) and BASE + "404.html" not in locs
    assert f"Sitemap: {BASE}sitemap.xml" in outputs["robots.txt"].decode()


def test_without_base_url_feed_links_are_relative_to_the_feed_and_the_sitemap_parses():
    outputs = {o.path: o.data for o in render.render_site(fixture_site(""))}
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(outputs["feed.xml"])
    links = [link.get("href") for link in feed.iter(atom + "link")]
    assert links[:2] == ["./index.html", "./feed.xml"]
    assert links[2:] and all(re.fullmatch(r"\./articles/[a-z0-9-]+\.html", link) for link in links[2:])
    sitemap = ET.fromstring(outputs["sitemap.xml"])        # a comment holding "--" would not parse
    assert sitemap.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset" and not list(sitemap)


def test_without_base_url_no_relative_canonical_or_og_url():
    pages = {o.path: o.data.decode("utf-8") for o in render.render_site(fixture_site("")) if o.path.endswith(".html")}
    for path, page in pages.items():
        assert 'rel="canonical"' not in page and 'og:url' not in page, path


# ---------------------------------------------------------------- hostile text

HOSTILE = '<script>alert("x")</script>{{ 7*7 }}{% raw %}<img src=x onerror=alert(1)>'


def hostile_site():
    site = fixture_site()
    evil = Article(
        slug="2024-06-01-evil", title=HOSTILE, date="2024-06-01", outlet='</script><script>alert(2)</script>',
        subtitles=('"><svg onload=alert(3)>',), reporters=("{{ config }}",),
        photos=(Photo('<img src=x onerror="alert(4)">{{ 7*7 }}', "<b onclick=alert(5)>credit</b>"),),
        source=Source("raw/evil.txt", "javascript:alert(6)"),
        body=("첫 문단 {{ 7*7 }} {% if true %}참{% endif %}\n\n<script>alert(7)</script>\n\n"
              '<img src="https://tracker.example/p.gif" onerror="alert(8)">\n\n'
              "[누르기](javascript:alert(9)) <a href=\"JaVaScRiPt:alert(10)\">둘</a> "
              "<a href=\"../../etc/passwd\">셋</a> <iframe src=\"https://evil.example\"></iframe>\n\n"
              "<p style=\"background:url(https://evil.example/x)\" onmouseover=alert(11)>문단</p>\n"))
    analysis = ArticleAnalysis(slug=evil.slug, summary=HOSTILE, keywords=("<b>k</b>",),
                               mentions=(Mention("person", "<i>이름</i>", "bad-name", '"><script>x</script>'),))
    return dataclasses.replace(site, articles=(evil,) + site.articles,
                               analyses={**site.analyses, evil.slug: analysis})


def test_hostile_text_ends_up_inert():
    out = {o.path: o.data for o in render.render_site(hostile_site())}
    for path in ("articles/2024-06-01-evil.html", "index.html", "timeline/2024.html"):
        data = out[path]
        parsed = tags_of(data)
        for tag, attrs in parsed.tags:
            assert not any(name.startswith("on") for name in attrs), (path, tag, attrs)
            assert tag not in ("img", "iframe", "svg") or path != "articles/2024-06-01-evil.html", (path, tag)
            for name in ("href", "src", "action", "style"):
                value = (attrs.get(name) or "").lower().replace(" ", "")
                assert not value.startswith("javascript:") and "evil.example" not in value and \
                    "tracker" not in value, (path, tag, attrs)
            if tag == "script":
                assert attrs.get("type") == "application/ld+json" or attrs.get("src", "").startswith(
                    ("static/", "../static/", "search")), (path, attrs)
        assert b"<script>alert" not in data and b"<img src=x" not in data, path
    page = out["articles/2024-06-01-evil.html"].decode()
    assert "{{ 7*7 }}" in page and "{% if true %}참{% endif %}" in page    # shown as written, never evaluated
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page       # the title, escaped
    assert "49" not in page                                                  # {{ 7*7 }} was not evaluated
    assert "../../etc/passwd" not in page                                    # relative links in the body dropped
    ld = json.loads(tags_of(out["articles/2024-06-01-evil.html"]).script_text[0])
    assert ld["headline"] == HOSTILE and ld["publisher"]["name"] == "</script><script>alert(2)</script>"
    assert "</script><script>" not in page.split('application/ld+json">')[1].split("</script>")[0]


def test_article_html_allows_only_a_safe_set():
    html = str(render.article_html("# 제목\n\n**굵게** [링크](https://a.example/x) <u>밑줄</u> <form><input></form>"))
    assert "<h2>제목</h2>" in html and "<strong>굵게</strong>" in html and "<u>밑줄</u>" in html
    assert 'href="https://a.example/x"' in html and "<form" not in html and "<input" not in html


# Pieces of generated bodies: prose, and everything that means something to Markdown.
_PROSE = ["광주시는", "인공지능", "사업에", "국비", "62억원을", "확보했다고", "1일", "밝혔다.", "2019.", "(R&D)", "R&D",
          "<사진>", "전시회<사진>를", "a > b", "50%", "'x'", '"y"', "·", "…", "~", ":", "!", "?", "1)", "제1항#2", "@"]
_MARKUP = ["*", "**", "_", "`", "[링크](https://a.example/x)", "![", "]", "\\", "|", "&amp;", "&#12;", "&copy;",
           "<b>", "</p>", "<https://a.example>", "<a@b.kr>", "<!--", "\t", "\u3000", "\xa0", "  ", " "]
_LINE_STARTS = ["", "", "", "", "## ", "# ", "###### ", "####### ", "#", "1. ", "2019. ", "- ", "+ ", "* ", "> ",
                "    ", " ", "=", "---", "| "]
_BREAKS = ["\n", "\n\n", "\n\n", "\n\n\n", "\n \n", "  \n"]


def _generated_body(rng) -> str:
    """Mostly prose; a line start, a break or a word of markup now and then."""
    lines = []
    for _ in range(rng.randint(1, 5)):
        words = [rng.choice(_PROSE if rng.random() < 0.98 else _MARKUP) for _ in range(rng.randint(1, 8))]
        start = rng.choice(_LINE_STARTS) if rng.random() < 0.3 else ""
        lines.append(start + " ".join(words) + (" " if rng.random() < 0.03 else ""))
    body = lines[0]
    for line in lines[1:]:
        body += (rng.choice(_BREAKS) if rng.random() < 0.3 else "\n\n") + line
    return rng.choice(["", "\n"]) + body + rng.choice(["", "\n", "\n\n"])


def test_plain_prose_html_is_what_markdown_makes():
    """The shortcut for plain prose gives Python-Markdown's very HTML, or steps aside."""
    import random
    rng = random.Random(7)
    converter = render._markdown()
    taken = 0
    for _ in range(5000):
        body = _generated_body(rng)
        html = render.plain_prose_html(body)
        if html is not None:
            taken += 1
            assert html == converter.reset().convert(body), repr(body)
    assert 1000 < taken < 4000                 # both ways are exercised
    assert render.plain_prose_html("광주시는 (R&D)\n밝혔다.\n\n## 사업비\n\n전시회<사진>를") == (
        "<p>광주시는 (R&amp;D)\n밝혔다.</p>\n<h2>사업비</h2>\n<p>전시회&lt;사진&gt;를</p>")
    for markup in ("**굵게**", "[링크](https://a.example/x)", "<u>밑줄</u>", "- 목록", "## 제목\n본문", "a  \nb", "&amp;"):
        assert render.plain_prose_html(markup) is None


# ---------------------------------------------------------------- golden pages and determinism

def _golden_files(outputs) -> dict[str, bytes]:
    files = {}
    for path, data in outputs.items():
        if path in NOT_OURS or path.endswith(".zip") or path.startswith("static/"):
            continue
        files[path] = SIZE.sub("(ZIP, SIZE)", data.decode("utf-8")).encode("utf-8") if path.endswith(".html") else data
    return files


def test_golden_pages(outputs, update_golden):
    files = _golden_files(outputs)
    if update_golden:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, data in files.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_bytes(data)
    stored = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert stored == set(files), "pages added or removed: review, then run pytest --update-golden"
    changed = [path for path, data in sorted(files.items()) if (GOLDEN / path).read_bytes() != data]
    assert not changed, f"pages differ from tests/golden/ (review, then pytest --update-golden): {changed[:10]}"


def test_same_site_renders_the_same_bytes():
    first = site_outputs(fixture_site(BASE), with_search=False)
    second = site_outputs(fixture_site(BASE), with_search=False)
    assert [o.path for o in first] == [o.path for o in second]
    assert [o.data for o in first] == [o.data for o in second]


def test_korean_dates_and_money():
    assert render.korean_date("2019-10-13T17:28:27+09:00", "minute") == "2019년 10월 13일 17:28"
    assert render.korean_date("2022-05", "month") == "2022년 5월"
    assert render.korean_date("") == "날짜 미상"
    assert render.rfc3339("2022-05") == "2022-05-01T00:00:00+09:00"
    assert render.rfc3339("2019-10-13T17:28+09:00") == "2019-10-13T17:28:00+09:00"
    assert render.won(4061 * 10**8) == "4,061억원"
    assert render.won(12 * 10**11) == "1조 2,000억원"
    assert render.won(5 * 10**7) == "5,000만원"


def test_pages_rendered_by_forked_workers_are_the_same_bytes(monkeypatch):
    """Large sites render article, keyword and entity pages on every core: same pages, same
    fingerprints as one process."""
    monkeypatch.setattr(render.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(render, "PARALLEL_MIN", 1)
    with render.Incremental({}, None) as parallel:
        forked = render.render_site(fixture_site(BASE))
    monkeypatch.setattr(render, "PARALLEL_MIN", 10 ** 9)
    with render.Incremental({}, None) as serial:
        alone = render.render_site(fixture_site(BASE))
    assert [o.path for o in forked] == [o.path for o in alone]
    assert forked == alone
    assert parallel.fingerprints == serial.fingerprints and parallel.rendered == serial.rendered > 0


def test_long_lists_are_cut_into_linked_pages(monkeypatch):
    monkeypatch.setattr(render.config, "ARTICLES_PER_PAGE", 2)
    site = fixture_site(BASE)
    pages = {o.path: o.data.decode("utf-8") for o in render.render_site(site) if o.path.endswith((".html", ".xml"))}
    listed = re.compile(r'<h3 class="item-title"><a href="\.\./\.\./articles/([^"]+)\.html"|'
                        r'<h3 class="item-title"><a href="\.\./articles/([^"]+)\.html"')
    checked = 0
    for topic in site.topics:
        expected = [a.slug for a in sorted((a for a in site.articles if a.slug in site.indexes.topics.get(topic.slug, ())),
                                           key=lambda a: a.sort_key, reverse=True)]
        if len(expected) <= 2:
            assert f"topics/{topic.slug}/2.html" not in pages
            continue
        count = -(-len(expected) // 2)
        paths = [f"topics/{topic.slug}.html"] + [f"topics/{topic.slug}/{k}.html" for k in range(2, count + 1)]
        seen = []
        for number, path in enumerate(paths, 1):
            html = pages[path]
            found = [a or b for a, b in listed.findall(html)]
            assert 1 <= len(found) <= 2
            seen += found
            assert 'aria-current="page"' in html and f">{number}</a>" in html
            assert f"{BASE}{path}" in pages["sitemap.xml"]
            if number < count:
                assert 'rel="next"' in html
        assert seen == expected                       # every article once, newest first, across the pages
        assert f'href="{topic.slug}/2.html"' in pages[paths[0]]
        assert f'href="../{topic.slug}.html" rel="prev"' in pages[paths[1]]
        checked += 1
    assert checked


def test_big_years_and_storylines_show_a_few_and_link_to_all(monkeypatch):
    """At archive scale a year's month or a storyline's chapter shows its most eventful articles
    and links to a page with all of them; every link of every page still resolves."""
    monkeypatch.setattr(render.config, "SHOWN_PER_SECTION", 1)
    monkeypatch.setattr(render.config, "MILESTONES_PER_YEAR", 1)
    monkeypatch.setattr(render.config, "MONEY_ROWS", 2)
    site = fixture_site(BASE)
    outputs = render.render_site(site)
    pages = {o.path: o.data.decode("utf-8") for o in outputs if o.path.endswith((".html", ".xml"))}
    line = next(iter(site.indexes.storylines.values()))
    story = pages[f"storylines/{line.spec.slug}.html"]
    big = [c for c in line.chapters if len(c.articles) > 1]
    assert big, "the fixture needs a storyline year with two articles"
    for chapter in big:
        path = f"storylines/{line.spec.slug}/{chapter.year}.html"
        assert f'href="{line.spec.slug}/{chapter.year}.html"' in story
        assert all(f"articles/{slug}.html" in pages[path] for slug in chapter.articles)
        assert f"{BASE}{path}" in pages["sitemap.xml"]
    assert story.count('<li class="event">') <= len({e.date[:4] for e in line.milestones}) + 2
    assert story.count("<tr>") <= 1 + 2
    months = [p for p in pages if re.fullmatch(r"timeline/\d{4}/\d{2}\.html", p)]
    assert months
    for path in months:
        year, month = path[9:13], path[14:16]
        assert f'href="{year}/{month}.html"' in pages[f"timeline/{year}.html"]
        listed = {a.slug for a in site.articles if a.date[:7] == f"{year}-{month}"}
        assert all(f"articles/{slug}.html" in pages[path] for slug in listed)
    broken = []
    for path, html in pages.items():
        if not path.endswith(".html"):
            continue
        for href in re.findall(r'href="([^"#?]+)', html):
            if "://" in href or href.startswith("mailto:"):
                continue
            target = (Path("/" + path).parent / href).resolve().as_posix().lstrip("/")
            if target not in {o.path for o in outputs} and not target.startswith("archive-"):
                broken.append((path, href))
    assert not broken, broken[:5]


def _kept(pages: dict[str, bytes]):
    """A reuse() for render.Incremental: the last build's page as an Output read when wanted."""
    def reuse(path: str):
        return Output(path, load=lambda: pages[path], kept=True) if path in pages else None
    return reuse


def test_pages_render_again_only_for_what_they_show():
    """An article's lemmas, search terms and fingerprint (read by the archive step, shown on no
    page) do not make a page render again; its summary re-renders every list that shows it."""
    site = fixture_site(BASE)
    with render.Incremental({}, None) as first:
        before = {o.path: o.data for o in render.render_site(site)}
    slug = site.articles[0].slug
    old = site.analyses[slug]
    hidden = dataclasses.replace(old, lemmas=("다른", "낱말"), title_terms=("다른",), body_terms=("낱말",) * 3,
                                 fingerprint=tuple(range(32)))
    changed = dataclasses.replace(site, analyses={**site.analyses, slug: hidden})
    with render.Incremental(first.fingerprints, _kept(before)) as again:
        assert {o.path: o.data for o in render.render_site(changed)} == before
    assert again.rendered == 0
    shown = dataclasses.replace(site, analyses={**site.analyses, slug: dataclasses.replace(old, summary="새 요약문")})
    with render.Incremental(first.fingerprints, _kept(before)) as third:
        pages = {o.path: o.data for o in render.render_site(shown)}
    showing = {path for path, data in pages.items() if "새 요약문".encode() in data}
    assert showing and {path for path, data in pages.items() if data != before.get(path)} == showing
    assert 0 < third.rendered < len(before)


def test_the_feed_and_the_sitemap_are_the_last_builds_while_they_show_the_same():
    site = fixture_site(BASE)
    with render.Incremental({}, None) as first:
        before = {o.path: o.data for o in render.render_site(site)}
    with render.Incremental(first.fingerprints, _kept(before)) as again:
        assert {o.path: o.data for o in render.render_site(site)} == before
    assert {"feed.xml", "sitemap.xml"} <= set(again.reused)
    newest, oldest = site.articles[0], site.articles[-1]     # (the newest date names the archive)
    assert len(oldest.day) == 10
    retitled = dataclasses.replace(site, articles=(dataclasses.replace(newest, title="새 제목"),) + site.articles[1:])
    redated = dataclasses.replace(oldest, date=oldest.date[:8] + ("02" if oldest.day.endswith("01") else "01"))
    moved = dataclasses.replace(site, articles=site.articles[:-1] + (redated,))
    with render.Incremental(first.fingerprints, _kept(before)) as third:
        pages = {o.path: o.data for o in render.render_site(retitled)}
    assert "feed.xml" not in third.reused and "새 제목".encode() in pages["feed.xml"]
    assert "sitemap.xml" in third.reused
    with render.Incremental(first.fingerprints, _kept(before)) as fourth:
        pages = {o.path: o.data for o in render.render_site(moved)}
    assert "sitemap.xml" not in fourth.reused
    assert f"<lastmod>{redated.day}</lastmod>".encode() in pages["sitemap.xml"]
    bare = dataclasses.replace(site, config=dataclasses.replace(site.config, base_url=""))
    with render.Incremental(first.fingerprints, _kept(before)) as fifth:
        pages = {o.path: o.data for o in render.render_site(bare)}
    assert b"<url>" not in pages["sitemap.xml"] and b"<url>" in before["sitemap.xml"]


def test_a_rebuild_on_every_core_takes_unchanged_pages_from_the_last_build(monkeypatch):
    """Forked workers name the pages they find unchanged; this process takes their bytes from the
    last build, and a page that is no longer there is rendered again: the bytes of one process."""
    site = fixture_site(BASE)
    with render.Incremental({}, None) as first:
        before = {o.path: o.data for o in render.render_site(site)}
    monkeypatch.setattr(render.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(render, "PARALLEL_MIN", 1)
    with render.Incremental(first.fingerprints, _kept(before)) as again:
        assert {o.path: o.data for o in render.render_site(site)} == before
    assert again.rendered == 0 and set(again.reused) == set(first.fingerprints)
    gone = sorted(p for p in before if p.startswith("articles/"))[0]
    with render.Incremental(first.fingerprints, lambda path: None if path == gone else _kept(before)(path)) as third:
        assert {o.path: o.data for o in render.render_site(site)} == before
    assert third.rendered >= 1 and gone not in third.reused and third.fingerprints == first.fingerprints


def test_compiled_templates_are_kept_and_never_stale(tmp_path, monkeypatch):
    """A build's templates are compiled once into the cache folder; a template edited since is
    compiled again from its new source, never served from the old code."""
    from civicnews import config
    templates = tmp_path / "templates"
    shutil.copytree(config.TEMPLATES_DIR, templates)
    (templates / "probe.html").write_text("{{ x }} one", encoding="utf-8")
    monkeypatch.setattr(config, "TEMPLATES_DIR", templates)
    compiled = tmp_path / "cache" / "templates"
    assert render._environment(compiled).get_template("probe.html").render(x=1) == "1 one"
    kept = sorted(compiled.iterdir())
    assert kept, "the compiled template was kept"
    (templates / "probe.html").write_text("{{ x }} two", encoding="utf-8")
    assert render._environment(compiled).get_template("probe.html").render(x=1) == "1 two"
    # a damaged compiled file is compiled again, not an error
    for path in kept:
        path.write_bytes(b"junk")
    assert render._environment(compiled).get_template("probe.html").render(x=2) == "2 two"


def test_the_latest_events_are_nlargest_by_date_and_article_in_or_out_of_order():
    import heapq
    import random

    from civicnews.models import Event
    from civicnews.render import latest_events
    rng = random.Random(3)
    for size in (0, 1, 3, 4, 30, 400):
        events = [Event(date=rng.choice(["2021", "2021-05", "2021-05-03", "2022-01-02", "2022-01-02", "2022-01"]),
                        end="", sentence=f"문장 {k}", article=rng.choice("abc")) for k in range(size)]
        for listed in (events, sorted(events, key=lambda e: (e.date, e.end, e.article, e.sentence))):
            for count in (1, 3, 5):
                expected = heapq.nlargest(count, listed, key=lambda e: (e.date, e.article))
                assert latest_events(listed, count) == expected
                assert [id(e) for e in latest_events(listed, count)] == [id(e) for e in expected]


def test_events_by_year_in_or_out_of_date_order_is_their_grouping_by_year():
    import random

    from civicnews.models import Event, event_years, events_by_year
    rng = random.Random(8)
    dates = ["", "2019", "2019-03", "2020-01-05", "2020-12", "2021", "2021-07-01", "올해", "2025-02-28"]
    events = [Event(date=rng.choice(dates), end="", sentence=f"문장 {k}", article="a") for k in range(300)]
    for listed in (events, sorted(events, key=lambda e: (e.date, e.end, e.article, e.sentence))):
        expected: dict[int, list] = {}
        for event in listed:
            if event.date[:4].isdigit():
                expected.setdefault(int(event.date[:4]), []).append(event)
        found = events_by_year(listed)
        assert found == expected and list(found) == list(expected)
        assert all(a is b for year in found for a, b in zip(found[year], expected[year]))
        assert event_years(listed) == {2019, 2020, 2021, 2025}


def test_an_events_number_is_its_place_among_its_articles_distinct_events_found_by_value_too():
    site = fixture_site(BASE)
    slug = next(e.article for e in site.indexes.events
                if sum(x.article == e.article for x in site.indexes.events) >= 2)
    own = [e for e in site.indexes.events if e.article == slug]
    twin = own[0]._replace()                  # equal, another object
    events = tuple(sorted(site.indexes.events + (twin,), key=lambda e: (e.date, e.end, e.article, e.sentence)))
    doubled = dataclasses.replace(site, indexes=dataclasses.replace(site.indexes, events=events))
    renderer = render._Renderer(doubled)
    distinct = list(dict.fromkeys(own))
    for event in own + [twin]:
        assert renderer.event_id(event) == f"event-{distinct.index(event) + 1}"
    assert renderer.event_id(own[0]._replace()) == "event-1"     # by value: not one of the list
    stranger = own[0]._replace(sentence="이 기사에 없는 문장.")
    assert renderer.event_id(stranger) == ""
    assert len({renderer.event_id(e) for e in own}) == len(distinct) >= 2


# the template macro the events' entries were made by, kept as the reference for View.event_item
_EVENT_MACRO = """{% macro event_item(e, links, view, event_id, show_article=True) %}
{% set source = view.article(e.article) %}
<li class="event">
<p><span class="event-date">{{ e | event_date }}</span>
{% for m in e.money %}<span class="money" title="{{ m.text }}">{{ m.label ~ ' ' if m.label }}{{ m.amount_won | won }}</span> {% endfor %}</p>
<blockquote><p>{{ e.sentence }}</p></blockquote>
{% if show_article and source %}
<p class="source-link">출처: <a href="{{ links.article(e.article, event_id(e)) }}">{{ source.title }}</a></p>
{% endif %}
</li>
{% endmacro %}{% for e in events %}{{ event_item(e, links, view, event_id, show) }}{% endfor %}"""


def test_an_events_entry_is_what_the_template_macro_made():
    from civicnews.models import Event, Money
    site = fixture_site(BASE)
    slug = site.indexes.events[0].article
    article = dataclasses.replace(site.article(slug), title='제목 <b>&</b> "따옴표"')
    tricky = dataclasses.replace(site, articles=tuple(article if a.slug == slug else a for a in site.articles))
    renderer = render._Renderer(tricky)
    events = list(site.indexes.events) + [
        Event(date="2021-05", end="2022-01-02", sentence="<script>alert(1)</script> & 예산", article=slug,
              money=(Money(amount_won=4_061 * 10**8, text="4,061억 \"원\"", label="<국비>"),
                     Money(amount_won=12_000, text="1만2천원", label=""))),
        Event(date="2023", end="2023", sentence="출처 없는 문장", article="no-such-article")]
    context = renderer.context("timeline/2021.html", "x")
    for show in (True, False):
        expected = renderer.env.from_string(_EVENT_MACRO).render(events=events, show=show, **context)
        made = "".join(renderer.view.event_item(e, context["links"], renderer.event_id, show) for e in events)
        assert made == expected and "&lt;script&gt;" in made and ("&lt;b&gt;" in made) == show


def test_an_events_fingerprint_names_its_number_when_the_index_is_not_its_analyses():
    """An event is fingerprinted by its analysis and place there only while the index's events
    are the analyses' very events (its number follows from them); when they are not, its
    number is worked out and is part of it."""
    site = fixture_site(BASE)
    slug = next(e.article for e in site.indexes.events
                if sum(x.article == e.article for x in site.indexes.events) >= 2)
    own = [e for e in site.indexes.events if e.article == slug]
    consistent = render._Renderer(site)
    assert set(consistent._analysed_events()) == {id(e) for e in site.indexes.events}
    for index_events in (tuple(e for e in site.indexes.events if e is not own[0]),          # one left out
                         site.indexes.events + (own[0]._replace(sentence="덧붙인 문장."),),
                         site.indexes.events + (own[0],),                                    # one twice
                         tuple(e for e in site.indexes.events if e is not own[-1]) + (own[0],)):  # in another's place
        other = render._Renderer(dataclasses.replace(
            site, indexes=dataclasses.replace(site.indexes, events=index_events)))
        assert other._analysed_events() == {}
        for event in own:
            if any(e is event for e in index_events):
                assert other._fp_value(event)[3] == other.event_id(event) != ""
    shifted = render._Renderer(dataclasses.replace(site, indexes=dataclasses.replace(
        site.indexes, events=tuple(e for e in site.indexes.events if e is not own[0]))))
    assert shifted._fp_value(own[1]) != consistent._fp_value(own[1])
    assert consistent._fp_value(own[1]) == render._Renderer(site)._fp_value(own[1])


def test_the_date_order_of_a_tuple_of_events_is_remembered_per_tuple():
    from civicnews.models import Event, _dates_in_order, events_by_year
    ordered = tuple(Event(date=f"20{y}-01-01", end="", sentence=f"문장 {y}", article="a") for y in range(10, 20))
    shuffled = tuple(reversed(ordered))
    same_values = tuple(ordered)[::-1][::-1]           # another tuple, equal to ordered
    for _ in range(2):                                  # asked again: the same answers
        assert _dates_in_order(ordered) == [e.date for e in ordered]
        assert _dates_in_order(shuffled) is None
        assert _dates_in_order(list(shuffled)) is None
        assert _dates_in_order(ordered) == [e.date for e in ordered]
        assert sorted(events_by_year(shuffled)) == list(range(2010, 2020))
    assert _dates_in_order(ordered) is _dates_in_order(ordered)     # remembered, not made again
    assert _dates_in_order(same_values) == [e.date for e in ordered]


def test_a_year_with_articles_and_no_events_has_its_pages():
    site = fixture_site(BASE)
    year = min(site.indexes.timeline)
    events = tuple(e for e in site.indexes.events if not e.date.startswith(str(year)))
    assert len(events) < len(site.indexes.events)
    quiet = dataclasses.replace(site, indexes=dataclasses.replace(site.indexes, events=events))
    pages = {o.path: o.data for o in render.render_site(quiet)}
    assert f"timeline/{year}.html" in pages and str(year).encode() in pages["timeline/index.html"]


def test_an_index_that_names_its_events_analyses_gives_the_pages_of_one_looked_at_whole():
    """An index made by build_indexes says which analyses its events are: an article's events
    and their places are then read from its analysis, not from a walk of the whole index. The
    pages are those of the whole-index path, also when the site's analysis of an article is no
    longer the one indexed (its events are then numbered, not placed)."""
    from civicnews import indexes
    site = fixture_site(BASE)
    site = dataclasses.replace(site, indexes=indexes.build_indexes(site.articles, site.analyses, site.topics, ()))
    assert site.indexes.events_made_of() is not None and len(site.indexes.events) >= 5
    unnamed = dataclasses.replace(site, indexes=dataclasses.replace(site.indexes, sources=None))
    assert unnamed.indexes.events_made_of() is None
    named_view, whole_view = render.View(site), render.View(unnamed)
    for article in site.articles:
        assert named_view.events_of(article.slug) == whole_view.events_of(article.slug)
    named, whole = render._Renderer(site), render._Renderer(unnamed)
    for event in site.indexes.events:
        assert named._fp_value(event) == whole._fp_value(event)
        assert named._analysed_place(event) is not None
    assert {o.path: o.data for o in render.render_site(site)} == {o.path: o.data for o in render.render_site(unnamed)}
    # the site's analysis of one article with events is another object than the indexed one
    slug = next(e.article for e in site.indexes.events)
    analyses = dict(site.analyses, **{slug: dataclasses.replace(site.analyses[slug])})
    moved = dataclasses.replace(site, analyses=analyses)
    renderer = render._Renderer(moved)
    own = [e for e in site.indexes.events if e.article == slug]
    assert all(renderer._analysed_place(e) is None for e in own)
    assert all(renderer._fp_value(e)[3] == renderer.event_id(e) != "" for e in own)
    assert {o.path: o.data for o in render.render_site(moved)} == {
        o.path: o.data for o in render.render_site(dataclasses.replace(moved, indexes=unnamed.indexes))}
    # an index given other events is not taken for the one its analyses made
    fewer = dataclasses.replace(site.indexes, events=site.indexes.events[1:])
    assert fewer.events_made_of() is None


def test_events_known_to_be_in_date_order_are_cut_by_year_as_those_looked_through():
    import random

    from civicnews.models import Event, event_key, event_years, events_by_year, latest_events
    rng = random.Random(4)
    dates = ["", "2013", "2019-05", "2019-05-02", "2020", "2020-12-31", "2021-01-01", "2025-07", "미상"]
    events = tuple(sorted((Event(date=rng.choice(dates), end="", sentence=f"문장 {k}", article=f"a{k % 7}")
                           for k in range(300)), key=event_key))
    assert events_by_year(events, ordered=True) == events_by_year(list(events)) == events_by_year(events)
    assert event_years(events, ordered=True) == {2013, 2019, 2020, 2021, 2025}
    for count in (0, 1, 3, 299, 300, 400):
        assert latest_events(events, count, ordered=True) == latest_events(list(events), count)


def test_a_storylines_fingerprint_follows_what_its_page_shows():
    """A storyline is fingerprinted by its spec, articles and chapters and its events as events
    (not pickled whole): any of them changed changes it, an equal storyline does not."""
    site = fixture_site(BASE)
    line = site.indexes.storylines["garam-smart-city"]
    renderer = render._Renderer(site)
    assert line.milestones and line.money
    same = render._Renderer(site)._fp_value(dataclasses.replace(line))
    assert renderer._fp_value(line) == same
    changed = [
        dataclasses.replace(line, spec=dataclasses.replace(line.spec, introduction="다른 소개.")),
        dataclasses.replace(line, articles=line.articles[1:]),
        dataclasses.replace(line, chapters=line.chapters[1:]),
        dataclasses.replace(line, milestones=line.milestones[1:]),
        dataclasses.replace(line, milestones=(line.milestones[0]._replace(sentence="바뀐 문장."),)
                            + line.milestones[1:]),
        dataclasses.replace(line, money=line.money[:-1]),
    ]
    for other in changed:
        assert render._Renderer(site)._fp_value(other) != same


def test_a_long_lists_page_links_to_its_neighbours_the_first_and_the_last():
    """Each page of a list links to the first and last pages and to two either side of itself,
    a gap of one page filled in and a longer one marked, not to every page of the list."""
    for count in range(1, 40):
        for number in range(1, count + 1):
            window = render.page_window(number, count)
            numbers = [k for k in window if k]
            assert numbers == sorted(set(numbers)) and {1, count, number} <= set(numbers)
            assert set(range(max(1, number - 2), min(count, number + 2) + 1)) <= set(numbers)
            for before, gap, after in zip(window, window[1:], window[2:]):
                if gap == 0:
                    assert after - before > 2                # a gap stands for two pages or more
            assert all(b - a == 1 for a, b in zip(window, window[1:]) if a and b)
            assert len(window) <= 9


def test_a_middle_page_of_a_long_list_shows_a_window_of_page_links(monkeypatch):
    monkeypatch.setattr(render.config, "ARTICLES_PER_PAGE", 1)
    site = fixture_site(BASE)
    articles = list(site.articles) * 3                     # a list of nine pages or more
    count = len(articles)
    assert count >= 9
    renderer = render._Renderer(site)
    pages = {o.path: o.data.decode("utf-8") for o in renderer.paged("list.html", "topics/long.html", "긴 목록", articles,
                                                                     section="topics", crumbs=[], lead="")}
    assert len(pages) == count
    nav = pages["topics/long/5.html"].split('<nav class="page-nav"')[1].split("</nav>")[0]
    assert re.findall(r">(\d+)</a>", nav) == [str(k) for k in render.page_window(5, count) if k]
    assert '<span class="gap">…</span>' in nav and f'href="{count}.html">{count}</a>' in nav
    assert 'aria-current="page" href="5.html">5</a>' in nav and 'href="../long.html">1</a>' in nav
    assert f">{count - 1}</a>" not in nav
