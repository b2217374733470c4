"""Web copies: one article per stretch of lines, found by the shape of each line.

Each line is classified on its own (boilerplate, teaser header, breadcrumb, date, byline,
caption, text); then the page is read in order: header (title, deck, byline, date), body
(prose from the first sentence to the closing byline or the first footer/teaser header), tail.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .. import korean
from ..models import Dropped, Photo
from . import boilerplate, bylines, captions, dates, outlets, shape
from .draft import Assembled, Draft, ends_sentence, overlap, squash, unique
from .lines import Line

# Characters a heading line (title, deck) can hold; prose is longer and ends in a sentence.
_GLUED_PARAGRAPH = re.compile(r"(?<=[가-힣][다요]\.)(?=[가-힣“\"‘A-Z\[(])|(?<=[가-힣]니다\.)(?=[가-힣“\"‘A-Z])")
_INLINE_DATE = re.compile(r"\s(?:입력|등록|승인|기사입력|기사등록)\s*:?\s*\d{4}[.\-/]\s*\d{1,2}[.\-/]\s*\d{1,2}\.?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s")
_MARKS = re.compile(r"^[◇◆■□▶▷●○★☆▲△◎※]\s*")
_LABEL = re.compile(r"^[•·\-*]?\s*[가-힣A-Za-z]{1,4}$")
_CUE_PREFIX = re.compile(r"^(?P<cue>◀\s*[^▶]{1,16}▶)\s*(?P<rest>\S.*)$")
# '【 인터뷰 : 박정수 / 광주 서구 주민 】', '<인터뷰> 박수진 / 광주시 AI산업과장': a cue and the speaker
_CUE_SPEAKER = re.compile(r"^[【\[<〔(]\s*(?P<cue>(?:인터뷰|녹취|INT|SYN|현장음|전화\s*인터뷰|전화\s*녹취)\s*[:：])\s*"
                          r"(?P<who>[^】\]>〕)]{2,40}?)\s*[】\]>〕)]$"
                          r"|^(?P<cue2>[【\[<〔(]\s*(?:인터뷰|녹취|INT|SYN|현장음|전화\s*인터뷰|전화\s*녹취)\s*[】\]>〕)])\s*"
                          r"(?P<who2>[^\s【\[<].{1,40}?/.{1,40})$")


_GRAPHIC = re.compile(r"^[\[【<]\s*(?:그래픽|인포그래픽|표|도표|차트)\s*[\]】>]\s*(?P<title>\S.{1,60})$")


@dataclass(frozen=True)
class Item:
    line: Line
    kind: str                   # boiler | tail | inline | section | date | byline | caption | credit | text
    text: str = ""              # the text to use (a line's remainder after a prefix was taken)
    reason: str = ""
    data: object = None


def classify_line(line: Line) -> list[Item]:
    """One or two items for a line (a byline or image can carry article text after it)."""
    text = line.text
    if re.match(r"^\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)$", text):
        return [Item(line, "boiler", text, reason="media (linked image: a logo or banner)")]
    speaker = _CUE_SPEAKER.match(text)
    if speaker:
        return [Item(line, "boiler", speaker["cue"] or speaker["cue2"], reason="broadcast cue"),
                Item(line, "text", speaker["who"] or speaker["who2"])]
    cue = _CUE_PREFIX.match(text)
    if cue:
        # '◀INT▶ 박순례/신안군 주민': the cue is the script's, the speaker's name is text
        return [Item(line, "boiler", cue["cue"], reason="broadcast cue")] + classify_line(Line(line.no, cue["rest"]))
    if len(text) > 200:
        pieces = explode(text)
        if len(pieces) > 1:
            return [item for piece in pieces for item in classify_line(Line(line.no, piece))]
    image = captions.markdown_image(text)
    if image is not None:
        caption, after = image
        items = [Item(line, "caption", caption, data=(caption, "")) if caption else Item(line, "boiler", reason="media")]
        if after:
            items += classify_line(Line(line.no, after))
        return items
    graphic = _GRAPHIC.match(text)
    if graphic and not ends_sentence(text):
        # '[그래픽] 광주 아파트 평균 분양가 추이': a chart's title, credited on the line below it
        return [Item(line, "caption", text, reason="graphic", data=(graphic["title"], ""))]
    teaser = boilerplate.teaser_kind(text)
    if teaser:
        return [Item(line, teaser, text, reason="teaser")]
    section = boilerplate.section_of(text)
    if section:
        return [Item(line, "section", text, data=section)]
    caption = captions.parse(text)
    if caption is not None and boilerplate.classify(text) != "broadcast credits" \
            and (not bylines.parse(text) or captions.has_photo_tail(text) or captions.plainly_credited(text)
                                or re.search(r"사진\s*[=:]\s*[가-힣]{2,4}\s*기자", text)):
        return [Item(line, "caption", text, data=caption)]
    found = dates.parse_line(text)
    if found:
        rest = found[0].rest
        byline = (bylines.parse(rest) or bylines.bare_name(rest)) if rest else None
        return [Item(line, "date", text, data=(found, byline))]
    if len(text) <= 120 or re.match(r"^[\[(【〈<]", text):
        byline = bylines.parse(text)
        if byline is not None and (byline.reporters or byline.emails or byline.outlet):
            items = [Item(line, "byline", text, data=byline)]
            if byline.rest:
                items.append(Item(line, "text", byline.rest))
            return items
    credit = captions.credit_only(text)
    if credit:
        return [Item(line, "credit", text, data=credit)]
    reason = boilerplate.classify(text)
    if reason:
        return [Item(line, "boiler", text, reason=reason)]
    if len(text) > 120:
        # the whole article on one line: "제목 입력 2023.03.14 09:20 본문…"
        match = _INLINE_DATE.search(text)
        if match and 4 <= match.start() <= 80:
            head, tail = text[:match.start()].strip(), text[match.end():].strip()
            return ([Item(line, "text", head)] + classify_line(Line(line.no, match.group(0).strip()))
                    + [Item(line, "text", t) for t in _split_glued(tail)])
    return [Item(line, "text", text)]


_STAMP = re.compile(r"(?:(?<=\s)|^)(?:입력|수정|등록|승인|기사입력|기사등록|송고|작성|최종\s*수정)\s*:?\s*"
                    r"(?:19|20)\d{2}[.\-/]\s*\d{1,2}[.\-/]\s*\d{1,2}\.?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?(?=\s|$)")
_FOOTER_START = re.compile(r"(?:<\s*|\[\s*)?(?:저작권자\s*(?:\(c\)|[ⓒ©])|Copyright\b|COPYRIGHT\b|ⓒ|©)")
_SENTENCE_GAP = re.compile(r"(?<=[다요죠까]\.)\s+|(?<=[다요]\.[\"”’'])\s+")
_BREADCRUMB_HEAD = re.compile(r"^(?P<site>\S{2,12}\s+)?(?P<crumb>(?:HOME|Home|홈)\s*(?:>|›|»)\s*[^>›»]+?"
                              r"(?:\s*(?:>|›|»)\s*\S+))\s+(?P<title>\S.*)$")


def explode(text: str) -> list[str]:
    """A whole page copied as one line ('제목 입력 2024.02.05 11:20 본문… 홍길동 기자 hong@… 저작권자 ©…'):
    its header, date stamps, sentences, byline and footer as separate pieces; [text] if it is one
    paragraph (a long paragraph of sentences with no stamp or footer in it stays whole)."""
    stamps = list(_STAMP.finditer(text))
    footer = None
    for match in _FOOTER_START.finditer(text):
        if re.search(r"[다요]\.", text[:match.start()]) and re.search(r"무단|재배포|[Rr]ights|저작권", text[match.start():]):
            footer = match
            break
    if not stamps and footer is None:
        return [text]
    pieces: list[str] = []
    if footer is not None:
        text, tail = text[:footer.start()].rstrip(), text[footer.start():].strip()
    else:
        tail = ""
    position = 0
    for stamp in stamps:
        if stamp.start() >= len(text):
            break
        pieces.extend(_sentences(text[position:stamp.start()], head=not pieces))
        pieces.append(stamp.group(0).strip())
        position = stamp.end()
    pieces.extend(_sentences(text[position:], head=not pieces))
    if tail:
        pieces.append(tail)
    return [p for p in pieces if p]


def _sentences(text: str, head: bool) -> list[str]:
    text = text.strip()
    if not text:
        return []
    if head and not re.search(r"[다요]\.", text):
        crumb = _BREADCRUMB_HEAD.match(text)
        if crumb:
            # 'HOME > 사회 > 자치 광주 북구, …': a section name is one word, the title follows it
            return [p.strip() for p in (crumb["site"] or "", crumb["crumb"], crumb["title"]) if p and p.strip()]
        return [text]
    # sentence by sentence: a closing byline after the last one ('… 계획이다. 정하람 기자 haram@…')
    # becomes a piece of its own
    return [p.strip() for p in _SENTENCE_GAP.split(text) if p.strip()]


def is_prose(text: str) -> bool:
    """A line of article prose: a sentence (or several), not a heading or a label."""
    if len(text) >= 15 and ends_sentence(text):
        return True
    if len(text) >= 40 and re.search(r"[다요]\.\s", text):
        return True
    return len(text) >= 120


def classify_lines(lines: list[Line]) -> list[Item]:
    """Items for a stretch of lines: each line classified on its own, then what only its
    neighbours tell: a line repeated right below itself (a page copied with every line doubled),
    a reaction button above its count ('놀라워요' / '0')."""
    items: list[Item] = []
    previous = ""
    for line in lines:
        if not line.text:
            continue
        if line.text == previous and len(line.text) >= 6:
            items.append(Item(line, "boiler", line.text, reason="repeated line"))
            continue
        previous = line.text
        items.extend(classify_line(line))
    for index in range(len(items) - 1):
        item, below = items[index], items[index + 1]
        if item.kind == "text" and below.kind == "boiler" and below.reason == "counter" \
                and re.fullmatch(r"[가-힣 ]{2,16}(?:요|예요|에요)[!~]?", item.text):
            items[index] = replace(item, kind="boiler", reason="widget")
    return items


def assemble(lines: list[Line], title_hint: str = "", hard_wrapped: bool = False) -> Assembled:
    items = classify_lines(lines)
    dropped: list[Dropped] = []
    used: set[int] = set()
    outlet_hints: list[str] = []

    def drop(item: Item, reason: str) -> None:
        dropped.append(Dropped(item.line.no, item.text or item.line.text, reason))

    def take(item: Item) -> None:
        used.add(item.line.no)

    texts = [i for i, it in enumerate(items) if it.kind == "text"]
    recurring = _recurring_site_name(items)
    # Site-name lines ("서울경제") and short labels ("• 전국") in the header are not titles.
    for i in texts:
        bare = items[i].text.strip("•·-* ")
        if bare in boilerplate.SECTION_WORDS:
            continue            # '경제', '뉴스': a menu's section name, not a site's
        if bare in outlets.KNOWN or _site_name(bare) or bare == recurring:
            outlet_hints.append(_outlet_of_site_line(bare))
            items[i] = replace(items[i], kind="boiler", reason="site name")
        elif outlets.looks_like_agency(bare) and any(_RELEASE.match(it.text.strip()) for it in items[i + 1:i + 3]):
            # '행정안전부' over '보도자료': the body that issues the release, not its headline
            items[i] = replace(items[i], kind="boiler", reason="site name")
        elif _issuer_line(bare):
            items[i] = replace(items[i], kind="boiler", reason="site name")   # '광주광역시 보도자료' on one line
    for i in range(len(items) - 1):
        # a short line with a credit line under it is a photo caption ('AI 데이터센터 조감도' / '[광주시 제공]')
        if items[i].kind == "text" and items[i + 1].kind == "credit" and len(items[i].text) <= 150 \
                and not is_prose(items[i].text) and not _LABEL.match(items[i].text):
            items[i] = replace(items[i], kind="caption", data=(items[i].text, items[i + 1].data))
            items[i + 1] = replace(items[i + 1], kind="boiler", reason="photo credit")
    items = _reposted(items)
    body_start = _body_start(items, hard_wrapped)
    if body_start is None:
        for item in items:
            if item.kind == "boiler":
                outlet_hints.append(boilerplate.named_outlet(item.text, item.reason))
            drop(item, item.reason or ("teaser" if item.kind in ("tail", "inline") else "no article body"))
        return Assembled((), tuple(dropped), tuple(outlet_hints))
    for i in range(body_start + 1, len(items) - 1):
        if items[i].kind == "text" and items[i + 1].kind == "caption" and _photo_title(items[i].text, items[i + 1].data[0]):
            # '광주 양림동 선교사 사택' over its wire caption inside the body: the photo's own title
            items[i] = replace(items[i], kind="boiler", reason="caption")
    cut = _body_end(items, body_start)
    closing = _closing_byline(items, body_start, cut)
    # what the article is about: its prose (a deck, an intertitle and a list item repeat its words)
    article_text = " ".join(it.text for it in items[body_start:closing if closing is not None else cut]
                            if it.kind == "text" and is_prose(it.text))

    # ---- header: title, deck, byline, dates, breadcrumb, captions
    header_texts = [i for i in range(body_start) if items[i].kind == "text" and not _LABEL.match(items[i].text)]
    title_index = _title_index(items, header_texts, body_start, title_hint, article_text)
    title = title_hint or (_MARKS.sub("", items[title_index].text) if title_index is not None else "")
    if not title_hint and title_index is not None and _strip_site_suffix(title) != title:
        title = _strip_site_suffix(title)
        for index in header_texts:
            # the page's <title> line ('… - 전남매일') and, below it, the headline as the page shows it
            if index > title_index and not squash(items[index].text).startswith(squash(title)) \
                    and overlap(squash(title), squash(items[index].text)) >= 0.7 \
                    and overlap(squash(items[index].text), squash(title)) >= 0.7:
                take(items[title_index])
                title_index, title = index, _MARKS.sub("", items[index].text)
                break
    title = _strip_site_suffix(title)
    title_more = None
    running = [it for it in items if it.kind == "date" and dates.running_head(it.line.text)]
    for it in running:
        # a print page's running head or folio, at its top or its foot, names the paper
        outlet_hints.extend(w for d in it.data[0] for w in d.rest.split() if outlets.looks_like_outlet(w))
    if running and not title_hint and title_index is not None and _wrapped_headline(items, title_index, body_start):
        title_more = title_index + 1        # a print headline over two lines ('곡성 기차마을 …' / '2년 만에 …')
        title = f"{title} {items[title_more].text}"
    if not title and hard_wrapped and items[body_start].kind == "text":
        title_index = body_start      # a broadcast brief: its first line is its title
        title = items[body_start].text
        body_start += 1
    title_key = squash(title)
    raw_title_key = squash(items[title_index].text) if title_index is not None else title_key
    subtitle_lines: list[Item] = []
    photos: list[Photo] = []
    reporters: list[str] = []
    emails: list[str] = []
    desk = outlet = section = ""
    published = updated = plain = None
    paragraphs: list[str] = []
    inline_teasers = False
    furniture: set[int] = set()     # body lines dropped as furniture
    pending_wrap: list[str] = []
    used_line: dict[str, int] = {}

    weak_reporters: list[str] = []

    def add_byline(byline: bylines.Byline) -> None:
        nonlocal desk, outlet
        if byline.weak:
            weak_reporters.extend(byline.reporters)
            return
        reporters.extend(byline.reporters)
        emails.extend(byline.emails)
        desk = desk or byline.desk
        outlet = outlet or byline.outlet

    def add_dates(found) -> None:
        nonlocal published, updated, plain
        for d in found:
            if d.kind == "published" and published is None:
                published = d.info
            elif d.kind == "updated" and updated is None:
                updated = d.info
            elif d.kind == "plain" and (plain is None or (plain.precision == "day" and d.info.precision == "minute")):
                # a header's bare 'today' ('2019-10-14 (월)') gives way to the article's stamp with a time
                plain = d.info

    def add_caption(caption: str, credit: str) -> None:
        key = squash(caption)
        for k, photo in enumerate(photos):
            if squash(photo.caption) == key:
                if credit and not photo.credit:
                    photos[k] = Photo(photo.caption, credit)
                return
        photos.append(Photo(caption, credit))

    for index, item in enumerate(items):
        in_body = body_start <= index < cut
        after_closing = closing is not None and closing < index < cut
        if index >= cut:
            if item.kind == "boiler":
                drop(item, item.reason)
            else:
                drop(item, "teaser" if _after_tail_header(items, cut) else "footer")
            if item.kind == "boiler":
                outlet_hints.append(boilerplate.named_outlet(item.text, item.reason))
            continue
        kind = item.kind
        if kind == "boiler":
            outlet_hints.append(boilerplate.named_outlet(item.text, item.reason))
            drop(item, item.reason)
        elif kind in ("tail", "inline"):
            inline_teasers = True
            drop(item, "teaser")
        elif kind == "section":
            section = section or item.data
            take(item)
        elif kind == "date":
            found, byline = item.data
            if title_index is not None and index < title_index:
                # a day with its weekday and no time above the headline ('2024년 06월 18일 (화)') is the
                # site header's 'today', the day the page was copied: never the article's date
                found = [replace(d, kind="trap") if d.kind == "plain" and d.masthead else d for d in found]
            if all(d.kind == "trap" for d in found):
                drop(item, "date trap (not the article's date)")
                continue
            add_dates(found)
            if byline is not None:
                add_byline(byline)
            take(item)
        elif kind == "byline":
            if index > 0 and items[index - 1].reason == "graphic" and not item.data.rest and photos:
                # '(서울=연합뉴스) 김토일 기자' under a chart's title: who drew the chart
                photos[-1] = Photo(photos[-1].caption, photos[-1].credit or " ".join(item.data.reporters))
            else:
                add_byline(item.data)
            take(item)
        elif kind == "caption":
            caption, credit = item.data
            if (title_key and squash(caption).startswith(title_key) and len(squash(caption)) > len(title_key) + 8
                    and _ends_word(caption, _prefix_length(caption, title_key))):
                caption = caption[_prefix_length(caption, title_key):].strip()
            add_caption(caption, credit)
            take(item)
        elif kind == "credit":
            if paragraphs and len(paragraphs[-1]) < 150 and re.search(r"(?:있다|모습|모습이다)\.$", paragraphs[-1]):
                add_caption(paragraphs.pop(), item.data)      # the caption line above its credit line
                take(item)
            elif photos and not photos[-1].credit:
                photos[-1] = Photo(photos[-1].caption, item.data)
                take(item)
            elif closing is not None and index > closing and re.match(r"^\s*[ⓒ©]", item.text):
                drop(item, "copyright")     # '©민중의소리' under the closing byline: the site's, not a photo's
            else:
                drop(item, "photo credit without a caption")
        elif index == title_index or index == title_more:
            take(item)
        elif squash(item.text) in (title_key, raw_title_key):
            drop(item, "duplicate title")
        elif (title_key and squash(item.text).startswith(title_key) and len(squash(item.text)) > len(title_key) + 8
              and _ends_word(item.text, _prefix_length(item.text, title_key))):
            # the title glued before a caption or the lead: "제목 강기정 시장이 … 하고 있다. 광주시 제공"
            rest = item.text[_prefix_length(item.text, title_key):].strip()
            parsed = captions.parse(rest)
            if parsed is not None or (not in_body or rest.endswith("있다.")):
                add_caption(*(parsed or (rest, "")))
                take(item)
            else:
                paragraphs.extend(_split_glued(rest))
                take(item)
        elif index < body_start:
            writer = bylines.writer(item.text)
            below_title = (title_index is not None and index > title_index) or bool(title_hint)
            if writer is not None and below_title and writer.reporters[0] not in title:
                add_byline(writer)            # a column's outside writer ('김정은 전남대 교육학과 교수')
                take(item)
            elif _LABEL.match(item.text):
                drop(item, "label")
            elif (title_index is not None and index > title_index) or (title_hint and title_index is None):
                if len(re.findall(r"[가-힣]", item.text)) < 2 or len(squash(item.text)) < 6 \
                        or not _deck_shaped(item.text, title + " " + article_text):
                    # 'English', 'Translated by kakao i', '가장 작게', '기사 폰트 크기', 'VOD 다시보기':
                    # a widget's words, not a deck (a deck says what the article says)
                    drop(item, "header (not a deck)")
                    continue
                subtitle_lines.append(item)
                take(item)
            else:
                drop(item, "header (before the title)")
        elif after_closing:
            drop(item, "after the closing byline")
        else:
            text = item.text
            prose = is_prose(text)
            if inline_teasers and not prose:
                drop(item, "teaser")
                continue
            inline_teasers = False
            if not hard_wrapped and _LABEL.match(text):
                drop(item, "label")       # a button or a menu word between paragraphs ('이전글', 'TALK')
                continue
            if not hard_wrapped and paragraphs and not prose and _teaser_shaped(text):
                drop(item, "teaser")      # another article's headline between paragraphs ('서구, CCTV 확충')
                continue
            if not prose and (not hard_wrapped or shape.is_separator(text) or shape.is_link(text)):
                below = next((items[k].text for k in range(index + 1, cut) if items[k].kind == "text"), "")
                following = next((items[k].text for k in range(index + 1, cut)
                                  if items[k].kind == "text" and is_prose(items[k].text)), "")
                # right below furniture ('▣ 함께 읽은 기사', 'AD'), a headline is the box's, not the article's
                boxed = index - 1 in furniture or (index - 1 > body_start and items[index - 1].kind == "boiler"
                                                   and items[index - 1].reason not in ("broadcast cue", "repeated line"))
                reason = body_furniture(text, paragraphs[-1] if paragraphs else "", below, following,
                                        title + " " + article_text, boxed)
                if reason:
                    drop(item, reason)    # 'VOD 다시보기', '광고 영역', '동영상 보기 ▷ …' between paragraphs
                    furniture.add(index)
                    continue
            trailing, byline = bylines.split_trailing(text)
            if byline is not None:
                add_byline(byline)
                text = trailing
            if prose and _PARAGRAPH_MARK.match(text):
                text = _PARAGRAPH_MARK.sub("", text)    # '□ 행정안전부는 …', '○ 생활인구는 …': a release's marks
            take(item)
            used_line[text] = item.line.no
            if (hard_wrapped and not ends_sentence(text)) or (not prose and _wrapped_below(items, index, cut)):
                pending_wrap.append(text)
                continue
            if pending_wrap:
                text = " ".join(pending_wrap + [text])
                pending_wrap = []
            paragraphs.extend(_split_glued(text))
    if pending_wrap:
        paragraphs.append(" ".join(pending_wrap))
    if closing is not None and len(paragraphs) > 1 and _PHOTO_WRITER.search(items[closing].text) \
            and _scene_caption(paragraphs[-1]):
        # '… 차를 마시고 있다.' above '글·사진=강주화 기자': the reporter's photo, captioned without a mark
        add_caption(paragraphs.pop(), "")
    site_names = tuple(h for h in outlet_hints if h) + ((outlet,) if outlet else ())
    while len(paragraphs) > 1:
        last = paragraphs[-1]
        if (_headline_like(last) or _tail_label(last)) and not _list_item(last, paragraphs[-2]) \
                and bylines.writer(last) is None:      # '글=이정민 광주 북구 마을활동가' signs the column
            # a list of other articles' headlines right after the body, with no header before it,
            # or the page's short labels there ('놀라워요', '다음글 보기')
            reason = "teaser" if _headline_like(last) else "label"
        elif _site_note(last, " ".join((title, *paragraphs[:-1])), site_names):
            reason = "site's note"      # '무진일보는 독자 여러분의 구독료로 만들어집니다.'
        else:
            break
        dropped.append(Dropped(used_line.get(last, 0), paragraphs.pop(), reason))
    while len(paragraphs) > 1 and _site_note(paragraphs[0], " ".join((title, *paragraphs[1:])), site_names):
        # the same note above the first sentence ('※ 이 기사는 무진일보 앱에서 먼저 보실 수 있습니다.')
        dropped.append(Dropped(used_line.get(paragraphs[0], 0), paragraphs.pop(0), "site's note"))
    if len(paragraphs) > 1:
        writer = bylines.writer(paragraphs[-1])
        if writer is not None and writer.reporters[0] not in title:
            weak_reporters.extend(writer.reporters)     # the line stays the article's: its byline
            paragraphs.pop()
    signed = bylines.sign_off(paragraphs[-1]) if paragraphs else None
    if signed is not None:
        if not reporters:
            weak_reporters.extend(signed.reporters)
        outlet = outlet or signed.outlet
    if not reporters:
        reporters.extend(weak_reporters)
    if not title and paragraphs:
        # no headline on the page: its first sentence stands in, rather than losing the article
        first = korean.split_sentences(paragraphs[0])[:1] or [paragraphs[0]]
        title = first[0] if len(first[0]) <= 80 else first[0][:77] + "…"
    if not outlet:
        outlet = _issuer(items[:body_start])
    draft = Draft(
        title=title,
        paragraphs=tuple(p for p in paragraphs if p.strip()),
        subtitles=_join_subtitles([s.text for s in subtitle_lines if squash(s.text) != title_key]),
        photos=tuple(photos),
        reporters=unique(reporters),
        emails=unique(emails),
        desk=desk,
        outlet=outlet,
        section=section,
        published=published or plain or updated,     # a page that prints only its update time
        updated=updated,
        first_line=min(used) if used else (lines[0].no if lines else 0),
        used=frozenset(used),
    )
    return Assembled((draft,), tuple(dropped), tuple(o for o in outlet_hints if o))


# the marks an official document opens its paragraphs with (□ a point, ○ its detail): not the text's
_PARAGRAPH_MARK = re.compile(r"^[□○◦ㅇ]\s+(?=\S)")
_RELEASE = re.compile(r"^(?:보도\s*자료|보도\s*참고\s*자료|설명\s*자료|해명\s*자료|Press\s*Release|PRESS\s*RELEASE)$")


def _issuer_line(text: str) -> str:
    """The issuer of a letterhead that names it and the release on one line ('광주광역시 보도자료'), else ""."""
    match = re.fullmatch(r"(?P<body>\S{2,12})\s*(?:보도\s*자료|보도\s*참고\s*자료|설명\s*자료|해명\s*자료)", text)
    return match["body"] if match and outlets.looks_like_agency(match["body"]) else ""


def _issuer(header: list[Item]) -> str:
    """The public body that issued a press release ('전라남도' above '보도자료'), else ""."""
    named = next((found for item in header if (found := _issuer_line(item.line.text.strip()))), "")
    if named:
        return named
    marks = [i for i, item in enumerate(header) if _RELEASE.match((item.text or item.line.text).strip())]
    if not marks:
        return ""
    for item in header[marks[0]:]:
        # a government portal's stamp with the issuing ministry ('2024.03.28 농림축산식품부')
        if item.kind == "date" and item.data and len(item.data[0]) == 1 and outlets.looks_like_agency(item.data[0][0].rest):
            return item.data[0][0].rest
    return next((item.line.text.strip() for item in header[:marks[0] + 3]
                 if outlets.looks_like_agency(item.line.text.strip())), "")


def _wrapped_headline(items: list[Item], index: int, body_start: int) -> bool:
    """Whether the headline at index goes on over the next line, as print wraps it: the next line
    stands right under it, no longer than it and no sentence, and a blank line sets the two apart
    from the deck below them."""
    if index + 2 >= body_start:
        return False
    head, more, below = items[index], items[index + 1], items[index + 2]
    return (more.kind == "text" and more.line.no == head.line.no + 1 and not ends_sentence(more.text)
            and len(squash(more.text)) <= len(squash(head.text)) + 2 and below.kind == "text"
            and below.line.no > more.line.no + 1 and not _LABEL.match(more.text))


def _photo_title(text: str, caption: str) -> bool:
    """A short phrase over a photo's caption, sharing a word with it: the photo's title, not a line
    of the body ('순천만 철새' over '순천만 습지를 찾은 흑두루미 무리.')."""
    if len(squash(text)) > 25 or ends_sentence(text) or is_prose(text) or re.search(r"[.?!:：]$", text):
        return False
    words = {w for w in re.findall(r"[가-힣A-Za-z0-9]{2,}", text)}
    return any(w in caption for w in words)


def _site_name(text: str) -> bool:
    """'KBS 뉴스', '광주MBC', '뉴스1', '광주MBC 뉴스': a short line that names a site, not a headline;
    also a site's bracketed label over a list of briefs ('[광주MBC 뉴스] 지역 단신')."""
    label = re.match(r"^[\[【<(]\s*(?P<site>[^\]】>)]{2,16}?)\s*[\]】>)]\s*(?P<rest>[^,.…·]*)$", text)
    if label and _site_name(label["site"]) and len(squash(label["rest"])) <= 8 and len(label["rest"].split()) <= 2:
        return True
    if len(text) > 16 or re.search(r"[,…·'‘’\"“”]", text) or len(text.split()) > 2:
        return False
    words = text.split()
    return outlets.looks_like_outlet(text.replace(" ", "")) and (
        len(words) == 1 or outlets.looks_like_outlet(words[-1])
        or (words[-1] in ("뉴스", "NEWS", "News") and outlets.looks_like_outlet(words[0])))


