"""Korean analysis of each article: keywords, topics, mentions, events, money, summary.

Two steps, so that Kiwi runs at most once per text:

1. per text (cached by korean.analyse_cached, keyed by the text's hash and the analyser
   version): one batched Kiwi pass over every title block (title + subtitles) and every body
   turns each text into a compact record: sentence spans, search terms, noun chunks (the
   archive-independent raw material of keywords), entity candidates and a MinHash fingerprint;
2. per archive (cheap, never re-analysed): noun chunks are cut into compounds with a lexicon
   learned from the archive, keywords are ranked by TF-IDF, topics assigned by lemma evidence,
   short references ("이 시장") resolved to the people already named, places read in context
   (광주시 of 경기도 is not 광주광역시), dates resolved against the article's date, money
   normalised to won, and entity slugs made unique over the archive.
"""
from __future__ import annotations

import gc
import hashlib
import json
import math
import pickle
import re
import sys
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from . import config, korean, stats
from .articles import key_line, plain, plain_text
from .models import Article, ArticleAnalysis, Event, Mention, Money, Problem, Topic
from .names import DOUBLE_SURNAMES, SURNAMES
from .slugs import unique_slugs

SEARCH_TAGS = ("NNG", "NNP", "NR", "SL", "SN", "SH", "VV", "VA", "XR")
DERIVE_VERSION = "2"                 # part of the cache namespace: bump when derive_text changes
SUMMARY_CHARS = 160
KEYWORD_MIN, KEYWORD_MAX = config.KEYWORDS_PER_ARTICLE
TITLE_WEIGHT = 3                     # a term in the title block counts as three in the body
LEMMAS_PER_ARTICLE = 40
TOPIC_RELATIVE = 1 / 4
FINGERPRINT_SIZE = 32                # MinHash values per body (near-duplicate detection)

# ---------------------------------------------------------------- word lists

_NOUN_TAGS = frozenset(("NNG", "NNP"))
# Noun suffixes that make a new noun with the noun before them (keywords keep them).
_GLUED_SUFFIXES = frozenset(("화", "성", "력", "권", "률", "율", "량"))

# Generic nouns that say nothing about an article (news prose and administration).
STOP_NOUNS = frozenset("""
것 수 등 및 때 중 곳 점 측 데 바 뿐 채 쯤 듯 이 그 저 의 를 을 가 는 은
이번 지난 오는 올해 내년 작년 지난해 지난달 이달 당시 현재 최근 이후 이전 앞 뒤 향후 오늘 이날 전날 다음
관련 위해 통해 대해 대한 따라 가운데 경우 이상 이하 이내 미만 정도 부분 내용 문제 결과 방안 방침 계획 예정
추진 진행 개최 운영 지원 마련 확대 강화 활용 제공 구축 조성 개발 도입 참여 참가 실시 시행 검토 논의 협의
기자 사진 제공 관계자 설명 발표 소개 언급 기대 강조 평가 전망 분석 확인 말 뜻 의미 의견 입장 상황 시작 마무리
대상 기준 규모 수준 분야 부문 방식 형태 과정 단계 기간 시기 시간 날 해 달 월 년 일 주 명 개 곳 건 원 억 조
전체 일부 각각 모두 다양 주요 핵심 중심 기반 일환 하나 자체 상호 공동 관내 지역 국내 해외 전국 일대 인근
시 도 군 구 동 측면 차원 당국 정부 기관 단체 시민 주민 국민 사람 사회 사업 이용 필요 가능 위원 대표 씨
연구소 센터 연구원 회사 전문회사 업체 기업체 출신 일행 자리 모습 이름 설립 체결 성과
""".split())

# Person titles: a role ends with one of these ("광주광역시장", "미래차산업팀장", "대표이사").
ROLE_SUFFIXES = (
    "대표이사", "이사장", "부이사장", "위원장", "부위원장", "도지사", "구청장", "군수", "시장", "부시장", "청장",
    "장관", "차관", "의원", "의장", "부의장", "대통령", "총리", "비서관", "대변인", "수석", "회장", "부회장",
    "사장", "부사장", "대표", "이사", "원장", "부원장", "총장", "학장", "교수", "센터장", "소장", "본부장",
    "실장", "국장", "과장", "팀장", "부장", "차장", "단장", "관장", "처장", "주무관", "사무관", "연구원",
    "변호사", "감독", "지사", "지검장", "서장",
)
# A title that does not say of what: it takes the organisation written before it.
BARE_TITLES = frozenset((
    "대표이사", "대표", "이사장", "이사", "사장", "부사장", "회장", "부회장", "원장", "부원장", "총장", "소장",
    "센터장", "본부장", "단장", "관장", "처장", "위원장", "부위원장", "의장", "시장", "부시장", "청장", "과장",
    "팀장", "실장", "국장", "부장", "차장", "교수", "연구원", "의원", "장관", "차관", "감독", "지사", "군수",
    "구청장",
))
BYLINE_WORDS = frozenset(("기자", "특파원", "통신원", "객원기자", "인턴기자"))

ORG_SUFFIXES = (
    "진흥원", "연구원", "연구소", "재단", "공사", "공단", "협회", "위원회", "사업단", "센터", "대학교", "대학",
    "병원", "은행", "의회", "협의회", "연합회", "조합", "학회", "그룹", "캐피탈", "통신부", "부", "청", "처",
    "공업", "산전", "전자", "증권", "보험", "신문", "방송", "일보",
)
# An organisation name that is only a generic word is not an organisation.
GENERIC_ORGS = frozenset("""
연구소 연구원 센터 재단 공사 공단 협회 위원회 사업단 대학 대학교 병원 은행 의회 시의회 도의회 구의회 혁신센터 추진위원회 추진위
컴퓨팅센터 데이터센터 연구법인 독립법인 그룹 정부 내부 외부 일부 전부 본부 간부 세부 지부 시청 도청 구청 군청
부처 기업 협의회 조합 학회 공업 전자 신문 방송 대표도시 일보 행정복지센터 복지센터 고객센터 콜센터 수리센터
""".split())

# Places: canonical names of the provinces and metropolitan cities, and the forms that mean them.
_REGIONS = {
    "서울특별시": "서울 서울시 서울특별시",
    "부산광역시": "부산 부산시 부산광역시",
    "대구광역시": "대구 대구시 대구광역시",
    "인천광역시": "인천 인천시 인천광역시",
    "광주광역시": "광주 광주시 광주광역시",
    "대전광역시": "대전 대전시 대전광역시",
    "울산광역시": "울산 울산시 울산광역시",
    "세종특별자치시": "세종 세종시 세종특별자치시",
    "경기도": "경기 경기도",
    "강원특별자치도": "강원 강원도 강원특별자치도",
    "충청북도": "충북 충청북도",
    "충청남도": "충남 충청남도",
    "전북특별자치도": "전북 전라북도 전북특별자치도",
    "전라남도": "전남 전라남도",
    "경상북도": "경북 경상북도",
    "경상남도": "경남 경상남도",
    "제주특별자치도": "제주 제주도 제주특별자치도",
}
REGION_OF = {form: canonical for canonical, forms in _REGIONS.items() for form in forms.split()}
PROVINCES = frozenset(("경기도", "강원특별자치도", "충청북도", "충청남도", "전북특별자치도", "전라남도",
                       "경상북도", "경상남도", "제주특별자치도"))
