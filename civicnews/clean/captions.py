"""Photo captions and their credits: '…하고 있다. /사진제공=광주광역시', '… 광주시 제공',
'(사진=뉴스1)', 'ⓒ 광주광역시', '[중앙포토]', '▲ …', Markdown images '![▲caption](url)'."""
from __future__ import annotations

import re

_WIRES = r"뉴시스|뉴스1|연합뉴스|연합|중앙포토|중앙일보|게티이미지|게티이미지뱅크|AP|AFP|로이터|EPA|셔터스톡|픽사베이|아이클릭아트|뉴스핌|머니투데이|사진공동취재단|공동취재단|photo"
# Who a 'ⓒ' credits: a name (an outlet, an office, a photographer), never the end of a sentence
# ('… 가결됐다 ©다.' is body text with a stray mark, not a caption credited to '다.').
_CREDIT_NAME = r"(?![^ⓒ©]*(?:[다요죠까][.!?…]*|[.!?…]{2,})$)[가-힣A-Za-z0-9][가-힣A-Za-z0-9·&.\- ]{1,24}?"
_CREDITS = [
    # a wire's source with its resale notice in one bracket ('… 모습. 2024.8.27 [광주 남구 제공. 재판매 및 DB 금지]')
    re.compile(r"\s*\[\s*(?P<c>[^\[\]()=]{2,25}?)\s*(?:제공|자료사진)\s*[.,]?\s*\]\s*$"),
    re.compile(r"\s*[/(\[]\s*(?:사진\s*제공|사진|자료|자료\s*제공|그래픽|출처|제공|영상\s*제공)\s*[=:：]\s*(?P<c>[^)\]=]{1,30}?)\s*[)\]]?\s*$"),
    re.compile(rf"\s*/\s*(?P<c>(?:{_WIRES})(?:\s*(?:제공|DB|자료사진))?)\s*$"),
    # '… 전경. /더팩트 DB', '… 벚꽃길. /경남신문 DB/', '… 조감도. /광산구 제공': an outlet's own archive
    # photo, a source's photo
    re.compile(r"(?<=[.!?\"”’')\]])\s*/\s*(?P<c>[가-힣A-Za-z0-9]{2,12}(?:\s[가-힣A-Za-z0-9]{2,10})?\s*"
               r"(?:DB|자료사진|자료 사진|제공))\s*/?\s*$"),
    re.compile(rf"\s*[\[(]\s*(?P<c>(?:{_WIRES}|[가-힣]{{2,12}}\s*제공))\s*[\])]\s*$"),
    re.compile(r"(?<=[.!?\"”’')\]])\s*(?P<c>[가-힣A-Za-z0-9·]{2,15}(?:\s[가-힣A-Za-z0-9·]{2,10})?)\s*제공\.?\s*$"),
    # 'ⓒ 광주광역시', 'ⓒ뉴스1': the mark is part of the credit as printed and stays in it
    re.compile(rf"\s*(?P<c>(?:ⓒ|©)\s*{_CREDIT_NAME})\s*$"),
    # <사진>, <광주일보 자료사진>, <순천시 제공>, [사진 광주광역시], (사진 김민수 기자)
    re.compile(r"\s*<\s*(?P<c>[^<>]{0,20}?(?:사진|제공|포토|DB)[^<>]{0,20}?)\s*>\s*$"),
    re.compile(r"\s*[\[(]\s*(?P<c>(?:사진|자료사진|포토)\s+[^\])=]{2,25}?)\s*[\])]\s*$"),
    # '… 모습. 사진=광주시' / '… 개소식. 사진=이광호 기자' / '… 입구. 전남일보 자료사진'
    re.compile(r"(?<=[.!?\"”’')\]])\s*(?P<c>(?:사진|자료|그래픽)\s*[=:：]\s*[^=]{2,25}?)\s*$"),
    re.compile(r"(?<=[.!?\"”’')\]])\s*(?P<c>(?:[가-힣A-Za-z0-9]{2,12}\s*)?(?:자료사진|DB|자료 사진))\s*$"),
    # '… 기다리고 있다. 사진 춘천시': the source after the word 사진, with no mark between them
    re.compile(r"(?<=[.!?\"”’')\]])\s*(?P<c>사진\s+[가-힣A-Za-z0-9]{2,12}(?:\s[가-힣A-Za-z0-9]{2,10})?)\s*$"),
]
# '… 안내판이 서 있다. 강현우 기자': the reporter who took the photo, after a scene's description (a
# body's last sentence signed by its reporter says what someone said or did, not what a picture shows)
_PHOTOGRAPHER = re.compile(r"(?:있다|모습|모습이다|전경|조감도|풍경)\.\s*(?P<c>[가-힣]{2,4}\s?(?:기자|특파원))\s*$")
# '… 새로 설치된 안내판. 김용희 기자': a short caption that names a thing (no predicate ends it), signed
_NOUN_PHOTOGRAPHER = re.compile(r"^(?=.{8,100}$)[^\"“”‘’'.]*[가-힣](?<![다요죠])\.\s*(?P<c>[가-힣]{2,4}\s?(?:기자|특파원))\s*$")
# What a photo desk appends to a caption: the shooting date and the photographer's e-mail.
_PHOTO_TAIL = re.compile(r"(?:\s*(?:19|20)\d{2}\.\s*\d{1,2}\.\s*\d{1,2}\.?(?:\s*/\s*(?P<wire>" + _WIRES + r"))?)?"
                         r"\s*(?:[A-Za-z0-9][\w.+-]*@[\w-]+(?:\.[\w-]+)+|\[email[^\]]*\])?\s*$")
