"""Dates: printed date lines (and their traps), hints from URLs, and inference from the text.

Printed dates become ISO 8601 with +09:00 and a precision (minute, day, month, year). Traps —
the site header's "today", a site-wide UPDATE stamp, a print-out time — are recognised so that
they are dropped, never taken for the article's date. Where nothing is printed, `infer` reads
the text (years mentioned, 가정의 달, deadlines) and says what it found, never more precise than
its evidence.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

from ..config import TIMEZONE
from . import outlets

KST = _dt.timezone(_dt.timedelta(hours=9))

_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:[.\-/]|년)\s*(?P<m>\d{1,2})\s*(?:[.\-/]|월)\s*(?P<d>\d{1,2})(?!\d)\s*일?\.?"
    r"(?:\s*[(\[]?(?P<wd>[월화수목금토일](?:요일)?)[)\]]?)?"
    r"(?:\s*[\[(]?\s*(?:(?P<ampm>오전|오후|AM|PM|am|pm)\s*)?(?P<H>\d{1,2})\s*[:시]\s*(?P<M>\d{2})"
    r"(?:\s*(?::|분\s*)(?P<S>\d{2})\s*초?|\s*분)?\s*[\])]?)?")
# Two-digit years, only with a time: '21.11.19 14:03' (an online paper's byline box), '작성일 24-03-05 14:22'
# (a board's post)
_SHORT_DATE = re.compile(r"(?<![\d.\-])(?P<y>[0-3]\d)(?P<sep>[.\-])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)\s+"
                         r"(?P<H>[0-2]?\d):(?P<M>[0-5]\d)(?::(?P<S>\d{2}))?(?![\d.\-])")
_MONTH_ONLY = re.compile(r"^(?P<y>(?:19|20)\d{2})\s*[.\-/년]\s*(?P<m>\d{1,2})\s*월?$")
_PUBLISHED = r"입력|등록|기사등록|기사입력|최초\s*입력|입력일|등록일|승인|작성|작성일|게재|게재일|발행|발행일|송고|보도|Posted|Published|Date|date|기사\s*작성"
_UPDATED = r"수정|최종\s*수정|수정일|업데이트|Updated|updated|Modified|최종\s*업데이트"
_TRAP = r"UPDATE\.|프린트\s*시간|출력\s*시간|인쇄\s*시간|인쇄일|Print|PRINT|현재\s*시각|오늘은|Today|TODAY"
_LABEL = re.compile(rf"(?P<trap>{_TRAP})|(?P<upd>{_UPDATED})|(?P<pub>{_PUBLISHED})")
_JUNK = re.compile(r"[•·|/:\-\[\]()\s:：,]+|가가$|가 가$|기사\s*$|\bKST\b")
_BOARD_FIELD = re.compile(r"^\s*(?:작성자|글쓴이|작성\s*부서|담당\s*부서|부서명?|담당자|연락처|조회수?|조회\s*수|추천수?)\s*[:：]?\s*"
                          r"[^\s:：|][^:：|]{0,15}$")
_ISSUE_MONTH = re.compile(r"(?P<y>(?:19|20)\d{2})\s*년\s*(?P<m>\d{1,2})\s*월\s*호")
_SCRAPER = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}(?:-\d{2})?)\b\s*(?P<rest>.*)$")


@dataclass(frozen=True)
class DateInfo:
    date: str                          # ISO 8601
    precision: str = "day"             # minute | day | month | year
    inferred: bool = False
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class DateLine:
    """What a line that is (mostly) a date says."""
    kind: str                          # published | updated | trap | plain
    info: DateInfo
    rest: str = ""                     # text left on the line (a byline, a section name)
    masthead: bool = False             # a day with its weekday and no time: a page's own date
                                       # ('2024년 3월 5일 화요일'): the issue's date in print, 'today' on the web


def iso(y: int, m: int = 0, d: int = 0, hh: int | None = None, mm: int = 0, ss: int = 0) -> str:
    if not m:
        return f"{y:04d}"
    if not d:
        return f"{y:04d}-{m:02d}"
    if hh is None:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}{TIMEZONE}"


def _valid(y: int, m: int, d: int) -> bool:
    try:
        _dt.date(y, m, d)
        return True
    except ValueError:
        return False


def _info(match: re.Match) -> DateInfo | None:
    y, m, d = int(match["y"]), int(match["m"]), int(match["d"])
    if not _valid(y, m, d):
        return None
    if match["H"] is None:
        return DateInfo(iso(y, m, d), "day")
    hh, mm, ss = int(match["H"]), int(match["M"]), int(match["S"] or 0)
    if match["ampm"] in ("오후", "PM", "pm") and hh < 12:
        hh += 12
    if hh > 23 or mm > 59 or ss > 59:
        return DateInfo(iso(y, m, d), "day")
    return DateInfo(iso(y, m, d, hh, mm, ss), "minute")


class _Century:
    """A two-digit-year match read as 20YY, with the same groups as a _DATE match."""
    def __init__(self, match: re.Match):
        self._match = match
        self._groups = dict(match.groupdict(), y=str(2000 + int(match["y"])), wd=None, ampm=None)

    def __getitem__(self, key: str):
        return self._groups.get(key)

    def start(self) -> int:
        return self._match.start()

    def end(self) -> int:
        return self._match.end()

    def group(self, index: int = 0) -> str:
        return self._match.group(index)


def scraper_prefix(text: str) -> tuple[DateInfo | None, str]:
    """' date 2025-11-23 본문 바로가기' -> (DateInfo(2025-11-23), '본문 바로가기')."""
    match = _SCRAPER.match(text)
    if not match:
        return None, text
    parts = [int(p) for p in match["date"].split("-")]
    if len(parts) == 2:
        return DateInfo(iso(parts[0], parts[1]), "month"), match["rest"].strip()
    if not _valid(*parts):
        return None, text
    return DateInfo(iso(*parts), "day"), match["rest"].strip()


def parse_line(text: str) -> list[DateLine]:
    """The dates a short line prints, with their kind; [] if the line is not a date line."""
    if len(text) > 90:
        return []
    if "|" in text:
        # a board's row of fields ('작성자 : 홍보기획관 | 등록일 : 2024-10-21 | 조회수 : 88'): the poster and
        # the count beside the stamp leave it a date line
        cells = text.split("|")
        kept = [cell for cell in cells if not _BOARD_FIELD.match(cell)]
        if kept and len(kept) < len(cells):
            text = " | ".join(cell.strip() for cell in kept)
    issue = _ISSUE_MONTH.search(text)
    if issue and 1 <= int(issue["m"]) <= 12 and not _DATE.search(text):
        # a monthly's issue ('2024년 6월호 (통권 제312호)'): the month its items are dated by
        rest = _JUNK.sub(" ", text[:issue.start()] + " " + text[issue.end():]).strip()
        if len(rest) <= 20 and not re.search(r"[다요]\.", rest):
            return [DateLine("published", DateInfo(iso(int(issue["y"]), int(issue["m"])), "month"), rest)]
    matches = list(_DATE.finditer(text)) if re.search(r"\d{4}", text) else []
    if not matches:
        matches = [m for m in _SHORT_DATE.finditer(text)]
        if not matches:
            return []
        matches = [_Century(m) for m in matches]
    found: list[DateLine] = []
    leftover = text
    for match in matches:
        info = _info(match)
        if info is None:
            return []
        before = text[:match.start()]
        labels = list(_LABEL.finditer(before[-24:]))
        label = labels[-1] if labels else None
        # '2022-09-14 14:33 송고 | 2022-09-14 15:10 최종수정': a label right after the date names it
        following = _LABEL.match(re.sub(r"^[\s(\[]+", "", text[match.end():]))
        if following is not None and not re.match(r"^\s*[:：]", text[match.end() + following.end() + 1:] or ""):
            after_text = re.sub(r"^[\s(\[]+", "", text[match.end():])
            rest_after = after_text[following.end():]
            if not re.match(r"\s*[:：]?\s*(?:19|20)\d{2}", rest_after):
                label = following
        if label is None:
            kind = "plain"
            if match["wd"] and match["wd"].endswith("요일") and match["H"] is None:
                kind = "trap"      # the site header's "today": 2021년 10월 03일(일요일)
        elif label["trap"]:
            kind = "trap"
        elif label["upd"]:
            kind = "updated"
        else:
            kind = "published"
        found.append(DateLine(kind, info, masthead=bool(match["wd"]) and match["H"] is None))
        leftover = leftover.replace(match.group(0), " ", 1)
    leftover = _LABEL.sub(" ", leftover)
    leftover = _JUNK.sub(" ", leftover).strip()
    leftover = re.sub(r"\s*(?:가가|가\s가)\s*$", "", leftover).strip()
    if re.search(r"[다요]\.", leftover):
        return []
    if _folio(leftover) and all(d.masthead for d in found):
        # a print page's running head ('6 사회 2024년 3월 5일 화요일 전남일보'): the issue's date
        return [DateLine("published", d.info, leftover) for d in found]
    if len(leftover) > 14 and not re.search(r"기자|특파원", leftover):
        return []          # a caption or a sentence that mentions a date, not a date line
    return [DateLine(d.kind, d.info, leftover, d.masthead) for d in found]


def running_head(text: str) -> bool:
    """A print page's running head: the issue's date with the page's number and the paper's name
    ('경남일보 2024년 3월 5일 화요일 5면')."""
    return any(d.kind == "published" and _folio(d.rest) for d in parse_line(text))


def _folio(rest: str) -> bool:
    """What a print page's running head prints beside its date: the page's number and the paper's
    name, perhaps its section ('6 사회 전남일보', '전남일보 6면'); a site header's 'today' has no page."""
    words = rest.split()
    return 2 <= len(words) <= 4 and any(re.fullmatch(r"[A-Z]?\d{1,2}면?", w) for w in words) \
        and any(re.search(r"[가-힣A-Za-z]{2}", w) and outlets.looks_like_outlet(w) for w in words)


