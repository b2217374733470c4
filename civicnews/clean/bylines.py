"""Bylines: who wrote an article, for which desk and outlet, with which e-mail.

Lead forms:    [광주=뉴시스] 오세훈 기자 = …, (광주=뉴스1) 이도윤 기자 =, 【파이낸셜뉴스 광주=문채원 기자】,
               [아이뉴스24 한지민 기자], [스포츠서울 | 배수진 기자], 광장일보 남궁민 기자 |, [뉴스깜]유재석 기자=,
               (연천=연합뉴스), 〈광주〓정준기자〉, 머니투데이 김하늘 기자 2020.08.03 09:40
Closing forms: 광주=서하늘 기자, /광주=김선덕기자 sdkim@…, /박진표기자 lucky@…, 호남취재본부 송보현 기자 w3to@…,
               a bare e-mail line, and any of these glued to the end of the last sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..names import DOUBLE_SURNAMES, SURNAMES
from . import outlets

NAME = r"[가-힣]{2,5}"
NAMES = rf"{NAME}(?:\s*[·ㆍ,]\s*[가-힣]{{2,4}})*"
ROLE = r"(?:선임|수석|전문|인턴|수습|객원|사진|영상|취재|시민|명예|대학생|학생|청소년|어린이|독자)?\s?(?:기자|특파원|통신원|리포터)"
_REPORTER = re.compile(rf"(?P<names>{NAMES})\s?(?P<role>{ROLE})(?![가-힣])")
EMAIL = re.compile(r"[A-Za-z0-9][\w.+-]*@(?:[A-Za-z0-9-]+\.)*[A-Za-z0-9-]*[A-Za-z]|[A-Za-z0-9][\w.+-]*@(?=\s|$)")
_BARE_EMAIL_LINE = re.compile(rf"^[/(\[<]?\s*(?:{EMAIL.pattern})\s*[)\]>]?$")
_DATE_TAIL = re.compile(r"^\s*(?:입력\s*:?\s*)?\d{4}[.\-/]\s*\d{1,2}[.\-/]\s*\d{1,2}\.?(?:\s*\(?[월화수목금토일]\)?)?(?:\s*\[?\d{1,2}:\d{2}(?::\d{2})?\]?)?")
_OPEN = re.escape("[(【〈<「『")      # escaped: used inside character classes
_CLOSE = re.escape("])】〉>」』")
# any surname the analysis knows, and rarer ones: a byline's name stands where a name is expected
_SURNAMES = SURNAMES | set("궉근뇌담돈두란량려렴로뢰룡만매목묘무묵미복비빙삼섭수아애야영완요자잠재점종준증초탄판평포풍필학해형환후흥")
_DOUBLE_SURNAMES = DOUBLE_SURNAMES + ("동방",)
_NOT_NAMES = {"사진", "취재", "담당", "전문", "현직", "전직", "여성", "남성", "방송", "신문", "영상", "한국", "일선",
              "젊은", "해당", "동료", "소속", "수습", "인턴", "객원", "선임", "수석", "외신", "기자", "주재", "상주",
              "출입", "정치부", "사회부", "경제부", "국제부", "문화부", "체육부", "편집", "데스크", "이번", "당시", "모든"}
_SECTION_PREFIX = ("정치", "경제", "사회", "국제", "문화", "스포츠", "연예", "산업", "전국", "지역", "생활", "과학",
                   "오피니언", "금융", "증권", "부동산", "IT", "테크", "라이프", "컴퓨팅", "유통", "건강")
_DESK = re.compile(r"^[가-힣A-Za-z0-9]{1,12}(?:취재본부|본부|취재부|부|팀|총국|지국|지사|데스크|취재단|센터)$")
_PLACE_EQ = re.compile(r"([가-힣A-Za-z·]{1,12}?)\s*[=〓]\s*")
_DESK_AFTER_NAME = re.compile(r"(?P<name>(?<![가-힣])[가-힣]{2,4})\s+(?P<desk>[가-힣]{1,8}(?:취재본부|본부|총국|지국|지사|취재팀))"
                              r"\s*(?P<role>(?:선임|수석)?\s?(?:기자|특파원))(?![가-힣])")


@dataclass(frozen=True)
class Byline:
    reporters: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    desk: str = ""
    outlet: str = ""
    place: str = ""
    rest: str = ""           # article text that followed a lead byline on the same line
    keywords: str = ""       # text glued before the byline that is not a byline (a keyword list)
    weak: bool = False       # a bare name beside a date ('이계상 2023년 03월 16일'): used only if nothing better


def clean_name(word: str) -> str:
    """The person's name in a word that ends with it ('정치홍길동' -> '홍길동'), or ""."""
    word = word.strip()
    for prefix in _SECTION_PREFIX:
        if word.startswith(prefix) and 2 <= len(word) - len(prefix) <= 4:
            word = word[len(prefix):]
            break
    if len(word) == 5:
        word = word[-3:]
    if word in _NOT_NAMES or len(word) < 2:
        return ""
    if len(word) == 4 and not word.startswith(_DOUBLE_SURNAMES):
        # A 4-letter word is a glued prefix + a 3-letter name more often than a 4-letter name.
        if word[1] in _SURNAMES and word[0] not in _SURNAMES:
            word = word[1:]
    if not (word[0] in _SURNAMES or word.startswith(_DOUBLE_SURNAMES)):
        return ""
    return word


