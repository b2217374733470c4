"""Print pages (OCR of a newspaper page): several articles, word spacing lost, lines wrapped to
the column width, blank lines meaningless.

How a page is read:
- closing bylines (`/박진표기자 lucky@…`, alone or glued to the last sentence) end articles;
- the column width is the median line length: a body line is wrapped at about that width,
  a heading line (title, deck) is shorter and stands before the first sentence;
- a line much wider than the column is a photo caption (it spans the photo);
- a heading block after a byline whose first line matches the previous article's lead is that
  article's headline (printed after its byline); headings left at the end of the page with no
  body are the titles of captions (photo news), matched by shared words.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Callable

from ..models import Dropped, Photo
from .. import korean
from . import boilerplate, bylines, captions, dates, outlets, spacing
from .draft import Assembled, Draft, overlap, squash
from .lines import Line

_WIDE = 1.6          # a caption line is this much wider than the column
_FULL = 0.8          # a wrapped body line fills at least this share of the column
_LONG_EXCLAMATION = 15   # characters: a headline ending in "!" is shorter (see _END)
_SUBTITLE_START = re.compile(r"^(?:\d|[-–—▲◇○■…·])|까지")
# In print a sentence ends with a full stop after a word, or ! ? after a predicate; a headline
# ending in "광주!" or "나선다" (no stop) is not a sentence.
_END = re.compile(r"(?:[가-힣0-9)\]%]\s*\.|(?:[다요까죠]|니다)\s*[!?])[\"”’'」』)\]]*$")


_URL_CUT = re.compile(r"(?:https?://|www\.)\S*\.$", re.IGNORECASE)     # 'www.광주아이키움.' / 'kr)'


def ends_sentence(text: str) -> bool:
    # a web address the column wrapped after one of its dots goes on in the next line
    return bool(_END.search(text)) and not _URL_CUT.search(text)


@dataclass
class _Segment:
    headings: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    caption: list[Line] = field(default_factory=list)
    byline: bylines.Byline | None = None
    byline_line: int = 0
    title_lines: list[Line] = field(default_factory=list)
    moved_title: bool = False


def width(text: str) -> int:
    return len(squash(text))


def assemble(lines: list[Line], lexicon: spacing.Lexicon | None = None, spaced: bool = False) -> Assembled:
    """The page's articles. spaced: the OCR kept the word spacing (only the line breaks need
    deciding); else it is restored with the archive's own compounds and names when a lexicon is
    given, and with the words the page itself prints between the spaces its OCR kept."""
    lexicon = spacing.with_words(lexicon, spacing.page_words(line.text for line in lines))
    if spaced:
        restore: Callable[[str], str] = lambda text: re.sub(r"\s+", " ", text).strip()
        rejoin = partial(spacing.rejoin_spaced, lexicon=lexicon)
    else:
        restore = partial(spacing.restore_spacing, lexicon=lexicon)
        rejoin = lambda texts: restore(spacing.rejoin_lines(texts))
    content = [line for line in lines if line.text]
    dropped: list[Dropped] = []
    outlet_hints: list[str] = []
    published = None
    kept: list[Line] = []
    for line in content:
        reason = boilerplate.classify(line.text)
        found = dates.parse_line(line.text)
        if found:
            # a print page's masthead ('6 2024년 3월 5일 화요일 사회') dates its whole issue
            if any(d.kind in ("published", "plain") or d.masthead for d in found):
                published = published or next(d.info for d in found if d.kind in ("published", "plain") or d.masthead)
                dropped.append(Dropped(line.no, line.text, "page date line"))
                # the paper's name in its running head ('경남일보 2024년 3월 5일 화요일 5면')
                outlet_hints.extend(w for d in found for w in d.rest.split() if outlets.looks_like_outlet(w))
            else:
                dropped.append(Dropped(line.no, line.text, "date trap (not the article's date)"))
        elif reason:
            dropped.append(Dropped(line.no, line.text, reason))
        elif spaced and line.text.strip() in boilerplate.SECTION_WORDS:
            dropped.append(Dropped(line.no, line.text, "print page"))    # the page's section ('지역')
        else:
            kept.append(line)
    if not kept:
        return Assembled((), tuple(dropped))
    # the column width: most lines are wrapped full, headings and paragraph ends are shorter
    widths = sorted(width(line.text) for line in kept)
    column = widths[min(len(widths) - 1, (len(widths) * 3) // 4)] if len(widths) >= 4 else statistics.median(widths)

    # ---- cut the page at closing bylines
    segments: list[_Segment] = [_Segment()]
    pending: list[Line] = []            # lines of the current segment, in order
    for line in kept:
        byline = bylines.parse(line.text)
        if byline is not None and byline.reporters and not byline.rest:
            _fill(segments[-1], pending, column)
            segments[-1].byline, segments[-1].byline_line = byline, line.no
            segments.append(_Segment())
            pending = []
            continue
        text, byline = bylines.split_trailing(line.text)
        if byline is not None:
            pending.append(Line(line.no, text))
            _fill(segments[-1], pending, column)
            segments[-1].byline, segments[-1].byline_line = byline, line.no
            segments.append(_Segment())
            pending = []
            continue
        pending.append(line)
    _fill(segments[-1], pending, column)
    orphans: list[Line] = []
    if not segments[-1].body:
        # headings at the end of the page with no body: titles printed away from their item
        orphans = segments[-1].headings
        segments[-1].headings = []

    # ---- headlines printed after their own byline
    for before, after in zip(segments, segments[1:]):
        if before.title_lines or len(after.headings) < 2 or not before.body or not after.body:
            continue
        first = after.headings[0].text
        lead_before = _lead(before)
        lead_after = _lead(after)
        if overlap(first, lead_before) > max(0.5, overlap(first, lead_after) + 0.15):
            before.title_lines = [after.headings.pop(0)]
            before.moved_title = True

    drafts: list[Draft] = []
    for segment in segments:
        photo = None
        if segment.caption:
            photo = _photo_draft(segment.caption, _caption_text(segment.caption, restore), orphans, restore)
            if photo is not None:
                drafts.append(photo)
        if not segment.body:
            for line in segment.headings:
                dropped.append(Dropped(line.no, line.text, "heading without an article"))
            if segment.caption and photo is None and not segment.headings and segment is segments[-1] \
                    and drafts and not drafts[-1].photos and drafts[-1].kind != "photo":
                # a caption alone under the page's last article, no headline of its own: that article's photo
                drafts[-1] = replace(drafts[-1], photos=(_photo(segment.caption, restore),),
                                     used=drafts[-1].used | {l.no for l in segment.caption})
            elif segment.caption and photo is None:
                for line in segment.caption:
                    dropped.append(Dropped(line.no, line.text, "caption without a title"))
            continue
        draft = _article_draft(segment, column, published, restore, rejoin)
        if segment.caption and photo is None:
            # the article's own photo
            draft = replace(draft, photos=(_photo(segment.caption, restore),),
                            used=draft.used | {l.no for l in segment.caption})
        drafts.append(draft)
    for line in orphans:
        dropped.append(Dropped(line.no, line.text, "heading without an article"))
    return Assembled(tuple(sorted(drafts, key=lambda d: d.first_line)), tuple(dropped), tuple(outlet_hints))


def _fill(segment: _Segment, lines: list[Line], column: float) -> None:
    """Sort a segment's lines into caption, headings and body."""
    rest: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _credited_caption(line.text):
            segment.caption.append(line)      # '…밸리전경.나주시제공': a caption with its credit
        elif width(line.text) > _WIDE * column:
            # a caption: this wide line and the lines that finish its sentence
            block = [line]
            while not ends_sentence(block[-1].text) and index + 1 < len(lines):
                index += 1
                block.append(lines[index])
            segment.caption.extend(block)
        else:
            rest.append(line)
        index += 1
    first_end = next((i for i, line in enumerate(rest) if ends_sentence(line.text)), None)
    if first_end is None:
        # no full stop anywhere: a long line ending in ! or ? is still a sentence rather than a
        # headline, or the segment's text would be lost as headings without an article
        first_end = next((i for i, line in enumerate(rest)
                          if len(line.text) >= _LONG_EXCLAMATION and re.search(r"[!?][\"”’'」』)\]]*$", line.text)), None)
    if first_end is None:
        segment.headings.extend(rest)
        return
    start = first_end
    while start > 0 and width(rest[start - 1].text) >= _FULL * column and not ends_sentence(rest[start - 1].text) \
            and "…" not in rest[start - 1].text:
        # ('…' joins a headline's phrases: '2026년입주목표…임대료시세70%' is a deck as wide as the column)
        start -= 1
    segment.headings.extend(rest[:start])
    segment.body.extend(rest[start:])


