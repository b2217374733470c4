"""analysis.py on the seed archive and on made-up texts, with the real analyser."""
from __future__ import annotations

import re

import pytest

from civicnews import analysis, config, korean
from civicnews.models import Article, Topic

from seed_articles import analysed, by_key

# What a careful editor expects of each seed article (EXPECTED.yaml and the texts).
SEED_TOPICS = {
    "energy": ({"ai-industry", "energy"}, {"welfare", "culture", "international", "mobility"}),
    "sendai": ({"international"}, {"ai-industry", "energy", "welfare", "budget"}),
    "repair": ({"welfare"}, {"ai-industry", "energy", "international", "budget"}),
    "family": ({"welfare"}, {"ai-industry", "energy", "international", "budget"}),
    "photo": ({"mobility"}, {"ai-industry", "energy", "international", "budget"}),
    "training": ({"ai-industry", "education-jobs"}, {"welfare", "energy", "international"}),
    "incoard": ({"ai-industry", "energy", "international"}, {"welfare", "culture", "mobility"}),
    "alt": ({"ai-industry", "mobility", "budget"}, {"welfare", "culture", "international"}),
}


def _seed():
    articles, analyses, topics, specs, indexes = analysed()
    return {key: analyses[a.slug] for key, a in by_key(articles).items()}, topics


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("key", sorted(SEED_TOPICS))
def test_every_seed_article_gets_its_topics(key):
    found, topics = _seed()
    wanted, unwanted = SEED_TOPICS[key]
    got = set(found[key].topics)
    assert wanted <= got, (key, got)
    assert not unwanted & got, (key, got)
    assert got <= {t.slug for t in topics}


def test_keywords_keep_compounds_whole():
    found, _ = _seed()
    for item in found.values():
        assert config.KEYWORDS_PER_ARTICLE[0] <= len(item.keywords) <= config.KEYWORDS_PER_ARTICLE[1] \
            or len(item.keywords) == len(set(item.lemmas)), item.keywords
        assert not {"인공", "지능", "장구", "컴퓨팅", "휠체어"} & set(item.keywords), item.keywords
    assert "인공지능" in found["training"].keywords
    assert "컴퓨팅센터" in found["alt"].keywords
    assert {"전동휠체어", "보장구", "장애인"} <= set(found["repair"].keywords)
    assert "NPU" in found["alt"].keywords                  # acronyms are keywords
    assert "강기정" not in found["alt"].keywords            # people are entities, not keywords


def _people(item):
    return {m.name: m.role for m in item.mentions if m.kind == "person"}


def test_people_with_the_role_written_beside_them():
    found, _ = _seed()
    assert _people(found["alt"]) == {"강기정": "광주광역시장", "김영창": "미래차산업팀장"}
    incoard = _people(found["incoard"])
    assert incoard["최종웅"] == "인코어드 대표이사"
    assert incoard["이용섭"].endswith("시장")
    assert _people(found["energy"]).get("최태조") == "인공지능정책과장"
    assert _people(found["repair"]).get("송숙란") == "장애인복지과장"


def test_reporters_are_bylines_not_subjects():
    articles, analyses, *_ = analysed()
    for article in articles:
        names = {m.name for m in analyses[article.slug].mentions}
        assert not names & set(article.reporters), article.title
        assert not names & {"박진표", "김선덕", "송보현"}


def test_organisations_and_places():
    found, _ = _seed()
    orgs = {m.name for item in found.values() for m in item.mentions if m.kind == "organization"}
    assert {"인코어드", "과학기술정보통신부", "정보통신산업진흥원", "광주정보문화산업진흥원", "광주창조경제혁신센터",
            "팔로알토연구소"} <= orgs
    assert not orgs & {"연구소", "센터", "정부", "시청", "최종웅"}
    places = {m.name for m in found["incoard"].mentions if m.kind == "place"}
    assert {"광주광역시", "미국", "실리콘밸리"} <= places
    for item in found.values():
        assert all(m.slug and m.slug.isascii() for m in item.mentions)


def _article(body: str, title: str = "제목", date: str = "2024-03-05", slug: str = "2024-03-05-aaaaaa", **more):
    return Article(slug=slug, title=title, body=body, date=date, **more)


def _analyse(*articles, topics=()):
    return analysis.analyse_articles(list(articles), tuple(topics), None)


def test_short_references_resolve_to_the_person_named_before():
    text = ("이용섭 광주광역시장은 5일 시청에서 기자회견을 열었다.\n\n이 시장은 \"인공지능 산업을 키우겠다\"고 말했다.\n\n"
            "박 시장은 참석하지 않았다.")
    (item,) = _analyse(_article(text)).values()
    people = [m for m in item.mentions if m.kind == "person"]
    assert [(m.name, m.role) for m in people] == [("이용섭", "광주광역시장")]
    alone = _analyse(_article("이 시장은 \"인공지능 산업을 키우겠다\"고 말했다."))
    assert not [m for m in next(iter(alone.values())).mentions if m.kind == "person"]


