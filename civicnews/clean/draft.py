"""The record the layout readers (web.py, printpage.py) hand to the orchestrator: one news item
as found in a raw file, before dates are settled and the slug is made."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Dropped, Photo
from .dates import DateInfo

# A sentence ends in a predicate (다, 요, 니다, 죠, ...) with a full stop, maybe inside quotes.
SENTENCE_END = re.compile(r"(?:[다요죠까음함됨임니]|습니다|니다)\s*[.!?]\s*[\"”’'」』)\]]*\s*$|[.!?][\"”’'」』)\]]*$")


@dataclass(frozen=True)
class Draft:
    title: str
    paragraphs: tuple[str, ...] = ()
    subtitles: tuple[str, ...] = ()
    photos: tuple[Photo, ...] = ()
    reporters: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    desk: str = ""
    outlet: str = ""
    section: str = ""
    published: DateInfo | None = None
    updated: DateInfo | None = None
    kind: str = "article"
    first_line: int = 0
    used: frozenset[int] = field(default_factory=frozenset)   # raw line numbers that went into it


@dataclass(frozen=True)
class Assembled:
    """What a layout reader made of one stretch of lines."""
    drafts: tuple[Draft, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    outlet_hints: tuple[str, ...] = ()     # outlet names seen on the page (copyright, site name)


def ends_sentence(text: str) -> bool:
    return bool(SENTENCE_END.search(text))


def squash(text: str) -> str:
    """Text without white space, for comparing titles and lines."""
    return re.sub(r"\s+", "", text)


def bigrams(text: str) -> set[str]:
    text = squash(text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def overlap(a: str, b: str) -> float:
    """Share of a's character bigrams found in b (0..1)."""
    grams = bigrams(a)
    if not grams:
        return 0.0
    return len(grams & bigrams(b)) / len(grams)


def unique(items) -> tuple:
    seen = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return tuple(seen)
