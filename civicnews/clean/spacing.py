"""Word spacing for text whose spacing was lost (print OCR) (STUB: being written).

Interface used by the cleaner:
    is_spacing_lost(text) -> bool        does this text look like spacing was lost?
    rejoin_lines(lines) -> str           rejoin lines of a print column that wrapped mid-word
    restore_spacing(text) -> str         restore word spacing, trusting the spaces kept
"""
from __future__ import annotations

from .. import korean


def is_spacing_lost(text: str) -> bool:
    hangul = sum(1 for c in text if "가" <= c <= "힣")
    spaces = text.count(" ")
    return hangul >= 20 and spaces * 8 < hangul


def rejoin_lines(lines: list[str]) -> str:
    return "".join(line.strip() for line in lines)


def restore_spacing(text: str) -> str:
    return korean.space(text)
