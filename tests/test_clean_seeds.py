"""Acceptance: cleaning the three seed files gives exactly what EXPECTED.yaml says a careful
editor gets from them (titles and sentences compared with white space removed)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from civicnews.clean import boilerplate, clean_file
from civicnews.clean.lines import split_lines

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


class _TextDates(yaml.SafeLoader):
    """Keeps 2019-10-13T17:28:27+09:00 as the text written, not a datetime."""


_TextDates.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
EXPECTED = yaml.load((SEEDS / "EXPECTED.yaml").read_text(encoding="utf-8"), Loader=_TextDates)
FILES = sorted(name for name in EXPECTED if name.endswith(".txt"))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def cleaned():
    return {name: clean_file(SEEDS / name) for name in FILES}


def _by_title(result):
    return {squash(a.title): a for a in result.articles}


def test_the_three_seed_files_are_in_expected():
    assert FILES == ["000_12117dbb3008d91d.txt", "002_bc03ac4961c522e1.txt", "003_978811b11027b277.txt"]


@pytest.mark.parametrize("name", FILES)
def test_exactly_the_expected_articles(cleaned, name):
    result = cleaned[name]
    expected = EXPECTED[name]["articles"]
    assert len(result.articles) == len(expected)
    assert sorted(_by_title(result)) == sorted(squash(e["title"]) for e in expected)
    assert result.report.articles == tuple(a.slug for a in result.articles)
    assert not result.report.skipped


def _cases():
    for name in FILES:
        for index, expected in enumerate(EXPECTED[name]["articles"]):
            yield pytest.param(name, expected, id=f"{name[:3]}-{index}")


@pytest.mark.parametrize("name,expected", list(_cases()))
def test_article_metadata_and_body(cleaned, name, expected):
    page = EXPECTED[name]
    article = _by_title(cleaned[name])[squash(expected["title"])]
    assert article.source.file == f"raw/{name}"
    assert article.kind == expected.get("kind", "article")
    assert [squash(s) for s in article.subtitles] == [squash(s) for s in expected.get("subtitles", [])]
    assert list(article.reporters) == expected.get("reporters", [])
    if "email" in expected:
        assert expected["email"] in article.emails
    assert article.outlet == page["outlet"]
    for key in ("section", "desk"):
        assert getattr(article, key) == expected.get(key, page.get(key, ""))
    date = str(expected.get("date", page.get("date", "")))
    assert article.date == date
    if len(date) == 7:                    # month only: inferred from the text, with evidence
        assert article.date_precision == "month"
        assert article.date_inferred is True
        assert article.date_evidence
    else:
        assert article.date_precision == "minute"
        assert article.date_inferred is False
    body = squash(article.body)
    if "first_sentence" in expected:
        assert body.startswith(squash(expected["first_sentence"]))
    if "last_sentence" in expected:
        assert body.endswith(squash(expected["last_sentence"]))
    if "paragraphs" in expected:
        assert len(article.body.strip().split("\n\n")) == expected["paragraphs"]
    for figure in expected.get("figures", []):
        assert squash(str(figure)) in body     # YAML reads [4,061억원] as [4, "061억원"]
    captions = [squash(p.caption) for p in article.photos]
    for key in ("caption", "photo_caption"):
        if key in expected:
            assert captions == [squash(expected[key])]
            assert squash(expected[key]) not in body          # a caption is not body text
    if "photo_credit" in expected:
        assert [p.credit for p in article.photos] == [expected["photo_credit"]]
    if article.kind == "photo":
        assert not article.reporters and not article.body.strip()
    assert squash(article.title) not in body                   # the repeated title is gone


@pytest.mark.parametrize("name", FILES)
def test_no_boilerplate_line_in_any_body(cleaned, name):
    result = cleaned[name]
    dropped = {squash(line) for d in result.report.dropped for line in d.text.split("\n") if len(squash(line)) > 1}
    for article in result.articles:
        for paragraph in filter(None, article.body.split("\n\n")):
            assert squash(paragraph) not in dropped
            assert boilerplate.classify(paragraph.strip()) == ""
            assert boilerplate.teaser_kind(paragraph.strip()) == ""


def test_teasers_of_other_articles_never_become_articles(cleaned):
    result = cleaned["003_978811b11027b277.txt"]
    raw = (SEEDS / "003_978811b11027b277.txt").read_text(encoding="utf-8")
    teasers = raw[raw.index("이시각 HOT 뉴스"):]
    text = squash(" ".join(a.title + a.body + " ".join(a.subtitles) for a in result.articles))
    for line in teasers.splitlines():
        line = line.strip(" •")
        if len(line) > 10:
            assert squash(line) not in text
    reasons = {d.reason for d in result.report.dropped}
    assert "teaser" in reasons
    dropped_text = "\n".join(d.text for d in result.report.dropped)
    for expected in ("bar_progress", "글자크기 설정", "뉴스듣기", "AD", "지금 뜨는 뉴스", "이시각 HOT 뉴스",
                     "시계아이콘00분 40초 소요", "아시아경제(www.asiae.co.kr) 무단전재 배포금지"):
        assert expected in dropped_text


def test_web_page_drops_what_expected_lists(cleaned):
    report = cleaned["002_bc03ac4961c522e1.txt"].report
    by_reason = {}
    for d in report.dropped:
        by_reason.setdefault(d.reason, []).append(d.text)
    dropped_text = "\n".join(d.text for d in report.dropped)
    assert "전종목 시세보기" in dropped_text
    assert "copyright" in by_reason and "서울경제" in by_reason["copyright"][0]
    assert "email form" in by_reason and any("수신 메일 주소" in t for t in by_reason["email form"])
    assert len(by_reason["duplicate title"]) >= 1


@pytest.mark.parametrize("name", FILES)
def test_nothing_lost(cleaned, name):
    result = cleaned[name]
    lines = split_lines((SEEDS / name).read_text(encoding="utf-8"))
    missing = [line.no for line in lines if line.text and line.no not in result.accounted]
    assert missing == []
    assert all(d.reason != "unclassified" for d in result.report.dropped)
