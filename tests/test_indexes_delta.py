"""The indexes remade from the last build's memory after a few articles changed equal the
indexes made from scratch (events, storylines, same-story groups, related articles with their
scores to the bit), and the related lists are ranked again only where they can change."""
from __future__ import annotations

import hashlib
import random
from dataclasses import replace

import numpy as np

from civicnews import indexes, related, stories
from civicnews.models import Article, ArticleAnalysis, Event, Mention, Money, StorylineSpec, Topic

WORDS = [f"낱말{k:03d}" for k in range(160)]
PEOPLE = ["강기정", "이용섭", "최종웅", "김영록", "박진표"]
TOPICS = (Topic("ai", "인공지능", keywords=("인공지능",)), Topic("city", "도시"))
LINES = (StorylineSpec("ai-city", "AI 도시", topics=("ai",), start="2019", end="2025"),
         StorylineSpec("words", "낱말", keywords=(WORDS[3], WORDS[40])))


def _fingerprint(rng: random.Random, base: list[int] | None) -> tuple[int, ...]:
    if base is not None and rng.random() < 0.8:          # a near copy: most values kept
        return tuple(v if rng.random() < 0.75 else rng.randrange(1 << 30) for v in base)
    return tuple(rng.randrange(1 << 30) for _ in range(stories.FINGERPRINT_WIDTH))


def _analysis(rng: random.Random, slug: str, date: str, base=None) -> ArticleAnalysis:
    lemmas = tuple(dict.fromkeys(rng.choices(WORDS, weights=[1 / (k + 3) for k in range(len(WORDS))],
                                              k=rng.randint(4, 45))))
    people = rng.sample(PEOPLE, rng.randint(0, 2))
    events = tuple(Event(date=f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}", end="",
                         sentence=f"{slug} 문장 {k} {rng.choice(WORDS)}", article=slug,
                         money=(Money(rng.randint(1, 90) * 10 ** 8, "국비"),) if rng.random() < 0.4 else ())
                   for k in range(rng.randint(0, 3)))
    analysis = ArticleAnalysis(slug=slug, summary="요약", keywords=lemmas[:rng.randint(0, 6)],
                               topics=tuple(t.slug for t in TOPICS if rng.random() < 0.4),
                               mentions=tuple(Mention("person", p, f"p-{k}", "시장") for k, p in enumerate(people)),
                               events=events, lemmas=lemmas, title_terms=(rng.choice(WORDS),),
                               body_terms=tuple(rng.choices(WORDS[:60], k=12)),
                               fingerprint=_fingerprint(rng, base) if rng.random() < 0.95 else ())
    digest = hashlib.sha256(repr(replace(analysis, digest="")).encode()).hexdigest()
    return replace(analysis, digest=digest)


def _archive(rng: random.Random, n: int):
    articles, found = [], {}
    for k in range(n):
        date = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 2):02d}"
        article = Article(slug=f"{date}-{k:05d}", title=f"제목 {k}", body="본문", date=date)
        articles.append(article)
        copies = [found[a.slug].fingerprint for a in articles[-6:-1] if found[a.slug].fingerprint]
        found[article.slug] = _analysis(rng, article.slug, date, list(copies[-1]) if copies else None)
    return articles, found


def _fresh_vectors(articles, found):
    memory: dict = {}
    related.related_articles(articles, found, memory=memory)
    return {s: memory["space"].vector(s) for s in found}


def _fresh(articles, found):
    return indexes.build_indexes(articles, found, TOPICS, LINES)


def _changed(rng: random.Random, articles, found, k: int) -> None:
    """Edit article k: a new analysis (lemmas, people, events, fingerprint), at times a new date."""
    article = articles[k]
    if rng.random() < 0.2:
        date = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-01"
        article = articles[k] = replace(article, date=date)
    base = next((found[a.slug].fingerprint for a in rng.sample(articles, 3) if found[a.slug].fingerprint), None)
    found[article.slug] = _analysis(rng, article.slug, article.date, list(base) if base else None)


