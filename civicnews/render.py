"""Rendering: the whole Site -> a list of (path, bytes) outputs, nothing written here.

One template per page kind under templates/, one function (`_Renderer.context`) builds what every
template sees. Article text is data: Markdown goes through Python-Markdown, the HTML that comes
out is sanitized with nh3, autoescaping is on for everything else, and no article text is ever
handed to jinja2 as template source. Every list is sorted, no clock is read: same Site, same bytes.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.util
import json
import multiprocessing
import operator
import os
import re
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable

import jinja2
import markdown
import nh3
from markupsafe import Markup, escape

from . import affected, config, urls
from .models import (Article, ArticleAnalysis, Changes, EntityIndex, Event, Output, Site, Storyline, event_key,
                     events_by_year, latest_events)
from .output import ARCHIVE_SIZE_PLACEHOLDER, archive_name, packed

LATEST_ON_HOME = 20
FEED_ENTRIES = 50
ENTITY_TITLES = {"person": "인물", "organization": "기관·단체", "place": "장소"}
STATIC_SKIP = {".DS_Store"}

# What article HTML may keep: text structure only. No images (a remote src would be a request
# leaving the site), no scripts, styles, forms or frames; links only to http(s) and mailto.
SAFE_TAGS = {"p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "sub", "sup",
             "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "code", "pre", "a", "abbr", "q", "small",
             "mark", "table", "thead", "tbody", "tr", "th", "td", "caption", "span"}
SAFE_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope", "colspan", "rowspan"},
                   "td": {"colspan", "rowspan"}, "ol": {"start"}}
DROP_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "embed", "noscript", "svg", "math"}


# ---------------------------------------------------------------- article text

def _keep_url(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        # Relative links in an article point nowhere in this site; drop them with unsafe schemes.
        return value if re.match(r"(?i)^(https?://|mailto:)", value.strip()) else None
    return value


@functools.lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    """One converter, reset before each article (making one per article costs more than converting)."""
    return markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def article_html(body: str) -> Markup:
    """Markdown body -> sanitized HTML. Headings move one level down: the page's h1 is the title."""
    html = plain_prose_html(body)
    if html is None:
        html = _markdown().reset().convert(body)
    html = re.sub(r"<(/?)h([1-5])\b", lambda m: f"<{m[1]}h{int(m[2]) + 1}", html)
    clean = nh3.clean(html, tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES, clean_content_tags=DROP_WITH_CONTENT,
                      url_schemes={"http", "https", "mailto"}, attribute_filter=_keep_url,
                      link_rel="noopener noreferrer nofollow", strip_comments=True)
    return Markup(clean)


# Most bodies are plain prose: paragraphs and perhaps "## " subheadings, each a block of its
# own, with nothing else Markdown reads. Python-Markdown's HTML for those is known and made
# directly by plain_prose_html() (converting one costs about a millisecond, as much as the
# rest of its page). Whatever could mean more to Markdown goes to Python-Markdown, and a test
# compares the two on generated prose.
_NOT_PLAIN = re.compile(
    r"[\\`*_\[\]|\x00-\x09\x0b-\x1f\x7f]"     # inline markup, tables, escapes, tabs, control characters
    r"|&(?:#|[A-Za-z0-9]+;)"                   # an entity (a lone "&" is text)
    r"|<(?![가-힣])")                           # a tag, an autolink, a comment ("<사진>" is text)
# searched in "\n" + body + "\n", so that each line starts and ends with "\n" (a pattern that
# opens with a character, not ^ or $, lets re skip to where it can match)
_NOT_PLAIN_LINE = re.compile(
    r"\n(?:[>+*=|-]|\d+\.)"                    # a quote, a list, a rule, a heading's underline
    r"|\n[^\S\n]|[^\S\n]\n")                    # white space Markdown strips, indented code, a line break
_PLAIN_HEADING = re.compile(r"(#{1,6}) ([^#\s][^#\n]*)")
_PARAGRAPH_BREAK = re.compile(r"\n\n+")


def plain_prose_html(body: str) -> str | None:
    """Python-Markdown's HTML of a body of plain paragraphs and one-line "#" headings, or None
    when the body holds anything else (then only Markdown itself knows)."""
    if (not body.strip() or _NOT_PLAIN.search(body) or _NOT_PLAIN_LINE.search(f"\n{body}\n")
            or ("<" in body and "@" in body)):                                    # <a@b> is a mail link
        return None
    blocks = []
    for block in _PARAGRAPH_BREAK.split(body.strip("\n")):
        if "\n#" in block:
            return None                         # a heading inside a paragraph splits it
        text = block.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if block.startswith("#"):
            heading = _PLAIN_HEADING.fullmatch(text)
            if heading is None:
                return None
            level = len(heading[1])
            blocks.append(f"<h{level}>{heading[2]}</h{level}>")
        else:
            blocks.append(f"<p>{text}</p>")
    return "\n".join(blocks)


def web_url(value: str) -> str:
    """The URL if it is an absolute http(s) URL, else "" (no javascript:, data: or relative paths)."""
    return value if re.match(r"(?i)^https?://[^\s]+$", value.strip()) else ""


