"""The records that pass between the stages.

clean:    bytes in content/raw/ -> CleanResult (Article drafts + CleanReport)
articles: content/articles/*.md  -> Article (validated front matter + Markdown body)
analysis: Article -> ArticleAnalysis (keywords, entities, events, money, summary)
indexes:  articles + analyses + Taxonomy -> Indexes (topics, people, timeline, storylines, ...)
render:   Site -> list[Output]; output.write_site() is the only writer of site/.

Every record is frozen; collections are tuples so records hash and compare by value.
"""
from __future__ import annotations

import bisect
import heapq
import operator
from dataclasses import dataclass, field
from itertools import islice
from typing import Mapping, NamedTuple, Sequence


# ---------------------------------------------------------------- articles

@dataclass(frozen=True)
class Photo:
    caption: str
    credit: str = ""


@dataclass(frozen=True)
class Source:
    file: str            # "raw/NAME" relative to the content folder
    url: str = ""


@dataclass(frozen=True)
class Article:
    """One news item: the facts from the source (front matter) and its Markdown body."""
    slug: str
    title: str
    body: str                                  # Markdown, paragraphs separated by blank lines
    date: str = ""                             # ISO 8601 as precise as known: 2022-05, 2019-10-13T17:28:27+09:00
    date_precision: str = "day"                # minute | day | month | year
    date_inferred: bool = False
    date_evidence: tuple[str, ...] = ()
    subtitles: tuple[str, ...] = ()
    outlet: str = ""
    section: str = ""
    desk: str = ""
    reporters: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    photos: tuple[Photo, ...] = ()
    kind: str = "article"                      # article | photo
    source: Source = Source("")
    topics: tuple[str, ...] = ()               # pinned by a curator; empty = computed
    keywords: tuple[str, ...] = ()             # pinned by a curator; empty = computed
    updated: str = ""
    extra: Mapping[str, object] = field(default_factory=dict)   # unknown keys, kept
    path: str = ""                             # file path relative to the content folder

    @property
    def year(self) -> int:
        return int(self.date[:4]) if self.date[:4].isdigit() else 0

    @property
    def month(self) -> int:
        return int(self.date[5:7]) if len(self.date) >= 7 and self.date[5:7].isdigit() else 0

    @property
    def day(self) -> str:
        """YYYY-MM-DD, or as much of it as is known."""
        return self.date[:10]

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.date, self.slug)


# ---------------------------------------------------------------- cleaning

@dataclass(frozen=True)
class Dropped:
    """A block of a raw file that did not become article text, and why."""
    line: int            # 1-based first line in the raw file
    text: str
    reason: str          # short, stable words: "navigation", "advertisement", "teaser", ...


@dataclass(frozen=True)
class FileReport:
    file: str                                  # raw/NAME
    articles: tuple[str, ...] = ()             # slugs made from it
    dropped: tuple[Dropped, ...] = ()
    skipped: str = ""                          # non-empty: the whole file was skipped, and why
    encoding: str = ""


@dataclass(frozen=True)
class CleanResult:
    articles: tuple[Article, ...]
    reports: tuple[FileReport, ...]


# ---------------------------------------------------------------- problems

@dataclass(frozen=True)
class Problem:
    """An error or warning about one input file, with the fix."""
    path: str
    line: int
    message: str
    severity: str = "error"                    # error | warning

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


class ContentError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


# ---------------------------------------------------------------- analysis

# Money, Event and Mention are named tuples, not dataclasses: a 10,000-article build state holds
# 130,000 of them, and a named tuple is unpickled without an instance dict to fill (the archive's
# analyses alone: 0.26 s -> 0.12 s). They compare and hash by their fields, as before.

class Money(NamedTuple):
    amount_won: int
    text: str                                  # as written: "국비 62억원"
    label: str = ""                            # 국비 | 민자 | 총사업비 | 시비 | ""


class Event(NamedTuple):
    """A dated statement in an article, linked back to its sentence."""
    date: str                                  # 2020, 2020-05, 2020-05-08 (start of a range)
    end: str                                   # "" or the end of a range
    sentence: str
    article: str                               # article slug
    money: tuple[Money, ...] = ()
    dated_by: str = "text"                     # text: a date written in the sentence | article: the article's date


def event_key(event: Event) -> tuple:
    """The index's order of events: date, end, article, sentence."""
    return (event.date, event.end, event.article, event.sentence)


_DATES: list[tuple[tuple, list[str] | None]] = []     # the last tuples looked at, and their answers
_DATE = operator.attrgetter("date")


def _dates_in_order(events: Sequence[Event]) -> list[str] | None:
    """The events' dates when they are in date order (the index's are), else None. A tuple's
    answer is kept for the next call (a build asks about the index's tens of thousands of
    events, and the last build's, several times); the list returned must not be changed."""
    if type(events) is tuple:
        for seen, dates in _DATES:
            if seen is events:
                return dates
    dates = [event.date for event in events]
    found = dates if all(map(operator.le, dates, islice(dates, 1, None))) else None
    if type(events) is tuple:                   # immutable, of immutable events: the answer stays
        _DATES.insert(0, (events, found))
        del _DATES[2:]
    return found


