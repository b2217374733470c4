"""indexes.py: entities, timeline, events, storylines, related articles and same-story groups."""
from __future__ import annotations

from civicnews import analysis, config, indexes, related
from civicnews.models import Article, StoryGroup, StorylineSpec

from seed_articles import analysed, by_key

AI_ARTICLES = {"energy", "training", "incoard", "alt"}
NOT_AI = {"sendai", "repair", "family", "photo"}


def test_ai_city_storyline_selects_the_ai_articles_of_all_three_pages():
    articles, analyses, topics, specs, built = analysed()
    keys = {a.slug: key for key, a in by_key(articles).items()}
    storyline = built.storylines["gwangju-ai-city"]
    chosen = {keys[slug] for slug in storyline.articles}
    assert chosen == AI_ARTICLES
    assert [c.year for c in storyline.chapters] == [2019, 2022, 2025]
    assert sum(len(c.articles) for c in storyline.chapters) == len(storyline.articles)
    milestones = {(e.date, e.end) for e in storyline.milestones}
    assert {("2019-01", ""), ("2019-10-09", ""), ("2020", "2024"), ("2022", "2023"), ("2025-12", "")} <= milestones
    assert all(e.dated_by == "text" for e in storyline.milestones)
    dates = [e.date for e in storyline.money]
    assert dates == sorted(dates) and all(e.money for e in storyline.money)
    amounts = {m.amount_won for e in storyline.money for m in e.money}
    assert {406_100_000_000, 6_200_000_000, 2_500_000_000_000} <= amounts


def test_storyline_period_limits_the_selection():
    articles, analyses, topics, specs, built = analysed()
    spec = StorylineSpec("ai-2022", "AI 2022", topics=("ai-industry",), keywords=("AI", "인공지능"),
                         start="2022", end="2022")
    storyline = indexes.build_storyline(spec, sorted(articles, key=lambda a: a.sort_key), analyses)
    keys = {a.slug: key for key, a in by_key(articles).items()}
    assert {keys[s] for s in storyline.articles} == {"energy", "training"}


def test_entities_with_articles_and_roles_over_time():
    articles, analyses, topics, specs, built = analysed()
    person = built.entities["person/gang-gi-jeong"]
    assert person.name == "강기정" and person.kind == "person"
    assert person.roles == (("2025-11-23", "광주광역시장"),)
    assert len(person.articles) == 1
    assert built.entities["organization/in-ko-eo-deu"].name == "인코어드"
    metro = built.entities["place/gwang-ju-gwang-yeok-si"]
    assert len(metro.articles) >= 7
    for key, entity in built.entities.items():
        assert key == f"{entity.kind}/{entity.slug}"
        assert all(any(m.slug == entity.slug for m in analyses[s].mentions) for s in entity.articles)


def test_timeline_and_events_in_date_order():
    articles, analyses, topics, specs, built = analysed()
    assert sorted(built.timeline) == [2019, 2022, 2025]
    assert len(built.timeline[2022][5]) == 6
    assert sum(len(s) for months in built.timeline.values() for s in months.values()) == len(articles)
    keys = [(e.date, e.end) for e in built.events]
    assert keys == sorted(keys)
    assert len(built.events) == sum(len(a.events) for a in analyses.values())


def test_topic_and_keyword_indexes_list_their_articles_newest_first():
    articles, analyses, topics, specs, built = analysed()
    order = {a.slug: a.sort_key for a in articles}
    assert set(built.topics) == {t.slug for t in topics}
    for slugs in list(built.topics.values()) + list(built.keywords.values()):
        assert [order[s] for s in slugs] == sorted((order[s] for s in slugs), reverse=True)
    assert "컴퓨팅센터" in built.keywords


