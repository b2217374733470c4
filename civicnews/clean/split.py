"""One raw file, several news items: split a page's lines where one item ends and the next begins.

- separator lines (`=====`, `////`, `-----`, `*****`) between broadcast briefs;
- a roundup's second, unrelated item introduced by a `◇` heading (a `◇` heading whose text
  shares little with what came before; a `◇` intertitle inside one story shares its words).
Print pages are split by their closing bylines in printpage.py.
"""
from __future__ import annotations

import re

from ..models import Dropped
from . import boilerplate, bylines, dates, shape
from .draft import ends_sentence, overlap
from .lines import Line

_SEPARATOR = re.compile(r"^(?:={4,}|/{4,}|-{5,}|\*{4,}|#{5,}|_{5,}|━{3,}|─{3,}|□{3,}|◆{3,})$")
_ROUNDUP = re.compile(r"^◇\s*\S")


def split(lines: list[Line]) -> tuple[list[list[Line]], list[Dropped], list[int]]:
    """(news items, separator lines dropped, the roundup each item belongs to): the items of one
    roundup share one number (their page's closing byline signs them all); briefs split by
    separators each have their own."""
    segments: list[list[Line]] = [[]]
    dropped: list[Dropped] = []
    for index, line in enumerate(lines):
        if _SEPARATOR.match(line.text) or (shape.is_separator(line.text) and _headline_follows(lines, index)):
            dropped.append(Dropped(line.no, line.text, "separator"))
            if any(l.text for l in segments[-1]):
                segments.append([])
            continue
        segments[-1].append(line)
    result: list[list[Line]] = []
    groups: list[int] = []
    for number, segment in enumerate(segments):
        for piece in _split_roundup(segment):
            if any(l.text for l in piece):
                result.append(piece)
                groups.append(number)
    return result, dropped, groups


def _headline_follows(lines: list[Line], index: int) -> bool:
    """A line of marks ('· · ·', '* * *') parts two briefs when a headline comes after it (a line
    that is no sentence); between two paragraphs of one story it only sets them apart."""
    after = next((l.text for l in lines[index + 1:] if l.text), "")
    before = next((l.text for l in reversed(lines[:index]) if l.text), "")
    return bool(after) and bool(before) and not ends_sentence(after) and not shape.is_separator(after)


def _brief_box(lines: list[Line]) -> list[int]:
    """The headings of a box of briefs ('● 광양시, 구봉산 … 주말 운행', '● 광양시, 백운산 …'): two or more
    lines opened by one mark, the first before any sentence of the page (an intertitle follows
    the story's first paragraphs), each followed by its own sentences, on unrelated matters."""
    first_prose = next((i for i, l in enumerate(lines) if ends_sentence(l.text) and len(l.text) > 30), None)
    if first_prose is None:
        return []
    for mark in "●◆■○◇▣□◎":
        heads = [i for i, l in enumerate(lines) if l.text.startswith(mark) and len(l.text) <= 60
                 and len(l.text.lstrip(mark).strip()) >= 8 and not ends_sentence(l.text)
                 and not boilerplate.classify(l.text)]
        if len(heads) < 2 or heads[0] > first_prose:
            continue
        if _separate_items(lines, heads, 1):
            return heads
    # a list page's stories one after another, each a headline with its own stamp right under it
    # (and its byline): '울산 남구, … 야간 개장' / '2024-07-03 20:10' / '이다은 기자' / its sentences
    heads = [i for i in range(len(lines) - 1) if _stamped_headline(lines, i)]
    if len(heads) >= 2 and heads[0] < first_prose and _separate_items(lines, heads, 2):
        return heads
    # a newsletter's categories: '[복지]' over its item's headline, '[문화]' over the next one's
    labels = [i for i, l in enumerate(lines[:-1]) if _CATEGORY.match(l.text) and lines[i + 1].text
              and not ends_sentence(lines[i + 1].text) and len(lines[i + 1].text) <= 60]
    if len(labels) >= 2 and labels[0] < first_prose:
        if _separate_items(lines, labels, 2):
            return labels
    return []


def _stamped_headline(lines: list[Line], index: int) -> bool:
    """A headline (no sentence, no furniture) with a date stamp on the next line that is not blank."""
    text = lines[index].text
    if not 8 <= len(text) <= 80 or ends_sentence(text) or boilerplate.classify(text) or dates.parse_line(text):
        return False
    below = next((l.text for l in lines[index + 1:] if l.text), "")
    # the stamp alone, or with the story's byline ('침산주민 2024-05-01 10:20' dates a reader's comment)
    return any(d.kind in ("published", "plain") and d.info.precision == "minute"
               and (not d.rest.strip() or (bylines.parse(d.rest) or bylines.Byline()).reporters)
               for d in dates.parse_line(below))


_CATEGORY = re.compile(r"^[\[【<]\s*[가-힣·]{2,6}\s*[\]】>]$")


def _split_roundup(lines: list[Line]) -> list[list[Line]]:
    box = _brief_box(lines)
    if box:
        return [lines[a:b] for a, b in zip([0] + box, box + [len(lines)])]
    # a '◇' that marks a contact or a promotion ('◇ 카카오톡 : 'KBS제보' 검색') opens no item
    marks = [i for i, line in enumerate(lines)
             if _ROUNDUP.match(line.text) and len(line.text) <= 60 and not ends_sentence(line.text)
             and not boilerplate.classify(line.text)]
    if not marks:
        return [lines]
    pieces: list[list[Line]] = []
    start = 0
    for mark in marks:
        before = " ".join(l.text for l in lines[start:mark] if l.text)
        end = next((m for m in marks if m > mark), len(lines))
        after = " ".join(l.text for l in lines[mark + 1:end] if l.text)
        prose_before = sum(1 for l in lines[start:mark] if ends_sentence(l.text) and len(l.text) > 30)
        if prose_before >= 1 and after and _unrelated(before, after):
            pieces.append(lines[start:mark])
            start = mark
    pieces.append(lines[start:])
    return pieces


def _separate_items(lines: list[Line], starts: list[int], skip: int) -> bool:
    """Each item (its lines after the `skip` heading lines at each start) has sentences of its
    own, and no two neighbouring items are about the same matter."""
    spans = list(zip(starts, starts[1:] + [len(lines)]))
    if not all(any(ends_sentence(l.text) for l in lines[a + skip:b]) for a, b in spans):
        return False
    # the page's furniture under each item ('Copyright © ulsan MBC', '◀ 앵커 ▶') is no shared matter
    items = [" ".join(l.text for l in lines[a + skip:b] if l.text and not boilerplate.classify(l.text))
             for a, b in spans]
    return all(_unrelated(before, after) for before, after in zip(items, items[1:]))


def _unrelated(before: str, after: str) -> bool:
    # Share of the second item's longer words that also appear before it: an intertitle of the
    # same story repeats its names and terms, an unrelated item does not.
    words = {w for w in re.findall(r"[가-힣A-Za-z]{2,}", after) if len(w) >= 3}
    if not words:
        return False
    shared = sum(1 for w in words if w[:3] in before)
    return shared / len(words) < 0.25 and overlap(after[:200], before) < 0.35