def events_by_year(events: Sequence[Event], ordered: bool = False) -> dict[int, list[Event]]:
    """year -> its events, in their order. Events in date order (the index's: tens of thousands)
    are cut where each year's dates end, found by bisection; others are walked one by one.
    ordered: the events are known to be in date order (an index's events_made_of(): see
    Indexes), and are not looked through to see."""
    dates = None if ordered else _dates_in_order(events)
    texts: dict[str, list[Event]] = {}
    if ordered or dates is not None:
        line, key = (events, _DATE) if ordered else (dates, None)
        start = 0
        while start < len(line):
            first = events[start].date
            year = first[:4]
            end = bisect.bisect_left(line, year + "\uffff", start, key=key) if len(year) == 4 \
                else bisect.bisect_right(line, first, start, key=key)
            texts.setdefault(year, []).extend(events[start:end])
            start = end
    else:
        for event in events:
            texts.setdefault(event.date[:4], []).append(event)
    found: dict[int, list[Event]] = {}
    for year, listed in texts.items():
        if year.isdigit():
            found.setdefault(int(year), []).extend(listed)
    return found


def latest_events(events: Sequence[Event], count: int, ordered: bool = False) -> list[Event]:
    """heapq.nlargest(count, events, key=(date, article)). When the events are in date order
    (ordered: known to be), only those from the count-th last date on can be among them."""
    def key(event: Event) -> tuple[str, str]:
        return (event.date, event.article)
    start = 0
    if 0 < count < len(events):
        if ordered:
            start = bisect.bisect_left(events, events[-count].date, key=_DATE)
        else:
            dates = _dates_in_order(events)
            start = 0 if dates is None else bisect.bisect_left(dates, dates[-count])
    return heapq.nlargest(count, events[start:], key=key)


def event_years(events: Sequence[Event], ordered: bool = False) -> set[int]:
    """The years the events are dated in."""
    return set(events_by_year(events, ordered))


class Mention(NamedTuple):
    """A person, organisation or place named in an article."""
    kind: str                                  # person | organization | place
    name: str
    slug: str                                  # ASCII, stable
    role: str = ""                             # 광주광역시장, 인코어드 대표이사, ...


@dataclass(frozen=True)
class ArticleAnalysis:
    slug: str
    summary: str = ""                          # the lead, cut at a sentence boundary
    keywords: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()               # topic slugs, pinned or assigned
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    money: tuple[Money, ...] = ()
    lemmas: tuple[str, ...] = ()               # content lemmas, for related articles
    title_terms: tuple[str, ...] = ()          # search morphemes of title + subtitles, in order
    body_terms: tuple[str, ...] = ()           # search morphemes of the body, in order
    fingerprint: tuple[int, ...] = ()          # MinHash of the body's morpheme 3-grams (same-story groups)
    # a hash of the article and of what pages show of this analysis (analysis.analyse_articles
    # makes it from what it already hashed; "" for an analysis made by hand: the renderer hashes)
    digest: str = ""


# ---------------------------------------------------------------- taxonomy and indexes

@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    description: str = ""
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class StorylineSpec:
    slug: str
    title: str
    introduction: str = ""
    topics: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    start: str = ""                            # YYYY or YYYY-MM
    end: str = ""


@dataclass(frozen=True)
class Chapter:
    year: int
    articles: tuple[str, ...]                  # slugs


@dataclass(frozen=True)
class Storyline:
    spec: StorylineSpec
    articles: tuple[str, ...]
    chapters: tuple[Chapter, ...] = ()
    milestones: tuple[Event, ...] = ()
    money: tuple[Event, ...] = ()              # events that carry money, in date order


@dataclass(frozen=True)
class EntityIndex:
    kind: str                                  # person | organization | place
    slug: str
    name: str
    articles: tuple[str, ...]
    roles: tuple[tuple[str, str], ...] = ()    # (date, role) over time


@dataclass(frozen=True)
class StoryGroup:
    """Near-duplicate articles (the same press release in several outlets)."""
    id: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class Indexes:
    topics: Mapping[str, tuple[str, ...]] = field(default_factory=dict)       # topic slug -> article slugs
    keywords: Mapping[str, tuple[str, ...]] = field(default_factory=dict)     # keyword -> article slugs
    entities: Mapping[str, EntityIndex] = field(default_factory=dict)         # "person/slug" -> index
    timeline: Mapping[int, Mapping[int, tuple[str, ...]]] = field(default_factory=dict)  # year -> month -> slugs
    events: tuple[Event, ...] = ()
    storylines: Mapping[str, Storyline] = field(default_factory=dict)
    related: Mapping[str, tuple[str, ...]] = field(default_factory=dict)      # slug -> related slugs
    groups: Mapping[str, StoryGroup] = field(default_factory=dict)            # slug -> its group
    # (events, slug -> analysis) when the events are exactly those analyses' events, each once
    # (as indexes.build_indexes makes them); None when not known. The events tuple is there so
    # that an index given other events (dataclasses.replace) is not taken for one.
    sources: tuple | None = field(default=None, compare=False, repr=False)

    def events_made_of(self) -> Mapping[str, "ArticleAnalysis"] | None:
        """slug -> the analysis whose events are that article's events here, or None."""
        return self.sources[1] if self.sources is not None and self.sources[0] is self.events else None


