"""Content is data: script, event handlers, javascript: links in any spelling, frames, styles, jinja
syntax and Markdown link tricks in every front matter field and in the body (tests/fixtures/hostile/
articles/injection.md), and in a raw page that goes through the cleaner (raw/injection_page.txt),
built into a whole site with the real analyser. Every output is parsed: HTML with html.parser,
the feed and sitemap as XML, JSON-LD and the search index files as JSON.

(tests/test_render.py checks the renderer alone on a hand-made Site; this is the built site.)
"""
from __future__ import annotations

import html
import html.parser
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from civicnews import pipeline

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
BASE = "https://example.github.io/repo/"
ARTICLE = "articles/2024-07-01-injection.html"

# The site's own scripts; nothing else may be a script element.
OWN_SCRIPTS = ("static/offline.js", "static/search.js", "search/index.js")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "xlink:href", "srcset", "background",
                  "cite", "ping", "longdesc", "manifest", "codebase", "content"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "livescript:")
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "style", "object", "embed", "applet", "base", "form", "input",
                  "textarea", "img", "svg", "math"}
# Each jinja expression was written between two letters: "A{{ 7*7 }}B". Evaluated, it would read "A49B".
JINJA_MARKERS = {"A": "B", "C": "D", "F": "G", "H": "I", "J": "K", "L": "M"}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.text: list[str] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        else:
            self.text.append(data)


def parse(data: bytes) -> Page:
    page = Page()
    page.feed(data.decode("utf-8"))
    page.close()
    return page


def squeezed(value: str) -> str:
    """How a browser reads a URL attribute: entities decoded, whitespace and controls ignored, any case."""
    value = html.unescape(value)
    return re.sub(r"[\x00-\x20\x7f]+", "", value).lower()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("hostile-content")
    content = root / "content"
    (content / "raw").mkdir(parents=True)
    (content / "articles").mkdir()
    for name in ("injection_page.txt", "good_garden.txt"):
        shutil.copyfile(HOSTILE / "raw" / name, content / "raw" / name)
    for name in ("site.yaml", "topics.yaml", "storylines.yaml"):
        shutil.copyfile(ROOT / "content" / name, content / name)
    pipeline.clean(content)
    shutil.copyfile(HOSTILE / "articles" / "injection.md", content / "articles" / "injection.md")
    out = root / "site"
    summary = pipeline.build(content, out, root / "cache", base_url=BASE)
    assert not summary.errors, summary.errors
    assert [str(p) for p in summary.warnings] == [
        f"{content.as_posix()}/articles/injection.md:27: warning: unknown front matter key 'note' "
        "(kept as extra data)"]
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def html_pages(site) -> dict[str, Page]:
    return {path: parse(data) for path, data in site.items() if path.endswith(".html")}


def test_both_hostile_articles_are_published(site):
    assert ARTICLE in site
    titles = [parse(data) for path, data in site.items() if path.startswith("articles/")]
    assert sum(any("주민 공청회 연다" in t for t in page.text) for page in titles) >= 1


def test_no_script_element_but_the_sites_own(site):
    for path, page in html_pages(site).items():
        for attrs, text in page.scripts:
            if "src" in attrs:
                assert attrs["src"].endswith(OWN_SCRIPTS) and set(attrs) <= {"src", "defer"}, (path, attrs)
                assert text == "", (path, text)
            else:
                # JSON-LD only; its text parses as JSON on its own (nothing closed the element early)
                assert attrs == {"type": "application/ld+json"}, (path, attrs)
                json.loads(text)


def test_no_event_handler_attribute_anywhere(site):
    for path, page in html_pages(site).items():
        for tag, attrs in page.elements:
            assert not [name for name, _ in attrs if name.lower().startswith("on")], (path, tag, attrs)
            assert "style" not in dict(attrs), (path, tag, attrs)


def test_no_script_url_anywhere_in_any_spelling(site):
    for path, page in html_pages(site).items():
        for tag, attrs in page.elements:
            for name, value in attrs:
                if name in URL_ATTRIBUTES and value:
                    assert not squeezed(value).startswith(BAD_SCHEMES), (path, tag, name, value)
    for path in ("feed.xml", "sitemap.xml"):
        for element in ET.fromstring(site[path]).iter():
            for name, value in element.attrib.items():
                assert not squeezed(value).startswith(BAD_SCHEMES), (path, element.tag, name, value)


def test_no_frame_style_form_or_image_from_content(site):
    # the templates use none of these, so any one of them came from an article
    for path, page in html_pages(site).items():
        tags = {tag for tag, _ in page.elements}
        allowed = {"form", "input", "svg"} | ({"base"} if path == "404.html" else set())
        assert not tags & (FORBIDDEN_TAGS - allowed), (path, tags & FORBIDDEN_TAGS)
    # the 404 page's <base> (GitHub Pages serves it at any depth) is the configured site address
    assert [dict(a) for t, a in html_pages(site)["404.html"].elements if t == "base"] == [{"href": BASE}]
    page = html_pages(site)[ARTICLE]
    article_tags = [tag for tag, _ in page.elements]
    # the article page's only form is the site's search box in the header
    assert article_tags.count("form") == 1 and article_tags.count("input") == 1
    assert "svg" not in article_tags


