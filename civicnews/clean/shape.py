"""Line shapes: what a line of a page is by its form and its words' topic, not by its wording.

Page furniture is written differently on every site ('기사 보내기', '카톡 퍼가기', 'VOD 다시보기',
'광고 영역', '[한라일보 앱 설치]'), so word lists never see all of it. What it shares is its shape:
- article prose is made of sentences: a predicate with its final ending ('…열린다.', '…쉬어요',
  '…볼 수 있습니다'), a question, or a quotation;
- furniture is short and verbless (a label: '글꼴 설정'), or a button, a nominalised verb
  ('보내기', '다시보기', '신청하기': Kiwi's -기/ETN after a verb), or a link (an arrow mark:
  '동영상 보기 ▷ …'), or a line of marks with no letters (a separator: '· · ·');
- and furniture is about the site, not about the article: it shares none of the article's
  topic words (its nouns, names, numbers with units), where a deck, an intertitle or a list
  item of the article repeats them ('■ 10년 새 14곳 폐교' above '… 분교는 14곳이다').
The layout reader (web.py) decides with these where a line stands: between the title and the
first sentence, between paragraphs, after the last sentence.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import korean
from . import outlets
from .draft import ends_sentence, squash

_CLOSERS = ("SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW")
_CONTENT_TAGS = ("NNG", "NNP", "SL", "SH", "XR")
# Words every page uses about itself: they are no evidence that a line is about the article.
_GENERIC = frozenset("""기사 뉴스 기자 사진 영상 동영상 광고 구독 공유 댓글 보기 페이지 채널 메일 이메일 정보 서비스
    최신 실시간 주요 인기 추천 오늘 전체 관련 다른 이번 지난 독자 언론 신문 방송 제보 설정 안내 문의 신청 회원 후원
    응원 이전 다음 목록 검색 로그인 홈 지역 소식 이야기 화제 이슈 콘텐츠 더보기 바로 가기 크기 글자 글씨 본문
    news NEWS News""".split())
_LINK_MARK = re.compile(r"[▷▶►▸➡→⇒»☞]|(?:^|\s)(?:>|›)\s*$")
_TRAILING_ADDRESS = re.compile(r"\s*[(\[<]?\s*(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+|www\.\S+)\s*[)\]>]?\s*$")
_SEPARATOR = re.compile(r"^(?=(?:.*[^\s\w]){3})[^\w가-힣ㄱ-ㅎㅏ-ㅣ]+$")


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple:
    return tuple(korean.tokenize(text))


def is_sentence(text: str) -> bool:
    """A sentence: it ends in a stop, a question or an exclamation mark ('…밝혔다.', '근황은?'), or
    in a predicate's final ending without one ('… 다시 볼 수 있습니다', '… 쉬어요')."""
    text = _TRAILING_ADDRESS.sub("", text.strip())     # '… 김경인입니다. (kikim@yna.co.kr)'
    if not text:
        return False
    if ends_sentence(text) or re.search(r"[?!？！][\"”’'」』)\]]*$", text):
        return True
    tokens = [t for t in _tokens(text) if not t.tag.startswith(_CLOSERS)]
    # a nominal ending with no stop is a note or a label ('뉴스 모음', '확인함'), not a sentence
    return bool(tokens) and tokens[-1].tag == "EF" and tokens[-1].form not in ("ᆷ", "음", "기")


def cut_mid_sentence(text: str) -> bool:
    """A sentence cut by a line break: the line ends in a particle or a connective ending
    ('… 셔틀버스가', '… 태우고', '… 잇는'), where a label or a headline ends in a noun."""
    if len(text) < 6 or is_sentence(text) or re.search(r"[…]$|\.\.\.$", text):
        return False
    tokens = [t for t in _tokens(text)]
    if not tokens:
        return False
    last = tokens[-1]
    if last.tag == "EC" and last.form in ("어", "아", "여", "해") \
            and not any(t.tag in ("JKS", "JKO") for t in tokens[:-1]):
        return False            # a headline's ending ('순찰도 늘려', '해법 찾아'), not a cut ('… 부지를 따라')
    # a sentence's part has a predicate or two arguments before the cut ('… 승객을 태우고',
    # '… 달리는 자율주행 셔틀버스가'); '기사 목록으로', '맨 위로' are buttons
    body = tokens[:-1]
    if len(text) < 10 or not (any(t.tag.startswith(("VV", "VA", "VX", "VCP", "XSV", "XSA")) for t in body)
                              or sum(1 for t in body if t.tag.startswith("J")) >= 1):
        return False
    return last.tag in ("JKO", "JKS", "JKB", "JX", "JKG", "JC", "EC", "ETM")


