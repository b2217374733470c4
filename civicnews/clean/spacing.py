"""Word spacing for text whose spacing was lost (print OCR).

A printed page run through OCR keeps only some of its spaces and wraps its lines mid-word:
"광주시공모선정국비62억확보", "정보통신산업 / 진흥원", "62억 / 원을". This module

- tells such text from normal text (`is_spacing_lost`),
- rejoins a print column's lines into one paragraph without splitting a word, a number and its
  unit, an e-mail, a URL or a phone number (`rejoin_lines`),
- restores word spacing (`restore_spacing`): Kiwi proposes the boundaries, rules veto the ones
  that break a number with its unit, a Latin word, a URL or the inside of a quotation mark or a
  parenthesis, add the ones Kiwi misses around punctuation and where orthography asks for them
  (처하도록 하고), keep compounds whole that Kiwi's bundled dictionary writes solid (인공지능,
  연구개발, ...센터, ...위원회) and a one-syllable noun with the noun it ends (보장구), and a
  `Lexicon` learned from the archive's properly spaced articles keeps its own compounds, names
  and habits whole (조성사업, 이어가고), and the names of the government's bodies stay whole
  (과학기술정보통신부: clean/public_bodies.py). A space the OCR kept is never removed.

Word-boundary F1 of each step is measured by benchmarks/spacing.py.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from .. import korean
from ..names import COMMON_SURNAMES
from . import public_bodies

# ---------------------------------------------------------------- detection

_HANGUL = re.compile(r"[가-힣]")
_LONG_RUN = 8           # Hangul letters in one space-free token that normal prose rarely reaches


def _hangul_count(token: str) -> int:
    return len(_HANGUL.findall(token))


def is_spacing_lost(text: str) -> bool:
    """Does this text look like its word spacing was lost?

    Normal Korean prose puts a space every three or four syllables, so a token of eight or
    more Hangul letters is rare there ("에너지인공지능연구소" is about the longest). When such
    long tokens hold a good share of the Hangul, the spacing was lost. Works on a short title
    as well as on a page; text with too little Hangul to judge says False.
    """
    tokens = text.split()
    hangul = sum(_hangul_count(t) for t in tokens)
    if hangul < 8:
        return False
    in_long = sum(n for n in (_hangul_count(t) for t in tokens) if n >= _LONG_RUN)
    return in_long >= 0.35 * hangul


# ---------------------------------------------------------------- rejoining lines

_URL_OR_MAIL_TAIL = re.compile(r"(?:https?://|www\.|@)\S*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)]?$|[,;:]$")


def rejoin_lines(lines: list[str]) -> str:
    """Rejoin the wrapped lines of a print column into one paragraph.

    A line that ends (or a next line that starts) with a space ended at a word boundary the
    OCR kept: keep one space. A line that ends a sentence or a clause (". , ! ?") before a new
    word: one space. Anything else wrapped mid-word and is joined without a space, which also
    keeps "62억 / 원" as 62억원, "062-364 / -9168", "www.광주아이키움. / kr" and
    "lucky@ / kwangju.co.kr" whole. `restore_spacing` decides the rest.
    """
    return _join_wrapped(lines)[0]


def rejoin_spaced(lines: list[str], lexicon: Lexicon | None = None) -> str:
    """Rejoin the wrapped lines of a print column whose OCR kept the word spacing: the spaces it
    kept stay; where a line was wrapped mid-word or at a space the OCR lost ('… 상설 전시관을 짓' /
    '는다.', '… 유등' / '전시관'), restore_spacing decides, at the break only."""
    out, breaks = _join_wrapped(lines)
    if not breaks:
        return out
    spaced = boundaries(restore_spacing(out, lexicon)) & set(breaks)
    done, count = [], 0
    for char in out:
        if not char.isspace():
            if count in spaced and done and not done[-1].isspace():
                done.append(" ")
            count += 1
        done.append(char)
    return "".join(done)


def _join_wrapped(lines: list[str]) -> tuple[str, list[int]]:
    """The lines joined as rejoin_lines() describes, and the offsets (not counting spaces) of
    the breaks joined without a space."""
    out = ""
    breaks: list[int] = []
    previous = ""
    solid = 0                       # characters of out that are not spaces
    for raw in lines:
        line = raw.replace("\t", " ").strip()
        if not line:
            continue
        if not out:
            out = line
        elif not previous[-1:].isspace() and not raw[:1].isspace() and _hyphenated(out, line):
            out = out[:-1]              # '운영 시-' / '간을': the typesetter's hyphen inside a word
            solid -= 1
            breaks.append(solid)
            out += line
        elif previous[-1:].isspace() or raw[:1].isspace() or _clear_boundary(out, line):
            out += " " + line
        else:
            breaks.append(solid)
            out += line
        solid += len(line) - sum(char.isspace() for char in line)
        previous = raw
    return re.sub(r" {2,}", " ", out), breaks


def _hyphenated(before: str, after: str) -> bool:
    """A word broken at the line's end with a hyphen ('어르-' / '신들의'): a hyphen inside what the
    analyser reads as one morpheme once joined; a hyphen between two words ('광주-' / '나주 간') is
    the text's own and stays."""
    left = re.search(r"[가-힣]+-$", before)
    right = re.match(r"[가-힣]+", after)
    if not left or not right:
        return False
    head = left.group(0)[:-1]
    if _noun_alone(head) and _noun_alone(right.group(0), whole=False):
        return False            # '목포-' / '신안': two names, each a word by itself
    cut = len(head)
    tokens = korean.tokenize(head + right.group(0))
    # the break cuts a morpheme, or what follows it is an ending, a particle or a suffix ('밝혔-' / '다.')
    return any(token.start < cut < token.start + token.length
               or (token.start == cut and token.tag.startswith(("E", "J", "XS"))) for token in tokens)


