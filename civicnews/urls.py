"""Every URL of the site, computed in one place.

A page knows its output path ("topics/ai.html"); the targets it links to are output paths too,
and `relative()` turns a target into a link from that page. Links are always relative and always
name a file ("topics/index.html", never "topics/" or "/topics/"), so one build works at a domain
root, under a project path such as /repo/, and opened from disk. Absolute URLs (canonical link,
feed, sitemap, Open Graph) exist only when the site has a base_url.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Mapping
from urllib.parse import quote

from .slugs import unique_slugs

ENTITY_FOLDERS = {"person": "people", "organization": "organizations", "place": "places"}

HOME = "index.html"
ABOUT = "about.html"
SEARCH = "search.html"
NOT_FOUND = "404.html"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
TOPICS = "topics/index.html"
KEYWORDS = "keywords/index.html"
STORYLINES = "storylines/index.html"
TIMELINE = "timeline/index.html"
STATIC = "static"


def entity_index(kind: str) -> str:
    return f"{ENTITY_FOLDERS[kind]}/index.html"


def article(slug: str) -> str:
    return f"articles/{slug}.html"


def topic(slug: str) -> str:
    return f"topics/{slug}.html"


def storyline(slug: str) -> str:
    return f"storylines/{slug}.html"


def year(value: int) -> str:
    return f"timeline/{value}.html"


def month(value: int, number: int) -> str:
    """The page of one month of the timeline (number 0: the month is not known)."""
    return f"timeline/{value}/{number:02d}.html"


def storyline_year(slug: str, value: int) -> str:
    """All the articles of one year (chapter) of a storyline."""
    return f"storylines/{slug}/{value}.html"


def month_anchor(month: int) -> str:
    return f"m{month:02d}"


def entity(kind: str, slug: str) -> str:
    return f"{ENTITY_FOLDERS[kind]}/{slug}.html"


def paged(path: str, number: int) -> str:
    """Page `number` of a long list: the first is `path` itself, then topics/ai.html ->
    topics/ai/2.html, topics/ai/3.html ..."""
    return path if number <= 1 else f"{path.removesuffix('.html')}/{number}.html"


def static(name: str) -> str:
    return f"{STATIC}/{name}"


def keyword_slugs(keywords: Iterable[str]) -> dict[str, str]:
    """keyword -> ASCII slug, unique over the whole set (a hash suffix where two romanize alike)."""
    return unique_slugs(list(keywords))


def keyword(slug: str) -> str:
    return f"keywords/{slug}.html"


_PLAIN = re.compile(r"[A-Za-z0-9/._~-]*")


def relative(from_page: str, target: str) -> str:
    """The link from the page at `from_page` to the file `target` (both site-root paths).

    A fragment ("#m05") is kept; the path part is percent-encoded, so any slug stays a valid URL.
    Both are clean paths inside the site (no "..", no leading "/"), so no file system is asked.
    """
    return _relative(from_page.rpartition("/")[0], target)


@lru_cache(maxsize=1 << 16)
def _relative(folder: str, target: str) -> str:
    """relative() from any page in `folder` ("" at the root): the pages of a folder link to
    the same files (the menu, the style sheet, an article listed on many of them), so each
    link is worked out once."""
    path, hash_, fragment = target.partition("#")
    if path.startswith("/") or path.endswith("/") or not path:
        raise ValueError(f"link target must be a file path relative to the site root, not {target!r}")
    here = folder.split("/") if folder else []
    there = path.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    link = "../" * (len(here) - common) + "/".join(there[common:])
    if not _PLAIN.fullmatch(link):
        link = quote(link, safe="/-._~")
    return link + (hash_ + fragment if hash_ else "")


def absolute(base_url: str, target: str) -> str:
    """The published URL of `target`, or "" when the site has no base_url.

    The home page is the base URL itself (what readers and search engines see).
    """
    if not base_url:
        return ""
    if target == HOME:
        return base_url
    return base_url + quote(target, safe="/-._~#")


class Links:
    """The links one page makes: every method returns a link relative to that page."""

    def __init__(self, page: str, keyword_slug: Mapping[str, str], entity_keys: Iterable[str] = ()):
        self.page = page
        self._keyword_slug = keyword_slug
        self._entities = frozenset(entity_keys)

    def to(self, target: str) -> str:
        return relative(self.page, target)

    def home(self) -> str:
        return self.to(HOME)

    def article(self, slug: str, fragment: str = "") -> str:
        return self.to(article(slug) + (f"#{fragment}" if fragment else ""))

    def topic(self, slug: str) -> str:
        return self.to(topic(slug))

    def storyline(self, slug: str) -> str:
        return self.to(storyline(slug))

    def year(self, value: int, month: int = 0) -> str:
        return self.to(year(value) + (f"#{month_anchor(month)}" if month else ""))

    def keyword(self, word: str) -> str:
        """Link to a keyword's page, or "" when the keyword has no page."""
        slug = self._keyword_slug.get(word)
        return self.to(keyword(slug)) if slug else ""

    def entity(self, kind: str, slug: str) -> str:
        """Link to a person's, organisation's or place's page, or "" when it has none."""
        if f"{kind}/{slug}" not in self._entities or kind not in ENTITY_FOLDERS:
            return ""
        return self.to(entity(kind, slug))

    def entity_index(self, kind: str) -> str:
        return self.to(entity_index(kind))

    def static(self, name: str) -> str:
        return self.to(static(name))