# Names of a metropolitan city that a city of a province also bears: read in context.
AMBIGUOUS_CITIES = {"광주": "광주시", "광주시": "광주시", "고성": "고성군", "고성군": "고성군"}
FOREIGN_PLACES = frozenset("""
미국 일본 중국 러시아 독일 프랑스 영국 캐나다 호주 베트남 인도 인도네시아 싱가포르 대만 홍콩 북한 태국 필리핀 말레이시아
이탈리아 스페인 네덜란드 스웨덴 핀란드 덴마크 노르웨이 스위스 이스라엘 사우디아라비아 아랍에미리트 브라질 멕시코 몽골
우즈베키스탄 카자흐스탄 튀르키예 터키 폴란드 유럽 아시아 아프리카 중동 실리콘밸리 뉴욕 워싱턴 샌프란시스코 로스앤젤레스
도쿄 오사카 센다이 베이징 상하이 파리 런던 베를린 하노이 호찌민 자카르타 시드니 팔로알토
""".split())
_DISTRICT = re.compile(r"^(?:동|서|남|북|중|광산|수성|달서|해운대|유성|대덕|연수|부평|남동|미추홀|계양|울주)구$")
_PLACE_SUFFIX = re.compile(r"^[가-힣]{1,4}(?:시|군|구|읍|면)$")
_NOT_PLACES = frozenset("전시 도시 당시 동시 역시 수시 임시 상시 즉시 표시 지시 개시 무시 게시 감시 제시 실시 정시 "
                        "혹시 다시 비구 연구 요구 추구 도구 가구 입구 출구 인구 친구 창구 장구 기구 용구 보장구 공구 "
                        "항구 전구 방면 측면 이면 표면 장면 지면 국면 전면 화면".split())

# Money: labels written before an amount.
MONEY_LABELS = ("총사업비", "사업비", "국비", "시비", "도비", "구비", "군비", "지방비", "민자", "민간자본", "민간투자",
                "자부담", "기금", "출연금", "보조금", "예산", "투자금", "투자비", "매출", "지원금")
# a label may have been split by spacing ("총 사업비")
_LABEL = re.compile("|".join(r"\s?".join(label) for label in sorted(MONEY_LABELS, key=len, reverse=True)))
_UNITS = {"조": 10 ** 12, "억": 10 ** 8, "천만": 10 ** 7, "백만": 10 ** 6, "십만": 10 ** 5, "만": 10 ** 4, "천": 10 ** 3}
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MONEY = re.compile(
    rf"(?<![\d.,])(?P<amount>(?:(?:{_NUM})\s*(?:조|억|천만|백만|십만|만|천)\s*)+(?:(?:{_NUM})\s*)?"
    rf"(?P<won>원)?|(?:{_NUM})\s*(?P<won2>원))(?![가-힣]*(?:화|달러))")
_PART = re.compile(rf"({_NUM})\s*(조|억|천만|백만|십만|만|천)?")
_NOT_WON = re.compile(r"\s*(?:달러|엔|위안|유로|파운드|명|건|개|톤|마리|대|회|년|배|주|장|권|곳|가구|그루|kWh|kW|MW|평|㎡|부|병)")

# Dates written in a sentence.
_REL = r"(?:(?P<rel>지난|오는|올|올해|내년|작년|지난해)\s*)?"
_DATE = re.compile(
    r"(?<![\d.,])" + _REL +
    r"(?:(?P<y>(?:19|20)\d{2})\s*년(?:\s*(?P<ym>\d{1,2})\s*월(?:\s*(?P<yd>\d{1,2})\s*일)?)?"
    r"|(?P<m>\d{1,2})\s*월(?:\s*(?P<md>\d{1,2})\s*일)?"
    r"|(?P<d>\d{1,2})\s*일"
    r"|(?P<word>지난달|지난해|올해|내년|작년|이달|다음달))"
    r"(?P<tail>(?:\s*(?:오전|오후)?\s*\d{1,2}\s*시(?!간)(?:\s*\d{1,2}\s*분)?)?\s*(?:부터|까지|~|∼|-|–)?)")
# Where a match of _MONEY (a number) and of _DATE (a number or one of its words) can start.
# Both open with a look-behind, which keeps re from skipping ahead to such a character: it
# tries the pattern at every position of a sentence; _matches() tries it only at these.
_MONEY_STARTS = re.compile(r"\d")
_DATE_STARTS = re.compile(r"[\d지오올내작이다]")
_NOT_DATE_AFTER = re.compile(r"\s*(?:간|동안|째|이내|대(?![가-힣]))|\s*\d+\s*시간")
_REPORTING = re.compile(r"\s*(?:밝혔|말했|전했|발표했|설명했|강조했|덧붙였|공개했)|\s*[가-힣]{1,12}(?:에|에게)?\s*따르면")
_MAY_DATE_OR_MONEY = re.compile(r"\d|지난달|지난해|내년|작년|다음달")
_YEARS_SPAN = re.compile(r"(\d{1,2})\s*년\s*간")


def title_text(article: Article) -> str:
    return "\n".join((article.title,) + tuple(article.subtitles))


def body_text(article: Article) -> str:
    text = plain_text(article.body)
    if not text and article.photos:                  # a photo item: its caption is its text
        text = "\n\n".join(p.caption for p in article.photos if p.caption)
    return text


# ---------------------------------------------------------------- step 1: one text (cached)

# Tokens are read as korean.sentence_records() gives them: (form, tag, start, end) tuples.
# The word tests below are asked about the same words over and over (a name, a title, a
# place in every other sentence of an archive), so each answer is kept.

@lru_cache(maxsize=1 << 16)
def _is_name(form: str) -> bool:
    """Does form look like a Korean person's name (surname + given name, 3 syllables, or 4
    with a two-syllable surname)?"""
    if not (3 <= len(form) <= 4) or not all("가" <= c <= "힣" for c in form):
        return False
    if form in REGION_OF or form in FOREIGN_PLACES or form.endswith(ORG_SUFFIXES):
        return False
    if len(form) == 4:
        return form[:2] in DOUBLE_SURNAMES
    return form[0] in SURNAMES


@lru_cache(maxsize=1 << 16)
def _role_end(form: str) -> bool:
    return form.endswith(ROLE_SUFFIXES)


@lru_cache(maxsize=1 << 16)
def _org_end(form: str) -> bool:
    return form.endswith(ORG_SUFFIXES)


def _gap(text: str, end: int, start: int) -> str:
    """What separates a token ending at `end` from one starting at `start`: "" glued,
    " " white space only, else "|"."""
    between = text[end:start]
    if not between:
        return ""
    return " " if between.isspace() and "\n" not in between else "|"


_PRIME = (1 << 31) - 1
# The fixed hash functions of the MinHash, (a * value + b) mod _PRIME (same text, same
# fingerprint): FINGERPRINT_SIZE draws of numpy.random.default_rng(20191013).integers(1, _PRIME)
# for a, then as many of integers(0, _PRIME) for b (a test draws them again).
_MIX_A = (1247440017, 1596201903, 1020340460, 1329333915, 1922979423, 60788571, 822494376, 1339794062,
          569192801, 1946777407, 1753131318, 32436221, 519659535, 217417702, 1580228069, 685378245,
          974898640, 274737166, 232146615, 1070390643, 29754341, 981242955, 255070884, 1407114203,
          1740317669, 1021332232, 826114773, 2069442776, 718214099, 1513334490, 1166208500, 42158193)
_MIX_B = (737329187, 227927768, 1978827372, 770580335, 2054832193, 660019724, 1474266639, 1038313116,
          1054534922, 951024012, 1872442607, 1132890612, 1078199478, 1959021584, 131605717, 1495940042,
          1253040894, 1352491476, 337652525, 817653575, 143205837, 879862548, 1423588231, 2118620606,
          1034623290, 1238683302, 566991808, 2122772431, 839099985, 482956583, 2099940349, 2119182453)
PLAIN_SHINGLES = 4000     # up to this many 3-grams, a process without numpy loaded does without it


@lru_cache(maxsize=1)
def _mixers():
    """_MIX_A and _MIX_B as numpy columns."""
    np = _numpy()
    return np.array(_MIX_A, dtype=np.uint64)[:, None], np.array(_MIX_B, dtype=np.uint64)[:, None]


