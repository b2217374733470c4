"""Slugs: ASCII, stable, readable.

Policy (documented in the README):
- articles: the front matter's `slug`, else `YYYY-MM-DD-xxxxxx` (date as known + 6 hex digits of a
  hash of the source file and the title without spaces), made once by the cleaner and then kept;
- people, organisations, places, keywords: the Revised Romanization of the Hangul name
  (강기정 -> gang-gi-jeong), Latin letters kept lower-case, and a short hash suffix when two
  different names would romanize alike.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

_INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_VOWELS = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
           "yu", "eu", "ui", "i"]
_FINALS = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "p", "l", "l", "p", "l", "m", "p", "p", "t",
           "t", "ng", "t", "t", "k", "t", "p", "t"]


def romanize(text: str) -> str:
    """Revised Romanization, syllable by syllable, syllables joined by '-'."""
    parts: list[str] = []
    word = ""
    for char in unicodedata.normalize("NFC", text):
        code = ord(char) - 0xAC00
        if 0 <= code < 11172:
            if word:
                parts.append(word)
                word = ""
            initial, rest = divmod(code, 588)
            vowel, final = divmod(rest, 28)
            parts.append(_INITIALS[initial] + _VOWELS[vowel] + _FINALS[final])
        elif char.isascii() and char.isalnum():
            word += char.lower()
        else:
            if word:
                parts.append(word)
                word = ""
            parts.append("")
    if word:
        parts.append(word)
    slug = "-".join(p for p in parts if p)
    return re.sub(r"-{2,}", "-", slug).strip("-")


def name_slug(name: str) -> str:
    """Slug for a person, organisation, place or keyword name."""
    slug = romanize(name)[:80].strip("-")
    if not slug:
        slug = "x-" + short_hash(name)
    return slug


def short_hash(text: str, length: int = 6) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def article_slug(date: str, source_file: str, title: str) -> str:
    """YYYY-MM-DD-xxxxxx (or YYYY-MM-xxxxxx when only the month is known)."""
    day = re.sub(r"[^0-9-]", "", date[:10]).strip("-") or "undated"
    key = source_file + "\n" + re.sub(r"\s+", "", title)
    return f"{day}-{short_hash(key)}"


def unique_slugs(names: list[str]) -> dict[str, str]:
    """name -> slug for a set of names, adding a hash suffix where two names collide."""
    by_slug: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        by_slug.setdefault(name_slug(name), []).append(name)
    result: dict[str, str] = {}
    for slug, group in by_slug.items():
        for i, name in enumerate(group):
            result[name] = slug if i == 0 else f"{slug}-{short_hash(name, 4)}"
    return result