def test_related_articles_share_lemmas_and_entities():
    articles, analyses, topics, specs, built = analysed()
    keys = {a.slug: key for key, a in by_key(articles).items()}
    for slug, related in built.related.items():
        assert slug not in related and len(related) <= config.RELATED_PER_ARTICLE
    # the AI articles find each other first
    for key in ("energy", "incoard"):
        slug = by_key(articles)[key].slug
        assert keys[built.related[slug][0]] in AI_ARTICLES - {key}


def test_an_archive_of_one_story_has_no_related_articles():
    # two outlets' copies of one story share every feature, and nothing else is left to relate
    group = StoryGroup(id="story-a", articles=("a", "b"))
    vectors = {"a": {"w:골목": 0.6, "w:광주": 0.8}, "b": {"w:골목": 0.6, "w:광주": 0.8}}
    assert related.top_scores(vectors, {"a": group, "b": group}, 5) == {"a": (), "b": ()}
    alone = {"c": {"w:광주": 1.0}}
    assert related.top_scores(alone, {}, 5) == {"c": ()}


def _article(slug, outlet, date, body, title="제목"):
    return Article(slug=slug, title=title, body=body, date=date, outlet=outlet)


PRESS_RELEASE = ("광주시는 과학기술정보통신부와 정보통신산업진흥원이 주관하는 인공지능 융합 지역특화산업 지원사업에 선정돼 "
                 "2023년까지 2년간 국비 62억원을 확보했다고 8일 밝혔다.\n\n"
                 "시는 주관기관인 광주정보문화산업진흥원과 함께 지역 인공지능 기업 6곳이 컨소시엄을 구성하고, "
                 "지역 수요기업 5곳에 인공지능 솔루션을 도입해 기술 경쟁력 확보와 초기 사업 기회를 제공하게 된다.\n\n"
                 "또 동구 금남로 전일빌딩에 실증랩을 구축해 지역 기업이 다양한 데이터를 가공하고 실증할 수 있는 "
                 "환경을 제공할 계획이다.")


def test_the_same_press_release_in_two_outlets_is_one_story():
    rewritten = PRESS_RELEASE.replace("광주시는", "광주광역시는", 1).replace("밝혔다.", "8일 밝혔다.") \
        .replace("제공할 계획이다.", "제공할 방침이다. 시 관계자는 \"지역 기업의 경쟁력을 높이겠다\"고 말했다.")
    one = _article("2022-05-08-aaaaaa", "광주일보", "2022-05-08", PRESS_RELEASE, "광주시 국비 62억 확보")
    two = _article("2022-05-09-bbbbbb", "뉴시스", "2022-05-09T10:00:00+09:00", rewritten, "광주, AI 사업 선정")
    later = _article("2022-07-01-cccccc", "광주일보", "2022-07-01", PRESS_RELEASE, "다시 실린 기사")
    other = _article("2022-05-08-dddddd", "서울경제", "2022-05-08",
                     "광주시는 장애인의 이동권 보장과 복지 증진을 위해 장애인 보장구 수리비를 지원하고 있다고 8일 밝혔다. "
                     "장애인 보장구 수리지원사업은 전동휠체어, 스쿠터 등 활동 보장구 수리가 필요한 대상자에게 "
                     "보장구 소모품 교체와 수리비를 지원한다.", "장애인 보장구 수리비 지원")
    found = analysis.analyse_articles([one, two, later, other], (), None)
    assert indexes.similarity(found[one.slug].fingerprint, found[two.slug].fingerprint) >= 0.5
    built = indexes.build_indexes([one, two, later, other], found, (), ())
    group = built.groups[one.slug]
    assert group is built.groups[two.slug] and group.articles == (one.slug, two.slug)
    assert later.slug not in built.groups           # the same text two months later is another story
    assert other.slug not in built.groups
    assert two.slug not in built.related[one.slug]  # a group is one story, not two related ones


def test_groups_come_from_buckets_not_from_all_pairs():
    """Many unrelated articles: the pairwise check runs on candidates only."""
    articles, analyses, *_ = analysed()
    first, second = indexes.candidate_pairs(sorted(articles, key=lambda a: a.sort_key), analyses)
    n = len(articles)
    assert len(set(zip(first.tolist(), second.tolist()))) < n * (n - 1) // 2
    assert (first < second).all()                   # the older article first