def _credited_caption(text: str) -> bool:
    """A caption line ending in its credit after a full stop ('…밸리전경.나주시제공'): the credit is
    a name (nouns only), which a wrapped body line ending '…밝혔다.시는무료로제공' is not."""
    caption, credit = captions.split_figure_credit(text)
    if not credit or not re.search(r"[.!?]$", caption) or len(squash(caption)) < 6:
        return False
    if bylines.bare_name(credit) is not None:
        return False        # '… 밝혔다. /정규민': a body line signed with a bare name ('/사천시' is a source)
    tokens = korean.tokenize(credit)
    return bool(tokens) and all(t.tag.startswith(("NN", "SL", "SN", "XSN", "SH")) for t in tokens)


def _lead(segment: _Segment) -> str:
    text = ""
    for line in segment.body:
        text += line.text
        if ends_sentence(line.text):
            break
    return text


def _paragraphs(lines: list[Line], column: float, rejoin: Callable[[list[str]], str]) -> list[str]:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        paragraphs[-1].append(line.text)
        short = width(line.text) < _FULL * column
        if ends_sentence(line.text) or (short and re.search(r"[다요]$", line.text)):
            paragraphs.append([])
    return [rejoin(p) for p in paragraphs if p]


def _title_and_deck(segment: _Segment, column: float,
                    restore: Callable[[str], str]) -> tuple[str, tuple[str, ...]]:
    headings = [line.text for line in segment.headings]
    if segment.title_lines:
        return restore(" ".join(l.text for l in segment.title_lines)), tuple(restore(h) for h in headings)
    if not headings:
        return "", ()
    title = [headings[0]]
    rest = headings[1:]
    if rest and not _SUBTITLE_START.search(rest[0]) and width(rest[0]) <= width(headings[0]) + 2:
        # one headline printed on two lines: the second no longer than the first (a deck runs longer)
        title.append(rest.pop(0))
    decks: list[str] = []
    for line in rest:
        if decks and _unfinished(decks[-1]) and width(line) <= width(decks[-1]) and not _DECK_MARK.match(line):
            decks[-1] += " " + line         # '2027년까지국비등' / '380억투입': one deck wrapped over two lines
        else:
            decks.append(line)
    return restore(" ".join(title)), tuple(restore(d) for d in decks)