def test_gwangju_of_gyeonggi_is_not_gwangju_metropolitan_city():
    gyeonggi = _article("경기도 광주시는 곤지암천 정비 사업을 시작한다고 5일 밝혔다.\n\n"
                        "광주시 관계자는 \"하천 정비를 서두르겠다\"고 말했다.", slug="2024-03-05-gggggg")
    metro = _article("광주시는 인공지능 집적단지 2단계 사업을 추진한다고 5일 밝혔다.\n\n"
                     "광주시 관계자는 \"국비 확보에 힘쓰겠다\"고 말했다.", slug="2024-03-05-mmmmmm")
    found = _analyse(gyeonggi, metro)
    places_g = {m.name for m in found[gyeonggi.slug].mentions if m.kind == "place"}
    places_m = {m.name for m in found[metro.slug].mentions if m.kind == "place"}
    assert "경기도 광주시" in places_g and "광주광역시" not in places_g
    assert places_m == {"광주광역시"}
    slugs = {m.name: m.slug for item in found.values() for m in item.mentions}
    assert slugs["경기도 광주시"] != slugs["광주광역시"]


@pytest.mark.parametrize("sentence, expected", [
    ("총 2조5,000억 원 규모의 장기 계획", [(2_500_000_000_000, "총액")]),
    ("2023년까지 2년간 국비 62억원을 확보했다", [(6_200_000_000, "국비")]),
    ("오는 2020년부터 2024년까지 4,061억원을 투입할 예정이다", [(406_100_000_000, "")]),
    ("총사업비 31억원(국비25억원,민자6억원)을 투입해", [(3_100_000_000, "총사업비"), (2_500_000_000, "국비"),
                                              (600_000_000, "민자")]),
    ("총 사업비는 2년간 국비 37억원을 포함 총 67억원이 투입된다.", [(3_700_000_000, "국비"), (6_700_000_000, "총사업비")]),
    ("시비 1억5천만원과 연간 20만원 이내", [(150_000_000, "시비"), (200_000, "")]),
    ("국비 62억 확보", [(6_200_000_000, "국비")]),
    ("투자 3억 달러를 유치했고 관람객 2억 명이 다녀갔다", []),
])
def test_money_is_normalised_to_won_with_its_label(sentence, expected):
    assert [(m.amount_won, m.label) for m in analysis.parse_money(sentence)] == expected


def _events(body: str, date: str):
    article = _article(body, date=date)
    text = analysis.body_text(article)
    spans = korean.sentence_spans(korean.analyser().tokenize(text, split_sents=True))
    return analysis.extract_events(article, text, spans)[0]


def test_dated_statements_resolve_against_the_article_date():
    events = _events("13일 광주광역시에 따르면 지난 1월 사업이 예비타당성 면제 사업으로 확정돼 오는 2020년부터 "
                     "2024년까지 4,061억원을 투입할 예정이다. 이용섭 시장은 지난 9일(현지 시각) 협약을 체결했다.",
                     "2019-10-13T17:28:27+09:00")
    got = [(e.date, e.end, [m.amount_won for m in e.money]) for e in events]
    assert got == [("2019-01", "", []), ("2020", "2024", [406_100_000_000]), ("2019-10-09", "", [])]
    assert all(e.dated_by == "text" and e.article == "2024-03-05-aaaaaa" for e in events)


def test_month_precision_and_future_months():
    (event,) = _events("광주시는 공모사업에 선정돼 2023년까지 2년간 국비 62억원을 확보했다고 8일 밝혔다.", "2022-05")
    assert (event.date, event.end, event.money[0].amount_won) == ("2022", "2023", 6_200_000_000)
    (event,) = _events("강기정 시장은 \"12월 중 시민들에게 구체적으로 보고하겠다\"고 밝혔다.", "2025-11-23T09:55:00+09:00")
    assert (event.date, event.end) == ("2025-12", "")
    (event,) = _events("시청에서 오는 17일부터 20일까지 전시회를 연다.", "2022-05")
    assert (event.date, event.end) == ("2022-05-17", "2022-05-20")
    (event,) = _events("지난 21일 열린 간담회에서 논의가 공유됐다.", "2025-11-23T09:55:00+09:00")
    assert event.date == "2025-11-21"


def test_the_day_of_the_news_and_durations_are_not_events():
    assert _events("광주시는 장애인 보장구 수리비를 지원하고 있다고 8일 밝혔다.", "2022-05") == []
    assert _events("교육은 1일 5시간씩 총 300시간 진행되며 20주년을 맞았다.", "2022-05") == []
    (event,) = _events("총사업비 31억원(국비 25억원, 민자 6억원)을 투입한다.", "2022-05")
    assert event.dated_by == "article" and event.date == "2022-05" and len(event.money) == 3