_RESALE = re.compile(r"\s*[*\[(]?\s*재판매\s*(?:및|와)\s*DB\s*금지\s*[\])]?\s*$")
_MD_IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<url>[^)]*)\)\s*(?P<after>.*)$")
_MARKER = re.compile(r"^[▲△▶]\s*")
_SENTENCE_END = re.compile(r"(?:[다요]|니다|있다|했다|했다\)|모습|모습이다|모습\.)[.!]?[\"”’')\]]*$")


def split_credit(text: str) -> tuple[str, str]:
    """(caption, credit) — credit '' when the line names none. A wire's credit after the source's
    ('… 시범 구간.(광주시 제공)/뉴스1') gives both: '광주시/뉴스1'."""
    caption, credit = _split_one(text)
    if credit and credit in _WIRES.split("|"):
        # ('….(전남도 제공) 2024.10.2/뉴스1': the shooting date between the two credits)
        inner, source = _split_one(re.sub(r"\s*(?:19|20)\d{2}\.\s*\d{1,2}\.\s*\d{1,2}\.?$", "", caption))
        if source and source != credit:
            return inner, f"{source}/{credit}"
    return caption, credit


_BARE_SLASH = re.compile(r"(?<=[.!?\"”’')\]])\s*/\s*(?P<c>[가-힣A-Za-z0-9]{2,12}(?:\s[가-힣A-Za-z0-9]{2,10})?)\s*$")


def split_figure_credit(text: str) -> tuple[str, str]:
    """split_credit for what stands where a caption does (a saved page's figure, a print page's
    caption line): there a bare '/대구교통공사' after the last sentence is the photo's source too."""
    caption, credit = split_credit(text)
    if not credit:
        bare = _BARE_SLASH.search(caption)
        if bare and not re.search(r"(?:기자|특파원)$", bare["c"]):
            return caption[:bare.start()].strip(), bare["c"]
    return caption, credit


def _photographer(text: str) -> re.Match | None:
    """The photographer signing a short caption ('… 모습. 강현우 기자'), not a quoting body sentence."""
    if len(text) > 160 or re.search(r"[\"“”‘’']|밝혔다|말했다", text):
        return None
    return _PHOTOGRAPHER.search(text) or _NOUN_PHOTOGRAPHER.search(text)


def _split_one(text: str) -> tuple[str, str]:
    photographer = _photographer(text)
    if photographer:
        return text[:photographer.start("c")].strip(), photographer["c"]
    for pattern in _CREDITS:
        match = pattern.search(text)
        if match and match.start() > 0:
            credit = re.sub(r"\s*제공$", "", match["c"].strip()).strip()
            credit = re.sub(r"^(?:사진|자료|그래픽|포토)\s*[=:：]?\s*(?=\S)", "", credit) if len(credit) > 3 else credit
            return text[:match.start()].strip(), credit
    return text.strip(), ""


def plainly_credited(text: str) -> bool:
    """A caption line whose end can only be a photo's credit, though its start reads like a byline:
    a wire's bracketed source ('(광주=연합뉴스) … 모습. 2024.8.27 [광주 남구 제공. 재판매 및 DB 금지]'),
    or its photographer after a scene or a thing named ('… 새로 설치된 안내판. 김용희 기자')."""
    if re.search(r"\[[^\[\]]{2,25}?(?:제공|자료사진)\s*[.,]?\s*(?:재판매\s*(?:및|와)\s*DB\s*금지\s*)?\]\s*$", text):
        return True
    return _photographer(text) is not None


def has_photo_tail(text: str) -> bool:
    """'… 2023.03.02 photo@newspim.com' / '… 2026.01.23. [email protected]': a photo desk's stamp."""
    tail = _PHOTO_TAIL.search(_RESALE.sub("", text))
    stamp = tail.group(0) if tail else ""
    return bool(stamp.strip()) and bool(re.search(r"\d{4}\.|photo|\[email", stamp))


def _strip_dateline(caption: str) -> str:
    """'[광주=뉴시스] 박기웅 기자 = 강기정 시장이 …' -> '강기정 시장이 …' (a wire photo's dateline)."""
    return re.sub(r"^[\[(【]\s*[^\])】=]{1,12}=[^\])】]{1,12}[\])】]\s*(?:[가-힣]{2,4}\s*(?:기자|특파원)\s*=?\s*)?", "",
                  caption).strip() or caption


