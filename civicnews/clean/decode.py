"""Decoding raw bytes: UTF-8 (with or without BOM) or CP949/EUC-KR -> NFC text, plain spaces, \\n.

A file that is empty, binary or NUL-laced is not decoded: the caller reports the reason and skips it.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Spaces that copy-paste from web pages and word processors leave behind; all become " ".
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\u000b\u000c]")
# Zero-width characters carry no text and break word matching.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Control characters other than \n that a text file should not hold.
_CONTROL = re.compile("[\x01-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Decoded:
    text: str = ""
    encoding: str = ""
    skipped: str = ""          # non-empty: why the file cannot be cleaned


def decode(data: bytes) -> Decoded:
    """Decode a raw file; never raises."""
    if not data.strip():
        return Decoded(skipped="empty file")
    if _looks_binary(data):
        return Decoded(skipped="binary file (NUL bytes or control characters), not text")
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        name = "utf-8-sig" if encoding == "utf-8-sig" and data.startswith(b"\xef\xbb\xbf") else (
            "utf-8" if encoding == "utf-8-sig" else encoding)
        return Decoded(text=normalize(text), encoding=name)
    return Decoded(skipped="undecodable: neither UTF-8 nor CP949/EUC-KR")


def normalize(text: str) -> str:
    """NFC, \\n line ends, plain spaces, no zero-width or control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    return _CONTROL.sub("", text)


def _looks_binary(data: bytes) -> bool:
    # UTF-16 text also has NUL bytes, but no Korean news copy arrives as UTF-16 without a BOM;
    # a NUL anywhere means the file is not one of the encodings we read.
    head = data[:65536]
    if b"\x00" in data:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(head) // 100)