def _names(text: str) -> tuple[str, ...]:
    found = []
    for part in re.split(r"\s*[·ㆍ,]\s*", text):
        name = clean_name(part)
        if not name:
            return ()
        found.append(name)
    return tuple(found)


def emails_in(text: str) -> tuple[str, ...]:
    return tuple(m.group(0).rstrip(".") for m in EMAIL.finditer(text))


def parse(text: str) -> Byline | None:
    """A Byline if the line is a byline (lead or closing, possibly with article text after it)."""
    # 'ㅣ', a Hangul vowel, stands for a bar in some outlets' bylines ('[더팩트ㅣ무안=김동언 기자]')
    stripped = re.sub(r"\s*ㅣ\s*", " | ", text).strip().lstrip("•·-–—*/ ").strip()
    # '정성환 호남본부 기자': a desk written between the name and the role goes before the name
    stripped = _DESK_AFTER_NAME.sub(r"\g<desk> \g<name> \g<role>", stripped, count=1)
    if not stripped:
        return None
    if _BARE_EMAIL_LINE.match(stripped):
        return Byline(emails=emails_in(stripped))
    joint = _joint(stripped)
    if joint is not None:
        return joint
    english = _ENGLISH.match(stripped)
    if english:
        return Byline(reporters=(english["name"],), emails=emails_in(stripped))
    match = _REPORTER.search(stripped)
    if match is None:
        return _dateline_only(stripped) or _name_with_contact(stripped) or _email_with_label(stripped)
    prefix, suffix = stripped[:match.start()], stripped[match.end():]
    # '글·사진=이서윤 기자': the reporter wrote the text and took the photos
    writer = re.search(r"(?:^|(?<=[\s/(\[]))(?:글\s*[·ㆍ/,]\s*사진|사진\s*[·ㆍ/,]\s*글|글)\s*[=:：]?\s*$", prefix)
    if writer:
        prefix = prefix[:writer.start()]
    elif re.search(r"(?:사진|촬영|영상|카메라|그래픽|편집)(?:\s*(?:취재|편집|촬영|기자))?\s*[=:：]\s*$", prefix) \
            or match["role"].strip().startswith(("사진", "영상")):
        return None          # '/사진=최현배 기자 choi@…', '영상취재 : 최양규 기자': credited for the pictures
    # 'hwangty@fnnews.com 황태윤 기자': the e-mail printed before the name
    lead_emails = emails_in(prefix)
    if lead_emails and not re.sub(rf"{EMAIL.pattern}|[\s/|,]", "", prefix):
        prefix = ""
    if len(prefix) > 40 or re.search(r"[다요]\.", prefix):
        return None
    names = _names(match["names"])
    if not names:
        return None
    info = _prefix_info(prefix)
    if info is None:
        return None
    outlet, place, desk, keywords = info
    after_place = re.match(r"^\s*\(\s*=\s*(?P<place>[가-힣·]{1,10})\s*\)", suffix)
    if after_place:
        suffix = suffix[after_place.end():]
    rest, emails = _suffix_rest(suffix)
    emails = tuple(lead_emails) + emails if lead_emails and not prefix else emails
    lead = bool(re.match(r"^\s*[\]】〉>)」』]?\s*[=|:〓]", suffix)) or any(c in prefix for c in "[(【〈<「『")
    if rest and not lead:
        return None      # "홍길동 기자는 …" or a sentence quoting a reporter: not a byline
    place = place or (after_place["place"] if after_place else "")
    return Byline(names, emails, desk, outlet, place, rest, keywords)