def _recurring_site_name(items: list[Item]) -> str:
    """A site's name that has no outlet's shape ('뉴스타파'): a word standing alone on one of the page's
    first lines that opens two or more of its short lines that are no sentence ('뉴스타파 홈',
    '뉴스타파 후원하기', '뉴스타파 - 한국탐사저널리즘센터'); "" if there is none."""
    firsts = [it.line.text.strip() for it in items[:4]]
    for word in firsts:
        if not re.fullmatch(r"[가-힣A-Za-z0-9]{2,8}", word) or word in boilerplate.SECTION_WORDS:
            continue
        opened = {it.line.no for it in items if it.line.text.startswith(word + " ") and len(it.line.text) <= 40
                  and not ends_sentence(it.line.text)}
        if len(opened) >= 2:
            return word
    return ""


def _about(text: str, article: str) -> bool:
    """A headline is about its article: it shares two of its words, or the one word it has (a weather
    box's '[날씨] 대구 맑음' or a slogan '시민의 눈으로 보는 광주' shares a place name by chance, and nothing else)."""
    shared = shape.shared_topic(text, article)
    return shared >= 2 or (shared == 1 and 2 * shared > len(shape.topic_words(text)))


def _site_slogan(text: str) -> bool:
    """'전남매일 - 전남의 내일을 여는 신문', '광주드림 | 시민과 함께': an outlet's name, a mark, its motto."""
    match = re.match(r"^(?P<name>[가-힣A-Za-z0-9]{2,12})\s*[-|:·ㅣ–—]\s*\S", text)
    return bool(match) and (match["name"] in outlets.KNOWN or outlets.looks_like_outlet(match["name"]))