def from_url(url: str) -> DateInfo | None:
    """A date a URL carries: aid=<unix time> (regional CMSs), /2022/05/08/, or 20220508 in a path."""
    if not url:
        return None
    parsed = urlparse(url)
    query = parse_qs(parsed.query)
    for key in ("aid", "idxno_time", "ts"):
        for value in query.get(key, ()):
            digits = re.match(r"\d{10}", value)
            if digits:
                stamp = int(digits.group(0))
                when = _dt.datetime.fromtimestamp(stamp, KST)
                if 1990 <= when.year <= 2100:
                    return DateInfo(iso(when.year, when.month, when.day, when.hour, when.minute, when.second),
                                    "minute", True, (f"{key}={digits.group(0)} in the URL (Unix time)",))
    match = re.search(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$)", parsed.path)
    if not match:
        match = re.search(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)", parsed.path + "?" + parsed.query)
    if match:
        y, m, d = (int(g) for g in match.groups())
        if _valid(y, m, d):
            return DateInfo(iso(y, m, d), "day", True, (f"{match.group(0).strip('/')} in the URL",))
    return None


def from_hint(value: object) -> DateInfo | None:
    """A date from sources.yaml: '2022-05-09', '2022-05', '2022-05-09 10:30' or a datetime."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    match = _DATE.search(text)
    if match:
        return _info(match)
    match = _MONTH_ONLY.match(text)
    if match and 1 <= int(match["m"]) <= 12:
        return DateInfo(iso(int(match["y"]), int(match["m"])), "month")
    if re.fullmatch(r"(?:19|20)\d{2}", text):
        return DateInfo(text, "year")
    return None


# ---------------------------------------------------------------- inference

_YEAR = re.compile(r"(?<!\d)((?:19[5-9]|20[0-9])\d)\s*년")
_FUTURE_AFTER = re.compile(r"^\s*(?:까지|목표|완공|준공|예정|개통|개관|완료|이후|에는|말까지|상반기까지|하반기까지|대)")
_SEASONS = [
    (re.compile(r"가정의\s*달"), 5), (re.compile(r"어린이\s*날"), 5), (re.compile(r"어버이\s*날"), 5),
    (re.compile(r"스승의\s*날"), 5), (re.compile(r"현충일"), 6), (re.compile(r"광복절"), 8),
    (re.compile(r"한글날"), 10), (re.compile(r"성탄절|크리스마스"), 12), (re.compile(r"새해\s*첫|신년사"), 1),
]
_DEADLINE = re.compile(r"(?<!\d)(\d{1,2})\s*월\s*(\d{1,2})\s*일\s*(?:오[전후]\s*\d{1,2}\s*시\s*)?까지(?:\s*\S{1,8})?")
_RELEASE_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*일\s*(?:밝혔다|발표했다|전했다|말했다|알렸다|설명했다)")
_THIS_YEAR = re.compile(r"올해")


def infer(text: str) -> DateInfo | None:
    """The article's date guessed from its text, with the evidence; None if nothing to go on."""
    evidence: list[str] = []
    years: list[tuple[int, str]] = []
    deadlines_y: list[int] = []
    for match in _YEAR.finditer(text):
        year = int(match.group(1))
        after = text[match.end():match.end() + 40]
        # quote whole words after the year, never a word cut in half
        quote = (match.group(0) + re.match(r"(?:\s*[^\s.,]+(?=[\s.,]|$)){0,2}", after).group(0)).strip()
        if _FUTURE_AFTER.match(after):
            if after.lstrip().startswith("까지"):
                deadlines_y.append(year)
            continue
        years.append((year, quote))
    if deadlines_y:
        limit = min(deadlines_y)
        years = [(y, q) for y, q in years if y <= limit] or years
    if not years:
        return None
    year, quote = max(years)
    evidence.append(quote)
    month = 0
    for pattern, value in _SEASONS:
        found = pattern.search(text)
        if found:
            month = value
            evidence.append(found.group(0))
            break
    if month:
        for match in _DEADLINE.finditer(text):
            deadline = int(match.group(1))
            if month <= deadline <= month + 1:
                evidence.append(match.group(0).strip())
                break
        release = _RELEASE_DAY.search(text)
        if release:
            evidence.append(release.group(0))
        return DateInfo(iso(year, month), "month", True, tuple(evidence))
    return DateInfo(iso(year), "year", True, tuple(evidence))


def resolve_day(day: int, article_date: str, past: bool = True) -> str:
    """'지난 21일' / '8일 밝혔다' -> YYYY-MM-DD against the article's own date ('' if unknown).

    A day after the article's day is last month's when the text speaks of the past."""
    match = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", article_date)
    if not match or not 1 <= day <= 31:
        return ""
    y, m = int(match.group(1)), int(match.group(2))
    today = int(match.group(3) or 0)
    if today and past and day > today:
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    elif today and not past and day < today:
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return iso(y, m, day) if _valid(y, m, day) else ""


_RELATIVE = re.compile(r"(?:지난|오는)?\s*(?<!\d)(\d{1,2})일(?=\s|[,.]|$)")


def resolve_relative(text: str, article_date: str) -> list[tuple[str, str]]:
    """Every bare day in a text ('지난 21일', '오는 3일') with the date it means."""
    found = []
    for match in _RELATIVE.finditer(text):
        phrase = match.group(0).strip()
        date = resolve_day(int(match.group(1)), article_date, past=not phrase.startswith("오는"))
        if date:
            found.append((phrase, date))
    return found