def _noun_alone(text: str, whole: bool = True) -> bool:
    """Whether text (or, not whole, its start) is a noun of two syllables or more read by itself."""
    tokens = korean.tokenize(text)
    return bool(tokens) and tokens[0].tag.startswith("NN") and tokens[0].length >= 2 and tokens[0].start == 0 \
        and (not whole or tokens[0].length == len(text))


def _clear_boundary(before: str, after: str) -> bool:
    if not _SENTENCE_END.search(before):
        return False
    if _URL_OR_MAIL_TAIL.search(before):         # "www.광주아이키움." + "kr)"
        return False
    if before.endswith(",") and after[:1].isdigit() and before[-2:-1].isdigit():
        return False                             # "4," + "061억원"
    return not after[:1] in ".,)]}”’"


# ---------------------------------------------------------------- the learned lexicon

_NOUN_TAGS = frozenset({"NNG", "NNP"})
_STEM_TAGS = frozenset({"NNG", "NNP", "NR", "XPN", "XSN"})
_SOLID_STEM = re.compile(r"[가-힣]{3,}")


@dataclass(frozen=True)
class Lexicon:
    """What properly spaced articles teach about compounds.

    words: noun stems written solid ("인공지능", "에너지인공지능연구소", "인코어드") that Kiwi
        would split; the spacing analyser gets them as user nouns.
    pairs, lefts, rights: for two nouns side by side, how often they were written solid and
        how often apart: by the pair, by the first noun, by the second noun.
    priors: the share of noun pairs written solid, the last fallback; one for pairs where a
        noun is a single syllable (mostly a name or compound Kiwi cut up: 김영+창, 미래+차) and
        one for the others (예산 규모 or 예산규모: news writes both).
    """
    words: tuple[str, ...] = ()
    pairs: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    lefts: dict[str, tuple[int, int]] = field(default_factory=dict)
    rights: dict[str, tuple[int, int]] = field(default_factory=dict)
    priors: tuple[float, float] = (0.0, 0.0)
    steps: dict[str, tuple[int, int]] = field(default_factory=dict)

    def join_probability(self, left: str, right: str) -> float | None:
        """How likely "left right" is written solid; None when nothing was learned."""
        if not self.pairs:
            return None
        prior = self.priors[_pair_class(left, right)]
        joined, spaced = self.pairs.get((left, right), (0, 0))
        if joined + spaced:
            return (joined + 0.5 * prior) / (joined + spaced + 0.5)
        for stats in (self.lefts.get(left), self.rights.get(right)):
            if stats:
                joined, spaced = joined + stats[0], spaced + stats[1]
        # what either noun did elsewhere is weak evidence: one pair must not decide alone
        return (joined + 4 * prior) / (joined + spaced + 4)


    def join_step_probability(self, left: korean.Token, right: korean.Token) -> float | None:
        """How likely the archive writes solid where Kiwi puts a space between left and right.

        From the pair of morphemes, backing off to the right morpheme after the left tag
        (어/EC + 가/VX: 이어가고) and the left morpheme before the right tag, then to the two tags.
        """
        if not self.steps:
            return None
        base = self.steps.get("", (0, 0))
        p = (base[0] + 1) / (base[0] + base[1] + 20)
        p = _smoothed(self.steps.get(f"{left.tag}>{right.tag}"), p, 2)
        p_right = _smoothed(self.steps.get(f"{left.tag}>{right.form}/{right.tag}"), p, 2)
        p_left = _smoothed(self.steps.get(f"{left.form}/{left.tag}>{right.tag}"), p, 2)
        # the left and the right morpheme as independent evidence (their log-odds add up)
        both = _logistic(_logit(p_left) + _logit(p_right) - _logit(p))
        return _smoothed(self.steps.get(f"{left.form}/{left.tag}>{right.form}/{right.tag}"), both, 1)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _logistic(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _smoothed(stats: tuple[int, int] | None, prior: float, weight: float) -> float:
    joined, spaced = stats or (0, 0)
    return (joined + weight * prior) / (joined + spaced + weight)


def _step_keys(left: korean.Token, right: korean.Token) -> tuple[str, ...]:
    return ("", f"{left.tag}>{right.tag}", f"{left.tag}>{right.form}/{right.tag}",
            f"{left.form}/{left.tag}>{right.tag}", f"{left.form}/{left.tag}>{right.form}/{right.tag}")


def learn_lexicon(texts: Iterable[str]) -> Lexicon:
    """Learn a Lexicon from properly spaced text (an archive's web articles).

    Noun pairs are counted as Kiwi sees them in the text with its spaces taken away, which is
    how `restore_spacing` meets them: "인공지능산업실" gives 인공+지능 solid, 지능+산업 solid, ...
    """
    paragraphs = [p for text in texts for p in (_normalize(line) for line in text.split("\n")) if p]
    words: Counter[str] = Counter()
    pairs: Counter[tuple[str, str, bool]] = Counter()
    steps: dict[str, list[int]] = {}
    for paragraph in paragraphs:
        _learn_stems(paragraph, korean.tokenize(paragraph), words)
        gold = boundaries(paragraph)
        spaced = korean.space(paragraph.replace(" ", ""))
        offset = _offsets(spaced)
        proposed = boundaries(spaced)
        tokens = korean.tokenize(spaced)
        for a, b in zip(tokens, tokens[1:]):
            if offset[a.start + a.length] != offset[b.start]:
                continue
            solid = offset[b.start] not in gold
            if a.tag in _NOUN_TAGS and b.tag in _NOUN_TAGS:
                pairs[(a.form, b.form, solid)] += 1
            elif offset[b.start] in proposed:
                for key in _step_keys(a, b):
                    steps.setdefault(key, [0, 0])[0 if solid else 1] += 1
    pair_stats: dict[tuple[str, str], tuple[int, int]] = {}
    lefts: dict[str, list[int]] = {}
    rights: dict[str, list[int]] = {}
    for (left, right, solid), n in sorted(pairs.items()):
        j, s = pair_stats.get((left, right), (0, 0))
        pair_stats[(left, right)] = (j + n, s) if solid else (j, s + n)
        lefts.setdefault(left, [0, 0])[0 if solid else 1] += n
        rights.setdefault(right, [0, 0])[0 if solid else 1] += n
    priors = []
    for cls in (0, 1):
        counts = [n for (a, b, solid), n in pairs.items() if _pair_class(a, b) == cls]
        joined = sum(n for (a, b, solid), n in pairs.items() if _pair_class(a, b) == cls and solid)
        priors.append(joined / sum(counts) if counts else 0.0)
    return Lexicon(
        words=tuple(sorted(words)),
        pairs=pair_stats,
        lefts={k: (v[0], v[1]) for k, v in lefts.items()},
        rights={k: (v[0], v[1]) for k, v in rights.items()},
        priors=(priors[0], priors[1]),
        steps={k: (v[0], v[1]) for k, v in sorted(steps.items())},
    )


def _pair_class(left: str, right: str) -> int:
    return 1 if min(len(left), len(right)) == 1 else 0


def _learn_stems(paragraph: str, tokens: list[korean.Token], words: Counter[str]) -> None:
    """Count the noun stems of each space-separated word ("인공지능산업의" -> "인공지능산업")."""
    i = 0
    for match in re.finditer(r"\S+", paragraph):
        start, end = match.span()
        while i < len(tokens) and tokens[i].start < start:
            i += 1
        stem = []
        j = i
        while j < len(tokens) and tokens[j].start + tokens[j].length <= end and tokens[j].tag in _STEM_TAGS:
            if stem and tokens[j].start != stem[-1].start + stem[-1].length:
                break
            stem.append(tokens[j])
            j += 1
        if stem and stem[0].start == start:
            text = paragraph[start:stem[-1].start + stem[-1].length]
            if _SOLID_STEM.fullmatch(text):
                words[text] += 1


# ---------------------------------------------------------------- restoring spacing

_PROTECTED = re.compile(
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*"             # e-mail (or its start)
    r"|(?:https?://|www\.)[\w가-힣.~:/?#=&%-]*[A-Za-z0-9/]"           # URL
    r"|\d{2,4}-\d{3,4}-\d{4}"                                        # phone number
    r"|\d[\d,.]*(?:(?:[십백천]?[만억조]|[천])(?:\d[\d,.]*)?)*원?"   # 2조5,000억원, 4,061억원, 2천만원
    r"|[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*(?:[&'-][A-Za-z0-9]+)*"       # R&D, LED, 5G
)
_OPENING = "([{“‘<《「『▲/"
_CLOSING = ")]}”’>》」』,.!?;:%"
_GLUING = "·…~"
_CORPORATE_PREFIXES = "재사주유"         # (재)단법인, (사)단법인, (주)식회사, (유)한회사
_CONTENT_TAGS = frozenset({"NNG", "NNP", "NR", "NP", "VV", "VA", "MAG", "MAJ", "MM", "SL", "SN", "XPN", "IC", "SH"})


def restore_spacing(text: str, lexicon: Lexicon | None = None) -> str:
    """Restore the word spacing of text, line by line (a line is a paragraph).

    Spaces already in the text are kept; numbers with their units, Latin words, e-mails, URLs
    and phone numbers stay whole; quotes and parentheses hug what they enclose. With a lexicon
    (see `learn_lexicon`), the archive's own compounds and names stay whole too.
    """
    return "\n".join(_restore_paragraph(line, lexicon) for line in text.split("\n"))


def _normalize(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip()


def boundaries(text: str) -> set[int]:
    """Word boundaries of text, as offsets into text with its spaces removed."""
    found: set[int] = set()
    n = 0
    for ch in text:
        if ch.isspace():
            if n:
                found.add(n)
        else:
            n += 1
    found.discard(n)
    return found


def _restore_paragraph(line: str, lexicon: Lexicon | None) -> str:
    paragraph = _normalize(line)
    if not paragraph:
        return paragraph
    chars = paragraph.replace(" ", "")
    kept = boundaries(paragraph)
    words = _words(lexicon)
    spaced = korean.space_with_words(paragraph, words)
    if spaced.replace(" ", "").replace("\n", "") != chars:      # never trust a changed text
        spaced = paragraph
    tokens = korean.tokenize_with_words(spaced, words)
    offset = _offsets(spaced)
    starts: dict[int, korean.Token] = {}
    ends: dict[int, korean.Token] = {}
    for t in tokens:
        s, e = offset[t.start], offset[t.start + t.length]
        starts.setdefault(s, t)
        ends[e] = t

    forbidden, added = _punctuation_rules(chars, kept, starts)
    grammar_forbidden, grammar_added = _grammar_rules(chars, tokens, offset)
    forbidden |= grammar_forbidden
    added |= grammar_added - forbidden
    chosen = set(kept) | added
    for b in boundaries(spaced) - kept:
        if b in forbidden:
            continue
        left, right = ends.get(b), starts.get(b)
        # one-syllable pieces are left to the fragment rule below (names Kiwi cut up: 송 숙 란)
        if (left and right and left.tag in _NOUN_TAGS and right.tag in _NOUN_TAGS
                and len(left.form) > 1 and len(right.form) > 1 and _join_nouns(left.form, right.form, lexicon)):
            continue
        if _suffix_noun(left, right):
            continue
        if (lexicon and left and right and not (left.tag in _NOUN_TAGS and right.tag in _NOUN_TAGS)
                and (lexicon.join_step_probability(left, right) or 0.0) > JOIN_THRESHOLD):
            continue
        chosen.add(b)
    chosen -= forbidden - kept
    chosen -= _fragments(chars, chosen, kept, starts, ends) - kept
    out = []
    for i, ch in enumerate(chars):
        if i in chosen:
            out.append(" ")
        out.append(ch)
    return "".join(out)


JOIN_THRESHOLD = 0.6


def _words(lexicon: Lexicon | None) -> tuple[str, ...]:
    """The words Kiwi gets as nouns: the lexicon's and the government bodies' names."""
    if lexicon is None:
        return public_bodies.NAMES
    return _with_public_bodies(lexicon.words)


@lru_cache(maxsize=64)
def _with_public_bodies(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(words) | set(public_bodies.NAMES)))


def _join_nouns(left: str, right: str, lexicon: Lexicon | None) -> bool:
    """Are two nouns Kiwi put side by side one compound?

    What the archive wrote for this very pair comes first; then Kiwi's dictionary (a compound
    written solid inside one of its nouns, or a noun that heads many of its names: 연구소,
    센터); then what the archive wrote for either noun.
    """
    if lexicon and lexicon.pairs.get((left, right)):
        return lexicon.join_probability(left, right) > JOIN_THRESHOLD
    if korean.in_dictionary_noun(left + right) or korean.is_dictionary_head(right):
        return True
    p = lexicon.join_probability(left, right) if lexicon else None
    return p is not None and p > JOIN_THRESHOLD

# One-syllable nouns that stand apart after a noun: place and time words (도로 위, 회의 중, 3년 후)
_APART_SYLLABLES = frozenset("앞뒤위밑옆속밖전후중간내외등때측쪽편곳날해달말초")


def _suffix_noun(left: korean.Token | None, right: korean.Token | None) -> bool:
    """A one-syllable noun after a longer one is a suffix of a compound: 보장구, 시민홀, 참여단."""
    return (left is not None and right is not None and left.tag in _NOUN_TAGS and right.tag == "NNG"
            and len(left.form) > 1 and _HANGUL.fullmatch(right.form) is not None
            and right.form not in _APART_SYLLABLES)


def _offsets(text: str) -> list[int]:
    """offsets[i]: how many non-space characters of text come before index i."""
    offsets = []
    n = 0
    for ch in text:
        offsets.append(n)
        if not ch.isspace():
            n += 1
    offsets.append(n)
    return offsets


_PLACE_SUFFIXES = frozenset("시군구도동읍면")
_SHORT_WORDS = frozenset("및등수것세두한각총이그저양후내외중새첫온")
FRAGMENT_RULES = {"place": True, "run": True, "name": True}
# The titles news writes beside a name ("사장 윤진보", "이용섭 시장"): one of the commonest
# surnames Kiwi split from its two-syllable given name is joined back only there.
_TITLES = ("사장", "시장", "대표", "회장", "원장", "총장", "청장", "교육감", "의원", "위원장", "센터장",
           "본부장", "국장", "과장", "팀장", "실장", "부장", "소장", "관장", "교수", "기자", "군수",
           "지사", "장관", "차관", "대통령", "총리", "이사", "감독", "단장", "의장", "구청장")
_GIVEN_NAME = re.compile(r"[가-힣]{2}(?![가-힣])")
# a title as a whole word, perhaps with its particle ("사장은"), not inside a longer noun (대표단)
_TITLE_WORD = re.compile("(?:" + "|".join(sorted(_TITLES, key=len, reverse=True))
                         + ")(?:은|는|이|가|을|를|의|과|와|도|에게|께서|으로|로|)(?![가-힣])")


def _fragments(chars: str, chosen: set[int], kept: set[int],
               starts: dict[int, korean.Token], ends: dict[int, korean.Token]) -> set[int]:
    """Boundaries inside a name Kiwi cut into pieces.

    - a place name and its suffix: "센다이 시와" -> "센다이시와";
    - a run of one-syllable words: "송 숙 란" -> "송숙란", "전 일 빌딩" -> "전일 빌딩". A single
      one is left alone: "강 시장", "이 사업" are right;
    - a surname and a two-syllable given name beside a title: "(사장 윤 진보)" -> "(사장 윤진보)",
      "윤 진보 사장은" -> "윤진보 사장은".
    """
    drop: set[int] = set()
    edges = sorted(chosen | {0, len(chars)})         # the words' bounds, as the rules below read them
    if FRAGMENT_RULES["name"]:
        drop |= _split_names(chars, edges, kept, starts)
    for b in chosen:
        left, right = ends.get(b), starts.get(b)
        if (FRAGMENT_RULES["place"] and left and right and left.tag == "NNP" and len(left.form) >= 2
                and right.form in _PLACE_SUFFIXES and right.tag in _NOUN_TAGS):
            drop.add(b)
    if FRAGMENT_RULES["run"]:
        words = list(zip(edges, edges[1:]))
        run: list[tuple[int, int]] = []
        for a, e in words + [(len(chars), len(chars))]:
            word = chars[a:e]
            single = (len(_HANGUL.findall(word)) == 1 and _HANGUL.match(word) and word[0] not in _SHORT_WORDS
                      and (not run or a not in kept))
            if single:
                run.append((a, e))
                continue
            if len(run) >= 2:
                drop.update(start for start, _ in run[1:])
            run = [(a, e)] if single else []
    return drop


def _split_names(chars: str, edges: list[int], kept: set[int], starts: dict[int, korean.Token]) -> set[int]:
    """The boundaries between a surname and its given name, where a title stands beside them
    (see _fragments; edges: the bounds of its words): the surname a proper noun to Kiwi (not the
    한 of "없는 한 재적의원"); a space the text itself had is kept."""
    words = [chars[a:e] for a, e in zip(edges, edges[1:])]
    drop = set()
    for i in range(len(words) - 1):
        surname, given = words[i], words[i + 1]
        at = edges[i + 1]
        token = starts.get(edges[i])
        if (len(surname) != 1 or surname not in COMMON_SURNAMES or at in kept or token is None
                or token.tag != "NNP" or not _GIVEN_NAME.match(given) or given.startswith(_TITLES)):
            continue
        before = words[i - 1].rstrip("(") if i else ""
        after = words[i + 2] if i + 2 < len(words) and len(given) == 2 else ""
        if before.endswith(_TITLES) or _TITLE_WORD.match(after):
            drop.add(at)
    return drop


def _punctuation_rules(chars: str, kept: set[int], starts: dict[int, korean.Token]) -> tuple[set[int], set[int]]:
    """Boundaries punctuation forbids and boundaries it asks for."""
    forbidden: set[int] = set()
    added: set[int] = set()
    for m in _PROTECTED.finditer(chars):
        s, e = m.span()
        forbidden.update(range(s + 1, e))
        if chars[e - 1].isdigit() and e < len(chars) and not chars[e].isspace() and (
                _HANGUL.match(chars[e]) or chars[e] == "%") and not _apart_after_number(e, starts):
            forbidden.add(e)                     # 2023년, 40곳, 7%: a counter sticks to its number
    quote_open = {'"': False, "'": False}
    paren_at_word_start: list[bool] = []
    for i, ch in enumerate(chars):
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        prev = chars[i - 1] if i else ""
        if ch in _GLUING:
            forbidden.update((i, i + 1))
        if ch in _OPENING:
            forbidden.add(i + 1)
            if ch in "“‘▲" and i and prev not in _OPENING:
                added.add(i)
            if ch == "(":
                paren_at_word_start.append(i == 0 or i in kept or prev in _OPENING or prev == " ")
        elif ch in _CLOSING:
            forbidden.add(i)
        if ch in quote_open:
            if quote_open[ch]:
                forbidden.add(i)
                if _content_follows(i + 1, starts):
                    added.add(i + 1)
            else:
                forbidden.add(i + 1)
                if i and prev not in _OPENING:
                    added.add(i)
            quote_open[ch] = not quote_open[ch]
        if ch in "”’%" and _content_follows(i + 1, starts):      # 7% 이상
            added.add(i + 1)
        if ch == ")" and i >= 2 and chars[i - 2] == "(" and chars[i - 1] in _CORPORATE_PREFIXES:
            forbidden.add(i + 1)                 # (재)광주창조경제혁신센터: a prefix of the name
            if i >= 3 and _HANGUL.match(chars[i - 3]):
                added.add(i - 2)
        if ch == ")":
            at_word_start = paren_at_word_start.pop() if paren_at_word_start else False
            if not at_word_start and _content_follows(i + 1, starts):
                added.add(i + 1)
        if ch == "," and nxt and not (prev.isdigit() and nxt.isdigit()) and nxt not in _CLOSING:
            added.add(i + 1)
        if ch == "." and prev.isdigit() and _HANGUL.match(nxt or " "):
            added.add(i + 1)                     # 1. 헌법이나 (an item number; 2.5배 has a digit)
        if ch in ".!?" and _HANGUL.match(prev or " ") and nxt and (
                _HANGUL.match(nxt) or nxt.isalnum() or nxt in _OPENING or nxt in "\"'"):
            added.add(i + 1)
    added -= forbidden
    added.discard(0)
    added.discard(len(chars))
    return forbidden, added


# Endings after which an auxiliary verb stands apart (하도록 하다, 있게 하다, 두어야 하다, 하고
#있다, 하지 않다); after -아/-어 Korean may write it solid (이어가다, 알려주다), so it is left alone.
_APART_AUXILIARY_AFTER = frozenset({"도록", "게", "어야", "아야", "여야", "지", "고"})
_TIME_COUNTERS = frozenset({"년", "개월", "일", "주", "시간", "달", "세기"})


def _grammar_rules(chars: str, tokens: list[korean.Token], offset: list[int]) -> tuple[set[int], set[int]]:
    """Boundaries Korean orthography forbids or asks for, from the morphemes.

    - an auxiliary verb after -도록/-게/-어야/-지/-고 is a word of its own;
    - 제 before a number begins a word and sticks to its number (안 제3조, 제2청사);
    - 간 of a duration sticks to its counter (2년간, 3개월간);
    - -받다 after a noun is a suffix (처벌받지, 지원받아);
    - a particle after a closing ! or ? belongs to what it closes (시티광주!와 연계해);
    - 하다 after a Latin word makes it a verb or adjective (FUN한, OK해), even where Kiwi reads
      한 as the determiner "one".
    """
    forbidden: set[int] = set()
    added: set[int] = set()
    for left, right, after in zip(tokens, tokens[1:], tokens[2:] + [None]):
        at = offset[right.start]
        if offset[left.start + left.length] != at:
            continue                              # not side by side (Kiwi merged or split text)
        if left.tag == "EC" and left.form in _APART_AUXILIARY_AFTER and right.tag == "VX":
            added.add(at)
        elif left.form == "제" and left.tag == "XPN" and right.tag == "SN":
            forbidden.add(at)
            start = offset[left.start]
            if start and _HANGUL.match(chars[start - 1]):
                added.add(start)
        elif right.form == "간" and left.form in _TIME_COUNTERS:
            forbidden.add(at)
        elif right.form == "받" and right.tag.startswith("VV") and left.tag == "NNG" and len(left.form) > 1:
            forbidden.add(at)                     # -받다 makes a passive of a noun: 처벌받지, 지원받아
        elif left.tag == "SF" and left.form in "!?" and right.tag.startswith("J"):
            forbidden.add(at)
        elif left.tag == "SL" and (right.tag in ("XSA", "XSV") or (right.tag == "MM" and right.form == "한"
                                                                      and (after is None or after.tag != "NNB"))):
            forbidden.add(at)
    added.discard(0)
    return forbidden, added


# Words after a number that are no counter: 3분의 2 이상, 1 미만
_APART_AFTER_NUMBER = frozenset({"이상", "이하", "미만", "초과", "이내", "내외", "정도"})


def _apart_after_number(i: int, starts: dict[int, korean.Token]) -> bool:
    token = starts.get(i)
    return token is not None and token.form in _APART_AFTER_NUMBER


def _content_follows(i: int, starts: dict[int, korean.Token]) -> bool:
    token = starts.get(i)
    return token is not None and token.tag in _CONTENT_TAGS


# ---------------------------------------------------------------- the page's own words

_SPACED_LINE = 4.5      # Hangul letters per token, at most, in a line whose spaces the OCR kept
_PAGE_WORD_TAILS = ("J", "E", "VCP", "XSV", "XSA")     # particles, endings, the copula: not the word


def page_words(lines: Iterable[str]) -> tuple[str, ...]:
    """Compound nouns a print page itself writes between two spaces its OCR kept.

    Where the OCR kept a line's spaces, a token in the middle of it (not at either end, where the
    column may have cut a word) is a word as printed: "600명에게 보장구 수리사업 서비스를". When Kiwi
    would cut its leading nouns in two or more (보+장구), the page's own spelling is evidence that
    they are one word, like a compound the archive's spaced articles write solid. Only lines
    spaced like prose count (a space every few syllables): a token of a line that lost most of
    its spaces may hold several words.
    """
    found: set[str] = set()
    for line in lines:
        tokens = line.split()
        if len(tokens) < 3 or sum(map(_hangul_count, tokens)) > _SPACED_LINE * len(tokens):
            continue
        for token in tokens[1:-1]:
            token = token.strip(".,!?…·'\"“”‘’()[]<>")
            if not 3 <= len(token) <= 8 or not _HANGUL.fullmatch(token[0]):
                continue
            morphemes = korean.tokenize(token)
            nouns = 0
            while nouns < len(morphemes) and morphemes[nouns].tag in _NOUN_TAGS:
                nouns += 1
            if nouns < 1 or any(not m.tag.startswith(_PAGE_WORD_TAILS) for m in morphemes[nouns:]):
                continue
            last = morphemes[nouns - 1]
            word = token[:last.start + last.length]
            if 3 <= len(word) <= 6 and all(_HANGUL.fullmatch(ch) for ch in word):
                found.add(word)
    return tuple(sorted(found))


def with_words(lexicon: Lexicon | None, words: Iterable[str]) -> Lexicon | None:
    """The lexicon with more solid words (a page's own: see page_words)."""
    words = tuple(words)
    if not words:
        return lexicon
    base = lexicon or Lexicon()
    return Lexicon(words=tuple(sorted(set(base.words) | set(words))), pairs=base.pairs, lefts=base.lefts,
                   rights=base.rights, priors=base.priors, steps=base.steps)