def _outlet_of_site_line(text: str) -> str:
    """'광주MBC 뉴스' -> '광주MBC', '[광주MBC 뉴스] 지역 단신' -> '광주MBC', 'KBS 뉴스' -> 'KBS'."""
    label = re.match(r"^[\[【<(]\s*([^\]】>)]+?)\s*[\]】>)]", text)
    name = label.group(1) if label else text
    words = name.split()
    if len(words) == 2 and words[-1] in ("뉴스", "NEWS", "News") and outlets.looks_like_outlet(words[0]):
        name = words[0]
    return name


_SITE_SUFFIX = re.compile(r"\s*(?:<\s*[^<>]{1,12}\s*<\s*기사본문\s*[-|]?|\s[-|–—:]{1,3}|\s*[|｜]|::+)\s*(?P<site>[^-|<>:]{2,20}?)\s*$")


def _strip_site_suffix(title: str) -> str:
    """'제목 - 아시아경제', '제목 | 연합뉴스', '제목 < 사회 < 기사본문 - 광주일보' -> '제목'."""
    match = _SITE_SUFFIX.search(title)
    if not match or match.start() < 6:
        return title
    site = match["site"].strip()
    site = re.sub(r"^기사본문\s*-\s*", "", site)
    if site in outlets.KNOWN or outlets.looks_like_outlet(site.replace(" ", "")) or "기사본문" in match.group(0):
        return title[:match.start()].strip()
    return title