def test_a_boilerplate_bucket_pairs_neighbours_only_and_still_groups_the_story():
    """300 copies of one press release on one day: a bucket too large to pair all, and the
    copies are still one story through their neighbours."""
    copies = [_article(f"2022-05-08-{k:06d}", "광주일보", "2022-05-08", PRESS_RELEASE, f"사본 {k}") for k in range(300)]
    found = analysis.analyse_articles(copies, (), None)
    first, second = indexes.candidate_pairs(copies, found)
    assert 0 < len(first) < 300 * 299 // 2 and ((second - first) <= 7).all()
    groups = indexes.same_story_groups(copies, found)
    assert groups[copies[0].slug].articles == tuple(a.slug for a in copies)


def test_related_articles_are_the_same_by_dense_table_or_by_sort(monkeypatch):
    """The pair sums of related_articles come from a dense table per block of articles (up to
    DENSE_MAX articles) or from a sort of the pairs: the same lists, in several blocks or one."""
    import random
    from types import SimpleNamespace
    rng = random.Random(3)
    words = [f"낱말{k}" for k in range(300)]
    articles = [SimpleNamespace(slug=f"a{k:04d}") for k in range(600)]
    found = {a.slug: SimpleNamespace(lemmas=tuple(rng.sample(words, 30)), keywords=tuple(rng.sample(words, 3)),
                                     mentions=()) for a in articles}
    one_block = indexes.related_articles(articles, found)
    assert sum(map(len, one_block.values())) > 500
    monkeypatch.setattr(related, "DENSE_CELLS", 600 * 7)            # blocks of 7 articles
    assert indexes.related_articles(articles, found) == one_block
    monkeypatch.setattr(related, "DENSE_MAX", 100)                  # beyond it: the sort
    assert indexes.related_articles(articles, found) == one_block


def test_buckets_by_band_in_numpy_are_the_buckets_of_the_plain_loop():
    articles, analyses, *_ = analysed()
    copies = [_article(f"2022-05-08-{k:06d}", "광주일보", "2022-05-08", PRESS_RELEASE, f"사본 {k}") for k in range(30)]
    found = {**analyses, **analysis.analyse_articles(copies, (), None)}
    prints = [found[a.slug].fingerprint for a in list(articles) + copies] + [()]
    assert all(len(p) == indexes.FINGERPRINT_WIDTH for p in prints[:-1])

    def buckets(groups):
        return sorted(tuple(ids.tolist()) for ids in groups)
    plain = buckets(indexes._bucket_members(prints))
    assert plain and any(len(b) == 30 for b in plain)
    assert buckets(indexes._band_members(prints)) == plain


def test_events_told_twice_are_kept_once_whatever_their_white_space():
    """A storyline keeps an event once per date, end and sentence without white space (the
    regex \\s of every code point, read with str.split())."""
    import re
    import sys
    from civicnews.indexes import _unique
    from civicnews.models import Event
    spaced = [Event("2022-05", "", s, a) for s, a in (("국비 62억원을 확보했다.", "a"), ("국비 62억 원을\u00a0확보했다.", "b"),
                                                       ("국비\u300062억원을\n확보했다.", "c"), ("국비 63억원을 확보했다.", "d"))]
    assert [e.article for e in _unique(spaced)] == ["a", "d"]
    moved = Event("2022-06", "", spaced[1].sentence, "b")
    assert [e.article for e in _unique([moved] + spaced)] == ["b", "a", "d"]
    pattern = re.compile(r"\s+")
    for code in range(sys.maxunicode + 1):
        if not 0xD800 <= code <= 0xDFFF:
            text = f"가{chr(code)}나"
            assert pattern.sub("", text) == "".join(text.split()), hex(code)