def fingerprint(forms: list[str]) -> list[int]:
    """MinHash of a text's 3-grams of morphemes: spacing and punctuation do not change it."""
    if len(forms) < 3:
        return []
    shingles = _shingles(forms)
    if "numpy" not in sys.modules and len(shingles) <= PLAIN_SHINGLES:
        # the analyser's helper (see korean.prepare) analyses an edited article or two, and
        # importing numpy there would take longer than this
        return _minhash_plain(shingles)
    return _minhash(shingles)


def _minhash_plain(shingles: set[int]) -> list[int]:
    """_minhash() in Python integers: the same values."""
    values = [value % _PRIME for value in shingles]
    return [min([(a * value + b) % _PRIME for value in values]) for a, b in zip(_MIX_A, _MIX_B)]


def _minhash(shingles: set[int]) -> list[int]:
    """The least (a * value + b) mod _PRIME over the 3-grams' values, for each hash function."""
    mix_a, mix_b = _mixers()
    prime = mix_a.dtype.type(_PRIME)
    values = _numpy().fromiter(shingles, dtype=mix_a.dtype)
    values %= prime
    # (a * value + b) mod prime for each hash function (rows) and 3-gram (columns), worked
    # in place on one matrix (all below 2**62: no overflow)
    mixed = mix_a * values
    mixed += mix_b
    mixed %= prime
    return mixed.min(axis=1).tolist()


@lru_cache(maxsize=1)
def _numpy():
    import numpy
    return numpy


def _shingles(forms: list[str]) -> set[int]:
    """The CRC-32 of each 3-gram of forms, the three joined by "\x1f" in UTF-8. All the
    forms are joined and encoded once and each 3-gram is a slice of that (joining and
    encoding every 3-gram again cost a third of a text's derivation)."""
    data = "\x1f".join(forms).encode("utf-8")
    starts = list(accumulate([size + 1 for size in map(len, map(str.encode, forms))], initial=0))
    crc32 = zlib.crc32
    return {crc32(data[a:b - 1]) for a, b in zip(starts, starts[3:])}


_SEARCH_TAGS = frozenset(SEARCH_TAGS)
_SHINGLE_SYMBOLS = frozenset(("SL", "SN", "SH"))       # the symbol tags a fingerprint keeps
_END = itemgetter(3)


def derive_text(text: str, sentences: list[list]) -> dict:
    """What the archive-level analysis needs from one text's tokens (stored in the cache).

    s: sentence spans [[start, end], ...] (Kiwi's boundaries, glued periods split)
    t: search terms, lower-cased morphemes in order, joined by spaces
    k: keyword terms of the noun chunks with their counts; x: the morphemes inside them
       (see _segment_text)
    p: people [name, role, org, sentence]; r: short references [surname, title, sentence];
       n: bare names [name, sentence]; o: organisations [name, sentence];
       l: places [name, province written before it or "", sentence]
    f: MinHash fingerprint of the text's morphemes
    """
    groups = korean.sentence_records(sentences)
    spans, terms, chunks, forms = [], [], [], []
    people, refs, names, orgs, places = [], [], [], [], []
    search_tags, symbols, noun_tags, glued = _SEARCH_TAGS, _SHINGLE_SYMBOLS, _NOUN_TAGS, _GLUED_SUFFIXES
    for index, tokens in enumerate(groups):
        spans.append([tokens[0][2], max(map(_END, tokens))])
        # noun chunks: tokens of a chunk joined by "+" (glued) or " " (white space between),
        # each chunk a string; Latin words are chunks of their own
        chunk: list[str] = []
        previous_tag, previous_end = "", 0         # of the token before ("": none yet)
        for form, tag, start, end in tokens:
            if tag in search_tags:
                terms.append(form.lower().replace(" ", ""))
            if tag[0] != "S" or tag in symbols:
                forms.append(form)
            if tag in noun_tags:
                if chunk and previous_tag in noun_tags:
                    gap = _gap(text, previous_end, start)
                    if gap == "|":
                        chunks.append("".join(chunk))
                        chunk = []
                    else:
                        chunk.append("+" if gap == "" else " ")
                elif chunk:
                    chunks.append("".join(chunk))
                    chunk = []
                chunk.append(form.replace(" ", ""))
            elif (tag == "XSN" and form in glued and chunk and previous_tag in noun_tags
                  and _gap(text, previous_end, start) == ""):
                chunk[-1] += form                  # 효율+화 -> 효율화, 경쟁+력 -> 경쟁력
                continue                           # the token before stays the noun it extends
            else:
                if chunk:
                    chunks.append("".join(chunk))
                    chunk = []
                if tag == "SL":
                    chunks.append(form)
            previous_tag, previous_end = tag, end
        if chunk:
            chunks.append("".join(chunk))
        _entities(text, tokens, index, people, refs, names, orgs, places)
    counts, components = _segment_text(chunks, {name for name, _ in orgs} | {org for *_, org, _ in people if org})
    return {"s": spans, "t": " ".join(terms), "k": counts, "x": components, "p": people, "r": refs, "n": names,
            "o": orgs, "l": places, "f": fingerprint(forms)}