def _headline_like(text: str) -> bool:
    """A short line that does not end a sentence: a headline of another article."""
    return 8 <= len(text) <= 80 and not ends_sentence(text) and not re.search(r"[다요]\.", text)


def _teaser_shaped(text: str) -> bool:
    """A headline's shape, unmarked ('서구, 상무지구 CCTV 확충', '야간 개방…관람객 두 배'): an
    intertitle of the article itself is marked ('■ …', '[…]', '◇ …') or asks a question."""
    if not 8 <= len(text) <= 60 or ends_sentence(text) or re.search(r"[다요]\.|[?？]$", text) or _MARKS.match(text) \
            or re.match(r"^[\[【<(〈「『\-―–—]", text):
        return False
    return "…" in text or bool(re.match(r"^[^\s,]{2,12}(?:\s[^\s,]{1,8})?,\s", text))


def _tail_label(text: str) -> bool:
    """A short line that is no sentence, after the body's last sentence: a button or label."""
    return len(text) < 8 and not ends_sentence(text) and not re.search(r"[다요]\.", text)


# Marks that open an intertitle ('■ 10년 새 14곳 폐교', '◆ 상인들 “…”') and marks that open a list item
# ('▲ 복약 시간 알림', '- 사업 기간', '1. …'); '▶', '▷', '☞', '※' and '▣' mostly open links and notices.
_INTERTITLE_MARK = re.compile(r"^[■□◆◇●○◎★☆◈◉]\s*\S")
_LIST_MARK = re.compile(r"^(?:[▲△▪▫•·]|[-–]\s|\d{1,2}[.)]\s|[①-⑳]|[가-하][.)]\s)\s*\S")
_BRACKETED = re.compile(r"^[\[【〔<〈(（「『].{1,40}[\]】〕>〉)）」』]$")
_QUOTE_OPEN = re.compile(r"^[\"“‘'「『]")
_QUESTION = re.compile(r"^(?:Q|문|질문)\s*[.:：)]|^[―—]\s*\S")
# a speaker's name and role in a script ('최영미 / 상인', '박상우/국립공원공단 탐방관리부장')
_SPEAKER = re.compile(r"^[가-힣]{2,4}(?:\s*\([^)]{1,10}\))?\s*/\s*[가-힣A-Za-z0-9·()\s]{1,40}$"
                      r"|^[\[<(【]\s*(?:인터뷰|녹취|INT|SYN|전화\s*인터뷰)\s*[\]>)】]\s*[가-힣]{2,4}\s+\S")