# where one reporter's byline ends and the next one's begins on a shared line: after the role or
# the e-mail, at a '·', ',' or '/' ('강현우 기자 · 박소연 인턴기자', '김가람 기자 kaja@…, 박소연 인턴기자')
_JOINT = re.compile(rf"(?:(?<=기자)|(?<=특파원)|(?<=통신원)|(?<=리포터)|(?<=[A-Za-z]))\s*[·ㆍ,/]\s*(?=\S)")


# an English page's byline: 'By Lee Hae-rin', 'By Park Ji-won, Staff reporter', 'By Kim Min-ji kmj@…'
_ENGLISH = re.compile(rf"^[Bb]y\s+(?P<name>[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?(?:\s[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?){{1,3}})"
                      rf"(?:\s*,\s*(?:[Ss]taff\s+)?(?:[Rr]eporter|[Ww]riter|[Cc]orrespondent|[Ee]ditor))?"
                      rf"(?:\s*[(\[]?\s*(?:{EMAIL.pattern})\s*[)\]]?)?\s*$")


def _joint(text: str) -> Byline | None:
    """Two or three reporters' bylines on one line, each with its own role (and e-mail), else None."""
    if len(_REPORTER.findall(text)) < 2:
        return None
    pieces = [p for p in _JOINT.split(text) if p.strip()]
    if len(pieces) < 2:
        return None
    parsed = [parse(piece) for piece in pieces]
    if any(b is None or not b.reporters or b.rest for b in parsed):
        return None
    first = parsed[0]
    return Byline(tuple(n for b in parsed for n in b.reporters), tuple(e for b in parsed for e in b.emails),
                  first.desk, first.outlet, first.place)


def _name_with_contact(text: str) -> Byline | None:
    """'이종일 (ljim@edaily.co.kr)' or an online paper's '안현주(ahj)': a name with its contact, no 기자."""
    match = re.match(rf"^(?P<name>[가-힣]{{2,4}})\s*\(\s*(?:(?P<email>{EMAIL.pattern})|[a-z][a-z0-9_]{{1,14}})\s*\)$", text)
    if not match:
        return None
    name = clean_name(match["name"])
    if not name or name != match["name"]:
        return None
    return Byline(reporters=(name,), emails=emails_in(match["email"] or ""))


def _email_with_label(text: str) -> Byline | None:
    """'◎공감언론 뉴시스 goodchang@newsis.com': an outlet's slogan or label before the reporter's e-mail."""
    match = re.match(rf"^(?P<pre>[^@]{{1,24}}?)\s*[:：]?\s*(?P<email>{EMAIL.pattern})\s*$", text)
    if not match or re.search(r"[다요]\.|사진|제공|=|\d{4}|메일|mail|제보|문의|연락|전화|[:：]", match["pre"] + text[len(match["pre"]):match.start("email")]):
        return None
    words = re.findall(r"[가-힣A-Za-z0-9]+", match["pre"])
    outlet = next((w for w in words if outlets.looks_like_outlet(w)), "")
    return Byline(emails=emails_in(match["email"]), outlet=outlet)


def _dateline_only(text: str) -> Byline | None:
    # '[충북일보] 청주시가 …': the outlet's name alone in brackets before the first sentence
    credit = re.match(rf"^[{_OPEN}]\s*(?P<outlet>[가-힣A-Za-z0-9]{{2,12}})\s*[{_CLOSE}]\s*(?P<rest>\S.{{14,}})$", text)
    if credit and (credit["outlet"] in outlets.KNOWN or outlets.looks_like_outlet(credit["outlet"])) \
            and credit["outlet"] not in outlets.NOT_OUTLETS and re.search(r"[다요]\.", credit["rest"]):
        return Byline(outlet=credit["outlet"], rest=credit["rest"].strip())
    # (연천=연합뉴스) or [광주=뉴시스] with no name: the wire's dateline, article text may follow.
    match = re.match(rf"^[{_OPEN}]\s*([가-힣A-Za-z·]{{1,12}}?)\s*[=〓]\s*([^{_CLOSE}=]{{2,14}}?)\s*[{_CLOSE}]\s*(.*)$", text)
    if not match or not outlets.looks_like_outlet(match[2]):
        return None
    return Byline(outlet=match[2].strip(), place=match[1].strip(), rest=match[3].strip().lstrip("=").strip())