@dataclass(frozen=True)
class Changes:
    """What changed since the last build, for a rebuild that redoes only what it reaches:
    slug -> (the last build's, this build's) of each article whose record, or whose analysis,
    is not the very one of the last build (None where there is none), and the last indexes."""
    articles: Mapping[str, tuple]
    analyses: Mapping[str, tuple]
    indexes: "Indexes"
    terms: Mapping[str, tuple[str, str]] = field(default_factory=dict)   # the last build's search terms of those



# ---------------------------------------------------------------- site and output

@dataclass(frozen=True)
class SiteConfig:
    title: str = "시민 뉴스 아카이브"
    description: str = ""
    base_url: str = ""                          # absolute, ends with "/"; "" = no absolute URLs
    language: str = "ko"
    author: str = ""


@dataclass(frozen=True)
class Site:
    """Everything the renderer needs, gathered before one page is written."""
    config: SiteConfig
    articles: tuple[Article, ...]               # newest first
    analyses: Mapping[str, ArticleAnalysis]
    topics: tuple[Topic, ...]
    indexes: Indexes
    reports: tuple[FileReport, ...] = ()
    problems: tuple[Problem, ...] = ()
    # slug -> the search terms of its title block and of its body, space-separated (for the
    # search index), when the analyses carry none
    terms: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # what changed since the last build (a rebuild's renderer runs only what it reaches)
    changes: "Changes | None" = None

    def article(self, slug: str) -> Article:
        return self._by_slug[slug]

    @property
    def _by_slug(self) -> Mapping[str, Article]:
        cached = self.__dict__.get("_slug_map")
        if cached is None:
            cached = {a.slug: a for a in self.articles}
            object.__setattr__(self, "_slug_map", cached)
        return cached


class Output:
    """One file of the site: its path (relative to the site root, "/"-separated) and bytes.

    A file kept unchanged from the last build (kept) is made with load, a call that reads its
    bytes, instead of data, and with what that build recorded of it: known (the sha256 digest
    and length of its bytes) and marked (whether they hold the archive-size placeholder). Its
    bytes are read only if something needs them: the offline manifest, the zip (which copies
    the last build's entry) and the writer (which leaves the file alone) need not."""

    __slots__ = ("path", "_data", "_load", "kept", "known", "marked", "writer", "_size", "content_digest", "packed")

    def __init__(self, path: str, data: bytes | None = None, *, load=None, kept: bool = False,
                 known: tuple[bytes, int] | None = None, marked: bool | None = None,
                 writer=None, size: int | None = None, content_digest: str | None = None):
        if (data is None) == (load is None):
            raise ValueError(f"{path}: an output needs its bytes or a way to read them, not both")
        self.path, self._data, self._load = path, data, load
        self.kept, self.known, self.marked = kept, known, marked
        # a large file made of pieces (the zip): writer(path) writes it without holding its
        # bytes, of this size, and content_digest stands for them (same digest, same bytes)
        self.writer, self._size, self.content_digest = writer, size, content_digest
        # its entry of the downloadable zip, when made where the page was (a render worker):
        # (sha256, crc32 and deflated bytes of what the zip holds, and their length)
        self.packed = None          # its zip entry (output.packed), or a Future of it (output.pack_soon)

    @classmethod
    def kept_file(cls, path: str, load, known: tuple[bytes, int] | None, marked: bool) -> "Output":
        """Output(path, load=load, kept=True, known=known, marked=marked), made at less cost (a
        rebuild keeps tens of thousands)."""
        self = object.__new__(cls)
        self.path, self._data, self._load, self.kept, self.known, self.marked = path, None, load, True, known, marked
        self.writer = self._size = self.content_digest = self.packed = None
        return self

    @property
    def size(self) -> int:
        return self._size if self._size is not None else len(self.data)

    @property
    def data(self) -> bytes:
        if self._data is None:
            self._data, self._load = self._load(), None
        return self._data

    @property
    def loaded(self) -> bool:
        return self._data is not None

    def __eq__(self, other) -> bool:
        if not isinstance(other, Output):
            return NotImplemented
        return self.path == other.path and self.data == other.data

    def __hash__(self) -> int:
        return hash((self.path, self.data))

    def __repr__(self) -> str:
        return f"Output({self.path!r}, {f'{len(self._data)} bytes' if self.loaded else 'not read'})"

    def __reduce__(self):                       # to another process: with its bytes (and zip entry)
        return (_revived, (self.path, self.data, self.known if not self.kept else None,
                           self.packed if isinstance(self.packed, tuple) else None))


def _revived(path: str, data: bytes, known, packed) -> Output:
    output = Output(path, data, known=known)
    output.packed = packed
    return output
