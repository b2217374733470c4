"""Saved HTML pages: the main text is extracted with trafilatura (it finds an article's body in
a page full of menus better than rules of ours would), then cleaned by the same Korean rules as
a text copy. Title, date, URL and site name from the page's metadata are kept as hints."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Extracted:
    text: str = ""
    title: str = ""
    date: str = ""
    url: str = ""
    sitename: str = ""
    byline: str = ""          # "김나래 기자 narae@…" rebuilt from the author metadata
    captions: tuple[str, ...] = ()   # the article's figure captions (trafilatura leaves figures out)
    decks: tuple[str, ...] = ()      # the headline's decks, marked as such (trafilatura leaves them out)


def extract(html: str) -> Extracted:
    import trafilatura     # imported here: text copies never pay for loading it
    document = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                           include_images=False, favor_precision=True, with_metadata=True)
    if document is None:
        return Extracted()
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = in_page_order(str(data.get("text") or ""), html)
    title = headline(html, str(data.get("title") or "").strip())
    board = board_view(html)
    if board and not any(re.search(r"[다요]\.[\"”’')]*$", line.strip()) for line in text.split("\n")):
        # a public body's board lays its post out as a table, which trafilatura leaves out
        title, text = board[0], "\n".join(board[1:])
    return Extracted(
        text=text,
        title=title,
        # trafilatura keeps the day only: the page's own stamp gives the minute
        date=published_time(html) or str(data.get("date") or ""),
        url=str(data.get("url") or ""),
        sitename=str(data.get("sitename") or "") or title_site(html),
        byline=_byline(str(data.get("author") or ""), html),
        captions=figure_captions(html),
        decks=decks(html),
    )


def _visible_text(html: str) -> str:
    import html as entities
    body = re.sub(r"<(script|style|noscript)\b[^>]*>.*?</\1\s*>", " ", html, flags=re.S | re.I)
    return re.sub(r"\s+", "", entities.unescape(re.sub(r"<[^>]+>", " ", body)))


def in_page_order(text: str, html: str) -> str:
    """The extracted lines in the order the page shows them: trafilatura may put a page's deck, its
    breadcrumb or a profile card after the body, where they would pass for a footer."""
    page = _visible_text(html)
    lines = text.split("\n")
    keyed: list[tuple[int, int, str]] = []
    position = -1
    for index, line in enumerate(lines):
        key = re.sub(r"\s+", "", line)[:30]
        found = page.find(key) if key else -1
        position = found if found >= 0 else position      # a line not found stays after the one above it
        keyed.append((position, index, line))
    return "\n".join(line for _, _, line in sorted(keyed))


# Class and id words of what stands beside an article: 'ranking', 'side_news', 'related-list', 'hot_photo'.
_OUTSIDE = re.compile(r"(?:^|[-_\s])(?:rank|popular|relat|side|aside|recommend|footer|banner|best|hot|most|other)", re.I)


@lru_cache(maxsize=1)        # extract() reads one page several times (captions, decks, board, headline)
def _root(html: str):
    try:
        from lxml import html as lxml_html
        return lxml_html.fromstring(html)
    except Exception:                 # lxml's parser errors on a broken page: nothing found, no failure
        return None


def _outside(element) -> bool:
    """Whether the element stands in a sidebar, a ranking, a menu or a footer, not in the article."""
    for ancestor in element.iterancestors():
        marks = " ".join((ancestor.get("class") or "", ancestor.get("id") or ""))
        if ancestor.tag in ("aside", "nav", "footer", "header") or _OUTSIDE.search(marks):
            return True
    return False


def figure_captions(html: str) -> tuple[str, ...]:
    """The captions of the article's figures (<figcaption>, or an element of class '…caption…'),
    not those of a sidebar, a ranking or a footer."""
    root = _root(html)
    if root is None:
        return ()
    found: list[str] = []
    for element in root.xpath("//figcaption | //*[contains(@class, 'caption')]"):
        text = re.sub(r"\s+", " ", element.text_content()).strip()
        if not _outside(element) and 4 <= len(text) <= 400 and text not in found:
            found.append(text)
    return tuple(found)


# Class words of a headline's deck: 'subheading', 'sub_title', 'subtitle', 'sub-tit', 'deck'.
_DECK = re.compile(r"(?:^|[-_\s])(?:sub[-_]?(?:heading|head|title|tit)|deck|article[-_]?sub)(?:$|[-_\s])", re.I)


def decks(html: str) -> tuple[str, ...]:
    """The decks a page marks as such under its headline (<h4 class="subheading">), in order; a
    sidebar's or a ranking's are not (a page's header may hold the article's own)."""
    root = _root(html)
    if root is None:
        return ()
    found: list[str] = []
    for element in root.xpath("//h2 | //h3 | //h4 | //h5 | //p | //div | //strong"):
        if not _DECK.search(element.get("class") or "") or element.xpath(".//h2 | .//h3 | .//h4 | .//p"):
            continue
        if any(ancestor.tag in ("aside", "nav", "footer") or _OUTSIDE.search(" ".join(
                (ancestor.get("class") or "", ancestor.get("id") or ""))) for ancestor in element.iterancestors()):
            continue
        for part in element.itertext():
            text = re.sub(r"\s+", " ", part).strip()
            # (a board's 'sub_tit' names its section, '보도자료': a deck is a phrase of several words)
            if 8 <= len(text) <= 120 and " " in text and text not in found:
                found.append(text)
    return tuple(found)


_BOARD_TITLE = re.compile(r"^(?:제목|글\s*제목|게시물\s*제목)$")
_BOARD_DATE = re.compile(r"^(?:작성일|등록일|게시일|작성일자|등록일자)$")


def board_view(html: str) -> list[str]:
    """A board's post laid out as a table ('제목 | …', '작성일 | 2024-02-14', the text in a cell of its
    own): [title, its date line, its paragraphs], or [] if the page has no such table."""
    root = _root(html)
    if root is None:
        return []
    for table in root.xpath("//table"):
        if _outside(table):
            continue
        title, date, body = "", "", []
        for cell in table.xpath(".//th | .//td"):
            label = re.sub(r"\s+", " ", cell.text_content()).strip()
            following = cell.getnext()
            value = re.sub(r"\s+", " ", following.text_content()).strip() if following is not None else ""
            if cell.tag == "th" and _BOARD_TITLE.match(label) and value:
                title = title or value
            elif cell.tag == "th" and _BOARD_DATE.match(label) and value:
                date = date or f"작성일 {value}"
            elif cell.tag == "td" and re.search(r"[다요]\.", label) and len(label) > 40 and not body:
                parts = [re.sub(r"\s+", " ", p.text_content()).strip() for p in cell.xpath(".//p")]
                body = [part for part in parts if part] or [label]
        if title and body:
            return [title] + ([date] if date else []) + body
    return []


def headline(html: str, title: str) -> str:
    """The page's title, unless it is a section's ('보도자료 < 의회소식' on a board's page) and a heading
    of the page is the headline: then the first heading long enough to be one."""
    root = _root(html)
    if root is None:
        return title
    headings = [re.sub(r"\s+", " ", h.text_content()).strip() for h in root.xpath("//h1 | //h2 | //h3 | //h4")
                if not _outside(h)]
    key = re.sub(r"\s+", "", title)
    for heading in headings:
        squashed = re.sub(r"\s+", "", heading)
        if squashed and (squashed in key or key in squashed) and len(squashed) * 5 >= len(key) * 3:
            return title        # the title is the headline (with the site's name after it)
    return next((h for h in headings if len(re.sub(r"\s+", "", h)) >= 12), title)


def title_site(html: str) -> str:
    """The site's name after the headline in the page's <title> ('… | 대구광역시의회'), if it is an
    outlet's or a public body's name, else ""."""
    from . import outlets
    match = re.search(r"<title[^>]*>([^<]+)</title>", html, re.I)
    if not match:
        return ""
    import html as entities
    parts = re.split(r"\s+[|\-–—]\s+|\s*::\s*", entities.unescape(match.group(1)).strip())
    site = parts[-1].strip() if len(parts) > 1 else ""
    return site if site and (outlets.looks_like_outlet(site) or outlets.looks_like_agency(site)) else ""


def _byline(author: str, html: str) -> str:
    """trafilatura keeps the author in the metadata, not the text: rebuild a byline line from it,
    with the e-mail printed next to the name in the page if there is one."""
    match = re.search(r"([가-힣]{2,4})\s*(?:기자|특파원)?", author)
    if not match:
        return ""
    name = match.group(1)
    email = re.search(re.escape(name) + r"[^<@]{0,40}?([A-Za-z0-9][\w.+-]*@[\w-]+(?:\.[\w-]+)+)", html)
    return f"{name} 기자" + (f" {email.group(1)}" if email else "")


_META_DATE = re.compile(
    r"<meta\s[^>]*(?:property|name|itemprop)\s*=\s*[\"']?(?:article:published_time|og:article:published_time|"
    r"published_time|pubdate|publishdate|datePublished|dc\.date\.issued|article\.published)[\"']?[^>]*>", re.I)
_CONTENT = re.compile(r"content\s*=\s*[\"']([^\"']+)[\"']", re.I)
_JSON_LD_DATE = re.compile(r"[\"']datePublished[\"']\s*:\s*[\"']([^\"']+)[\"']")
_BLOCK_END = re.compile(r"<(?:br|/p|/div|/li|/h\d|/tr|/td|/dd|/dt|/header|/section|/article|/time)\b[^>]*>", re.I)


def published_time(html: str) -> str:
    """The publication time the page states, as 'YYYY-MM-DD HH:MM:SS' in Korean time (or the day):
    its metadata (article:published_time, JSON-LD datePublished), else its printed '입력 …' stamp."""
    for match in _META_DATE.finditer(html):
        content = _CONTENT.search(match.group(0))
        value = _kst(content.group(1)) if content else ""
        if value:
            return value
    for match in _JSON_LD_DATE.finditer(html):
        value = _kst(match.group(1))
        if value:
            return value
    return _printed_stamp(html)


def _kst(value: str) -> str:
    import datetime as dt
    from .dates import KST
    text = value.strip().replace("Z", "+00:00")
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        return ""
    if "T" not in text and " " not in text:
        return when.strftime("%Y-%m-%d")
    if when.tzinfo is not None:
        when = when.astimezone(KST)
    return when.strftime("%Y-%m-%d %H:%M:%S")


def _printed_stamp(html: str) -> str:
    """The first '입력 2022-12-07 18:05' the page prints, menus and all (trafilatura may have left
    the article's header out of the main text)."""
    import html as entities
    from . import dates
    body = re.sub(r"<(script|style|noscript)\b[^>]*>.*?</\1\s*>", " ", html, flags=re.S | re.I)
    body = _BLOCK_END.sub("\n", body)
    text = entities.unescape(re.sub(r"<[^>]+>", " ", body))
    plain = ""
    for line in text.split("\n"):
        line = re.sub(r"\s+", " ", line).strip()
        for found in dates.parse_line(line) if line else ():
            if found.info.precision != "minute":
                continue
            stamp = found.info.date[:19].replace("T", " ")
            if found.kind == "published":
                return stamp
            if found.kind == "plain" and not plain:
                plain = stamp
    return plain