def test_hostile_text_is_shown_as_written(site):
    page = html_pages(site)[ARTICLE]
    text = "".join(page.text)
    for written in ("광주시 <script>alert('title')</script> A{{ 7*7 }}B </script><img src=x onerror=alert(1)>",
                    "{% include 'base.html' %} <style>body{display:none}</style>",
                    "</script><script>alert('outlet')</script>",
                    "<b onmouseover=alert(4)>홍길동</b>, {{ config }}",
                    "사진 <img src=x onerror=alert(6)> F{{ 7*7 }}G",
                    "raw/<script>alert(8)</script>.txt",
                    "JaVaScRiPt:alert(9)",
                    "J{{ 7*7 }}K 라고 쓰고 {% include 'base.html' %} 도 그대로"):
        assert written in text, written
    assert "{% for x in range(3) %}E{{ x }}{% endfor %}" in text and "E0E1E2" not in text
    # the body's Markdown links to script URLs are dropped, their words kept
    for words in ("누르기", "대문자", "공백", "둘", "셋", "넷", "다섯", "여섯", "참조", "정상 링크"):
        assert words in text, words
    assert ('<a href="https://ok.example/" rel="noopener noreferrer nofollow">정상 링크</a>'
            in site[ARTICLE].decode("utf-8"))


def test_jinja_is_never_evaluated_anywhere(site):
    for path, data in site.items():
        if path.endswith((".html", ".xml", ".js", ".txt")):
            text = html.unescape(data.decode("utf-8"))
            for left, right in JINJA_MARKERS.items():
                assert f"{left}49{right}" not in text, (path, left)
            assert "E0E1E2" not in text and "<class 'str'>" not in text and "&lt;Config" not in text, path
    for path, page in html_pages(site).items():
        # {% include 'base.html' %} did not pull in a second page
        assert [tag for tag, _ in page.elements].count("html") == 1, path
        assert [tag for tag, _ in page.elements].count("body") == 1, path


def test_raw_page_through_the_cleaner_is_inert_too(site):
    [path] = [p for p, d in site.items() if p.startswith("articles/") and "주민 공청회 연다</h1>".encode() in d]
    text = "".join(parse(site[path]).text)
    assert "<script>alert('raw')</script> 광주시 L{{ 7*7 }}M 주민 공청회 연다" in text
    assert "{% include 'base.html' %} 같은 글자도 그대로" in text


def test_json_ld_keeps_hostile_text_as_data(site):
    [(attrs, text)] = [s for s in parse(site[ARTICLE]).scripts if "src" not in s[0]]
    ld = json.loads(text)
    assert ld["headline"] == "광주시 <script>alert('title')</script> A{{ 7*7 }}B </script><img src=x onerror=alert(1)>"
    assert ld["publisher"]["name"] == "</script><script>alert('outlet')</script>"
    assert [a["name"] for a in ld["author"]] == ["<b onmouseover=alert(4)>홍길동</b>", "{{ config }}"]
    assert "isBasedOn" not in ld                         # the javascript: source URL is not a web URL
    assert "<" not in text and ">" not in text           # escaped as \\u003c: no text can close the element


def test_feed_and_sitemap_are_well_formed_and_carry_the_text(site):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(site["feed.xml"])
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert "광주시 <script>alert('title')</script> A{{ 7*7 }}B </script><img src=x onerror=alert(1)>" in titles
    for entry in feed.findall("a:entry", ns):
        for link in entry.findall("a:link", ns):
            assert link.get("href").startswith(BASE), link.attrib
    sitemap = ET.fromstring(site["sitemap.xml"])
    locations = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locations and all(loc.startswith(BASE) and "<" not in loc for loc in locations)
    assert BASE + ARTICLE in locations


SCRIPT_CALL = re.compile(r"\ACivicSearch\.(init|add|doc)\((.*)\);\n\Z", re.S)


def test_search_index_files_are_one_call_with_json_arguments(site):
    files = [p for p in site if p.startswith("search/") and p.endswith(".js")]
    assert "search/index.js" in files and len(files) > 2
    found_title = False
    for path in files:
        text = site[path].decode("utf-8")
        match = SCRIPT_CALL.match(text)
        assert match, path
        args = json.loads(f"[{match[2]}]")                 # the arguments are JSON: no string was left early
        found_title |= "광주시 <script>alert('title')</script> A{{ 7*7 }}B" in json.dumps(args, ensure_ascii=False)
        # nothing a browser would read as the end of a string or a line inside a literal
        assert "\u2028" not in match[2] and "\u2029" not in match[2], path
    assert found_title