_LIST_INTRO = re.compile(r"(?:같다|같습니다|다음과\s*같이|아래와\s*같이)[.:]?$|[:：]$")


def body_furniture(text: str, before: str, below: str, following: str, article: str, boxed: bool = False) -> str:
    """The reason a line between the body's paragraphs that is no sentence is page furniture, or
    "" when it is the article's own: a quotation or a question, a speaker's name, an intertitle,
    an item of a list, a line that says what the article says.

    before: the paragraph above; below: the next line; following: the next sentence; article: the
    article's title and prose; boxed: the line above was furniture (a box's header, an ad's mark). Furniture there is a separator, a link ('동영상 보기 ▷ …'), a button
    ('VOD 다시보기'), or a label about the site, not the article ('광고 영역', '[브레이크뉴스 광고]'), or
    another article's headline, which shares a word or two with this one, not most of its words."""
    if len(text) > 80 or shape.is_sentence(text) or shape.cut_mid_sentence(text):
        return ""               # a sentence, or one cut by a line break ('… 셔틀버스가 승객을 태우고')
    if shape.is_separator(text):
        return "separator"
    if shape.is_link(text):
        return "link"
    if shape.is_button(text):
        return "button"
    if _QUOTE_OPEN.match(text) or _QUESTION.match(text) or _SPEAKER.match(text):
        return ""
    if _INTERTITLE_MARK.match(text):
        return ""
    if _LIST_MARK.match(text) and not _BRACKETED.match(text):
        mark = text[0]
        if before.startswith(mark) or below.startswith(mark) or _LIST_INTRO.search(before) \
                or shape.shared_topic(text, article) >= 1:
            return ""           # one of a list's items, or a marked line about the article
        return "no sentence, not about the article"
    words = len(shape.topic_words(text))
    on_topic = shape.shared_topic(text, article)
    if shape.shared_topic(text, following) >= 2 or (not boxed and on_topic >= 2 and on_topic * 2 >= words):
        return ""               # an unmarked intertitle: most of its words are the article's, or the next one's
    return "no sentence, not about the article"


