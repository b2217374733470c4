"""Properties (hypothesis) of the cleaner and the renderer over arbitrary Unicode: Hangul, Hanja, emoji,
control characters, bidi marks (U+202E, U+2066), combining jamo (U+1100-U+11FF), odd spaces.

Cleaner: never crashes, and every non-blank raw line ends up in an article or in the report's dropped
blocks (compared without whitespace, after the cleaner's documented normalization: NFC, plain spaces,
no zero-width or control characters). A file it refuses is reported with a reason instead.
Renderer: never crashes, and every body paragraph, the title and each subtitle are on the article
page as written (after HTML unescaping and whitespace normalization).
"""
from __future__ import annotations

import html
import html.parser
import re
import unicodedata

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from civicnews import render
from civicnews.articles import plain_text
from civicnews.clean import clean_bytes, decode
from civicnews.models import Article, Indexes, Photo, Site, SiteConfig, Source

PROPERTY = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
JAMO = st.characters(min_codepoint=0x1100, max_codepoint=0x11FF)             # combining (conjoining) jamo
HANJA = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
EMOJI = st.sampled_from(["😀", "👍🏽", "🇰🇷", "👨‍👩‍👧", "❤️", "🏛"])
BIDI = st.sampled_from(["\u202e", "\u202d", "\u202a", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069",
                        "\u200e", "\u200f", "\u061c"])
CONTROL = st.sampled_from([chr(c) for c in (*range(1, 9), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f, 0x85)])
SPACES = st.sampled_from([" ", " ", " ", "\u00a0", "\u3000", "\u200b", "\ufeff", "\t"])
ASCII = st.characters(min_codepoint=0x21, max_codepoint=0x7e)
ANY = st.characters(blacklist_categories=("Cs", "Co", "Cn"), blacklist_characters="\x00\n\r\u2028\u2029")

# Mostly Hangul, as the archive is; every other kind often enough to matter. Control characters are
# rare in text (the decoder takes a file with many of them for binary): few in sentences, more in lines.
TEXT_CHARACTER_ANY = st.one_of(*[HANGUL] * 10, *[SPACES] * 3, JAMO, HANJA, EMOJI, BIDI, ASCII, ANY)
CHARACTER = st.one_of(HANGUL, HANGUL, HANGUL, HANGUL, SPACES, SPACES, JAMO, HANJA, EMOJI, BIDI, CONTROL, ASCII, ANY)
LINE = st.lists(CHARACTER, min_size=1, max_size=60).map("".join)


def squeezed(text: str) -> str:
    """Text without any whitespace, for comparing what survives (spacing may be restored or rejoined)."""
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- the cleaner

def _kept_text(result) -> str:
    """Everything the cleaner kept: article fields and dropped blocks, as one whitespace-free string."""
    parts = []
    for a in result.articles:
        parts += [a.title, *a.subtitles, plain_text(a.body), a.outlet, a.section, a.desk, *a.reporters, *a.emails,
                  *a.date_evidence, a.source.url]
        parts += [text for p in a.photos for text in (p.caption, p.credit)]
    parts += [d.text for d in result.report.dropped]
    return squeezed("\n".join(parts))


# A news page around arbitrary lines (title, date, sentences, byline), so most examples become articles
# (the web layout, or the print layout with Kiwi's spacing when the spaces are gone); and bare lines.
SENTENCE = st.tuples(st.lists(TEXT_CHARACTER_ANY, min_size=15, max_size=80).map("".join),
                     st.sampled_from(["다.", "했다고 밝혔다.", "!", "…", "?\"", ""])).map("".join)
NEWS_PAGE = st.tuples(LINE, st.lists(SENTENCE, min_size=2, max_size=10),
                      st.sampled_from(["김민수 기자 minsu@example.co.kr", "/박진표기자 lucky@kwangju.co.kr",
                                       "[광주=뉴시스] 송창헌 기자 =", ""])).map(
    lambda p: [p[0], "입력 2024.03.05 10:00", *p[1], p[2]])
UNSPACED = st.lists(st.one_of(*[HANGUL] * 12, HANJA, EMOJI, JAMO, BIDI, ASCII), min_size=10, max_size=40).map("".join)
UNSPACED_PAGE = st.tuples(UNSPACED, st.lists(UNSPACED, min_size=3, max_size=8)).map(
    lambda p: [p[0], "", "광주시는시민안전보험의보장항목을늘리", "", *(line for text in p[1] for line in (text, "")),
               "고보험금도올린다고 5일밝혔다.", "", "/김다온기자 daon@kwangju.co.kr"])
ENDINGS = st.sampled_from(["\n", "\r\n", "\n\n"])