def _prefix_info(prefix: str) -> tuple[str, str, str, str] | None:
    """(outlet, place, desk, keywords) from what stands before the name, or None if it is prose."""
    outlet = place = desk = ""
    keywords: list[str] = []
    text = prefix
    for m in _PLACE_EQ.finditer(text):
        place = m.group(1).strip()
    # (광주=뉴시스) / [광주=뉴시스]: the wire's name follows the place inside the brackets
    wire = re.search(rf"[{_OPEN}]\s*[^{_CLOSE}=〓]*[=〓]\s*([^{_CLOSE}]+?)\s*[{_CLOSE}]", text)
    if wire and outlets.looks_like_outlet(wire.group(1)):
        outlet = wire.group(1).strip()
    text = _PLACE_EQ.sub(" ", text)
    for token in re.split(rf"[\s{_OPEN}{_CLOSE}|/•·]+", text):
        token = token.strip(" =:〓")
        if not token or token == outlet:
            continue
        if token.startswith("#"):
            keywords.append(token)          # '#MBN #광주서구 #정치훈기자': a keyword list, never an outlet
            continue
        if _DESK.match(token) and not outlets.looks_like_outlet(token):
            desk = token
        elif outlets.looks_like_outlet(token) or (token and any(c in prefix for c in "[(【〈<「『") and not outlet
                                                  and token not in outlets.NOT_OUTLETS and len(token) <= 12):
            outlet = outlet or token
        elif token in outlets.NOT_OUTLETS:
            return None
        else:
            keywords.append(token)
    if keywords and (len(" ".join(keywords)) > 30 or not (prefix.lstrip().startswith("#") or len(keywords) >= 2)):
        # one unknown word before the name: a desk-less prefix we cannot place; keep it as keywords
        if len(keywords) == 1 and len(keywords[0]) <= 8:
            return outlet, place, desk, keywords[0]
        return None
    return outlet, place, desk, " ".join(keywords)


def _suffix_rest(suffix: str) -> tuple[str, tuple[str, ...]]:
    """(article text after the byline, e-mails) from what follows the name."""
    text = suffix
    text = re.sub(rf"^\s*[{_CLOSE}]", "", text)
    emails: list[str] = []
    while True:
        text = text.lstrip(" =|:〓,/()[]")
        m = EMAIL.match(text)
        if m:
            emails.append(m.group(0).rstrip("."))
            text = text[m.end():]
            continue
        d = _DATE_TAIL.match(text)
        if d and d.group(0).strip():
            text = text[d.end():]
            continue
        break
    text = re.sub(rf"^[\s{_CLOSE}=|:〓]+", "", text).strip()
    return text, tuple(emails)


_TRAILING = re.compile(
    rf"(?:(?<=[.!?\"”’'」)])|\s)\s*[/(]?\s*(?P<byline>(?:[가-힣]{{1,8}}\s*[=〓]\s*)?{NAMES}\s?{ROLE}\s*"
    rf"(?:{EMAIL.pattern})?)\s*\)?\s*$")


def split_trailing(text: str) -> tuple[str, Byline | None]:
    """'…말했다. /광주=김선덕기자 sdkim@sedaily.com' -> ('…말했다.', Byline)."""
    tail = text[-120:]
    mailed = re.search(rf"(?<=[.!?\"”’'」)])\s*[\[(<]\s*(?P<email>{EMAIL.pattern})\s*[\])>]\s*$", text)
    if mailed and not re.search(r"기자|특파원|통신원", text[mailed.start():]):
        # 'MBN뉴스 정치훈입니다. [ jung.chihoon@mbn.co.kr ]': the reporter's address after the sign-off
        return text[:mailed.start()].rstrip(), Byline(emails=emails_in(mailed["email"]))
    if not re.search(r"기자|특파원|통신원", tail):
        return text, None
    offset = len(text) - len(tail)
    match = _TRAILING.search(tail)
    if match:
        match = _TRAILING.search(text, max(0, offset - 1))
    if not match or match.start() == 0:
        return text, None
    before = text[:match.start()].rstrip()
    if not before or not re.search(r"[.!?\"”’'」)]$", before):
        return text, None
    slash = text[match.start():match.start("byline")]
    has_email = bool(EMAIL.search(match["byline"]))
    if "/" not in slash and "(" not in slash and not has_email:
        return text, None
    byline = parse(match["byline"])
    if byline is None or not byline.reporters:
        return text, None
    return before, byline


def bare_name(text: str) -> Byline | None:
    """A name standing alone beside a date, as broadcasters print it, or two or three of them
    ('김강민 정다솜 2024년 03월 26일', an investigative team's): a weak byline, else None."""
    text = text.strip(" ·|/")
    words = [w for w in re.split(r"\s*[,·ㆍ]\s*|\s+", text) if w]
    if not 1 <= len(words) <= 3:
        return None
    for word in words:
        if not re.fullmatch(r"[가-힣]{3}", word) or clean_name(word) != word or word[-1] in "시군구도읍면동리":
            return None
    return Byline(reporters=tuple(words), weak=True)