def _deck_shaped(text: str, article: str) -> bool:
    """A deck under the headline sums the article up: it repeats its words, and it is no button,
    link or separator ('기사 폰트 크기', '영상 자동재생 끄기', '이 기사 공유하기' are a page's tools)."""
    if shape.is_button(text) or shape.is_link(text) or shape.is_separator(text):
        return False
    return shape.shared_topic(text, article) >= 1


def _list_item(text: str, before: str) -> bool:
    """An item of the article's own list at its end ('▲ 상무지구 자전거 보관대 확충' after the items above it
    or after '주요 사업은 다음과 같다.')."""
    return bool(_LIST_MARK.match(text) or _INTERTITLE_MARK.match(text)) and \
        (text[0] == before[:1] or bool(_LIST_INTRO.search(before)))


def _site_note(text: str, article: str, names: tuple[str, ...]) -> bool:
    """A note after the article's last sentence in which the site speaks of itself or to its reader
    ('무진일보는 독자 여러분의 구독료로 만들어집니다.', '※ 이 기사는 … 지원받았습니다.', '기사에 대한 의견은 …
    보내 주세요.'): it shares none of the article's words. A broadcast's sign-off is the article's."""
    if len(text) > 150 or bylines.sign_off(text) is not None or re.search(r"기자입니다\.?$", text) \
            or shape.shared_topic(text, article) > 0:
        return False
    marked = bool(re.match(r"^[※▣☞*]|^[<(\[【].*[>)\]】]$", text))
    return marked or shape.addresses_reader(text) or shape.names_outlet(text, names)