def json_ld(data: dict) -> Markup:
    """JSON for a <script> element: '<', '>' and '&' escaped so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


# ---------------------------------------------------------------- dates and money

@functools.lru_cache(maxsize=1 << 14)      # the same few dates on page after page
def korean_date(date: str, precision: str = "") -> str:
    """'2019-10-13T17:28:27+09:00' -> '2019년 10월 13일 17:28', as precise as the date is known."""
    match = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}))?)?)?", date or "")
    if not match:
        return "날짜 미상"
    y, m, d, hh, mm = match.groups()
    text = f"{int(y)}년"
    if m and precision != "year":
        text += f" {int(m)}월"
        if d and precision != "month":
            text += f" {int(d)}일"
            if hh and precision in ("minute", "second", ""):
                text += f" {hh}:{mm}"
    return text


def event_date(event: Event) -> str:
    start = korean_date(event.date)
    if event.end and event.end != event.date:
        return f"{start}–{korean_date(event.end)}"
    return start


def rfc3339(date: str) -> str:
    """A complete RFC 3339 date-time from a date as precise as known (missing parts: the start)."""
    match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?)?$",
                     date or "")
    if not match:
        return "1970-01-01T00:00:00+09:00"
    y, m, d, hh, mm, ss, tz = match.groups()
    return f"{y}-{m or '01'}-{d or '01'}T{hh or '00'}:{mm or '00'}:{ss or '00'}{tz or config.TIMEZONE}"


def won(amount: int) -> str:
    """4061 * 10**8 -> '4,061억원'; 1.2 * 10**12 -> '1조 2,000억원'."""
    jo, rest = divmod(amount, 10**12)
    eok, rest = divmod(rest, 10**8)
    if not jo and not eok:
        return f"{amount // 10**4:,}만원" if amount >= 10**4 else f"{amount:,}원"
    parts = ([f"{jo:,}조"] if jo else []) + ([f"{eok:,}억"] if eok else [])
    return " ".join(parts) + "원"


def _svg_text(text: str) -> str:
    return str(Markup.escape(text))


def bar_chart_svg(storyline: Storyline) -> Markup:
    """The money a storyline's articles mention, one bar per figure in date order (no JS, no CSS file)."""
    rows = [(e.date, m) for e in storyline.money for m in e.money if m.amount_won > 0]
    if not rows:
        return Markup("")
    width, height, top, bottom, step = max(360, 76 * len(rows) + 40), 260, 34, 214, 76
    biggest = max(m.amount_won for _, m in rows)
    title = f"{storyline.spec.title}: 기사에 나온 금액"
    desc = ", ".join(f"{korean_date(date)} {m.label or m.text} {won(m.amount_won)}" for date, m in rows)
    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="img" aria-labelledby="chart-title chart-desc">',
             f'<title id="chart-title">{_svg_text(title)}</title><desc id="chart-desc">{_svg_text(desc)}</desc>',
             f'<line x1="20" y1="{bottom}" x2="{width - 10}" y2="{bottom}" stroke="currentColor"/>']
    for i, (date, money) in enumerate(rows):
        bar = max(2, round((bottom - top) * money.amount_won / biggest))
        x = 40 + i * step
        parts.append(f'<rect x="{x}" y="{bottom - bar}" width="44" height="{bar}" fill="currentColor" '
                     f'fill-opacity="0.55"/>')
        parts.append(f'<text x="{x + 22}" y="{bottom - bar - 8}" text-anchor="middle" font-size="12" '
                     f'fill="currentColor">{_svg_text(won(money.amount_won))}</text>')
        parts.append(f'<text x="{x + 22}" y="{bottom + 18}" text-anchor="middle" font-size="12" '
                     f'fill="currentColor">{_svg_text(date[:7])}</text>')
        parts.append(f'<text x="{x + 22}" y="{bottom + 34}" text-anchor="middle" font-size="11" '
                     f'fill="currentColor">{_svg_text((money.label or "")[:6])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def money_chart(storyline: Storyline, site: Site) -> Markup:
    """The analysis stage's chart when civicnews/chart.py exists, else our bar chart."""
    if importlib.util.find_spec(f"{__package__}.chart") is not None:
        from .chart import money_chart_svg
        return Markup(money_chart_svg(storyline, site))
    return bar_chart_svg(storyline)


# ---------------------------------------------------------------- what templates look up

_slug_of = operator.attrgetter("slug")
_article_of = operator.attrgetter("article")


PAGES_AROUND = 2        # a list's page links: the first, the last, and this many either side of this page


def page_window(number: int, count: int) -> list[int]:
    """The page numbers a list's page links to, ascending, 0 where a run of pages is left out
    (a gap of one page shows that page): 1 0 4 5 [6] 7 8 0 300. A list of hundreds of pages
    would otherwise repeat hundreds of links on each of them."""
    keep = sorted({1, count} | set(range(max(1, number - PAGES_AROUND), min(count, number + PAGES_AROUND) + 1)))
    window, last = [], 0
    for k in keep:
        if k - last == 2:
            window.append(k - 1)
        elif k - last > 2:
            window.append(0)
        window.append(k)
        last = k
    return window


def events_per_article(events: Iterable[Event]) -> Counter:
    """slug -> how many of the events are its article's."""
    return Counter(map(_article_of, events))


class View:
    """Read-only look-ups over the Site for templates: articles, analyses, topics by slug."""

    def __init__(self, site: Site):
        self.site = site
        self._articles = {a.slug: a for a in site.articles}
        # each article's place in date order (sort keys are unique: date, then slug)
        self._rank = {a.slug: k for k, a in enumerate(sorted(site.articles, key=lambda a: a.sort_key))}
        self._topics = {t.slug: t for t in site.topics}
        self._reports_by_file = {r.file: r for r in site.reports}
        self._reports_by_slug = {slug: r for r in site.reports for slug in r.articles}
        self._events: dict[str, list[Event]] | None = None      # by article, made when first asked for
        self._made_of = site.indexes.events_made_of()          # the analyses the index's events are, if known
        self._cards: dict[tuple, Markup] = {}
        self._card_parts: dict[str, tuple[str, str, str]] = {}

    def article(self, slug: str) -> Article | None:
        return self._articles.get(slug)

    def count(self, slugs: Iterable[str]) -> int:
        """How many of these articles there are (what len(articles(slugs)) is, without sorting)."""
        return len(self._articles.keys() & set(slugs))

    def articles(self, slugs: Iterable[str], newest_first: bool = True) -> list[Article]:
        known = self._articles
        found = [s for s in dict.fromkeys(slugs) if s in known]
        found.sort(key=self._rank.__getitem__, reverse=newest_first)        # ranks are unique
        return [known[s] for s in found]

    def analysis(self, slug: str) -> ArticleAnalysis:
        return self.site.analyses.get(slug) or ArticleAnalysis(slug=slug)

    def summary(self, slug: str) -> str:
        return self.analysis(slug).summary

    def card(self, item: Article, links: urls.Links, heading_level: int = 3) -> Markup:
        """An article's entry in a list (partials/lists.html): the same on every page of one
        folder, so it is made once per article, folder and heading level."""
        folder = links.page.rpartition("/")[0]
        key = (item.slug, folder, heading_level)
        found = self._cards.get(key)
        if found is None:
            parts = self._card_parts.get(item.slug)
            if parts is None:                   # what every entry of the article shows alike
                parts = self._card_parts[item.slug] = _card_parts(item, self.summary(item.slug))
            found = self._cards[key] = _card(parts, links.article(item.slug), heading_level)
        return found

    def event_item(self, event: Event, links: urls.Links, event_id, show_article: bool = True) -> Markup:
        """An event's entry in a list: its date, sums, sentence and a link to it in its article
        (a month's page lists a thousand: made here, not by a template macro per event)."""
        money = "".join(f'<span class="money" title="{escape(m.text)}">{escape(m.label + " ") if m.label else ""}'
                        f'{escape(won(m.amount_won))}</span> ' for m in event.money)
        parts = [f'<li class="event">\n<p><span class="event-date">{escape(event_date(event))}</span>\n{money}</p>\n'
                 f'<blockquote><p>{escape(event.sentence)}</p></blockquote>\n']
        source = self.article(event.article)
        if show_article and source:
            parts.append(f'<p class="source-link">출처: <a href="{escape(links.article(event.article, event_id(event)))}">'
                         f'{escape(source.title)}</a></p>\n')
        parts.append("</li>\n")
        return Markup("".join(parts))

    def topic(self, slug: str):
        return self._topics.get(slug)

    def topics_of(self, article: Article) -> list:
        slugs = self.analysis(article.slug).topics or article.topics
        return [self._topics[s] for s in slugs if s in self._topics]

    def keywords_of(self, article: Article) -> tuple[str, ...]:
        return self.analysis(article.slug).keywords or article.keywords

    def report_of(self, article: Article):
        return self._reports_by_file.get(article.source.file) or self._reports_by_slug.get(article.slug)

    def events_of(self, slug: str) -> list[Event]:
        """The article's events in the index, in its order."""
        if self._made_of is not None:           # its analysis's, in the index's order (see indexes._events)
            analysis = self._made_of.get(slug)
            return sorted(analysis.events, key=event_key) if analysis is not None else []
        if self._events is None:                # a rebuild after an edit shows the events of a few
            self._events = defaultdict(list)
            for event in self.site.indexes.events:
                self._events[event.article].append(event)
        return list(self._events.get(slug, ()))


def _card_parts(item: Article, summary: str) -> tuple[str, str, str]:
    """An article's title, meta line and summary line as its entries in lists show them."""
    if item.date:
        when = f'<time datetime="{escape(item.date)}">{escape(korean_date(item.date, item.date_precision))}</time>'
    else:
        when = "날짜 미상"
    meta = when + (f" · {escape(item.outlet)}" if item.outlet else "") + (" · 포토뉴스" if item.kind == "photo" else "")
    return (str(escape(item.title)), f'<p class="meta">{meta}</p>',
            f'<p class="summary">{escape(summary)}</p>' if summary else "")


def _card(parts: tuple[str, str, str], href: str, level: int) -> Markup:
    title, meta, summary = parts
    lines = ["<li>", f'<h{level} class="item-title"><a href="{escape(href)}">{title}</a></h{level}>', meta]
    if summary:
        lines.append(summary)
    lines.append("</li>")
    return Markup("\n".join(lines))


def timeline(site: Site) -> dict[int, dict[int, tuple[str, ...]]]:
    """year -> month -> slugs: the index's, or grouped from the article dates while it is empty."""
    if site.indexes.timeline:
        return {y: dict(months) for y, months in site.indexes.timeline.items()}
    grouped: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for item in site.articles:
        if item.year:
            grouped[item.year][item.month].append(item.slug)
    return {y: {m: tuple(s) for m, s in months.items()} for y, months in grouped.items()}


def _environment(compiled: Path | None = None) -> jinja2.Environment:
    """compiled: a folder keeping each template's compiled code (checked against its source),
    so a rebuild does not compile the templates again (a quarter second for all of them)."""
    bytecode = None
    if compiled is not None:
        try:
            compiled.mkdir(parents=True, exist_ok=True)
            bytecode = jinja2.FileSystemBytecodeCache(str(compiled))
        except OSError:                         # no cache there: the templates are compiled
            bytecode = None
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(config.TEMPLATES_DIR)), bytecode_cache=bytecode,
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"], default_for_string=True),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        # one environment per build: its templates are read once, not checked on disk for every page
        auto_reload=False)
    env.filters.update(web_url=web_url, kdate=korean_date, won=won, rfc3339=rfc3339, event_date=event_date)
    return env