# What an outside writer is ('김정은 전남대 교육학과 교수', '박지훈 / 광주환경운동연합 사무처장'): the
# position a column, a contribution or an editorial page prints after the writer's name.
_POSITION = (r"(?:명예|객원|석좌|초빙)?교수|부교수|조교수|(?:선임|수석|책임)?연구위원|(?:선임|수석|책임)?연구원|원장|부원장|소장"
             r"|(?:상임|공동)?대표|대표이사|이사장|상임이사|이사|부?회장|위원장|(?:논설|편집|자문|전문)?위원|논설실장|주필|편집국장"
             r"|변호사|변리사|회계사|노무사|세무사|박사|작가|시인|소설가|수필가|평론가|칼럼니스트|목사|신부|스님|주지|교사|교장"
             r"|교감|총장|부총장|센터장|사무국장|사무처장|처장|관장|(?:시|도|구|군|국회)?의원|전문의|의사|한의사|약사|고문|활동가")
_WRITER = re.compile(rf"^(?:글\s*[|:：=]\s*)?(?P<name>[가-힣]{{2,4}})\s*(?:[/|,]\s*|\s+|(?=[<〈(]))[<〈(]?\s*"
                     rf"(?P<aff>(?:[가-힣A-Za-z0-9·]+\s+){{0,5}}?)(?:[가-힣A-Za-z0-9·]*?)(?P<pos>{_POSITION})\s*[>〉)]?$")


def writer(text: str) -> Byline | None:
    """An outside writer's credit line under a column's headline or after its last paragraph:
    a weak byline (a reporter's byline wins), else None."""
    text = text.strip()
    if len(text) > 45 or re.search(r"[다요]\.|[.?!]$", text):
        return None
    match = _WRITER.match(text)
    if not match or clean_name(match["name"]) != match["name"] or match["name"] in _NOT_NAMES:
        return None
    return Byline(reporters=(match["name"],), weak=True)


_REGION_STEMS = frozenset("서울 부산 대구 인천 광주 대전 울산 세종 경기 강원 충북 충남 전북 전남 경북 경남 제주 "
                          "수원 성남 고양 용인 창원 청주 전주 천안 포항 김해 목포 여수 순천".split())
_SIGN_OFF = re.compile(r"^(?:[A-Z]{2,5}|[가-힣]{0,4}(?:MBC|KBS|SBS|KBC|CBS|BBS|JTV|OBS|YTN))\s*(?:뉴스|NEWS)?\s*(?P<name>[가-힣]{3})입니다\.?$")
_SIGN_OFF_OUTLET = re.compile(r"^(?P<outlet>[가-힣A-Za-z0-9]{2,10}?)(?:\s*(?:뉴스|NEWS))?\s*(?P<name>[가-힣]{3})입니다\.?$")


def sign_off(text: str) -> Byline | None:
    """'YTN 김범환입니다.' / 'KBS 뉴스 손준수입니다.' / '연합뉴스TV 김경인입니다.': a broadcast report
    signed off by its reporter."""
    text = text.strip()
    match = _SIGN_OFF.match(text)
    if match is None:
        match = _SIGN_OFF_OUTLET.match(text)
        if match is None or not outlets.looks_like_outlet(match["outlet"]):
            return None
    name = match["name"]
    # signed off by a broadcaster, the name is a person's even when it ends like a place
    # ('JTBC 홍길동입니다.': a name standing alone ending in 동 or 시 may be a neighbourhood),
    # unless it is a city's or province's ('KBS 인천시입니다.')
    is_region = name[:2] in _REGION_STEMS and name[-1] in "시도군구"
    named = Byline(reporters=(name,), weak=True) if clean_name(name) == name and not is_region else None
    outlet = match.groupdict().get("outlet") or ""
    if named is not None and outlet in outlets.KNOWN:
        # 'TV조선 이승현입니다.': the broadcaster signs with its own name (its reporters may write
        # from the parent paper's domain, chosun.com)
        return Byline(reporters=named.reporters, outlet=outlet, weak=True)
    return named


def outlet_of(byline: Byline) -> str:
    if byline.outlet:
        return byline.outlet
    for email in byline.emails:
        name = outlets.from_email(email)
        if name:
            return name
    return ""