def _wrapped_below(items: list[Item], index: int, cut: int) -> bool:
    """A web page's sentence wrapped onto the line below ('… 자율주행 셔틀버스가' / '오늘부터 …'): the line
    ends in a particle or a connective ending and the next raw line is text."""
    if index + 1 >= cut or _MARKS.match(items[index].text) or not shape.cut_mid_sentence(items[index].text):
        return False
    below = items[index + 1]
    return below.kind == "text" and below.line.no == items[index].line.no + 1


def _prefix_length(text: str, key: str) -> int:
    """How many characters of text (with its spaces) spell key (without spaces)."""
    count = 0
    for position, char in enumerate(text):
        if not char.isspace():
            count += 1
        if count == len(key):
            return position + 1
    return len(text)


def _body_start(items: list[Item], hard_wrapped: bool) -> int | None:
    for index, item in enumerate(items):
        if item.kind == "text" and (is_prose(item.text) or (hard_wrapped and ends_sentence(item.text))):
            if _question_headline(items, index):
                continue
            if hard_wrapped:
                # the sentence began on the lines above it that do not end a sentence
                start = index
                while start > 0 and items[start - 1].kind == "text" and not ends_sentence(items[start - 1].text) \
                        and items[start - 1].line.no >= items[start].line.no - 1 and start - 1 > 0 \
                        and not _headline_line(items[start - 1].text):
                    start -= 1
                return start
            # a sentence's first words on the line above, wrapped before its end ('… 수익을')
            if index > 0 and items[index - 1].kind == "text" and items[index - 1].line.no == items[index].line.no - 1 \
                    and _continues_sentence(items[index - 1].text):
                return index - 1
            return index
        if not hard_wrapped and item.kind == "text" and ends_sentence(item.text) and index > 0 \
                and items[index - 1].kind == "text" and items[index - 1].line.no == item.line.no - 1 \
                and shape.cut_mid_sentence(items[index - 1].text) and is_prose(items[index - 1].text + " " + item.text):
            return index - 1    # a sentence wrapped before its short end ('… 부지 2.4㎞를 따라' / '선형 공원을 만든다.')
    return None


_PHOTO_WRITER = re.compile(r"(?:^|[\s/(\[])(?:글\s*[·ㆍ/,]\s*사진|사진\s*[·ㆍ/,]\s*글)\s*[=:：]?\s*[가-힣]{2,4}\s*기자")