def _with_rare_entity(analysis: ArticleAnalysis, rng: random.Random) -> ArticleAnalysis:
    """The analysis naming one of many organisations as well (most named by one article or
    two: an edit makes and ends their pages), at times with a role, under one of two names
    (the oldest article's is the entity's)."""
    k = rng.randrange(400)
    mention = Mention("organization", rng.choice((f"기관{k}", f"제{k}기관")), f"org-{k}", rng.choice(("", "", "이사장")))
    analysis = replace(analysis, mentions=analysis.mentions + (mention,), digest="")
    return replace(analysis, digest=hashlib.sha256(repr(analysis).encode()).hexdigest())


def test_indexes_after_edits_additions_and_removals_equal_indexes_from_scratch(monkeypatch):
    monkeypatch.setattr(related, "POSTING_LIMIT", 12)           # cuts the posting lists of common words
    monkeypatch.setattr(stories, "BUCKET_LIMIT", 6)             # and makes buckets large enough to window
    rng, rare = random.Random(5), random.Random(6)
    articles, found = _archive(rng, 220)
    found.update({slug: _with_rare_entity(a, rare) for slug, a in found.items()})
    memory: dict = {}
    assert indexes.build_indexes(articles, found, TOPICS, LINES, memory=memory) == _fresh(articles, found)
    for round_no in range(30):
        for k in rng.sample(range(len(articles)), rng.randint(1, 2)):
            _changed(rng, articles, found, k)
            found[articles[k].slug] = _with_rare_entity(found[articles[k].slug], rare)
        if round_no % 7 == 3:
            gone = articles.pop(rng.randrange(len(articles)))
            del found[gone.slug]
            date = f"{rng.randint(2019, 2025)}-0{rng.randint(1, 9)}-02"
            new = Article(slug=f"{date}-n{round_no:04d}", title="새 기사", body="본문", date=date)
            articles.append(new)
            found[new.slug] = _analysis(rng, new.slug, date)
        built = indexes.build_indexes(articles, found, TOPICS, LINES, memory=memory)
        fresh = _fresh(articles, found)
        assert built == fresh, f"round {round_no}"
        for name in ("topics", "keywords", "entities", "timeline"):      # in the same order, too
            assert list(getattr(built, name)) == list(getattr(fresh, name)), f"round {round_no}: {name}"
        space = memory["related"]["space"]
        assert {s: space.vector(s) for s in found} == _fresh_vectors(articles, found)
        scores = related._Space(sorted(found), {s: space.vector(s) for s in found},
                                {s: g.id for s, g in built.groups.items()}).top(range(len(found)), 5)
        assert memory["related"]["top"] == scores, f"round {round_no}: the kept scores are not the new ones"


def test_an_edit_of_common_words_ranks_few_related_lists_again():
    """600 articles whose features are all common (their weights in 5 % classes): an edit
    changes one vector, and only the lists it can reach are ranked again, to the same result."""
    rng = random.Random(2)
    common = WORDS[:40]

    def made(slug):
        lemmas = tuple(rng.sample(common, 30))
        return ArticleAnalysis(slug=slug, keywords=lemmas[:3], lemmas=lemmas, digest=f"{slug}-{rng.random()}")
    articles = [Article(slug=f"a{k:04d}", title="제목", body="본문", date="2022-05-08") for k in range(600)]
    found = {a.slug: made(a.slug) for a in articles}
    memory: dict = {}
    indexes.build_indexes(articles, found, (), (), memory=memory)
    ranked = []
    for _ in range(8):
        slug = rng.choice(articles).slug
        found[slug] = made(slug)
        built = indexes.build_indexes(articles, found, (), (), memory=memory)
        assert built.related == indexes.build_indexes(articles, found, (), ()).related
        ranked.append(memory["related"]["ranked"])
    assert max(ranked) < 150, ranked


