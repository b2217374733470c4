"""Photo captions and their credits: '…하고 있다. /사진제공=광주광역시', '… 광주시 제공',
'(사진=뉴스1)', 'ⓒ 광주광역시', '[중앙포토]', '▲ …', Markdown images '![▲caption](url)'."""
from __future__ import annotations

import re

_WIRES = r"뉴시스|뉴스1|연합뉴스|연합|중앙포토|중앙일보|게티이미지|게티이미지뱅크|AP|AFP|로이터|EPA|셔터스톡|픽사베이|아이클릭아트|뉴스핌|머니투데이|사진공동취재단|공동취재단|photo"
_CREDITS = [
    re.compile(r"\s*[/(\[]\s*(?:사진\s*제공|사진|자료|자료\s*제공|그래픽|출처|제공|영상\s*제공)\s*[=:：]\s*(?P<c>[^)\]=]{1,30}?)\s*[)\]]?\s*$"),
    re.compile(rf"\s*/\s*(?P<c>(?:{_WIRES})(?:\s*제공)?)\s*$"),
    re.compile(rf"\s*[\[(]\s*(?P<c>(?:{_WIRES}|[가-힣]{{2,12}}\s*제공))\s*[\])]\s*$"),
    re.compile(r"(?<=[.!?\"”’')\]])\s*(?P<c>[가-힣A-Za-z0-9·]{2,15}(?:\s[가-힣A-Za-z0-9·]{2,10})?)\s*제공\.?\s*$"),
    re.compile(r"\s*(?:ⓒ|©)\s*(?P<c>[^ⓒ©]{2,25}?)\s*$"),
]
_MD_IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<url>[^)]*)\)\s*(?P<after>.*)$")
_MARKER = re.compile(r"^[▲△▶]\s*")
_SENTENCE_END = re.compile(r"(?:[다요]|니다|있다|했다|했다\)|모습|모습이다|모습\.)[.!]?[\"”’')\]]*$")


def split_credit(text: str) -> tuple[str, str]:
    """(caption, credit) — credit '' when the line names none."""
    for pattern in _CREDITS:
        match = pattern.search(text)
        if match and match.start() > 0:
            credit = re.sub(r"\s*제공$", "", match["c"].strip()).strip()
            return text[:match.start()].strip(), credit
    return text.strip(), ""


def markdown_image(text: str) -> tuple[str, str] | None:
    """('caption', 'text after the image') for '![▲caption](url)…', None if not an image."""
    match = _MD_IMAGE.match(text)
    if not match:
        return None
    return _MARKER.sub("", match["alt"]).strip(), match["after"].strip()


def parse(text: str) -> tuple[str, str] | None:
    """(caption, credit) if the line reads as a photo caption, else None.

    A caption names a credit or starts with ▲ and describes a scene; a body sentence does not."""
    if re.search(r"무단|재배포|[Cc]opyright|저작권|[Rr]ights [Rr]eserved", text):
        return None
    marked = bool(_MARKER.match(text))
    body = _MARKER.sub("", text).strip()
    caption, credit = split_credit(body)
    if len(caption) < 4 or len(caption) > 400:
        return None
    if credit and (_SENTENCE_END.search(caption) or len(caption) < 120 or marked):
        return caption, credit
    if marked and _SENTENCE_END.search(caption):
        return caption, ""
    return None


def credit_only(text: str) -> str:
    """'ⓒ 광주광역시' / '/사진제공=광주시' / '(사진=뉴스1)' standing alone: the credit, else ''."""
    match = re.match(r"^\s*(?:ⓒ|©|/\s*사진\s*제공\s*=|[(\[]\s*사진\s*[=:]|사진\s*제공\s*[=:]|사진\s*[=:])\s*"
                     r"(?P<c>[^)\]]{2,25}?)\s*[)\]]?\s*$", text)
    if not match or re.search(r"무단|금지|[Cc]opyright|[Rr]ights|저작권|,", text):
        return ""
    return match["c"].strip()