# ---------------------------------------------------------------- pages

class _Renderer:
    def __init__(self, site: Site, previous: dict | None = None, reuse=None, progress=None,
                 memory: dict | None = None, changes: "Changes | None" = None, compiled: Path | None = None):
        self.site = site
        # A rebuild's plan: the last build's jobs (memory) and what changed since (changes);
        # only the jobs that can show a change run, the others keep their pages (affected.py)
        self.memory = memory or {}
        self.changes = changes
        self.moved_cards: set[str] | None = None      # articles whose list entry changed (with a plan)
        self.job_paths: dict = {}
        # Page skipping: a page whose fingerprint (of exactly what it shows) is the one it had
        # in the last build is not rendered; reuse(path) gives its previous Output (or None).
        self.previous = previous or {}
        self.reuse = reuse
        self.fingerprints: dict[str, str] = {}
        self.rendered = 0
        self.reused: list[str] = []                    # pages taken from the last build
        self.progress = progress
        self.env = _environment(compiled)
        self.view = View(site)
        # the last build's keyword slugs while the keywords are the same (romanizing is not free)
        last = self.memory.get("lookups", ({},))[0]
        same = len(last) == len(site.indexes.keywords) and list(last) == list(site.indexes.keywords)
        self.keyword_slugs = dict(last) if same else urls.keyword_slugs(site.indexes.keywords)
        self.timeline = timeline(site)
        # the index's events in date order, as build_indexes makes them (they are not looked through to see)
        self.events_ordered = self.view._made_of is not None
        self.events_by_year = events_by_year(site.indexes.events, self.events_ordered)
        self.years = sorted(set(self.timeline) | set(self.events_by_year))
        self.archive = archive_name(site)
        # The offline helper's script (service worker, "save the whole archive") when it is there.
        self.has_offline = (config.TEMPLATES_DIR / urls.STATIC / "offline.js").is_file()
        # An event's id on its article page: its place among that article's events (made for
        # an article when one of its events is first shown: a rebuild shows a few)
        self._event_ids: dict[str, tuple[dict[int, str], dict[tuple, str]]] = {}
        self.entity_keys = frozenset(f"{e.kind}/{e.slug}" for e in site.indexes.entities.values())
        self.entities_by_kind: dict[str, list[EntityIndex]] = defaultdict(list)
        for entity in site.indexes.entities.values():
            if entity.kind in urls.ENTITY_FOLDERS:
                self.entities_by_kind[entity.kind].append(entity)
        for kind in self.entities_by_kind:
            self.entities_by_kind[kind].sort(key=lambda e: (e.name, e.slug))
        self._article_digests: dict[str, str] = {}
        # the last build's card digests, but for the articles that changed since
        self._card_digests: dict[str, str] = {}
        if changes is not None:
            gone = set(changes.articles) | set(changes.analyses)
            self._card_digests = {slug: d for slug, d in self.memory.get("cards", {}).items() if slug not in gone}
        self._event_fps: dict[int, tuple] = {}          # id -> (event, its value in fingerprints)
        self._analysed: dict[int, tuple[str, int]] | None = None
        self._global = None

    # ------------------------------------------------------------ fingerprints

    def global_key(self) -> str:
        """What every page may show besides its own data: configuration, taxonomy, link tables."""
        if self._global is None:
            from .buildstate import code_version, digest
            self._global = digest(code_version(), self.site.config, self.archive, self.has_offline,
                                  self.site.topics, sorted(self.entities_by_kind))
        return self._global

    def article_digest(self, slug: str) -> str:
        """A hash of what the article's own page can show of it: the article and its analysis
        without the features only the archive step reads (lemmas, search terms, fingerprint).
        Other pages show less of it (card_digest)."""
        found = self._article_digests.get(slug)
        if found is None:
            analysis, article = self.site.analyses.get(slug), self.view.article(slug)
            if analysis is not None and analysis.digest and article is not None:
                found = analysis.digest            # made by the analysis, of the same
            else:
                from .buildstate import digest
                found = digest(article, _shown(analysis))
            self._article_digests[slug] = found
        return found

    def card_digest(self, slug: str) -> str:
        """A hash of what a page shows of an article it lists or quotes: its entry in a list
        (partials/lists.html: title, date, outlet, kind, summary, link) or its title beside an
        event or in a chart. Only its own page shows more (see article()), so a change in its
        keywords or entities, which the archive's word statistics move at every edit,
        re-renders that page and the keyword and entity pages, not every list showing it."""
        found = self._card_digests.get(slug)
        if found is None:
            item = self.view.article(slug)
            found = self._card_digests[slug] = affected.card(item, self.site.analyses.get(slug) if item else None)
        return found

    def _fp_value(self, value):
        """value with every article replaced by its digest (it and its analysis: a list shows
        its summary and topics) and every event by itself, its source's digest and its id."""
        kind = type(value)
        if kind is str or kind is int or kind is bool or value is None:     # most values: as they are
            return value
        if isinstance(value, Article):
            return ("A", self.card_digest(value.slug))
        if isinstance(value, ArticleAnalysis):
            return ("N", self.article_digest(value.slug)) if self.site.analyses.get(value.slug) is value \
                else ("N", _shown(value))
        if isinstance(value, Event):            # once per event (hashing one costs more than a lookup)
            found = self._event_fps.get(id(value))
            if found is None:
                source = self.view.article(value.article)
                place = self._analysed_place(value) if source is not None else None
                if place is not None and place[0] == value.article:
                    # one of its article's analysed events, which give its number too: named
                    # by that analysis's digest and its place there, with no number to work out
                    shown, number = self.article_digest(value.article), place[1]
                else:
                    # another of its article's events: that article's digest and its number
                    # (no pickling of thousands of sentences); any other event, by itself
                    number = self.event_id(value)
                    shown = value if not number or source is None else self.article_digest(value.article)
                found = self._event_fps[id(value)] = (value, (
                    "E", shown, self.card_digest(value.article) if source is not None else "", number))
            return found[1]
        if kind is list or kind is tuple:       # (a named tuple, Money or Mention, is a value)
            return [self._fp_value(v) for v in value]
        if isinstance(value, dict):
            return [(k, self._fp_value(v)) for k, v in value.items()]
        if isinstance(value, Storyline):        # its events as events (not pickled whole: thousands)
            return ("S", (value.spec, value.articles, value.chapters),
                    [self._fp_value(e) for e in value.milestones + value.money],
                    [self.card_digest(s) for s in value.articles])
        return value

    def _analysed_place(self, event: Event) -> tuple[str, int] | None:
        """(its article, its place in that article's analysis) for an event of the index whose
        article's events there are its analysis's very events (the analysis the site has for it),
        else None. An index made by indexes.build_indexes says which analyses its events come
        from; for another, the whole index is looked at (_analysed_events)."""
        made = self.view._made_of
        if made is None:
            return self._analysed_events().get(id(event))
        analysis = made.get(event.article)
        if analysis is None or analysis is not self.site.analyses.get(event.article):
            return None
        return next(((event.article, k) for k, e in enumerate(analysis.events) if e is event), None)

    def _analysed_events(self) -> dict[int, tuple[str, int]]:
        """id(event) -> (its article, its place in that article's analysis) for every event of
        the index, when the index's events are its articles' analysed events (as the indexes
        make them): an event's number, its place among its article's events in the index, is
        then a function of that analysis. Empty when they are not (a site made another way)."""
        if self._analysed is None:
            places: dict[int, tuple[str, int]] = {}
            analyses, count = self.site.analyses, 0
            for article in self.site.articles:
                analysis = analyses.get(article.slug)
                if analysis is not None:
                    count += len(analysis.events)
                    for k, event in enumerate(analysis.events):
                        places[id(event)] = (article.slug, k)
            events = self.site.indexes.events
            ids = set(map(id, events))
            same = len(events) == len(ids) == count == len(places) and ids == places.keys()
            self._analysed = places if same else {}
        return self._analysed

    def event_id(self, event: Event) -> str:
        """event-N: the event's place among its article's distinct events, in date order."""
        known = self._event_ids.get(event.article)
        if known is None:
            # each of the article's events by itself (a page's events are these very objects:
            # found without hashing them again), and by value (an equal event shares the number:
            # equal fields and class, the key made and hashed in C)
            numbers: dict[tuple, str] = {}
            by_id = {id(e): numbers.setdefault((e.__class__, tuple(e)), f"event-{len(numbers) + 1}")
                     for e in self.view.events_of(event.article)}
            known = self._event_ids[event.article] = (by_id, numbers)
        found = known[0].get(id(event))
        if found is None and isinstance(event, Event):
            found = known[1].get((event.__class__, tuple(event)))
        return found or ""

    def fingerprint(self, template: str, path: str, title: str, extra: dict) -> str:
        from .buildstate import digest
        return digest(self.global_key(), template, path, title, self._fp_value(extra))

    def context(self, page: str, title: str, section: str = "", description: str = "", **extra) -> dict:
        """What every template sees. Links are made from `page`; nothing else knows URLs."""
        base_url = self.site.config.base_url
        links = _RecordingLinks(page, self.keyword_slugs, self.entity_keys)
        self._links = links
        return dict(
            site=self.site.config, page=page, title=title, section=section,
            description=description or self.site.config.description,
            canonical=urls.absolute(base_url, page), links=links, view=self.view, urls=urls,
            archive={"href": links.to(self.archive), "size": ARCHIVE_SIZE_PLACEHOLDER},
            entity_kinds=[k for k in urls.ENTITY_FOLDERS if self.entities_by_kind.get(k)],
            entity_titles=ENTITY_TITLES, has_offline=self.has_offline, event_id=self.event_id,
            **extra)

    def page(self, template: str, path: str, title: str, lazy: dict | None = None,
             hashed: dict | None = None, fp: str | None = None, **extra) -> Output:
        """One page; lazy: name -> (key, make) for costly values (Markdown, chart) made only
        when the page is rendered, fingerprinted by their key. hashed: what the fingerprint
        covers instead of extra, when the caller has a smaller value that determines all of it
        (a list's pages share most of their data: see paged()); fp: the fingerprint itself."""
        lazy = lazy or {}
        if fp is None:
            fp = self.fingerprint(template, path, title, dict(extra if hashed is None else hashed,
                                                              **{k: key for k, (key, _) in lazy.items()}))
        if self.progress:
            self.progress(1)
        # What a page shows is its own data plus the link-table entries it looked up (does
        # this keyword have a page, under which slug?). Those lookups are recorded when it is
        # rendered: with the same data it looks up the same entries, so it is unchanged while
        # they give the same answers. A keyword new elsewhere re-renders no other page.
        kept = self._kept_page(path, fp)
        if kept is not None:
            return kept
        extra.update({k: make() for k, (_, make) in lazy.items()})
        html = self.env.get_template(template).render(self.context(path, title, **extra))
        self.fingerprints[path] = (fp, self._links.lookups())
        self.rendered += 1
        return Output(path, html.encode("utf-8"))

    def _kept_page(self, path: str, fp: str | None = None) -> Output | None:
        """The last build's page at path, as it is (its fingerprint carried over), if it can be:
        its look-ups give the same answers and (fp given) it was made of the same."""
        known = self.previous.get(path)
        if self.reuse is None or not isinstance(known, tuple) or (fp is not None and known[0] != fp) \
                or known[1] != self._lookups(known[1]):
            return None
        kept = self.reuse(path)
        if kept is not None:
            self.fingerprints[path] = known
            self.reused.append(path)
        return kept

    def _lookups(self, recorded: tuple) -> tuple:
        """The current answers to the lookups a page made."""
        keywords, entities = recorded
        return (tuple((word, self.keyword_slugs.get(word)) for word, _ in keywords),
                tuple((key, key in self.entity_keys) for key, _ in entities))

    def render(self) -> list[Output]:
        site, view = self.site, self.view
        out: list[Output] = []
        storylines = sorted(site.indexes.storylines.values(), key=lambda s: s.spec.slug)
        topic_counts = {t.slug: view.count(site.indexes.topics.get(t.slug, ())) for t in site.topics}
        year_counts = {y: sum(len(s) for s in months.values()) for y, months in sorted(self.timeline.items())}
        # what the index pages show of a storyline: its spec and its number of articles (a
        # fingerprint of the whole storyline would hash thousands of events every build)
        told = [(line.spec, len(line.articles)) for line in storylines]
        home = dict(section="home", latest=list(site.articles[:LATEST_ON_HOME]), topic_counts=topic_counts,
                    year_counts=year_counts, recent_events=latest_events(site.indexes.events, 3, self.events_ordered))
        out.append(self.page("index.html", urls.HOME, site.config.title, hashed=dict(home, storylines=told),
                             storylines=storylines, **home))
        out.append(self.page("topic_index.html", urls.TOPICS, "주제", section="topics", topic_counts=topic_counts))
        out += self.keyword_index()
        out += self.entity_indexes()
        out.append(self.page("storyline_index.html", urls.STORYLINES, "스토리라인", section="storylines",
                             hashed={"section": "storylines", "storylines": told}, storylines=storylines))
        out.append(self.timeline_index())
        # the bulk of the site: every page of these, on every core of a large site; the
        # storylines and years first, their pages being the costliest to render (the outputs
        # are sorted by path at the end, so the order of the jobs changes nothing else)
        jobs = ([("storyline", line) for line in storylines] + [("timeline_year", y) for y in self.years]
                + [("article", a) for a in site.articles] + [("topic", t) for t in site.topics]
                + [("keyword", item) for item in sorted(self.keyword_slugs.items(), key=lambda kv: kv[1])]
                + [("entity", e) for kind in urls.ENTITY_FOLDERS for e in self.entities_by_kind.get(kind, [])])
        out += self._planned(jobs)
        out.append(self.page("about.html", urls.ABOUT, "소개와 정제 보고서", section="about",
                             reports=sorted(site.reports, key=lambda r: r.file),
                             made={s: view.article(s) for r in site.reports for s in r.articles},
                             reasons=sorted(Counter(d.reason for r in site.reports for d in r.dropped).items(),
                                            key=lambda kv: (-kv[1], kv[0]))))
        out.append(self.page("404.html", urls.NOT_FOUND, "페이지를 찾을 수 없습니다"))
        search = "search.html" if (config.TEMPLATES_DIR / "search.html").exists() else "search_fallback.html"
        out.append(self.page(search, urls.SEARCH, "검색", section="search"))
        out += self.feeds([o.path for o in out if o.path.endswith(".html")])
        out += self.static_files()
        out.append(Output(".nojekyll", b""))
        return sorted(out, key=lambda o: o.path)

    def _planned(self, jobs: list[tuple[str, object]]) -> list[Output]:
        """The pages of every job: run, or kept from the last build where the plan allows."""
        plan = self._plan()
        kept_jobs = self.memory.get("jobs", {})
        previous, reuse, job_paths = self.previous, self.reuse, self.job_paths
        run, run_keys, out = [], [], []
        # tens of thousands of jobs, most of them kept after an edit: kept at the least cost
        for kind, item in jobs:
            key = job_key(kind, item)
            paths = kept_jobs.get(key) if plan is not None and reuse is not None and key not in plan else None
            if paths is not None and all(path in previous for path in paths):
                pages = [reuse(path) for path in paths]
                if all(pages):                              # (an Output is always true)
                    job_paths[key] = paths
                    out += pages
                    continue
            run.append((kind, item))
            run_keys.append(key)
        made = self._pages(run)
        for key, pages in zip(run_keys, made):
            job_paths[key] = tuple(o.path for o in pages)
        for page in out:
            self.fingerprints[page.path] = previous[page.path]
        self.reused += [page.path for page in out]
        self.jobs_run, self.jobs_total = len(run), len(jobs)
        return [page for pages in made for page in pages] + out

    def _plan(self):
        """The jobs to run (affected.py), or None: all of them."""
        if self.changes is None or self.reuse is None or self.memory.get("global") != self.global_key():
            return None
        before = self.memory.get("lookups", ({}, frozenset()))
        words = {w for w in set(before[0]) | set(self.keyword_slugs) if before[0].get(w) != self.keyword_slugs.get(w)}
        keys = before[1] ^ self.entity_keys
        looked = set()
        if words or keys:
            page_jobs = {path: key for key, paths in self.memory.get("jobs", {}).items() for path in paths}
            for path, known in self.previous.items():
                if isinstance(known, tuple) and (any(w in words for w, _ in known[1][0])
                                                 or any(k in keys for k, _ in known[1][1])):
                    if path in page_jobs:
                        looked.add(page_jobs[path])
        jobs, self.moved_cards = affected.jobs_to_run(self.site, self.changes.indexes, self.changes.articles,
                                                      self.changes.analyses, looked)
        return jobs

    def memory_out(self) -> dict:
        """What the next build's plan needs of this one."""
        return {"global": self.global_key(), "jobs": self.job_paths,
                "lookups": (dict(self.keyword_slugs), self.entity_keys),
                # every article's (those forked workers made are made again here, once)
                "cards": {a.slug: self.card_digest(a.slug) for a in self.site.articles}}

    def article(self, item: Article) -> Output:
        site, view = self.site, self.view
        path = urls.article(item.slug)
        analysis = view.analysis(item.slug)
        group = site.indexes.groups.get(item.slug)
        mentions = sorted(analysis.mentions, key=lambda m: (list(ENTITY_TITLES).index(m.kind)
                                                              if m.kind in ENTITY_TITLES else 9, m.name, m.role))
        report = view.report_of(item)
        shown = dict(article=item, analysis=analysis,
                     related=view.articles(site.indexes.related.get(item.slug, ()), newest_first=True),
                     group=view.articles([s for s in (group.articles if group else ()) if s != item.slug]),
                     events=view.events_of(item.slug), report=report, og_type="article",
                     # the other articles cut from the same raw page (their titles are shown)
                     siblings=[a for a in (view.article(s) for s in (report.articles if report else ())
                                           if s != item.slug) if a is not None])
        # the fingerprint covers what the page is made of; the description, topics, keywords
        # and mentions are made from the article and its analysis alone (with the topics of
        # the configuration, in every fingerprint), so they are not hashed a second time
        return self.page(
            "article.html", path, item.title, section="articles",
            hashed=dict(shown, section="articles", article=("own", self.article_digest(item.slug))),
            description=analysis.summary or " ".join(item.subtitles),
            # made only when the page is rendered; what they are made of is in the fingerprint
            # already (the article, its analysis, the configuration), hence the empty keys
            lazy={"body": ("", lambda: article_html(item.body)),
                  "json_ld": ("", lambda: self.article_json_ld(item, analysis, path))},
            topics=view.topics_of(item), keywords=view.keywords_of(item), mentions=mentions, **shown)

    def article_json_ld(self, item: Article, analysis: ArticleAnalysis, path: str) -> Markup:
        """The NewsArticle JSON-LD of an article page."""
        site, view = self.site, self.view
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": item.title,
              "inLanguage": site.config.language}
        if item.date:
            ld["datePublished"] = rfc3339(item.date)
        if item.updated:
            ld["dateModified"] = rfc3339(item.updated)
        if item.reporters:
            ld["author"] = [{"@type": "Person", "name": name} for name in item.reporters]
        if item.outlet:
            ld["publisher"] = {"@type": "Organization", "name": item.outlet}
        if analysis.summary:
            ld["description"] = analysis.summary
        if analysis.keywords or item.keywords:
            ld["keywords"] = list(view.keywords_of(item))
        if site.config.base_url:
            ld["url"] = urls.absolute(site.config.base_url, path)
        if web_url(item.source.url):
            ld["isBasedOn"] = item.source.url
        return json_ld(ld)

    def topic(self, topic) -> list[Output]:
        listed = self.site.indexes.topics.get(topic.slug, ())
        return self.paged("topic.html", urls.topic(topic.slug), topic.name, self.view.articles(listed),
                          unchanged=self._same_as_before("topics", topic.slug, listed), section="topics",
                          topic=topic, description=topic.description)

    def keyword_index(self) -> list[Output]:
        site = self.site
        counted = sorted(((self.view.count(slugs), word) for word, slugs in site.indexes.keywords.items()),
                         key=lambda cw: (-cw[0], cw[1]))
        return [self.page("keyword_index.html", urls.KEYWORDS, "키워드", section="keywords", keywords=counted)]

    def keyword(self, item: tuple[str, str]) -> list[Output]:
        word, slug = item
        listed = self.site.indexes.keywords[word]
        return self.paged("keyword.html", urls.keyword(slug), word, self.view.articles(listed),
                          unchanged=self._same_as_before("keywords", word, listed), section="keywords", keyword=word)

    def entity_indexes(self) -> list[Output]:
        out = []
        for kind in urls.ENTITY_FOLDERS:
            found = self.entities_by_kind.get(kind, [])
            if not found and kind == "place":
                continue            # people and organisations always have an index page, even empty
            # what the page shows of each: name, link, count and latest role
            shown = [(e.name, e.slug, len(e.articles), sorted(e.roles)[-1][1] if e.roles else None) for e in found]
            out.append(self.page("entity_index.html", urls.entity_index(kind), ENTITY_TITLES[kind],
                                 hashed={"section": kind, "kind": kind, "entities": shown},
                                 section=kind, kind=kind, entities=found))
        return out

    def entity(self, entity: EntityIndex) -> list[Output]:
        return self.paged("entity.html", urls.entity(entity.kind, entity.slug), entity.name,
                          self.view.articles(entity.articles),
                          unchanged=self._same_as_before("entities", f"{entity.kind}/{entity.slug}", entity),
                          section=entity.kind, kind=entity.kind, entity=entity, roles=sorted(set(entity.roles)))

    def _same_as_before(self, index: str, key, value) -> bool:
        """Is this list (an entity: with its roles) what the last build had? Then only its
        pages that show an article whose entry changed can change (see paged())."""
        return self.changes is not None and getattr(self.changes.indexes, index).get(key) == value

    def paged(self, template: str, path: str, title: str, articles: list[Article], unchanged: bool = False,
              **extra) -> list[Output]:
        """A list page cut into pages of ARTICLES_PER_PAGE: path, then paged(path, 2), ...
        unchanged: the list and what its pages share are the last build's; a page without an
        article whose entry changed since is then that build's page, not looked at again."""
        per = config.ARTICLES_PER_PAGE
        count = page_count(len(articles))
        moved = self.moved_cards if unchanged and self.moved_cards is not None else None
        pages = [urls.paged(path, k) for k in range(1, count + 1)]
        # what every page of the list shows alike (an entity with all its articles, a month's
        # events, the links to every page) is hashed once, not once per page
        from .buildstate import digest
        # a page of a long list is fingerprinted by the hash of the shared part, its place in
        # the list and its articles' card digests joined: no pickling of each page's values
        shared = digest(self.global_key(), template, title, self._fp_value(extra), pages) if count > 1 else None
        out = []
        for number in range(1, count + 1):
            pager = {"number": number, "count": count, "total": len(articles), "first": (number - 1) * per + 1,
                     "last": min(number * per, len(articles)), "pages": pages, "window": page_window(number, count)}
            shown = articles[(number - 1) * per:number * per]
            if moved is not None and moved.isdisjoint(map(_slug_of, shown)):
                kept = self._kept_page(pages[number - 1])
                if kept is not None:
                    out.append(kept)
                    continue
            fp = None if shared is None else hashlib.sha256("\0".join(
                [shared, str(number), str(len(articles))] + [self.card_digest(a.slug) for a in shown]
            ).encode("ascii")).hexdigest()
            out.append(self.page(template, urls.paged(path, number), title if number == 1 else f"{title} ({number}쪽)",
                                 fp=fp, articles=shown, pager=pager, **extra))
        return out

    # ------------------------------------------------------------ both cores

    def _pages(self, jobs: list[tuple[str, object]]) -> list[list[Output]]:
        """The pages of self.<kind>(item) for every (kind, item) job: on a large site, by forked workers on
        every core (each inherits this renderer; pages, fingerprints and counts come back in
        order). In a rebuild a worker does not read the pages it finds unchanged: it names
        them, and this process takes them from the last build (a job whose page is no longer
        there is done again here)."""
        workers = min(os.cpu_count() or 1, MAX_WORKERS)
        if len(jobs) < PARALLEL_MIN or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return [_as_list(getattr(self, kind)(item)) for kind, item in jobs]
        global _forked
        _forked = (self, jobs)
        # consecutive jobs of about equal work (a topic of thousands of articles is many pages)
        weights = [self._pages_of(kind, item) for kind, item in jobs]
        target, chunks, start, load = sum(weights) / (workers * 8), [], 0, 0
        for k, weight in enumerate(weights):
            load += weight
            if load >= target:
                chunks.append((start, k + 1))
                start, load = k + 1, 0
        if start < len(jobs):
            chunks.append((start, len(jobs)))
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                results = pool.map(_render_chunk, chunks, chunksize=1)
        finally:
            _forked = None
        out = []
        for (start, _), (made, fingerprints, rendered, reused) in zip(chunks, results):
            self.fingerprints.update(fingerprints)
            self.rendered += rendered
            reused = set(reused)
            for k, pages in enumerate(made):
                pages = _as_list(pages)
                taken = [self.reuse(o.path) if o.path in reused else o for o in pages]
                if any(o is None for o in taken):               # changed on disk since: do it here
                    for o in pages:
                        self.fingerprints.pop(o.path, None)
                    kind, item = jobs[start + k]
                    taken = _as_list(getattr(self, kind)(item))
                else:
                    self.reused += [o.path for o in pages if o.path in reused]
                out.append(taken)
            if self.progress:
                self.progress(len(made))
        return out

    def _pages_of(self, kind: str, item) -> int:
        """About how much work a job is, in pages (a storyline's or a year's pages, with their
        events and charts, count three times)."""
        indexes = self.site.indexes
        if kind == "topic":
            return page_count(len(indexes.topics.get(item.slug, ())))
        if kind == "keyword":
            return page_count(len(indexes.keywords.get(item[0], ())))
        if kind == "entity":
            return page_count(len(item.articles))
        if kind == "storyline":
            return 3 * (1 + sum(page_count(len(c.articles)) for c in item.chapters))
        if kind == "timeline_year":
            return 3 * (1 + sum(page_count(len(s)) for s in self.timeline.get(item, {}).values()))
        return 1

    def salient(self, articles: list[Article], weight: Counter, most: int) -> list[Article]:
        """At most `most` of the articles, those with the most events first (weight: slug -> how
        many, see events_per_article), then the oldest, in date order."""
        chosen = sorted(articles, key=lambda a: (-weight[a.slug], a.sort_key))[:most]
        return sorted(chosen, key=lambda a: a.sort_key)

    def storyline(self, line: Storyline) -> list[Output]:
        shown = config.SHOWN_PER_SECTION
        events = line.milestones + line.money
        weight = events_per_article(events)         # once for every chapter (a storyline's thousands)
        slug = line.spec.slug
        chapters, out = [], []
        for chapter in sorted(line.chapters, key=lambda c: c.year):
            articles = self.view.articles(chapter.articles, newest_first=False)
            more = ""
            if len(articles) > shown:
                more = urls.storyline_year(slug, chapter.year)
                out += self.paged("list.html", more, f"{line.spec.title}: {chapter.year}년", articles,
                                  section="storylines", lead=line.spec.introduction,
                                  crumbs=[(urls.STORYLINES, "스토리라인"), (urls.storyline(slug), line.spec.title)])
            chapters.append((chapter.year, self.salient(articles, weight, shown), len(articles), more))
        # milestones: a few a year, those that carry money first
        by_year: dict[str, list[Event]] = defaultdict(list)
        for event in line.milestones:
            by_year[event.date[:4]].append(event)
        milestones = sorted((e for found in by_year.values()
                             for e in sorted(found, key=lambda e: (not e.money, e.date))[:config.MILESTONES_PER_YEAR]),
                            key=event_key)
        money = [(e, m) for e in line.money for m in e.money]
        if len(money) > config.MONEY_ROWS:
            largest = set(sorted(range(len(money)), key=lambda k: (-money[k][1].amount_won, k))[:config.MONEY_ROWS])
            money_shown = [row for k, row in enumerate(money) if k in largest]
        else:
            money_shown = money
        out.append(self.page("storyline.html", urls.storyline(slug), line.spec.title, section="storylines",
                             storyline=line, chapters=chapters, money=money_shown, money_total=len(money),
                             milestones=milestones, milestones_total=len(line.milestones),
                             lazy={"chart": (("chart", line), lambda: money_chart(line, self.site))},
                             description=line.spec.introduction,
                             articles=self.view.articles(line.articles, newest_first=False)))
        return out

    def timeline_index(self) -> Output:
        summary = [(y, sorted((m, len(s)) for m, s in self.timeline.get(y, {}).items()),
                    len(self.events_by_year.get(y, ()))) for y in self.years]
        return self.page("timeline_index.html", urls.TIMELINE, "타임라인", section="timeline", years=summary)

    def timeline_year(self, year: int) -> list[Output]:
        """A year's page, and the pages of its months with more than it shows."""
        shown = config.SHOWN_PER_SECTION
        years, out = self.years, []
        i = years.index(year)
        months = defaultdict(lambda: {"articles": [], "events": []})
        for month, slugs in self.timeline.get(year, {}).items():
            months[month]["articles"] = self.view.articles(slugs, newest_first=False)
        for event in sorted(self.events_by_year.get(year, ()), key=event_key):
            month = int(event.date[5:7]) if event.date[5:7].isdigit() else 0
            months[month]["events"].append(event)
        for month, items in months.items():
            articles, events = items["articles"], items["events"]
            items.update(article_total=len(articles), event_total=len(events), more="")
            if len(articles) > shown or len(events) > shown:
                items["more"] = urls.month(year, month)
                label = f"{year}년 {month}월" if month else f"{year}년 (달 미상)"
                out += self.paged("month.html", items["more"], label, articles, section="timeline",
                                  year=year, month=month, events=events)
                items["articles"] = self.salient(articles, events_per_article(events), shown)
                items["events"] = sorted(sorted(events, key=lambda e: (not e.money, e.date))[:shown], key=event_key)
        out.append(self.page(
            "timeline.html", urls.year(year), f"{year}년", section="timeline", year=year,
            months=sorted(months.items(), key=lambda kv: (kv[0] == 0, kv[0])),
            previous=years[i - 1] if i else None, next=years[i + 1] if i + 1 < len(years) else None))
        return out

    def feeds(self, html_pages: list[str]) -> list[Output]:
        """The Atom feed of the newest articles, the sitemap of every page (with a base URL:
        without one there are no absolute URLs to list) and robots.txt. The feed and the
        sitemap are the last build's while what they are made of is the same."""
        from .buildstate import digest
        site, env = self.site, self.env
        base_url = site.config.base_url
        entries = list(site.articles[:FEED_ENTRIES])

        def feed() -> str:
            ids = {a.slug: f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'civicnews:article:' + a.slug)}" for a in entries}
            updated = max((rfc3339(a.updated or a.date) for a in entries), default=rfc3339(""))
            return env.get_template("feed.xml").render(
                self.context(urls.FEED, site.config.title, entries=entries, ids=ids, updated=updated,
                             feed_id=f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'civicnews:feed:' + site.config.title)}",
                             absolute=lambda target: urls.absolute(base_url, target),
                             # the feed sits at the root; "./" keeps a relative link from reading as a
                             # scheme and tells feed tools the links are relative to the feed's folder
                             relative=lambda target: "./" + target))
        # an entry shows its article and what its analysis gives (summary, topics): its digest
        shown = [(a.slug, self.article_digest(a.slug)) for a in entries]
        out = [self._made_or_kept(urls.FEED, digest(self.global_key(), "feed.xml", shown), feed)]
        if base_url:
            pages = sorted({path for path in html_pages if path != urls.NOT_FOUND})   # where a reader can land
            lastmod = {urls.article(a.slug): a.day for a in site.articles if len(a.day) in (4, 7, 10)}
        else:
            pages, lastmod = [], {}
        out.append(self._made_or_kept(urls.SITEMAP, digest(self.global_key(), "sitemap.xml", pages, lastmod),
                                      lambda: env.get_template("sitemap.xml").render(
                                          base_url=base_url, lastmod=lastmod,
                                          locations=[(urls.absolute(base_url, p), p) for p in pages])))
        robots = "User-agent: *\nAllow: /\n"
        if base_url:
            robots += f"Sitemap: {urls.absolute(base_url, urls.SITEMAP)}\n"
        return out + [Output(urls.ROBOTS, robots.encode("utf-8"))]

    def _made_or_kept(self, path: str, fp: str, make) -> Output:
        """The last build's file at path when it was made of the same (fp), else make()'s text."""
        kept = self._kept_page(path, fp)
        if kept is not None:
            return kept
        self.fingerprints[path] = (fp, ((), ()))            # (it looks up no keyword or entity)
        return Output(path, make().encode("utf-8"))

    def static_files(self) -> list[Output]:
        root = config.TEMPLATES_DIR / urls.STATIC
        files = sorted(p for p in root.rglob("*") if p.is_file() and p.name not in STATIC_SKIP) if root.is_dir() else []
        return [Output(urls.static(p.relative_to(root).as_posix()), p.read_bytes()) for p in files]