def markdown_image(text: str) -> tuple[str, str] | None:
    """('caption', 'text after the image') for '![▲caption](url)…', None if not an image."""
    match = _MD_IMAGE.match(text)
    if not match:
        return None
    return _MARKER.sub("", match["alt"]).strip(), match["after"].strip()


def parse(text: str) -> tuple[str, str] | None:
    """(caption, credit) if the line reads as a photo caption, else None.

    A caption names a credit or starts with ▲ and describes a scene; a body sentence does not."""
    # a wire's resale notice after its photo stamp ('… photo@newsis.com *재판매 및 DB 금지'), or inside
    # the bracket of its source ('[광주 남구 제공. 재판매 및 DB 금지]')
    text = re.sub(r"(제공|자료사진)\s*[.,]?\s*재판매\s*(?:및|와)\s*DB\s*금지\s*\]\s*$", r"\1]", text)
    text = _RESALE.sub("", text)
    if re.search(r"무단|재배포|[Cc]opyright|저작권|[Rr]ights [Rr]eserved", text):
        return None
    marked = bool(_MARKER.match(text))
    body = _MARKER.sub("", text).strip()
    photo_tail = has_photo_tail(body)
    trimmed = _PHOTO_TAIL.sub("", body).strip()
    caption, credit = split_credit(body)
    if not credit and trimmed != body:
        caption, credit = split_credit(trimmed)
        if not credit and photo_tail and _SENTENCE_END.search(caption) and len(caption) <= 300:
            # '… 피어 있다. 2023.11.18/뉴스1': the wire after the shooting date is the credit
            wire = _PHOTO_TAIL.search(body)["wire"] or ""
            return _strip_dateline(caption), wire
    if credit:
        # '… 피어 있다. 2023.11.18/뉴스1': the shooting date before the credit is the desk's stamp
        caption = _strip_dateline(re.sub(r"\s*(?:19|20)\d{2}\.\s*\d{1,2}\.\s*\d{1,2}\.?$", "", caption))
    if len(caption) < 4 or len(caption) > 400:
        return None
    if credit and (_SENTENCE_END.search(caption) or len(caption) < 120 or marked):
        return caption, ("" if credit in ("사진", "포토") else credit)
    if marked and _SENTENCE_END.search(caption):
        return caption, ""
    return None


def credit_only(text: str) -> str:
    """'ⓒ 광주광역시' / '/사진제공=광주시' / '(사진=뉴스1)' standing alone: the credit, else ''."""
    photographer = re.match(rf"^\s*/?\s*(?:사진|촬영)\s*[=:：]\s*(?P<c>[가-힣]{{2,4}}\s*(?:기자|특파원))\s*"
                            rf"(?:[A-Za-z0-9][\w.+-]*@[\w-]+(?:\.[\w-]+)+)?\s*$", text)
    if photographer:
        return photographer["c"]
    # a wire's own form: '[광주시 제공. 재판매 및 DB 금지]', '[연합뉴스 자료사진]'
    wire = re.match(r"^\s*[\[(]\s*(?P<c>[^\[\]()=]{2,25}?)\s*(?P<kind>제공|자료사진|자료 사진|DB)\s*[.,]?\s*"
                    r"(?:재판매\s*(?:및|와)\s*DB\s*금지|DB\s*금지)?\s*[\])]\s*$", text)
    if wire:
        return wire["c"].strip() + (" " + wire["kind"] if wire["kind"] != "제공" else "")
    stock = re.match(r"^\s*[\[(]?\s*(?P<c>게티이미지뱅크|게티이미지코리아|게티이미지|셔터스톡|Shutterstock|픽사베이|Pixabay"
                     r"|아이클릭아트|클립아트코리아|언스플래시|Unsplash|gettyimagesbank|Getty Images)\s*[\])]?\s*$", text)
    if stock:
        return stock["c"]       # a stock photo agency's name alone under its picture
    if re.search(r"무단|금지|[Cc]opyright|[Rr]ights|저작권|,|www\.|https?://|\.co\.kr|\.com\b", text):
        return ""            # 'ⓒ 강원일보 - www.kwnews.co.kr' is the site's copyright, not a photo's credit
    marked = re.match(rf"^\s*(?P<c>(?:ⓒ|©)\s*{_CREDIT_NAME})\s*$", text)
    if marked:
        return marked["c"]
    match = re.match(r"^\s*(?:/\s*사진\s*제공\s*=|[(\[]\s*사진\s*[=:]|사진\s*제공\s*[=:]|사진\s*[=:])\s*"
                     r"(?P<c>[^)\]]{2,25}?)\s*[)\]]?\s*$", text)
    return match["c"].strip() if match else ""
