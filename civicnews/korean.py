"""The only module that imports kiwipiepy.

It owns one lazily loaded analyser per process and offers small functions over it: word
spacing, sentence splitting and tokens. Other stages never see a Kiwi object.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

ANALYSIS_VERSION = "1"          # bump when what we derive from Kiwi's tokens changes

_lock = threading.Lock()
_kiwi = None


def analyser():
    """The process's Kiwi, loaded on first use (load_multi_dict=False saves ~180 MB)."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi
                _kiwi = Kiwi(load_multi_dict=False, num_workers=0)
    return _kiwi


@lru_cache(maxsize=1)
def version() -> str:
    import kiwipiepy
    return f"kiwipiepy-{kiwipiepy.__version__}/analysis-{ANALYSIS_VERSION}"


@dataclass(frozen=True)
class Token:
    form: str
    tag: str            # Sejong-style tag: NNG, NNP, VV, SL, SN, ...
    start: int          # character offset in the analysed text
    length: int


def tokenize(text: str) -> list[Token]:
    return [Token(t.form, t.tag, t.start, t.len) for t in analyser().tokenize(text)]


def tokenize_many(texts: Sequence[str]) -> list[list[Token]]:
    """Tokenize many texts in one batch call (Kiwi spreads the batch over its workers)."""
    if not texts:
        return []
    kiwi = analyser()
    return [[Token(t.form, t.tag, t.start, t.len) for t in tokens] for tokens in kiwi.tokenize(list(texts))]


def space(text: str, reset_whitespace: bool = False) -> str:
    """Kiwi's word spacing of text; keeps existing spaces unless reset_whitespace."""
    return analyser().space(text, reset_whitespace=reset_whitespace)


# Kiwi does not split "밝혔다.AI" or "평가다.13일": a sentence-final period glued to a Latin
# letter or a digit. We insert a break there first, then let Kiwi split the rest.
_GLUED_END = re.compile(r"(?<=[가-힣][다요죠까]\.)(?=[A-Za-z0-9가-힣\"“‘'(])")


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph, split where Kiwi finds a boundary."""
    text = text.strip()
    if not text:
        return []
    pieces = [p for p in _GLUED_END.split(text) if p.strip()]
    sentences: list[str] = []
    for piece in pieces:
        sentences.extend(s.text.strip() for s in analyser().split_into_sents(piece) if s.text.strip())
    return sentences


def nouns(text: str) -> list[str]:
    """Nouns, proper nouns and Latin words of a text, in order."""
    return [t.form for t in tokenize(text) if t.tag in ("NNG", "NNP", "SL", "SH")]


def warm(texts: Iterable[str] = ("광주시는 밝혔다.",)) -> None:
    """Load the model and run it once, so the first real call is not the slow one."""
    for text in texts:
        analyser().tokenize(text)


# ---- spacing support
# Word spacing with a learned lexicon needs a Kiwi that knows the archive's compounds and
# names ("인공지능", "인코어드"). User words would change every other analysis (and invalidate
# the on-disk cache), so they live in a second analyser of their own, keyed by the word list.

@lru_cache(maxsize=2)
def _spacing_analyser(user_words: tuple[str, ...]):
    from kiwipiepy import Kiwi
    kiwi = Kiwi(load_multi_dict=False, num_workers=0)
    for word in user_words:
        kiwi.add_user_word(word, "NNP", 2.0)
    return kiwi


def space_with_words(text: str, user_words: tuple[str, ...] = ()) -> str:
    """Kiwi's word spacing of text by an analyser that also knows user_words as nouns.

    Keeps existing spaces. With no user words this is space(text).
    """
    if not user_words:
        return space(text)
    return _spacing_analyser(tuple(user_words)).space(text, reset_whitespace=False)


def tokenize_with_words(text: str, user_words: tuple[str, ...] = ()) -> list[Token]:
    """tokenize(text) by the analyser of space_with_words(..., user_words)."""
    if not user_words:
        return tokenize(text)
    kiwi = _spacing_analyser(tuple(user_words))
    return [Token(t.form, t.tag, t.start, t.len) for t in kiwi.tokenize(text)]