def _shown(analysis: ArticleAnalysis | None) -> ArticleAnalysis | None:
    """The part of an analysis that pages show (see _Renderer.article_digest)."""
    if analysis is None:
        return None
    return dataclasses.replace(analysis, lemmas=(), title_terms=(), body_terms=(), fingerprint=(), digest="")


class _RecordingLinks(urls.Links):
    """Links that remember which keyword and entity entries the page looked up."""

    def __init__(self, page: str, keyword_slug, entity_keys):
        super().__init__(page, keyword_slug, ())
        self._entities = entity_keys                  # the renderer's frozenset, not a copy per page
        self._asked_keywords: dict[str, None] = {}
        self._asked_entities: dict[str, None] = {}

    def keyword(self, word: str) -> str:
        self._asked_keywords[word] = None
        return super().keyword(word)

    def entity(self, kind: str, slug: str) -> str:
        self._asked_entities[f"{kind}/{slug}"] = None
        return super().entity(kind, slug)

    def lookups(self) -> tuple:
        return (tuple((word, self._keyword_slug.get(word)) for word in self._asked_keywords),
                tuple((key, key in self._entities) for key in self._asked_entities))


def job_key(kind: str, item) -> tuple[str, object]:
    """A job's name across builds (affected.Job)."""
    if kind == "article" or kind == "topic":
        return (kind, item.slug)
    if kind == "storyline":
        return (kind, item.spec.slug)
    if kind == "keyword":
        return (kind, item[0])
    if kind == "entity":
        return (kind, f"{item.kind}/{item.slug}")
    return (kind, item)


