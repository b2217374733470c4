"""`python build.py check`: content schema, duplicate slugs, skipped raw files, and the built site's internal links.

Every problem is collected and printed with its file (and line), then the exit code says whether
there was an error. A link is good when it is relative, names a file (not a folder), stays inside
the site, exists, and its #fragment is an id on the target page: then it works at a domain root,
under a project path such as /repo/, and from file:// alike. Pages must not load anything from
another host (scripts, styles, images, fonts).
"""
from __future__ import annotations

import html.parser
import posixpath
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from . import articles, config, report
from .models import ContentError, Problem

LINK_ATTRIBUTES = {"href", "src", "action", "poster", "data"}
LOADS = {"script", "img", "iframe", "audio", "video", "source", "embed", "object", "track", "input"}
META_URL_PROPERTIES = {"og:url", "og:image"}          # absolute by design
REPO = "http://127.0.0.1/repo/"


class _Page(html.parser.HTMLParser):
    """The links and ids of one HTML page, each link with its line."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[int, str, str, str]] = []      # (line, tag, attribute, value)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        line = self.getpos()[0]
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(values[name])
        if tag == "link" and (values.get("rel") or "").lower() in ("canonical", "alternate") and \
                "://" in (values.get("href") or ""):
            return
        for name, value in attrs:
            if name in LINK_ATTRIBUTES and value is not None:
                self.links.append((line, tag, name, value))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    page.close()
    return page


def link_problems(out_dir: Path, base_url: str = "") -> list[Problem]:
    """Every broken or non-portable link in the built site at out_dir."""
    out_dir = Path(out_dir)
    pages = sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*.html"))
    parsed: dict[str, _Page] = {}

    def page_of(rel: str) -> _Page:
        if rel not in parsed:
            parsed[rel] = _parse(out_dir / rel)
        return parsed[rel]

    problems: list[Problem] = []
    for rel in pages:
        shown = (out_dir / rel).as_posix()
        for line, tag, attribute, value in page_of(rel).links:
            message = _check_link(out_dir, rel, tag, attribute, value.strip(), base_url, page_of)
            if message:
                problems.append(Problem(shown, line, f"<{tag} {attribute}=\"{value[:120]}\">: {message}"))
    return problems


def _check_link(out_dir: Path, page: str, tag: str, attribute: str, value: str, base_url: str, page_of) -> str:
    parts = urlsplit(value)
    loads = tag in LOADS or (tag == "link" and attribute == "href")
    if parts.scheme in ("http", "https") or value.startswith("//"):
        if loads and not (base_url and value.startswith(base_url)):
            return "loads a file from another host: the page must not make requests outside the site"
        return ""
    if parts.scheme in ("mailto", "tel", "data"):
        return ""
    if parts.scheme:
        return f"scheme {parts.scheme!r} is not allowed in a link"
    if value.startswith("/"):
        return "starts with '/': it breaks under a project path (/repo/) and from file://; make it relative"
    if not parts.path:
        target = page                                    # "#fragment" or "?query" on the same page
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
        if target == ".." or target.startswith("../"):
            return "leaves the site folder"
        served = urljoin(REPO + page, value)
        if not served.startswith(REPO):
            return "leaves the site when it is published under /repo/"
        if parts.path.endswith("/") or (out_dir / target).is_dir():
            return "points at a folder: link to its index.html (a folder opens as a file listing from disk)"
        if not (out_dir / target).is_file():
            return f"{target} does not exist"
    fragment = unquote(parts.fragment)
    if fragment and target.endswith(".html") and not fragment.startswith(":~:"):
        if fragment not in page_of(target).ids:
            return f"no id {fragment!r} on {target}"
    return ""


def content_problems(content_dir: Path) -> list[Problem]:
    """Front matter schema problems, duplicate slugs, and raw files the last clean skipped."""
    problems: list[Problem] = []
    found, loaded = articles.load_articles(content_dir)
    problems += loaded
    problems += report.skipped_problems(content_dir, report.read_report(content_dir))
    for loader in (config.load_site_config, config.load_topics, config.load_storylines):
        try:
            loader(content_dir)
        except ContentError as error:
            problems.append(error.problem)
    try:
        topics = config.load_topics(content_dir)
    except ContentError:
        topics = ()
    seen: set[str] = set()
    for topic in topics:
        if topic.slug in seen:
            problems.append(Problem((content_dir / config.TOPICS_FILE).as_posix(), 0,
                                    f"topic slug {topic.slug!r} is used twice: give each topic its own slug"))
        seen.add(topic.slug)
    return problems


def run_check(content_dir: Path, out_dir: Path, cache_dir: Path, base_url: str | None = None) -> int:
    """Print every problem; return 1 when any is an error, else 0."""
    problems = content_problems(Path(content_dir))
    out_dir = Path(out_dir)
    if (out_dir / "index.html").is_file():
        try:
            site_base = base_url if base_url is not None else config.load_site_config(Path(content_dir)).base_url
        except ContentError:
            site_base = base_url or ""
        problems += link_problems(out_dir, site_base)
        pages = sum(1 for _ in out_dir.rglob("*.html"))
        checked = f"{pages} pages in {out_dir}"
    else:
        problems.append(Problem(out_dir.as_posix(), 0, "no built site here: run `python build.py build` first, "
                                                       "then check again"))
        checked = "no built site"
    for problem in problems:
        print(problem, file=sys.stderr if problem.severity == "error" else sys.stdout)
    errors = sum(1 for p in problems if p.severity == "error")
    print(f"check: {errors} errors, {len(problems) - errors} warnings ({checked})")
    return 1 if errors else 0