def is_button(text: str) -> bool:
    """A button's label: a short line ending in a nominalised verb ('기사 보내기', 'VOD 다시보기',
    '시민기자 신청하기', '지역 단신 더보기', '기사 전체보기'), with no subject or object before it."""
    if len(text) > 24 or is_sentence(text):
        return False
    tokens = [t for t in _tokens(text) if not t.tag.startswith(_CLOSERS)]
    if not tokens:
        return False
    last = tokens[-1]
    if last.tag == "NNG" and last.form.endswith("보기") and len(tokens) > 1:
        return True             # '전체보기' read as one noun
    if last.tag != "ETN" or last.form != "기" or len(tokens) < 2:
        return False
    if not tokens[-2].tag.startswith(("VV", "VX", "XSV", "VA")):
        return False
    # '섬 학교 살리기' is a slogan; a button does not govern an object or a subject
    return not any(t.tag in ("JKS", "JKO") for t in tokens)


def is_link(text: str) -> bool:
    """A link to elsewhere: an arrow mark in a short line that is no sentence ('동영상 보기 ▷ …',
    '지역 뉴스 더 보기 >')."""
    return len(text) <= 80 and not is_sentence(text) and bool(_LINK_MARK.search(text))


def is_separator(text: str) -> bool:
    """A line of marks and nothing else ('· · ·', '* * *', '- - -')."""
    return bool(_SEPARATOR.match(text.strip()))


def topic_words(text: str) -> set[str]:
    """The line's words that can say what it is about: nouns and names of two letters or more, a
    compound written solid as one word ('남문시장', not '남문' and '시장'), Latin words, numbers with
    their unit ('14곳', '3만㎡'); not words every page uses about itself, nor outlets' names."""
    words: set[str] = set()
    tokens = list(_tokens(text))
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.tag == "SN":
            unit = tokens[index + 1] if index + 1 < len(tokens) and tokens[index + 1].tag in ("NNB", "NNG", "NR") \
                else None
            if unit is not None:
                words.add(token.form + unit.form)
            elif len(token.form) >= 3:
                words.add(token.form)
            index += 1
            continue
        if token.tag not in _CONTENT_TAGS:
            index += 1
            continue
        # the nouns written solid with this one make one word
        end = index + 1
        while end < len(tokens) and tokens[end].tag in _CONTENT_TAGS + ("XSN", "NNB") \
                and tokens[end].start == tokens[end - 1].start + tokens[end - 1].len:
            end += 1
        form = text[token.start:tokens[end - 1].start + tokens[end - 1].len] if end - index > 1 else token.form
        index = end
        if len(form) < 2 or form in _GENERIC or form.lower() in _GENERIC or outlets.looks_like_outlet(form) \
                or form in outlets.KNOWN:
            continue
        words.add(form)
    return words


def names_outlet(text: str, names: tuple[str, ...] = ()) -> bool:
    """Whether the line names a news outlet ('무진일보는 …', 'KBS광주 유튜브 채널에서 …'), or one of the
    page's own names."""
    if any(name and name in text for name in names):
        return True
    tokens = list(_tokens(text))
    for index, token in enumerate(tokens):
        if token.tag not in _CONTENT_TAGS:
            continue
        end = index + 1
        while end < len(tokens) and tokens[end].tag in _CONTENT_TAGS + ("XSN", "SN") \
                and tokens[end].start == tokens[end - 1].start + tokens[end - 1].len:
            end += 1
        form = text[token.start:tokens[end - 1].start + tokens[end - 1].len]
        # a proper name in an outlet's shape ('무진일보'); a common noun can end like one ('가정통신문')
        if form in outlets.KNOWN or (token.tag in ("NNP", "SL") and len(form) >= 3 and outlets.looks_like_outlet(form)):
            return True
    return False


def addresses_reader(text: str) -> bool:
    """A request to the reader ('… 보내 주세요.', '… 참여 바랍니다', '… 확인하십시오')."""
    return bool(re.search(r"(?:세요|십시오|주십시오|바랍니다|바라요)[.!]?$", text.strip()))


def shared_topic(text: str, reference: str) -> int:
    """How many of the line's topic words the reference text (the article, or the next paragraph)
    also uses; words are compared without spaces, so a compound matches its parts ('상인' in '상인회')."""
    if not reference:
        return 0
    squashed = squash(reference).lower()
    return sum(1 for word in topic_words(text) if word.lower() in squashed)