def page_count(articles: int) -> int:
    return max(1, -(-articles // config.ARTICLES_PER_PAGE))


PARALLEL_MIN = 400               # fewer jobs (pages, lists) are rendered in this process
MAX_WORKERS = 4
_forked: tuple | None = None     # (renderer, jobs) while a pool of forked workers runs


def _render_chunk(bounds: tuple[int, int]) -> tuple:
    """In a forked worker: the jobs[start:end] of the renderer's current work. A page found
    unchanged is named (in `reused`), not read: its bytes stay with the parent."""
    renderer, jobs = _forked
    renderer.progress = None                   # the parent counts what comes back
    renderer.fingerprints, renderer.rendered, renderer.reused = {}, 0, []
    if renderer.reuse is not None:
        renderer.reuse = lambda path: Output(path, b"")
    made = [getattr(renderer, kind)(item) for kind, item in jobs[bounds[0]:bounds[1]]]
    kept = set(renderer.reused)
    for pages in made:                         # their zip entries too, here on this core
        for page in _as_list(pages):
            if page.path not in kept:
                packed(page)
    return made, renderer.fingerprints, renderer.rendered, renderer.reused


def _as_list(made) -> list[Output]:
    return made if isinstance(made, list) else [made]


def render_site(site: Site) -> list[Output]:
    """Every page, feed and static file of the site, sorted by path (inside `incremental()`,
    pages that did not change come from the last build)."""
    session = _session
    if session is None:
        return _Renderer(site).render()
    renderer = _Renderer(site, session.previous, session.reuse, session.progress, session.memory, session.changes,
                         session.compiled)
    outputs = renderer.render()
    session.fingerprints, session.rendered, session.reused = renderer.fingerprints, renderer.rendered, renderer.reused
    session.memory_out, session.jobs_run, session.jobs_total = renderer.memory_out(), renderer.jobs_run, renderer.jobs_total
    return outputs


class Incremental:
    """A rebuild's rendering: previous fingerprints in, this build's fingerprints out."""

    def __init__(self, previous: dict, reuse, progress=None, memory: dict | None = None,
                 changes: "Changes | None" = None, compiled: Path | None = None):
        self.previous, self.reuse, self.progress = previous, reuse, progress
        self.memory, self.changes, self.compiled = memory, changes, compiled
        self.memory_out: dict = {}
        self.jobs_run = self.jobs_total = 0
        self.fingerprints: dict = {}
        self.rendered = 0
        self.reused: list[str] = []

    def __enter__(self) -> "Incremental":
        global _session
        _session = self
        return self

    def __exit__(self, *exc) -> None:
        global _session
        _session = None


_session: Incremental | None = None