def test_seed_events_and_money():
    found, _ = _seed()
    figures = {m.amount_won for m in found["energy"].money}
    assert {6_200_000_000, 3_700_000_000, 6_700_000_000, 3_100_000_000, 2_500_000_000, 600_000_000} <= figures
    assert [m.amount_won for m in found["alt"].money] == [2_500_000_000_000]
    dates = {(e.date, e.end) for e in found["incoard"].events}
    assert {("2019-01", ""), ("2019-10-09", ""), ("2020", "2024")} <= dates
    assert ("2025-12", "") in {(e.date, e.end) for e in found["alt"].events}


def test_summary_is_the_lead_cut_at_a_sentence_boundary():
    articles, analyses, *_ = analysed()
    for article in articles:
        lead = analyses[article.slug].summary
        assert lead, article.title
        text = _squash(analysis.body_text(article))
        assert text.startswith(_squash(lead)), article.title
        assert re.search(r"[.!?…][\"'”’)]*$", lead), lead
        first = korean.split_sentences(analysis.body_text(article))[0]
        assert len(lead) <= analysis.SUMMARY_CHARS or _squash(lead) == _squash(first)
    found, _ = _seed()
    assert _squash(found["alt"].summary).startswith(_squash("강기정 광주광역시장이 국가 AI 컴퓨팅센터 유치 실패"))


def test_search_terms_are_lower_cased_morphemes_in_order():
    (item,) = _analyse(_article("광주시는 AI 컴퓨팅센터를 유치했다. 광주시는 밝혔다.", title="광주 AI")).values()
    assert item.title_terms == ("광주", "ai")
    assert item.body_terms[:4] == ("광주시", "ai", "컴퓨팅", "센터")
    assert item.body_terms.count("광주시") == 2 and "밝히" in item.body_terms


def test_pins_win_and_unknown_pins_are_reported():
    topics = (Topic("welfare", "복지", keywords=("장애인", "복지")),)
    article = _article("장애인 복지 증진을 위해 보장구 수리비를 지원한다. 장애인 복지가 중요하다.",
                       topics=("budget",), keywords=("수리비",))
    (item,) = _analyse(article, topics=topics).values()
    assert item.topics == ("budget",) and item.keywords == ("수리비",)
    problems = analysis.check_pins([article], topics)
    assert len(problems) == 1 and "budget" in problems[0].message


def test_warm_analysis_does_not_run_kiwi(tmp_path, monkeypatch):
    articles = [_article("광주시는 인공지능 집적단지 사업에 국비 62억원을 확보했다고 8일 밝혔다.", date="2022-05")]
    cold = analysis.analyse_articles(articles, (), tmp_path)

    def no_kiwi():
        raise AssertionError("a warm analysis must not run Kiwi")
    monkeypatch.setattr(korean, "analyser", no_kiwi)
    assert analysis.analyse_articles(articles, (), tmp_path) == cold


def test_the_minhash_mixers_are_the_seeded_draws_and_both_ways_give_the_same_fingerprint():
    """The hash functions written out are numpy's seeded draws (the cache's fingerprints were
    made with them), and the fingerprint made in Python integers (the analyser's helper, which
    has no numpy loaded) is the one made in numpy, to the value."""
    import random

    import numpy as np
    rng = np.random.default_rng(20191013)
    assert analysis._MIX_A == tuple(rng.integers(1, analysis._PRIME, analysis.FINGERPRINT_SIZE, dtype=np.uint64).tolist())
    assert analysis._MIX_B == tuple(rng.integers(0, analysis._PRIME, analysis.FINGERPRINT_SIZE, dtype=np.uint64).tolist())
    words = random.Random(3)
    for size in (3, 4, 50, 700):
        forms = [words.choice(["광주", "시", "인공지능", "AI", "밝혔", "다", ".", "62", "억원"]) for _ in range(size)]
        shingles = analysis._shingles(forms)
        plain = analysis._minhash_plain(shingles)
        assert plain == analysis._minhash(shingles) == analysis.fingerprint(forms)
        assert len(plain) == analysis.FINGERPRINT_SIZE


def test_the_helper_makes_fingerprints_without_loading_numpy():
    """A process that has not loaded numpy (the analyser's helper is forked before anything
    does) makes an edited article's fingerprint without it, and the same one."""
    import subprocess
    import sys
    forms = ["광주시", "는", "인공지능", "사업비", "로", "국비", "62", "억원", "을", "확보", "했", "다", "."] * 5
    script = (f"import sys; from civicnews import analysis; print(analysis.fingerprint({forms!r})); "
              "print('numpy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          cwd=str(config.PROJECT_ROOT))
    printed, loaded = done.stdout.split("\n")[:2]
    assert loaded == "False"
    assert printed == str(analysis._minhash(analysis._shingles(forms)))