def _segment_text(chunks: list[str], organisations: set[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Keyword terms of a text and the morphemes inside its compounds, with their counts.

    The lexicon is the built-in compounds, this text's organisations, and the glued noun pairs
    and triples that stand alone in this text ("컴퓨팅+센터"): a press release repeats its
    compounds, and keeping the lexicon per text keeps this result cacheable with the text."""
    learned = {chunk.replace("+", "") for chunk in chunks
               if "+" in chunk and " " not in chunk and chunk.count("+") <= 2}
    segment = _Segmenter(BUILTIN_COMPOUNDS | learned | {o.replace(" ", "") for o in organisations})
    terms: list[str] = []
    inside: list[str] = []
    for chunk in chunks:
        if "+" not in chunk and " " not in chunk:
            if chunk:
                terms.append(chunk)            # one noun (most chunks): itself, nothing inside
            continue
        found = segment(chunk)
        terms.extend(found[0])
        inside.extend(found[1])
    # counted first, then each distinct term asked once whether it may be a keyword
    counts = sorted(Counter(terms).items())
    within = sorted(Counter(inside).items())
    return ({t: n for t, n in counts if _keyword_ok(t)}, {t: n for t, n in within if _keyword_ok(t)})


def _noun_run(text: str, tokens: list, i: int, limit: int = 8) -> list:
    """The nouns from tokens[i] on, across white space, skipping one parenthesis right after
    the name ("이용섭(왼쪽) 광주광역시장")."""
    run: list = []
    j, n = i, len(tokens)
    while j < n and len(run) < limit:
        tok = tokens[j]
        if tok[1] == "SSO" and tok[0] == "(" and not run:
            k = j + 1
            while k < n and k < j + 8 and tokens[k][1] != "SSC":
                k += 1
            if k + 1 < n and tokens[k][1] == "SSC":
                j = k + 1
                continue
            break
        if tok[1] not in _NOUN_TAGS:
            break
        if run and _gap(text, run[-1][3], tok[2]) == "|":
            break
        run.append(tok)
        j += 1
    return run


def _words(text: str, run: list) -> list[list]:
    """The run's tokens grouped into words: glued tokens form one word; a proper noun glued
    to what follows starts a new one ("광주시인공지능정책과장" -> 광주시 | 인공지능정책과장)."""
    words: list[list] = []
    for k, tok in enumerate(run):
        if k and _gap(text, run[k - 1][3], tok[2]) == "" and run[k - 1][1] != "NNP":
            words[-1].append(tok)
        else:
            words.append([tok])
    return words


def _split_role(text: str, run: list, qualifier: str = "") -> tuple[str, str] | None:
    """(role, organisation) if the noun run after a name ends with a title.

    A specific title stands alone (미래차산업팀장, 광주광역시장); a bare one takes the
    organisation written before it (인코어드 대표이사). Short common nouns right before a
    title are a compound that spacing split ("장애인 복지 과장" -> 장애인복지과장)."""
    if not run or not _role_end("".join(t[0] for t in run)):
        return None
    if run[0][1] == "NNP" and _is_name(run[0][0]):
        return None                            # "인코어드 최종웅 대표이사": the name comes later
    words = _words(text, run)
    role = "".join(t[0] for t in words[-1])
    if not _role_end(role):
        return None
    before = [("".join(t[0] for t in w), all(t[1] == "NNG" for t in w)) for w in words[:-1]]
    if qualifier:
        before.insert(0, (qualifier, False))
    glued = 0
    while before and before[-1][1] and len(before[-1][0]) <= 4 and glued < 3:
        role = before.pop()[0] + role
        glued += 1
    if not glued and role in BARE_TITLES and before:
        org = before[-1][0]
        return f"{org} {role}", ("" if _place_name(org) else org)
    return role, ""


def _name_at(text: str, tokens: list, i: int) -> tuple[str, int, str] | None:
    """(name, index after it, glued qualifier) if a person's name starts at tokens[i]:
    a proper noun "강기정"; a name glued to a place by lost spacing "최태조광주시"; or a name
    that spacing broke into syllables "송 숙 란", "윤 진보"."""
    form, tag = tokens[i][0], tokens[i][1]
    if tag == "NNP" and _is_name(form):
        return form, i + 1, ""
    if tag in _NOUN_TAGS and len(form) >= 5 and _is_name(form[:3]):
        rest = form[3:]
        if rest in REGION_OF or _org_end(rest) or _place_name(rest):
            return form[:3], i + 1, rest
    if len(form) == 1 and form in SURNAMES and tag in ("NNP", "NNG"):
        parts, k = [form], i + 1
        while k < len(tokens) and len("".join(parts)) < 3 and _gap(text, tokens[k - 1][3], tokens[k][2]) == " ":
            nxt = tokens[k][0]
            if not all("가" <= c <= "힣" for c in nxt) or len(nxt) > 2:
                break
            parts.append(nxt)
            k += 1
        name = "".join(parts)
        if len(parts) > 1 and len(name) == 3:
            return name, k, ""
    return None


_ENTITY_TAGS = frozenset(("NNP", "NNG", "MM", "SSO"))    # where a mention can start


def _entities(text, tokens, index, people, refs, names, orgs, places) -> None:
    used: set[int] = set()
    n = len(tokens)
    starts = [i for i, tok in enumerate(tokens) if tok[1] in _ENTITY_TAGS]
    for i in starts:
        if i in used:
            continue
        tok = tokens[i]
        form, tag = tok[0], tok[1]
        # "광주도시철도공사(사장 윤진보)": organisation, then (title name)
        if tag == "SSO" and form == "(" and i + 3 < n and i >= 1 and tokens[i + 1][0] in BARE_TITLES:
            found = _name_at(text, tokens, i + 2)
            if found and found[1] < n and tokens[found[1]][1] == "SSC" and tokens[i - 1][1] in _NOUN_TAGS:
                org = _org_before(text, tokens, i - 1)
                if org:
                    people.append([found[0], f"{org} {tokens[i + 1][0]}", org, index])
                    used.update(range(i + 2, found[1]))
            continue
        if tag not in ("NNP", "NNG", "MM"):
            continue
        found = _name_at(text, tokens, i) if tag != "MM" else None
        if found:
            name, after, qualifier = found
            nxt = tokens[after][0] if after < n else None
            if nxt is not None and (nxt in BYLINE_WORDS or nxt.endswith("기자")):
                used.update(range(i, after))
                continue                      # a byline, not a subject
            split = _split_role(text, _noun_run(text, tokens, after), qualifier)
            if split:
                role, org = split
                if role in BARE_TITLES:
                    before = _word_before(text, tokens, i)      # "인코어드 최종웅 대표이사"
                    if before and not _place_name(before):
                        role, org = f"{before} {role}", before
                people.append([name, role, org, index])
                used.update(range(i, after))
                continue
            if tag == "NNP" and after == i + 1:
                names.append([name, index])
                continue
        # "이 시장", "최 대표": a surname and a title that stand for someone named before
        if len(form) == 1 and form in SURNAMES and i + 1 < n:
            nxt = tokens[i + 1]
            if (nxt[0] in BARE_TITLES and _gap(text, tok[3], nxt[2]) == " "
                    and (i + 2 >= n or _gap(text, nxt[3], tokens[i + 2][2]) != "")):
                refs.append([form, nxt[0], index])
            continue
        if tag == "NNP" and _place_name(form):
            province = ""
            if i >= 1 and tokens[i - 1][1] == "NNP" and _gap(text, tokens[i - 1][3], tok[2]) == " ":
                province = REGION_OF.get(tokens[i - 1][0], "")
            places.append([form, province if province in PROVINCES else "", index])
    # organisations: noun runs ending with an organisation word (asked first: most nouns are not)
    for i in starts:
        tok = tokens[i]
        if tok[1] in _NOUN_TAGS and _org_end(tok[0]) and (i + 1 >= n or tokens[i + 1][1] not in _NOUN_TAGS
                                                          or _gap(text, tok[3], tokens[i + 1][2]) != ""):
            name = _org_before(text, tokens, i)
            if name:
                orgs.append([name, index])


def _word_before(text: str, tokens: list, i: int) -> str:
    """The noun word written just before tokens[i] ("인코어드" in "인코어드 최종웅 대표이사")."""
    k = i - 1
    if k < 0 or tokens[k][1] not in _NOUN_TAGS or _gap(text, tokens[k][3], tokens[i][2]) != " ":
        return ""
    word = tokens[k][0]
    while k >= 1 and tokens[k - 1][1] in _NOUN_TAGS and _gap(text, tokens[k - 1][3], tokens[k][2]) == "":
        k -= 1
        word = tokens[k][0] + word
    return word if (tokens[i - 1][1] == "NNP" or _org_end(word)) else ""


_FORMAL_ORG_SUFFIXES = ("진흥원", "연구원", "연구소", "재단", "공사", "공단", "협회", "위원회", "사업단", "통신부",
                        "부", "청", "처", "대학교", "의회")


def _org_before(text: str, tokens: list, i: int) -> str:
    """The organisation name ending at tokens[i], or ""."""
    last = tokens[i][0]
    if not _org_end(last):
        return ""
    parts = [tokens[i]]
    k = i
    while k >= 1 and tokens[k - 1][1] in _NOUN_TAGS and len(parts) < 7:
        before = tokens[k - 1]
        gap = _gap(text, before[3], tokens[k][2])
        if gap == "|":
            break
        if gap == " " and _place_name(before[0]) and not any(t[1] == "NNP" for t in parts):
            parts.insert(0, before)            # "광주 여성 가족 재단": spacing split a name
            break
        if gap == " " and (_org_end(before[0]) or _place_name(before[0])
                           or before[0] in STOP_NOUNS or _is_name(before[0])):
            break                              # "광주시지체장애인협회 보장구수리센터": two names
        parts.insert(0, before)
        k -= 1
    name = "".join(t[0] for t in parts)
    if len(name) < 4 or name in GENERIC_ORGS or _place_name(name) or _is_name(name):
        return ""
    if name.endswith(("부", "청", "처")) and len(last) < 3:
        return ""                              # 정부, 일부, 본부, 시청 ...
    if not any(t[1] == "NNP" for t in parts):
        if not name.endswith(_FORMAL_ORG_SUFFIXES):
            return ""                          # 보장구수리센터, 빅데이터플랫폼전문회사
        if any(name.endswith(generic) for generic in GENERIC_ORGS if len(generic) >= 4):
            return ""                          # 주소지행정복지센터: a kind of office, not a name
    return name


@lru_cache(maxsize=1 << 16)
def _place_name(form: str) -> str:
    """form if it names a place (region, country, foreign city, city/county/district)."""
    if form in REGION_OF or form in FOREIGN_PLACES or form in AMBIGUOUS_CITIES:
        return form
    if form in _NOT_PLACES or _role_end(form):
        return ""
    return form if _PLACE_SUFFIX.match(form) else ""


# ---------------------------------------------------------------- step 2: the archive

@dataclass(frozen=True)
class _Own:
    """What one article gives on its own, kept in the build state for every article (so it is
    compact: no token data, no text, strings shared across articles)."""
    terms: tuple[str, ...]                # keyword candidates, sorted
    tf: tuple[int, ...]                   # their frequencies, a title block's counted TITLE_WEIGHT times
    topics: tuple[str, ...]               # assigned by its evidence (the taxonomy is in the key)
    mentions: tuple                       # (kind, name, role, count), most named first
    events: tuple[Event, ...]
    money: tuple[Money, ...]
    summary: str
    title_terms: str                      # search terms, space-separated
    body_terms: str
    fingerprint: tuple[int, ...]


def check_pins(articles: list[Article], topics: tuple[Topic, ...], content_dir: Path | None = None) -> list[Problem]:
    """Problems with topics pinned in front matter that the taxonomy does not know, each at the
    line of its 'topics:' key (paths as the loader names them: under content_dir when given)."""
    known = {t.slug for t in topics}
    problems = []
    for a in articles:
        unknown = [t for t in a.topics if t not in known]
        if not unknown:
            continue
        path = content_dir / a.path if content_dir is not None else Path(a.path)
        problems += [Problem(path.as_posix(), key_line(path, "topics"),
                             f"unknown topic {t!r}: add it to content/topics.yaml or use one of "
                             f"{', '.join(sorted(known))}", "warning") for t in unknown]
    return problems


def analyse_articles(articles: list[Article], topics: tuple[Topic, ...], cache_dir: Path | None,
                     progress=None, memo: dict | None = None, own: dict | None = None,
                     hashed: dict | None = None, archive: dict | None = None) -> dict[str, ArticleAnalysis]:
    """Every article's analysis with its search terms (see analyse())."""
    found = analyse(articles, topics, cache_dir, progress, memo, own, hashed, archive)
    intern = sys.intern
    return {slug: replace(a, title_terms=tuple(map(intern, found.terms[slug][0].split())),
                          body_terms=tuple(map(intern, found.terms[slug][1].split())))
            for slug, a in found.analyses.items()}


@dataclass(frozen=True)
class Analysed:
    """The analysis stage's result."""
    analyses: dict[str, ArticleAnalysis]             # without search terms
    terms: Mapping[str, tuple[str, str]]             # slug -> search terms of its title block and body, space-separated
    before: dict[str, ArticleAnalysis | None]        # the last build's analysis of each article analysed again
    before_terms: dict[str, tuple[str, str]]         # ... and its search terms


def analyse(articles: list[Article], topics: tuple[Topic, ...], cache_dir: Path | None,
            progress=None, memo: dict | None = None, own: dict | None = None,
            hashed: dict | None = None, archive: dict | None = None, fresh: set[str] | None = None) -> Analysed:
    """Every article's analysis; Kiwi runs only on texts not already in cache_dir.

    memo, own, hashed (the build state's): Kiwi's derived data by text, each article's own
    analysis by a hash of the article and the taxonomy, and slug -> (its file, taxonomy hash,
    that hash); all refreshed in place to hold exactly these articles; archive: the
    archive-wide step's memory (archive_step). fresh: the slugs of the articles read from
    their files again (None: all); any other article is the very one `hashed` has for its
    slug and file, and is not pickled and hashed again."""
    articles = list(articles)
    if not articles:
        return Analysed({}, {}, {}, {})
    cache = korean.DiskCache(cache_dir, f"text-{DERIVE_VERSION}")
    # what one article gives on its own (terms, topics, mentions, events, summary) depends on
    # nothing else: a rebuild takes it from the build state while the article is the same
    store = own if own is not None else {}
    taxonomy = hashlib.sha1(pickle.dumps(topics, protocol=5)).digest()
    known = hashed if hashed is not None else {}
    keys = []
    for a in articles:
        found = known.get(a.slug)
        if found is not None and fresh is not None and a.slug not in fresh and found[0] == a.path \
                and found[1] == taxonomy:
            keys.append(found[2])
        else:
            keys.append(hashlib.sha1(taxonomy + pickle.dumps(plain(a), protocol=5)).hexdigest())
    if hashed is not None:
        hashed.clear()
        hashed.update((a.slug, (a.path, taxonomy, key)) for a, key in zip(articles, keys))
    todo = [i for i, key in enumerate(keys) if key not in store]
    texts = [text for i in todo for text in (title_text(articles[i]), body_text(articles[i]))]
    # each text's derived data is used as it comes and let go: on a large archive all of it
    # at once would take gigabytes
    derived = korean.analyse_each(texts, derive_text, cache, progress, memo)
    for n, (i, title, body) in enumerate(zip(todo, derived, derived)):
        store[keys[i]] = _own_analysis(articles[i], title, body, texts[2 * n + 1], topics)
        if n % 1000 == 999:
            # what is made so far lives to the end of the build: the collector's full runs,
            # beside Kiwi on both cores, need not walk it again and again as it grows
            gc.freeze()
    archive = archive if archive is not None else {}
    last = dict(archive.get("results") or {})
    found = archive_step(articles, keys, store, archive)
    before = {slug: (last[slug][1] if slug in last else None) for slug in archive.get("changed", ())}
    before_terms = {}
    for slug in before:
        if slug in last and last[slug][0] in store:
            work = store[last[slug][0]]
            before_terms[slug] = (work.title_terms, work.body_terms)
    current = set(keys)
    for key in [key for key in store if key not in current]:
        del store[key]                              # only the articles there are now
    return Analysed(found, _Terms(dict(zip((a.slug for a in articles), keys)), store), before, before_terms)


class _Terms(Mapping):
    """slug -> the search terms of its title block and body, read from its own analysis when
    asked for (a rebuild after an edit asks for a few, a new search index for all)."""

    def __init__(self, keys: dict[str, str], owns: Mapping):
        self.keys, self.owns = keys, owns

    def __getitem__(self, slug: str) -> tuple[str, str]:
        work = self.owns[self.keys[slug]]
        return work.title_terms, work.body_terms

    def __iter__(self):
        return iter(self.keys)

    def __len__(self) -> int:
        return len(self.keys)


ARCHIVE_VERSION = 1


def archive_step(articles: list[Article], keys: list[str], owns: Mapping[str, _Own],
                 memory: dict | None = None) -> dict[str, ArticleAnalysis]:
    """Each article's analysis (without its search terms) from its own analysis and the
    archive's word statistics and entity names.

    memory (the build state's, refreshed in place): the last step's statistics and results.
    With it, only the articles this step can change are ranked again: those whose own
    analysis changed, those that use a word whose IDF class moved (stats.py: rare after an
    edit) and those naming an entity whose slug changed; every other article keeps the very
    analysis of the last step. owns: own key -> own analysis, for these articles' keys and the
    last step's (read only where needed: a rebuild after an edit reads a few)."""
    n = len(articles)
    memory = memory if memory is not None else {}
    last = memory if memory.get("version") == ARCHIVE_VERSION else {}
    results: dict = last.get("results") or {}
    df: Counter = last.get("df", Counter())
    names: dict[str, Counter] = last.get("names") or {}
    slugs: dict[str, dict[str, str]] = last.get("slugs") or {}
    current = {a.slug for a in articles}
    moved = [slug for slug in results if slug not in current]
    moved += [a.slug for a, key in zip(articles, keys) if a.slug in results and results[a.slug][0] != key]
    if not last or any(results[slug][0] not in owns for slug in moved):
        df, names, results, touched = Counter(), {}, {}, None        # all from scratch
        for key in keys:
            _count(owns[key], df, names, 1)
    else:
        touched = set()
        for slug in moved:
            _count(owns[results[slug][0]], df, names, -1, touched)
        for a, key in zip(articles, keys):
            if a.slug not in results or results[a.slug][0] != key:
                _count(owns[key], df, names, 1, touched)
        for term in [t for t in touched if not df[t]]:
            del df[term]
    # which articles to rank again
    fresh = {a.slug for a, key in zip(articles, keys) if a.slug not in results or results[a.slug][0] != key}
    classes_moved = touched is None or stats.count_class(last.get("n", -1)) != stats.count_class(n)
    if not classes_moved:
        before = last["df_classes"]
        moved_terms = {t for t in touched if stats.count_class(df.get(t, 0)) != before.get(t)}
    new_slugs = {}
    for kind in set(names) | set(slugs) | {"person", "organization", "place"}:
        known = [name for name, count in names.get(kind, {}).items() if count > 0]
        old = slugs.get(kind, {})
        new_slugs[kind] = old if touched is not None and len(known) == len(old) and all(k in old for k in known) \
            else unique_slugs(sorted(known))
    renamed = {(kind, name) for kind, table in new_slugs.items() for name, slug in table.items()
               if slugs.get(kind, {}).get(name, slug) != slug}
    if classes_moved:
        todo = set(current)
    else:
        todo = fresh
        if moved_terms or renamed:
            for a, key in zip(articles, keys):
                if a.slug in todo:
                    continue
                work = owns[key]
                if not moved_terms.isdisjoint(work.terms) or any((kind, name) in renamed
                                                                  for kind, name, _, _ in work.mentions):
                    todo.add(a.slug)
    idf = _LazyIdf(df, n)
    updated = {}
    for a, key in zip(articles, keys):
        if a.slug in todo:
            updated[a.slug] = (key, _ranked_analysis(a, key, owns[key], idf, new_slugs))
        else:
            updated[a.slug] = results[a.slug]
    changed = [slug for slug, found in updated.items() if results.get(slug) is not found] + [
        slug for slug in results if slug not in updated]
    memory.clear()
    memory.update(version=ARCHIVE_VERSION, n=n, df=df, names=names, slugs=new_slugs, results=updated, changed=changed,
                  df_classes=_classes(df, last.get("df_classes") if touched is not None else None, touched),
                  ranked=len(todo))
    return {slug: analysis for slug, (_, analysis) in updated.items()}


def _count(work: _Own, df: Counter, names: dict, sign: int, touched: set | None = None) -> None:
    """Add (sign 1) or take away (-1) one article's terms and entity names."""
    for term in work.terms:
        df[term] += sign
    if touched is not None:
        touched.update(work.terms)
    for kind, name in {(kind, name) for kind, name, _, _ in work.mentions}:
        counted = names.setdefault(kind, Counter())
        counted[name] += sign
        if not counted[name]:
            del counted[name]


def _classes(df: Counter, before: dict | None, touched: set | None) -> dict[str, int]:
    """term -> the class of its document frequency (kept from `before` but for `touched`)."""
    if before is None or touched is None:
        return {term: stats.count_class(count) for term, count in df.items()}
    classes = before
    for term in touched:
        if term in df:
            classes[term] = stats.count_class(df[term])
        else:
            classes.pop(term, None)
    return classes


class _LazyIdf(dict):
    """term -> IDF, each computed when first asked (an edit ranks a few articles, not all)."""

    def __init__(self, df: Counter, n: int):
        super().__init__()
        self.df, self.n = df, n

    def __missing__(self, term: str) -> float:
        value = self[term] = stats.idf(self.n, self.df[term]) if term in self.df else 1.0
        return value

    def get(self, term: str, default: float = 1.0) -> float:
        return self[term] if term in self.df else default


def _ranked_analysis(a: Article, key: str, work: _Own, idf, slugs: dict[str, dict[str, str]]) -> ArticleAnalysis:
    """The analysis of one article once the archive's statistics are known (no search terms)."""
    ranked = _ranked_terms(work, idf)
    people = {name for kind, name, _, _ in work.mentions if kind == "person"}
    keywords = tuple(a.keywords or _keywords(ranked, work, people, idf))
    mentions = tuple(Mention(kind, name, slugs[kind][name], role) for kind, name, role, _ in work.mentions)
    return ArticleAnalysis(
        slug=a.slug,
        summary=work.summary,
        keywords=keywords,
        topics=tuple(a.topics) or work.topics,
        mentions=mentions,
        events=work.events,
        money=work.money,
        lemmas=tuple(term for term, _ in ranked[:LEMMAS_PER_ARTICLE]),
        fingerprint=work.fingerprint,
        # the key stands for the article, the taxonomy and so all of `work`; the rest of
        # what pages show comes from the archive-wide step: keywords and entity slugs
        digest=hashlib.sha256(json.dumps(["shown", key, keywords, [m.slug for m in mentions]],
                                         ensure_ascii=False).encode("utf-8")).hexdigest(),
    )


def _own_analysis(article: Article, title: dict, body: dict, text: str, topics: tuple[Topic, ...]) -> _Own:
    """The part of an article's analysis that needs no other article (title, body: the derived
    data of its title block and of its body text)."""
    intern = sys.intern
    tf: Counter = Counter(body["k"])
    for term, count in title["k"].items():
        tf[term] += TITLE_WEIGHT * count
    terms = sorted(tf)
    events, money = extract_events(article, text, body["s"])
    body_bag = _bag(body)
    for item in money:
        if item.amount_won >= 10 ** 8:
            body_bag["억원"] += 1
        if item.amount_won >= 10 ** 12:
            body_bag["조원"] += 1
    return _Own(terms=tuple(map(intern, terms)), tf=tuple(tf[t] for t in terms),
                topics=assign_topics(_bag(title), body_bag, topics), mentions=tuple(_mentions(article, title, body)),
                events=tuple(events), money=tuple(money), summary=summary(text, body["s"]),
                title_terms=title["t"], body_terms=body["t"], fingerprint=tuple(body["f"]))


# ---------------------------------------------------------------- compounds and keywords

# Compounds Kiwi splits that a keyword must keep whole, whatever the archive holds.
BUILTIN_COMPOUNDS = frozenset("""
인공지능 빅데이터 컴퓨팅센터 데이터센터 전동휠체어 보장구 자율주행 스마트시티 스타트업 실리콘밸리 사물인터넷 예비타당성
지역특화 에너지효율화 전문인력 양성과정 교육생 일자리 미래차 모빌리티 도시철도 교통카드 자매도시 가정의달 어린이날
""".split())


_JOINTS = re.compile(r"([+ ])")


class _Segmenter:
    """Cuts noun chunks into keyword terms; memoised, since chunks repeat across the archive."""

    def __init__(self, lexicon: frozenset[str]):
        self.lexicon = lexicon
        self.memo: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}

    def __call__(self, chunk: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(terms, component morphemes) of a chunk."""
        found = self.memo.get(chunk)
        if found is None:
            found = self.memo[chunk] = self._segment(chunk)
        return found

    def _segment(self, chunk: str):
        if not chunk:
            return (), ()
        if "+" not in chunk and " " not in chunk:
            return (chunk,), ()
        parts = _JOINTS.split(chunk)
        tokens, joints = parts[0::2], parts[1::2]
        terms: list[str] = []
        i, n = 0, len(tokens)
        while i < n:
            # the longest lexicon compound starting here (across white space too: "인공 지능")
            best = 0
            for k in range(min(n, i + 7), i + 1, -1):
                if "".join(tokens[i:k]) in self.lexicon:
                    best = k
                    break
            if best:
                terms.append("".join(tokens[i:best]))
                i = best
                continue
            # else the glued piece from here, whole if short
            k = i + 1
            while k < n and joints[k - 1] == "+":
                k += 1
            piece = "".join(tokens[i:k])
            if k - i <= 3 and len(piece) <= 8:
                terms.append(piece)
                i = k
            elif len(tokens[i]) == 1 and i + 1 < k:
                terms.append(tokens[i] + tokens[i + 1])
                i += 2
            else:
                terms.append(tokens[i])
                i += 1
        return tuple(terms), tuple([t for t in tokens if t not in terms])


def _bag(derived: dict) -> Counter:
    """The text's keyword terms (Latin ones lower-cased) and the morphemes inside them, counted."""
    bag = Counter(derived["k"])                # copied whole: most terms are Hangul, kept as they are
    for term in [t for t in bag if t.isascii() and not t.islower()]:
        bag[term.lower()] += bag.pop(term)
    bag.update(derived["x"])
    return bag


@lru_cache(maxsize=1 << 18)
def _keyword_ok(term: str) -> bool:
    if not term or term in STOP_NOUNS or term.isdigit():
        return False
    if term.isascii():
        return len(term) >= 2 and (term.isupper() or len(term) >= 3) and term.isalpha()
    return len(term) >= 2 and not _role_end(term) and not term.endswith(("기자",))


def _ranked_terms(work: _Own, idf: dict[str, float], singles: bool = False) -> list[tuple[str, float]]:
    """Candidate terms with their TF-IDF weight, best first (title weighted). Only the salient
    ones (twice in the body or once in the title block) unless `singles`."""
    log, weight_of = math.log, idf.get
    scored = [(-(1.0 + log(tf)) * weight_of(term, 1.0), term)
              for term, tf in zip(work.terms, work.tf) if (tf >= 2) != singles]
    scored.sort()
    return [(term, -weight) for weight, term in scored]


def _keywords(ranked: list[tuple[str, float]], work: _Own, people: set[str], idf: dict[str, float]) -> list[str]:
    """5-10 keywords: repeated terms first, then single mentions if fewer than five."""
    tf = dict(zip(work.terms, work.tf)).__getitem__
    chosen: list[str] = []
    for candidates, most in ((ranked, KEYWORD_MAX), (None, KEYWORD_MIN)):
        if len(chosen) >= most:
            break
        for term, _ in candidates if candidates is not None else _ranked_terms(work, idf, singles=True):
            if len(chosen) >= most:
                break
            if term in chosen or term in people:
                continue
            if any(term in other and tf(term) <= tf(other) for other in chosen):
                continue                       # a part of a compound already chosen
            chosen.append(term)
    return chosen


# ---------------------------------------------------------------- topics

@lru_cache(maxsize=256)
def _topic_keys(topic: Topic) -> tuple[str, ...]:
    return tuple(dict.fromkeys(k.replace(" ", "").lower() for k in topic.keywords))


def assign_topics(title_bag: Counter, body_bag: Counter, topics: tuple[Topic, ...],
                  threshold: float = config.TOPIC_THRESHOLD) -> tuple[str, ...]:
    """Topics whose keywords have enough evidence: each keyword counts up to 3 in the body and
    2 points (up to 2 times) in the title block; best first, and at least TOPIC_RELATIVE of
    the best one's score."""
    scored = []
    for topic in topics:
        score = 0.0
        for key in _topic_keys(topic):
            if key in title_bag:
                score += 2.0 * min(title_bag[key], 2)
            if key in body_bag:
                score += min(body_bag[key], 3)
        if score >= threshold:
            scored.append((-score, topic.slug))
    scored.sort()
    # a long article touches many topics in passing: keep those near its best
    return tuple(slug for score, slug in scored if -score >= TOPIC_RELATIVE * -scored[0][0])


# ---------------------------------------------------------------- people, organisations, places

def _mentions(article: Article, title_data: dict, body_data: dict) -> list[tuple[str, str, str, int]]:
    """Resolve the candidates of the title and body into (kind, name, role, count), most named first."""
    reporters = set(article.reporters)
    roles: dict[str, Counter] = defaultdict(Counter)
    counts: Counter = Counter()
    order: dict[tuple[str, str], int] = {}

    def add(kind: str, name: str, n: int = 1) -> None:
        counts[(kind, name)] += n
        order.setdefault((kind, name), len(order))

    for derived in (body_data, title_data):
        for name, role, org, _ in derived["p"]:
            if name in reporters:
                continue
            add("person", name)
            roles[name][role] += 1
            if org and not _place_name(org):
                add("organization", org)
    people = list(roles)
    for derived in (body_data, title_data):
        for surname, title, _ in derived["r"]:
            match = [p for p in people if p.startswith(surname) and any(title in r for r in roles[p])]
            if len(match) == 1:
                add("person", match[0])
        for name, _ in derived["n"]:
            if name in roles:
                add("person", name)
        for name, _ in derived["o"]:
            add("organization", name)
    # places, read in context: "광주시" of a Gyeonggi-do article is 경기도 광주시
    written = [(form, province) for derived in (body_data, title_data) for form, province, _ in derived["l"]]
    for form, province in written:
        add("place", place_in_context(form, province, written))
    best_role = {name: max(sorted(c), key=lambda r: (c[r], len(r))) for name, c in roles.items()}
    return [(kind, name, best_role.get(name, "") if kind == "person" else "", counts[(kind, name)])
            for (kind, name) in sorted(counts, key=lambda k: (-counts[k], order[k]))]


# Cities of a province that share their name with another place (광주광역시, ...).
_PROVINCE_CITIES = {"경기도": {"광주시"}, "강원특별자치도": {"고성군"}, "경상남도": {"고성군"}}
# What says a bare ambiguous name means the metropolitan city or the other region's one.
_DEFAULT_READING = {"광주시": ("광주광역시", {"전라남도", "광주광역시"}), "고성군": ("고성군", set())}


def place_in_context(form: str, province: str, written: list[tuple[str, str]]) -> str:
    """The canonical name of a place written as `form` (preceded by `province` or "") in an
    article whose places are `written` ((form, province) pairs)."""
    if form not in AMBIGUOUS_CITIES:
        if form.endswith("시") and form[:-1] in FOREIGN_PLACES:
            return form[:-1]                   # 센다이시 = 센다이
        if _DISTRICT.match(form):              # 동구 of the one metropolitan city the article names
            metros = {REGION_OF[f] for f, _ in written if REGION_OF.get(f, "").endswith(("광역시", "특별시"))}
            if len(metros) == 1:
                return f"{metros.pop()} {form}"
        return REGION_OF.get(form, form)
    city = AMBIGUOUS_CITIES[form]
    if province and city in _PROVINCE_CITIES.get(province, ()):
        return f"{province} {city}"
    default, metro_hints = _DEFAULT_READING[city]
    regions = {province or REGION_OF.get(f, "") for f, province in written}
    explicit = {p for f, p in written if p and city in _PROVINCE_CITIES.get(p, ())}
    if len(explicit) == 1 and not ({f for f, _ in written} & {"광주광역시"}):
        return f"{explicit.pop()} {city}"      # "경기도 광주시 ... 광주시는": the same city
    candidates = [p for p in sorted(regions) if city in _PROVINCE_CITIES.get(p, ())]
    if len(candidates) == 1 and not (regions & metro_hints) and not ({f for f, _ in written} & {"광주광역시"}):
        return f"{candidates[0]} {city}"       # a Gyeonggi-do article that says 광주시
    return REGION_OF.get(form, default)


# ---------------------------------------------------------------- events and money

def parse_money(sentence: str) -> list[Money]:
    """Amounts of won in a sentence, with the label written before each."""
    return [money for money, _ in _money_at(sentence)]


def _money_at(sentence: str) -> list[tuple[Money, int]]:
    found: list[tuple[Money, int]] = []
    previous_end = 0
    for match in _matches(_MONEY, _MONEY_STARTS, sentence):
        amount_text = match.group("amount").rstrip()
        if not (match.group("won") or match.group("won2")):
            if not re.search(r"(조|억)\s*$", amount_text) or _NOT_WON.match(sentence, match.end()):
                continue
        value = _won(amount_text)
        if value is None or value <= 0:
            continue
        window_start = max(previous_end, match.start() - 24)
        window = sentence[window_start:match.start()]
        labels = list(_LABEL.finditer(window))
        label, label_at = "", match.start()
        if labels and len(window) - labels[-1].end() <= 10:
            label = labels[-1].group(0).replace(" ", "")
            label_at = window_start + labels[-1].start()
        elif window.rstrip().endswith("총"):
            label = "총사업비" if "총사업비" in sentence.replace(" ", "") else "총액"
            label_at = window_start + len(window.rstrip()) - 1
        found.append((Money(value, sentence[label_at:match.end()].strip(), label), match.start()))
        previous_end = match.end()
    return found


def _matches(pattern: re.Pattern, starts: re.Pattern, text: str) -> Iterator[re.Match]:
    """pattern.finditer(text) for a pattern that never matches empty and whose matches start
    only at a character that `starts` matches (its look-behind still sees what comes before)."""
    end = 0
    for candidate in starts.finditer(text):
        at = candidate.start()
        if at < end:
            continue                           # inside the last match
        match = pattern.match(text, at)
        if match:
            yield match
            end = match.end()


def _won(text: str) -> int | None:
    total = Decimal(0)
    for number, unit in _PART.findall(text):
        try:
            value = Decimal(number.replace(",", ""))
        except InvalidOperation:
            return None
        total += value * _UNITS.get(unit, 1)
    return int(total)


@dataclass(frozen=True)
class _When:
    year: int
    month: int = 0
    day: int = 0

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


def _days_in(year: int, month: int) -> int:
    import calendar
    return calendar.monthrange(year, month)[1]


def _valid(when: _When) -> bool:
    if not 1000 <= when.year <= 2999 or not 0 <= when.month <= 12:
        return False
    return not when.day or (when.month and 1 <= when.day <= _days_in(when.year, when.month))


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def parse_dates(sentence: str, year: int, month: int, day: int) -> list[tuple[_When, str, int]]:
    """(date, "from" | "until" | "", position) of the dates written in a sentence, resolved
    against the article's date (year, month, day; 0 where unknown)."""
    found = []
    for match in _matches(_DATE, _DATE_STARTS, sentence):
        rel = match.group("rel") or ""
        after = sentence[match.end("tail") if match.group("tail") else match.end():]
        if _NOT_DATE_AFTER.match(sentence, match.end()) and not match.group("tail").strip():
            continue
        tail = match.group("tail").strip()
        mark = "from" if tail.endswith(("부터", "~", "∼", "-", "–")) else "until" if tail.endswith("까지") else ""
        when = None
        if match.group("y"):
            when = _When(int(match.group("y")), int(match.group("ym") or 0), int(match.group("yd") or 0))
        elif match.group("word"):
            word = match.group("word")
            if not year:
                continue
            if word in ("지난해", "작년"):
                when = _When(year - 1)
            elif word in ("올해", "이달"):
                continue                       # the article's own year or month: nothing new
            elif word == "내년":
                when = _When(year + 1)
            elif month:
                delta = {"지난달": -1, "이달": 0, "다음달": 1}[word]
                when = _When(*_shift_month(year, month, delta))
        elif match.group("m"):
            if not year:
                continue
            m, d = int(match.group("m")), int(match.group("md") or 0)
            y = year
            if month:
                if rel == "지난" and (m, d) > (month, day or 31):
                    y -= 1
                elif rel == "오는" and (m, d or 31) < (month, day):
                    y += 1
            when = _When(y, m, d)
        elif match.group("d"):
            if not (year and month):
                continue
            d = int(match.group("d"))
            if not rel and not mark and _REPORTING.match(after):
                continue                       # "8일 밝혔다": the day of the news, not an event
            y, m = year, month
            if day:
                if rel == "지난" and d > day:
                    y, m = _shift_month(year, month, -1)
                elif rel == "오는" and d < day:
                    y, m = _shift_month(year, month, 1)
            when = _When(y, m, d)
        if when is not None and _valid(when):
            found.append((when, mark, match.start()))
    return found


def _article_when(article: Article) -> tuple[int, int, int]:
    m = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", article.date or "")
    if not m:
        return 0, 0, 0
    return int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)


def extract_events(article: Article, text: str, spans: Iterable) -> tuple[list[Event], list[Money]]:
    """Dated statements and money of a body, from its sentences.

    A sentence gives one event per date it states ("지난 1월 ... 2020년부터 2024년까지"
    gives 2019-01 and 2020 to 2024); "부터 ... 까지" make a range, "2023년까지 2년간" the range
    2022 to 2023, "31일까지" the range from the article's date. Its money goes to the date
    written last before it. A sentence with money and no date is dated by the article.
    """
    year, month, day = _article_when(article)
    article_when = _When(year, month, day) if year else None
    events: list[Event] = []
    money: list[Money] = []
    for start, end in spans:
        raw = text[start:end]
        if not _MAY_DATE_OR_MONEY.search(raw):
            continue
        sentence = " ".join(raw.split())      # white space runs as one space (str.split() and \s agree)
        amounts = _money_at(sentence)
        money.extend(m for m, _ in amounts)
        ranges = _ranges(sentence, parse_dates(sentence, year, month, day), article_when)
        if ranges:
            attached: dict[tuple[str, str], list[Money]] = {(b, u): [] for b, u, _ in ranges}
            for item, at in amounts:
                before = [r for r in ranges if r[2] <= at] or ranges[:1]
                attached[before[-1][:2]].append(item)
            for (begin, until), items in attached.items():
                events.append(Event(begin, until, sentence, article.slug, tuple(items), "text"))
        elif amounts and article_when:
            events.append(Event(article_when.iso(), "", sentence, article.slug, tuple(m for m, _ in amounts),
                                "article"))
    return events, money


def _ranges(sentence: str, dates: list[tuple[_When, str, int]], article_when: _When | None):
    """(start, end, position) of each dated statement of a sentence: a "부터" date and the
    next "까지" date make one range; a lone "까지" date starts at the article's date."""
    ranges = []
    k = 0
    while k < len(dates):
        when, mark, position = dates[k]
        if mark == "from" and k + 1 < len(dates) and dates[k + 1][1] in ("until", ""):
            ranges.append((when.iso(), _after(dates[k + 1][0], when), position))
            k += 2
            continue
        if mark == "until":
            span = _YEARS_SPAN.search(sentence, position)
            if span and not when.month:
                begin = _When(when.year - int(span.group(1)) + 1)
            elif article_when is not None:
                begin = article_when
            else:
                begin = when
            ranges.append((begin.iso(), _after(when, begin), position))
        else:
            ranges.append((when.iso(), "", position))
        k += 1
    return ranges


def _after(until: _When, begin: _When) -> str:
    """until's date if it ends after begin (compared at until's precision), else ""."""
    end = until.iso()
    return end if end > begin.iso()[:len(end)] else ""


# ---------------------------------------------------------------- summary

def summary(text: str, spans: Iterable, limit: int = SUMMARY_CHARS) -> str:
    """The lead: the first one or two sentences Kiwi found, within `limit` characters when
    the first sentence allows it (a sentence is never cut)."""
    chosen: list[str] = []
    length = 0
    for start, end in spans:
        sentence = " ".join(text[start:end].split())
        if not sentence:
            continue
        if chosen and (length + 1 + len(sentence) > limit or len(chosen) >= 2):
            break
        chosen.append(sentence)
        length += len(sentence) + (1 if length else 0)
        if length >= limit * 0.6:
            break
    return " ".join(chosen)