_DECK_MARK = re.compile(r"^[-–—▲△◇◆○●■□·•]")


def _unfinished(text: str) -> bool:
    """A deck line that stops where no phrase can: on a bound noun or a conjunction ('…국비 등',
    '…전환 및', '…광주와')."""
    tokens = korean.tokenize(text.strip())
    return bool(tokens) and tokens[-1].tag in ("NNB", "JC", "MAJ")


def _article_draft(segment: _Segment, column: float, published, restore: Callable[[str], str],
                   rejoin: Callable[[list[str]], str]) -> Draft:
    title, deck = _title_and_deck(segment, column, restore)
    paragraphs = _paragraphs(segment.body, column, rejoin)
    if not title and paragraphs:
        # no headline printed: the first sentence stands in, rather than losing the article
        title = paragraphs[0] if len(paragraphs[0]) <= 80 else paragraphs[0][:77] + "…"
    byline = segment.byline or bylines.Byline()
    used = {l.no for l in segment.headings + segment.body + segment.title_lines}
    if segment.byline_line:
        used.add(segment.byline_line)
    return Draft(
        title=title,
        paragraphs=tuple(paragraphs),
        subtitles=deck,
        reporters=byline.reporters,
        emails=byline.emails,
        desk=byline.desk,
        outlet=bylines.outlet_of(byline),
        published=published,
        first_line=min(used),
        used=frozenset(used),
    )


def _photo(lines: list[Line], restore: Callable[[str], str]) -> Photo:
    """An article's own photo; its credit ('…전경.나주시제공') is split off before spacing is
    restored, which could cut the credit's name apart."""
    caption, credit = captions.split_figure_credit(spacing.rejoin_lines([l.text for l in lines]))
    return Photo(restore(caption), credit) if credit else Photo(_caption_text(lines, restore))


def _caption_text(lines: list[Line], restore: Callable[[str], str]) -> str:
    return restore(spacing.rejoin_lines([l.text for l in lines]))


def _photo_draft(lines: list[Line], caption: str, orphans: list[Line],
                 restore: Callable[[str], str]) -> Draft | None:
    """A caption with no article of its own: photo news, titled by the orphan heading it matches."""
    best, score = None, 0.0
    for line in orphans:
        value = overlap(line.text, caption)
        if value > score:
            best, score = line, value
    if best is None or score < 0.4:
        return None
    orphans.remove(best)
    used = {l.no for l in lines} | {best.no}
    return Draft(title=restore(best.text), photos=(Photo(caption),), kind="photo",
                 first_line=lines[0].no, used=frozenset(used))
