"""Article files: the front matter schema, one broken fixture per failure, each with its message."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from civicnews.articles import (load_articles, parse_article, render_article, was_edited,
                                write_articles)
from civicnews.models import Article, ContentError, Photo, Source

INVALID = Path(__file__).parent / "fixtures" / "invalid"

GOOD = """---
title: 광주시, AI 전문인력 양성과정 교육생 모집
subtitles:
- 20명…6월 2일까지 신청 접수
date: "2022-05-08"
outlet: 광주일보
reporters: [박진표]
slug: good-article
---

광주시는 관내 거주하는 미취업 청년을 대상으로 교육생을 모집한다고 8일 밝혔다.
"""


def content_with(tmp_path: Path, *names: str) -> Path:
    articles = tmp_path / "content" / "articles"
    articles.mkdir(parents=True)
    (articles / "good.md").write_text(GOOD, encoding="utf-8")
    for name in names:
        shutil.copyfile(INVALID / name, articles / name)
    return tmp_path / "content"


# file -> (line, message start): the exact problem each broken file must produce
CASES = {
    "malformed_yaml.md": (2, "error: front matter is not valid YAML (while scanning a quoted scalar"),
    "missing_title.md": (1, "error: missing title: add 'title: ...' to the front matter"),
    "impossible_date.md": (3, "error: date '2022-02-30' is not a day of the calendar"),
    "slug_dotdot.md": (3, "error: slug '../../etc/passwd' must not contain '/'"),
    "slug_slash.md": (3, "error: slug 'a/b' must not contain '/'"),
    "empty.md": (0, "error: empty file: skipped"),
    "binary.md": (0, "error: binary file, not a Markdown article: skipped"),
    "nul_bytes.md": (6, "error: NUL byte in the text: skipped"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_broken_file_is_reported_with_file_line_and_fix_and_the_rest_loads(tmp_path, name):
    content = content_with(tmp_path, name)
    articles, problems = load_articles(content)
    line, message = CASES[name]
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1, problems
    error = errors[0]
    assert error.path == (content / "articles" / name).as_posix()
    assert error.line == line
    assert str(error).split(": ", 1)[1].startswith(message), str(error)
    assert [a.slug for a in articles] == ["good-article"]


def test_duplicate_slug_keeps_the_first_and_names_both_files(tmp_path):
    content = content_with(tmp_path, "duplicate_slug_a.md", "duplicate_slug_b.md")
    articles, problems = load_articles(content)
    assert sorted(a.slug for a in articles) == ["good-article", "same-slug"]
    [problem] = problems
    assert problem.path.endswith("articles/duplicate_slug_b.md") and problem.line == 3
    assert "duplicate slug 'same-slug', already used by" in problem.message
    assert "duplicate_slug_a.md" in problem.message


def test_bom_and_crlf_load_cleanly(tmp_path):
    content = content_with(tmp_path, "bom_crlf.md")
    articles, problems = load_articles(content)
    assert problems == []
    article = next(a for a in articles if a.slug == "bom-crlf")
    assert article.title == "BOM과 CRLF" and article.date == "2023-02-14"
    assert "\r" not in article.body and article.body.startswith("윈도우에서")


def test_file_name_with_spaces_and_hangul_gets_a_romanized_ascii_slug(tmp_path):
    content = content_with(tmp_path, "광주 기사 파일.md")
    articles, problems = load_articles(content)
    assert problems == []
    slugs = sorted(a.slug for a in articles)
    assert slugs == ["good-article", "gwang-ju-gi-sa-pa-il"]


def test_symlink_outside_content_is_skipped(tmp_path):
    content = content_with(tmp_path)
    outside = tmp_path / "secret.md"
    outside.write_text(GOOD.replace("good-article", "secret"), encoding="utf-8")
    os.symlink(outside, content / "articles" / "link.md")
    articles, problems = load_articles(content)
    assert [a.slug for a in articles] == ["good-article"]
    [problem] = problems
    assert problem.path.endswith("articles/link.md")
    assert "symbolic link points outside the content folder" in problem.message


def test_dates_stay_text_and_timestamps_keep_their_offset():
    text = GOOD.replace('date: "2022-05-08"', "date: 2019-10-13T17:28:27+09:00")
    article = parse_article(text, "articles/x.md")
    assert article.date == "2019-10-13T17:28:27+09:00"
    assert article.year == 2019 and article.month == 10


def test_parse_article_raises_with_the_first_problem():
    with pytest.raises(ContentError) as info:
        parse_article("---\nslug: x\n---\n\nbody\n", "articles/x.md")
    assert "missing title" in str(info.value)


def test_round_trip_and_curator_edits_are_never_overwritten(tmp_path):
    article = Article(slug="2022-05-08-abc123", title="광주시-日 센다이시 자매도시 20주년 사진전",
                      body="광주시가 일본 센다이시와 교류한다.\n\n둘째 문단.\n", date="2022-05",
                      date_precision="month", date_inferred=True, date_evidence=("가정의 달",),
                      subtitles=("10일까지 시청 1층 시민홀",), outlet="광주일보", reporters=("박진표",),
                      emails=("lucky@kwangju.co.kr",), photos=(Photo("사진 설명", "광주시"),),
                      source=Source("raw/000.txt"))
    text = render_article(article)
    assert not was_edited(text)
    again = parse_article(text, "articles/x.md")
    assert (again.title, again.body, again.date, again.date_inferred, again.photos, again.subtitles) == \
        (article.title, article.body, article.date, True, article.photos, article.subtitles)

    folder = tmp_path / "articles"
    assert write_articles([article], folder)["written"] == ["2022-05-08-abc123.md"]
    assert write_articles([article], folder)["unchanged"] == ["2022-05-08-abc123.md"]
    target = folder / "2022-05-08-abc123.md"
    edited = target.read_text(encoding="utf-8").replace("둘째 문단.", "편집자가 고친 문단.")
    target.write_text(edited, encoding="utf-8")
    assert was_edited(edited)
    changed = Article(**{**article.__dict__, "body": "새로 정리한 본문.\n"})
    assert write_articles([changed], folder)["kept_edited"] == ["2022-05-08-abc123.md"]
    assert "편집자가 고친 문단." in target.read_text(encoding="utf-8")
    assert write_articles([changed], folder, force=True)["written"] == ["2022-05-08-abc123.md"]
    assert "새로 정리한 본문." in target.read_text(encoding="utf-8")


def test_stale_generated_articles_are_removed_but_edited_ones_kept(tmp_path):
    folder = tmp_path / "articles"
    old = Article(slug="2022-05-aaaaaa", title="옛 제목", body="본문.\n", source=Source("raw/a.txt"))
    edited = Article(slug="2022-05-bbbbbb", title="편집된 기사", body="본문.\n", source=Source("raw/a.txt"))
    write_articles([old, edited], folder)
    target = folder / "2022-05-bbbbbb.md"
    target.write_text(target.read_text(encoding="utf-8").replace("본문.", "큐레이터가 고친 본문."), encoding="utf-8")
    new = Article(slug="2022-05-cccccc", title="새 제목", body="본문.\n", source=Source("raw/a.txt"))
    result = write_articles([new], folder)
    assert result["removed"] == ["2022-05-aaaaaa.md"]
    assert sorted(p.name for p in folder.glob("*.md")) == ["2022-05-bbbbbb.md", "2022-05-cccccc.md"]


def test_unknown_topic_is_a_warning_at_the_line_of_its_topics_key(tmp_path):
    from civicnews import analysis
    from civicnews.models import Topic

    content = content_with(tmp_path, "unknown_topic.md")
    articles, problems = load_articles(content)
    assert problems == [] and len(articles) == 2              # the article itself still loads
    topics = (Topic("welfare", "복지"), Topic("budget", "예산·재정"))
    [problem] = analysis.check_pins(articles, topics, content)
    assert str(problem) == (f"{(content / 'articles' / 'unknown_topic.md').as_posix()}:4: warning: "
                            "unknown topic 'no-such-topic': add it to content/topics.yaml "
                            "or use one of budget, welfare")


def test_a_stored_article_reads_its_body_when_asked_and_is_a_plain_article_elsewhere(tmp_path):
    import dataclasses
    import pickle
    from civicnews.articles import StoredArticle, plain
    whole = Article(slug="2022-05-08-aaaaaa", title="광주 AI", body="광주시는 밝혔다.", date="2022-05-08",
                    extra={"note": "x"})
    reads = []
    stored = StoredArticle.of(dataclasses.replace(whole, body=""), lambda: reads.append(1) or whole.body)
    assert stored.title == "광주 AI" and reads == []               # nothing read for its card
    assert stored.body == whole.body and stored.body == whole.body and reads == [1]
    assert type(dataclasses.replace(stored, title="새 제목")) is Article
    assert pickle.loads(pickle.dumps(stored)) == whole
    assert pickle.dumps(plain(stored), protocol=5) == pickle.dumps(whole, protocol=5)


def test_an_article_whose_record_is_lost_is_read_from_its_file(tmp_path):
    from civicnews import buildstate
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "a.md").write_text("---\ntitle: 제목\ndate: 2022-05-08\n---\n광주시는 밝혔다.\n",
                                               encoding="utf-8")
    cache, store = {}, buildstate.Pack(tmp_path / "cache", "articles")
    load_articles(content, cache, 0, store)
    index = store.save()
    again = buildstate.Pack(tmp_path / "cache", "articles", index)
    (tmp_path / "cache" / "build-state-articles.pack").write_bytes(b"damaged")
    again = buildstate.Pack(tmp_path / "cache", "articles", dict(index))
    found, problems = load_articles(content, cache, 1 << 62, again)
    assert [a.body.strip() for a in found] == ["광주시는 밝혔다."] and problems == []
