"""The seed archive as Article records, for the analysis, index and chart tests.

When the cleaner turns tests/fixtures/seeds/ into the nine expected articles, its articles are
used. Until then (or if it finds fewer), the articles are cut from the raw seed files here by
their first and last sentences in EXPECTED.yaml, and the print page's lost word spacing is
restored with Kiwi, which is roughly what the cleaner does.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from civicnews import korean
from civicnews.models import Article, Photo

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"

# short name -> a fragment of the title (white space removed) that identifies the article
TITLE_KEYS = {
    "energy": "에너지효율화사업",
    "sendai": "센다이",
    "repair": "보장구",
    "family": "FUN한광주",
    "photo": "씽아",
    "training": "전문인력양성과정",
    "incoard": "AI비즈니스모델",
    "alt": "AI대안사업",
}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _between(text: str, first: str, last: str) -> str:
    """The part of text from the sentence starting with `first` to the one ending with `last`,
    compared without white space (the print page lost it)."""
    flat, index = [], []
    for i, char in enumerate(text):
        if not char.isspace():
            flat.append(char)
            index.append(i)
    flat_text = "".join(flat)
    a = flat_text.index(_squash(first))
    b = flat_text.index(_squash(last), a) + len(_squash(last))
    return text[index[a]:index[b - 1] + 1]


def _print_paragraph(text: str) -> str:
    """A print column: lines wrapped mid-word and spacing lost -> one spaced paragraph."""
    joined = "".join(line.strip() for line in text.splitlines())
    return korean.space(joined)


def _web_body(text: str, drop: tuple[str, ...] = ()) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n\n".join(p for p in paragraphs if not any(p.startswith(d) for d in drop))


def _fallback_articles() -> tuple[Article, ...]:
    raw0 = (SEEDS / "000_12117dbb3008d91d.txt").read_text(encoding="utf-8")
    raw2 = (SEEDS / "002_bc03ac4961c522e1.txt").read_text(encoding="utf-8")
    raw3 = (SEEDS / "003_978811b11027b277.txt").read_text(encoding="utf-8")
    src0, src2, src3 = ("raw/" + n for n in ("000_12117dbb3008d91d.txt", "002_bc03ac4961c522e1.txt",
                                              "003_978811b11027b277.txt"))
    common0 = dict(date="2022-05", date_precision="month", date_inferred=True, outlet="광주일보",
                   reporters=("박진표",), emails=("lucky@kwangju.co.kr",))
    specs0 = [
        ("2022-05-000001", "AI 융합 지역특화 에너지 효율화 사업 나선다",
         ("광주시 공모 선정 국비 62억 확보", "지역전략산업 디지털 전환 촉진", "기업 인공지능 기술 경쟁력 확보"),
         "인공지능중심도시광주시가", "적극추진하겠다고말했다."),
        ("2022-05-000002", "광주시-日 센다이시 자매도시 20주년 사진전", ("10일까지 시청 1층 시민홀",),
         "광주시가 일본 센다이시와 자매도시 체결 20", "상호방문행사등을개최할계획이다."),
        ("2022-05-000003", "전동휠체어 등 장애인 보장구 광주시 수리비 부품 교체 지원", (),
         "광주시는 장애인의이동권보장과", "복지정책발굴에힘쓰겠다고말했다."),
        ("2022-05-000004", "온 가족 함께 FUN한 광주!", ("31일까지 가정의 달 이벤트",),
         "광주시는 가정의달을맞아오는31일까지", "외식상품권을증정한다."),
        ("2022-05-000006", "광주시, AI 전문인력 양성과정 교육생 모집", ("20명…6월 2일까지 신청 접수",),
         "광주시는 관내거주하는미취업청년을", "9168)로하면된다."),
    ]
    found = []
    for slug, title, subtitles, first, last in specs0:
        body = _print_paragraph(_between(raw0, first, last))
        found.append(Article(slug=slug, title=title, subtitles=subtitles, body=body,
                             source=_source(src0), **common0))
    caption = _print_paragraph(_between(raw0, "광주도시철도공사(사장윤진보)", "이벤트 등을펼치고있다."))
    found.append(Article(slug="2022-05-000005", title="광주도시철도 씽아와 사진 찍기 어린이날 이벤트", body=caption,
                         kind="photo", photos=(Photo(caption),), date="2022-05", date_precision="month",
                         date_inferred=True, outlet="광주일보", source=_source(src0)))
    body2 = _between(raw2, "광주형 일자리를 성공리에", "뛰어들 수 있는 큰 힘이 될 것”이라고 말했다.")
    found.append(Article(
        slug="2019-10-13-000007", title="광주 'AI 비즈니스 모델' 탄력 받는다",
        subtitles=("'AI 도시 만들기' 추진위 출범 이어", "市, 빅데이터 플랫폼 전문회사인 실리콘밸리 인코어드와 업무제휴",
                   "'에너지 인공지능연구소'도 유치"),
        body=_web_body(body2), date="2019-10-13T17:28:27+09:00", date_precision="minute", outlet="서울경제",
        section="사회 > 전국", reporters=("김선덕",), emails=("sdkim@sedaily.com",), source=_source(src2),
        photos=(Photo("이용섭(왼쪽) 광주광역시장이 지난 9일(현지 시각) 인공지능 기반 에너지 빅데이터 플랫폼 전문회사인 "
                      "인코어드 최종웅 대표이사와 에너지인공지능연구소 설립 및 공동기술개발에 대한 업무제휴 협약을 "
                      "체결한 뒤 기념촬영을 하고 있다.", "광주광역시"),)))
    body3 = _between(raw3, "강기정 광주광역시장이 국가 AI 컴퓨팅센터", "이후 시민들에게 설명할 예정\"이라고 말했다.")
    found.append(Article(
        slug="2025-11-23-000008", title="강기정 “AI 대안사업 12월 보고”…NPU·모빌리티 예산 협의 중",
        subtitles=("국가 AI센터 후속 전략 논의", "정부·여당과 예산 조율 진행", "NPU 컴퓨팅센터·자율주행 실증 등",
                   "광주시 대안 사업 구체화 작업도"),
        body=_web_body(body3, drop=("강기정 “AI 대안사업", "AD", "지금 뜨는 뉴스")),
        date="2025-11-23T09:55:00+09:00", date_precision="minute", outlet="아시아경제", desk="호남취재본부",
        reporters=("송보현",), emails=("w3to@asiae.co.kr",), source=_source(src3)))
    return tuple(found)


def _source(file: str):
    from civicnews.models import Source
    return Source(file)


def _cleaned_articles() -> tuple[Article, ...]:
    try:
        from civicnews.clean import clean_content
    except ImportError:
        return ()
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "raw"
        raw.mkdir()
        for path in SEEDS.glob("*.txt"):
            shutil.copy(path, raw / path.name)
        try:
            return tuple(clean_content(Path(folder)).articles)
        except Exception:                      # the cleaner is being written in parallel
            return ()


@lru_cache(maxsize=1)
def seed_articles() -> tuple[Article, ...]:
    cleaned = _cleaned_articles()
    found = {key for key in TITLE_KEYS
             if any(TITLE_KEYS[key] in _squash(a.title) for a in cleaned)}
    return cleaned if found == set(TITLE_KEYS) else _fallback_articles()


def by_key(articles=None) -> dict[str, Article]:
    """short name (see TITLE_KEYS) -> the seed article."""
    articles = seed_articles() if articles is None else articles
    result = {}
    for key, fragment in TITLE_KEYS.items():
        matches = [a for a in articles if fragment in _squash(a.title)]
        assert matches, f"no seed article with {fragment!r} in its title"
        result[key] = matches[0]
    return result


CONTENT = Path(__file__).resolve().parent.parent / "content"


@lru_cache(maxsize=1)
def analysed():
    """(articles, analyses, topics, storyline specs, indexes) of the seed archive, computed once
    per test session with the real analyser and the project's topics.yaml and storylines.yaml."""
    from civicnews import analysis, config, indexes
    articles = seed_articles()
    topics = config.load_topics(CONTENT)
    specs = config.load_storylines(CONTENT)
    analyses = analysis.analyse_articles(list(articles), topics, None)
    return articles, analyses, topics, specs, indexes.build_indexes(list(articles), analyses, topics, specs)