def _scene_caption(text: str) -> bool:
    """A photo's caption as a sentence: a short description of a scene as it happens ('광주 남구 … 빨래방에서
    주민들이 차를 마시고 있다.'), a place then people doing something, no quotation, no one's saying."""
    return len(text) <= 120 and bool(re.search(r"(?:고\s*있다|는\s*모습이다|모습)\.$", text)) \
        and bool(re.search(r"\S에서\s", text[:len(text) * 2 // 3])) and not re.search(r"[\"“”‘’']|밝혔다|말했다", text)


def _reposted(items: list[Item]) -> list[Item]:
    """A blog's or a cafe's copy of an article names its source above it ('[출처] 광주드림'): what
    stands above that line (the post's title, date and the poster's words) is the poster's, and the
    article's headline is sought below it (a clipping's source line after the article names only
    its outlet)."""
    sources = [i for i, it in enumerate(items) if it.kind == "boiler" and it.reason == "source line"
               and sum(1 for later in items[i + 1:] if later.kind == "text" and is_prose(later.text)) >= 2]
    if not sources:
        return items
    source = sources[0]
    return [replace(it, kind="boiler", reason="the poster's (a repost)")
            if index < source and it.kind in ("text", "date", "byline", "caption") else it
            for index, it in enumerate(items)]


def _question_headline(items: list[Item], index: int) -> bool:
    """A headline that asks ('… 준공영제 손질…요금 오를까?'): a short question with the page's byline
    or date below it before any sentence, where a body's question follows its first sentences."""
    text = items[index].text
    if len(text) > 60 or not re.search(r"[?!？]$", text):
        return False
    for below in items[index + 1:index + 5]:
        if below.kind in ("byline", "date"):
            return True
        if below.kind == "text" and is_prose(below.text):
            return False
    return False


def _headline_line(text: str) -> bool:
    """A line that ends as a headline does ('광주 동구, 전통시장 화재 안전 점검', '… 늘린다'),
    not as the first part of a wrapped sentence ('광주 동구가 설 연휴를 앞두고')."""
    tokens = korean.tokenize(text)
    if not tokens:
        return False
    last = tokens[-1].tag
    if last == "EF":
        return True
    subject = any(t.tag in ("JKS", "JKO", "JX", "JKB") for t in tokens)
    return not subject and last.startswith(("NNG", "NNP", "SN", "SL", "NR", "XSN", "SH"))


def _continues_sentence(text: str) -> bool:
    """A line cut inside a sentence: it ends with a particle or a connective ending ('… 수익을')."""
    if len(text) < 8 or ends_sentence(text) or re.search(r"[…?!]$", text) or re.search(r"…|\.\.\.", text):
        return False            # '…' joins a headline's two halves ('12곳 개방…해설 투어도'), not a sentence's words
    tokens = korean.tokenize(text)
    return bool(tokens) and tokens[-1].tag in ("JKO", "JKS", "JKB", "JX", "JKG", "JC", "EC", "ETM") \
        and any(t.tag.startswith("V") or t.tag in ("JKS", "JKO", "JX") for t in tokens[:-1])


def _body_end(items: list[Item], body_start: int) -> int:
    """Index of the first item after the body: a teaser header or a footer (copyright)."""
    for index in range(body_start + 1, len(items)):
        item = items[index]
        if item.kind == "tail" or (item.kind == "boiler" and item.reason in ("footer note", "company info")):
            return index        # '덧붙이는 글', a writer's disclaimer, the company's facts: only footers follow
        if item.kind == "boiler" and item.reason in ("copyright", "comments", "reporter profile", "comment policy",
                                                     "reader tips"):
            # a footer ends the body only if no more article prose follows it
            if not any(it.kind == "text" and is_prose(it.text) and not _after_tail_header(items, index)
                       for it in items[index + 1:index + 6]):
                return index
    return len(items)


def _after_tail_header(items: list[Item], index: int) -> bool:
    return any(it.kind == "tail" for it in items[:index + 1])


def _closing_byline(items: list[Item], body_start: int, cut: int) -> int | None:
    """Index of the byline that closes the body (text after it is not the article's)."""
    prose_before = 0
    closing = None
    counts = [0] * (cut + 1)
    for index in range(body_start, cut):
        if items[index].kind == "text" and is_prose(items[index].text):
            prose_before += 1
        counts[index] = prose_before
    total = prose_before
    for index in range(body_start, cut):
        item = items[index]
        # a byline, a broadcast's sign-off ('KBS 뉴스 정유나입니다.') or an end mark ('(끝)', '- 끝 -')
        if (item.kind == "byline" and not item.data.rest) or (item.kind == "boiler" and item.reason == "end mark") \
                or (item.kind == "text" and len(item.text) <= 30 and bylines.sign_off(item.text) is not None):
            before = counts[index]
            if before >= 1 and total - before < before:
                closing = index
                break
    return closing


def _title_index(items: list[Item], header: list[int], body_start: int, hint: str, article: str = "") -> int | None:
    if hint:
        return None
    if not header:
        return None
    # (a site's name over its footer's address, '광주광역시 북구의회 | 주소 : … | 전화 : 062-…', is no repeat)
    later = [squash(it.text) for it in items if it.kind in ("text", "caption")
             and not re.search(r"주\s*소\s*[:：]|전\s*화\s*[:：]|\d{2,4}-\d{3,4}-\d{4}", it.text)]
    for index in header:
        key = squash(items[index].text)
        if len(key) < 6:
            continue
        repeats = sum(1 for other in later if other == key or (other.startswith(key) and len(other) > len(key)))
        # the headline repeated (as the page's <title>, above a caption); a site's name repeated in
        # its links ('아시아경제 호남 페이지 가기') is not about the article
        if repeats >= 2 and (not article or shape.shared_topic(items[index].text, article) >= 1) \
                and not _site_slogan(items[index].text):
            return index
    meta = [i for i in range(body_start) if items[i].kind in ("byline", "date")]
    if meta:
        first_meta = meta[0]
        run = None
        for index in range(first_meta - 1, -1, -1):
            kind = items[index].kind
            if kind == "text" and not _LABEL.match(items[index].text):
                run = index
            elif kind in ("text", "caption", "credit") or (kind == "boiler" and run is None):
                continue        # labels, captions, and the widgets between the headline and its byline
            else:
                break
        if run is not None:
            # the run's first line that can be a headline ('뉴스·행사', '광주·전남' above it are labels),
            # and of those the first about the article (a site's slogan or name above it is not)
            candidates = [index for index in range(run, first_meta)
                          if items[index].kind == "text" and len(squash(items[index].text)) >= 8]
            # a site's name and slogan above the headline ('전남매일 - 전남의 내일을 여는 신문') is no headline
            about = [index for index in candidates if _about(items[index].text, article)
                     and not _site_slogan(items[index].text)]
            if about:
                return about[0]
            if candidates:
                return candidates[0]
            return run
        after = [i for i in header if i > first_meta]
        if after:
            return after[0]
    return header[-1] if len(header) == 1 else _first_plausible(items, header)


def _first_plausible(items: list[Item], header: list[int]) -> int:
    for index in header:
        if len(squash(items[index].text)) >= 8:
            return index
    return header[0]


def _join_subtitles(lines: list[str]) -> tuple[str, ...]:
    """Deck lines, a line that ends mid-phrase ('… 전문회사인') joined with the next."""
    joined: list[str] = []
    carry = ""
    for text in lines:
        marked = re.match(r"^[-–—]\s", text)
        text = re.sub(r"^[-–—·•▶▲■◆◇○●]\s*", "", text).strip()
        if marked:
            text = re.sub(r"\s+[-–—]$", "", text)     # '- 체류인구 … 가장 많아 -': a release's deck between dashes
        if not text:
            continue
        current = f"{carry} {text}".strip() if carry else text
        carry = current if _continues(text) else ""
        if not carry:
            joined.append(current)
    if carry:
        joined.append(carry)
    return tuple(joined)


def _continues(text: str) -> bool:
    if text.endswith((",", "·", "및", "와", "과")):
        return True
    tokens = korean.tokenize(text)
    return bool(tokens) and tokens[-1].tag in ("ETM", "JKG", "JC")


def _split_glued(text: str) -> list[str]:
    """'…밝혔다.광주시는 …' is two paragraphs glued together; '…겠습니다."' is one sentence
    whose quotation closes after the stop, not the start of another paragraph."""
    parts: list[str] = []
    start = 0
    for match in _GLUED_PARAGRAPH.finditer(text):
        before = text[start:match.start()]
        if before.count('"') % 2 or before.count("“") > before.count("”"):
            continue            # inside a quotation: the mark after the stop closes it
        parts.append(before)
        start = match.start()
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def _ends_word(text: str, cut: int) -> bool:
    """Whether text[:cut] ends at a word's end: "광주 교실 강기정 시장이…" is a glued title,
    "광주 교실은 올해로…" is a sentence that begins with the title's words."""
    return cut >= len(text) or not (text[cut].isalnum() and text[cut - 1].isalnum())