def test_an_edited_near_copy_joins_and_leaves_its_story_as_from_scratch():
    rng = random.Random(9)
    articles, found = _archive(rng, 80)
    memory: dict = {}
    indexes.build_indexes(articles, found, TOPICS, LINES, memory=memory)
    a, b = articles[10], articles[11]
    articles[11] = b = replace(b, date=a.date)
    found[b.slug] = replace(found[b.slug], fingerprint=found[a.slug].fingerprint, digest="x1")
    joined = indexes.build_indexes(articles, found, TOPICS, LINES, memory=memory)
    assert joined == _fresh(articles, found)
    assert joined.groups[a.slug] is joined.groups[b.slug]
    found[b.slug] = replace(found[b.slug], fingerprint=tuple(np.arange(32).tolist()), digest="x2")
    left = indexes.build_indexes(articles, found, TOPICS, LINES, memory=memory)
    assert left == _fresh(articles, found) and b.slug not in left.groups


def test_a_new_date_alone_links_and_unlinks_a_story_as_from_scratch():
    """The same articles in the same order, one of them only redated: its row is made again."""
    rng = random.Random(4)
    prints = _fingerprint(rng, None)
    dates = ["2022-05-01", "2022-05-01", "2022-05-20"]
    articles = [Article(slug=f"s{k}", title="제목", body="본문", date=d) for k, d in enumerate(dates)]
    found = {a.slug: ArticleAnalysis(slug=a.slug, fingerprint=prints if k < 2 else _fingerprint(rng, None),
                                     digest=a.slug) for k, a in enumerate(articles)}
    memory: dict = {}
    assert "s1" in indexes.build_indexes(articles, found, (), (), memory=memory).groups
    for date, precision, linked in (("2022-05-05", "day", False), ("2022-05-09", "month", True),
                                    ("2022-05-02", "day", True)):
        articles[1] = replace(articles[1], date=date, date_precision=precision)
        built = indexes.build_indexes(articles, found, (), (), memory=memory)
        assert [a.slug for a in sorted(articles, key=lambda a: a.sort_key)] == ["s0", "s1", "s2"]
        assert built == indexes.build_indexes(articles, found, (), ())
        assert ("s1" in built.groups) is linked, date


def test_the_pairs_an_update_calls_candidates_are_exactly_candidate_pairs(monkeypatch):
    """_Archive.supported() (what an update asks) agrees with candidate_pairs() (what a build
    from scratch makes) on every pair, in small buckets and in windowed boilerplate ones."""
    monkeypatch.setattr(stories, "BUCKET_LIMIT", 5)
    monkeypatch.setattr(stories, "NEIGHBOURS", 2)
    rng = random.Random(11)
    shared = [_fingerprint(rng, None) for _ in range(2)]
    articles, found = [], {}
    for k in range(40):
        article = Article(slug=f"a{k:03d}", title="제목", body="본문", date="2022-05-01")
        base = list(shared[k % 2]) if k % 5 else None
        fingerprint = tuple(v if rng.random() < 0.85 else rng.randrange(1 << 30) for v in base) if base \
            else _fingerprint(rng, None)
        articles.append(article)
        found[article.slug] = ArticleAnalysis(slug=article.slug, fingerprint=fingerprint)
    first, second = stories.candidate_pairs(articles, found)
    candidates = set(zip(first.tolist(), second.tolist()))
    every = np.array([(i, j) for i in range(40) for j in range(i + 1, 40)])
    supported = stories._Archive(articles, found).supported(every[:, 0], every[:, 1])
    assert {(int(i), int(j)) for (i, j), yes in zip(every, supported) if yes} == candidates
    assert len(candidates) < len(every) // 2           # the windows leave pairs out


def test_the_index_names_its_events_analyses_only_while_each_names_its_own_article():
    rng = random.Random(8)
    articles, found = _archive(rng, 40)
    memory: dict = {}
    built = indexes.build_indexes(articles, found, TOPICS, LINES, memory=memory)
    assert built.events_made_of() == {a.slug: found[a.slug] for a in articles}
    slug = next(s for s, a in found.items() if a.events)
    odd = replace(found[slug], events=(found[slug].events[0]._replace(article=articles[0].slug),), digest="odd")
    for memory_given in (memory, {}):                      # after an edit, and from scratch
        assert indexes.build_indexes(articles, dict(found, **{slug: odd}), TOPICS, LINES,
                                     memory=memory_given).events_made_of() is None
