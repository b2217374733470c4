"""Line records: the decoded text as numbered, tidied lines (numbers are the raw file's, 1-based).

Every later step works on Line records, so whatever becomes of a line (title, body, byline,
dropped) can be traced back to where it stood in the raw file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_SPACES = re.compile(r" {2,}")
# Markdown that web copies carry: bold/italic markers and heading hashes.
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_HEADING = re.compile(r"^#{1,6}\s+")
# "?" standing in for a lost "·" between two words written without spaces (정부?여당).
_LOST_DOT = re.compile(r"(?<=[가-힣A-Za-z0-9])\?(?=[가-힣])")
# A Markdown link '[text](target)' (not an image '![alt](src)'): the text is what the page showed.
_LINK = re.compile(r"(?<!!)\[(?P<text>[^\[\]]*)\]\((?P<target>(?:https?://|/|#|\.{0,2}/|www\.|mailto:)[^()\s]*)\)")
# A Markdown list bullet ('* 입력 2024.09.27', '+ 정치'); '- ' and '• ' are read by the rules.
_BULLET = re.compile(r"^[*+]\s+(?=\S)")


@dataclass(frozen=True)
class Line:
    no: int             # 1-based line number in the raw file
    text: str           # tidied text ("" for a blank line)
    heading: bool = False   # the source marked it as a heading (#### in Markdown)


def split_lines(text: str) -> list[Line]:
    return [tidy(no, raw) for no, raw in enumerate(text.split("\n"), start=1)]


def tidy(no: int, raw: str) -> Line:
    text = raw.strip()
    heading = bool(_HEADING.match(text))   # "#광주" is a hashtag, "#### 소제목" a heading
    if heading:
        text = _HEADING.sub("", text)
    text = _BOLD.sub(lambda m: m.group(1) or m.group(2), text)
    text = _LINK.sub(lambda m: m["text"], text)
    text = _BULLET.sub("", text)
    text = _LOST_DOT.sub("·", text)
    text = _SPACES.sub(" ", text).strip()
    return Line(no, text, heading)


def guessed_repairs(lines: list[Line], text: str) -> list[tuple[int, str]]:
    """(line number, the line as written) for each line where tidy() put back a lost "·": a guess
    that changes the text, so the report keeps what the page said (nothing lost if it was wrong)."""
    raw_lines = text.split("\n")
    return [(line.no, raw_lines[line.no - 1].strip()) for line in lines
            if "·" in line.text and _LOST_DOT.search(raw_lines[line.no - 1])]


def linked_lines(lines: list[Line], text: str) -> dict[int, str]:
    """Line number -> the line as written, for each line where tidy() dropped the targets of
    Markdown links (the report keeps what the page said, addresses included)."""
    raw_lines = text.split("\n")
    return {line.no: raw_lines[line.no - 1].strip() for line in lines
            if line.text and _LINK.search(raw_lines[line.no - 1])}


def nonblank(lines: list[Line]) -> list[Line]:
    return [line for line in lines if line.text]