FIXED = {"입력 2024.03.05 10:00", "김민수 기자 minsu@example.co.kr", "/박진표기자 lucky@kwangju.co.kr",
         "[광주=뉴시스] 송창헌 기자 =", "/김다온기자 daon@kwangju.co.kr"}


def assert_nothing_lost(lines: list[str], newline: str, bom: bool):
    """Clean the page; each arbitrary line must be kept. The page's fixed date and byline lines become
    metadata (a date, reporters, e-mails) rather than text, so only the arbitrary lines are compared."""
    data = ("\ufeff" if bom else "") + newline.join(lines) + newline
    result = clean_bytes(data.encode("utf-8"), "raw/page.txt")
    if result.report.skipped:
        # refused as a whole (too many control characters: not text): reported, and nothing half-made
        assert result.report.skipped.startswith(("binary file", "empty file")), result.report.skipped
        assert result.articles == ()
        return result
    kept = _kept_text(result)
    for line in decode.normalize(data).split("\n"):
        if line.strip() and line not in FIXED:
            assert squeezed(line) in kept, (line, result)
    return result


@settings(PROPERTY, max_examples=25)
@given(UNSPACED_PAGE, ENDINGS, st.booleans())
def test_cleaner_keeps_every_line_of_a_print_page_with_lost_spacing(lines, newline, bom):
    assert_nothing_lost(lines, newline, bom)


@settings(PROPERTY, max_examples=40)
@given(st.lists(LINE, min_size=1, max_size=12), ENDINGS, st.booleans())
def test_cleaner_never_crashes_and_never_loses_a_line_of_anything(lines, newline, bom):
    assert_nothing_lost(lines, newline, bom)


@PROPERTY
@given(st.lists(LINE, min_size=1, max_size=8))
def test_cleaner_reports_a_nul_laced_file_instead_of_cleaning_it(lines):
    text = "\n".join(lines)
    cut = len(text) // 2
    result = clean_bytes((text[:cut] + "\x00" + text[cut:]).encode("utf-8"), "raw/nul.txt")
    assert result.report.skipped == "binary file (NUL bytes or control characters), not text"
    assert result.articles == () and result.report.file == "raw/nul.txt"


# ---------------------------------------------------------------- the renderer

# Paragraphs of text, not Markdown: no character that Markdown or HTML would read as syntax.
MARKUP = set("\\`*_{}[]()<>#+-.!|&~=:;\"'")
TEXT_CHARACTER = CHARACTER.filter(lambda ch: ch not in MARKUP)    # controls included: a curator's file may hold them
TEXT = st.lists(TEXT_CHARACTER, min_size=1, max_size=80).map("".join).filter(lambda t: t.strip())

_RENDERER = render._Renderer(Site(config=SiteConfig(), articles=(), analyses={}, topics=(), indexes=Indexes()))


def readable(text: str) -> str:
    """What a reader can see of a text: NFC, no control characters, no whitespace."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc")
    return squeezed(text)


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: dict[str, list[str]] = {"h1": [], "deck": [], "body": [], "photos": []}
        self._stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        where = "h1" if tag == "h1" else "deck" if "deck" in classes else "body" if "body" in classes else \
            "photos" if "photos" in classes else ""
        self._stack.append(where or (self._stack[-1] if self._stack else ""))

    def handle_endtag(self, tag):
        if self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if self._stack and self._stack[-1]:
            self.parts[self._stack[-1]].append(data)


def page_text(data: bytes) -> dict[str, str]:
    parser = _Text()
    # void elements never close: drop them so the stack stays balanced
    parser.feed(re.sub(r"<(br|hr|meta|link|input|img)\b[^>]*>", " ", data.decode("utf-8")))
    return {k: readable("".join(v)) for k, v in parser.parts.items()}


@PROPERTY
@given(TEXT, st.lists(TEXT, max_size=2), st.lists(TEXT, min_size=1, max_size=6), TEXT, TEXT)
def test_renderer_never_crashes_and_never_loses_text(title, subtitles, paragraphs, caption, reporter):
    article = Article(slug="2024-01-01-prop", title=title.strip(), subtitles=tuple(s.strip() for s in subtitles),
                      body="\n\n".join(p.strip() for p in paragraphs) + "\n", date="2024-01-01",
                      reporters=(reporter.strip(),), photos=(Photo(caption.strip(), "광주시"),),
                      source=Source("raw/x.txt"))
    shown = page_text(_RENDERER.article(article).data)
    assert readable(title) in shown["h1"]
    for subtitle in subtitles:
        assert readable(subtitle) in shown["deck"]
    for paragraph in paragraphs:
        assert readable(paragraph) in shown["body"], (paragraph, shown["body"])
    assert readable(caption) in shown["photos"]
