"""The archive-wide analysis step after a few articles change equals the step from scratch,
and ranks again only the articles it must (analysis.archive_step, stats.py)."""
from __future__ import annotations

import random

from civicnews import analysis, stats
from civicnews.analysis import _Own, archive_step
from civicnews.models import Article

WORDS = [f"낱말{k:03d}" for k in range(400)]
NAMES = ["강기정", "이용섭", "최종웅", "박진표", "송창헌", "임동률", "김영록", "정현", "정 현"]


def _own(rng: random.Random) -> _Own:
    chosen = sorted(set(rng.choices(WORDS, weights=[1 / (k + 1) for k in range(len(WORDS))], k=rng.randint(5, 40))))
    people = rng.sample(NAMES, rng.randint(0, 3))
    mentions = tuple(("person", name, "시장" if k == 0 else "", 2) for k, name in enumerate(people))
    return _Own(terms=tuple(chosen), tf=tuple(rng.randint(1, 5) for _ in chosen), topics=(), mentions=mentions,
                events=(), money=(), summary="요약", title_terms="", body_terms="", fingerprint=())


def _archive(rng: random.Random, n: int):
    articles = [Article(slug=f"a{k:04d}", title=f"제목 {k}", body="본문") for k in range(n)]
    owns = [_own(rng) for _ in articles]
    keys = [f"key-{a.slug}-0" for a in articles]
    return articles, keys, owns


def _step(articles, keys, owns, memory=None):
    """archive_step with the own analyses of these articles and of the last step's."""
    known = (memory or {}).get("_earlier", {}) | dict(zip(keys, owns))
    found = archive_step(articles, keys, known, memory)
    if memory is not None:
        memory["_earlier"] = dict(zip(keys, owns))
    return found


def test_idf_classes_are_exact_for_small_counts_and_five_percent_steps_above():
    assert [stats.count_class(c) for c in (0, 1, 17, 40)] == [0, 1, 17, 40]
    assert stats.count_class(41) == 41 and stats.count_class(42) == 41 and stats.count_class(43) == 43
    for count in range(41, 200_000, 997):
        assert stats.count_class(count) <= count < stats.count_class(count) * 1.06 + 1
    assert stats.idf(10, 3) == analysis.math.log(11 / 4) + 1.0


def test_edits_additions_and_removals_give_the_step_from_scratch():
    rng = random.Random(7)
    articles, keys, owns = _archive(rng, 260)
    memory: dict = {}
    assert _step(articles, keys, owns, memory) == _step(articles, keys, owns)
    ranked_again = []
    for round_no in range(1, 25):
        for k in rng.sample(range(len(articles)), rng.randint(1, 3)):         # edits
            owns[k] = _own(rng)
            keys[k] = f"key-{articles[k].slug}-{round_no}"
        if round_no % 5 == 0:                                                  # a removal, an addition
            gone = rng.randrange(len(articles))
            del articles[gone], keys[gone], owns[gone]
            articles.append(Article(slug=f"b{round_no:04d}", title="새 기사", body="본문"))
            keys.append(f"key-b{round_no}")
            owns.append(_own(rng))
        incremental = _step(articles, keys, owns, memory)
        assert incremental == _step(articles, keys, owns), f"round {round_no}"


def test_an_edit_that_moves_no_class_ranks_only_the_edited_article():
    """Common words (in most of 600 articles) swapped by an edit keep their classes: only
    the edited article is ranked again; a word that only it uses ranks it alone too."""
    rng = random.Random(11)
    articles = [Article(slug=f"a{k:04d}", title="제목", body="본문") for k in range(600)]
    common = WORDS[:30]
    owns = [_Own(terms=tuple(sorted(rng.sample(common, 25))), tf=(2,) * 25, topics=(), mentions=(), events=(),
                 money=(), summary="", title_terms="", body_terms="", fingerprint=()) for _ in articles]
    keys = [f"key-{k}" for k in range(len(articles))]
    memory: dict = {}
    _step(articles, keys, owns, memory)
    ranked = []
    for round_no in range(10):
        k = rng.randrange(len(articles))
        terms = sorted(set(rng.sample(common, 24)) | {f"드문말{round_no}"})
        owns[k] = _Own(**{**owns[k].__dict__, "terms": tuple(terms), "tf": (3,) * len(terms)})
        keys[k] = f"key-{k}-{round_no}"
        assert _step(articles, keys, owns, memory) == _step(articles, keys, owns)
        ranked.append(memory["ranked"])
    assert sorted(ranked)[len(ranked) // 2] == 1, ranked


def test_a_new_name_that_collides_renames_the_articles_that_use_the_other():
    rng = random.Random(3)
    articles, keys, owns = _archive(rng, 30)
    owns = [_Own(**{**w.__dict__, "mentions": (("person", "정현", "", 1),) if k < 5 else ()})
            for k, w in enumerate(owns)]
    memory: dict = {}
    _step(articles, keys, owns, memory)
    owns[20] = _Own(**{**owns[20].__dict__, "mentions": (("person", "정 현", "", 1),)})
    keys[20] = "key-renamed"
    incremental = _step(articles, keys, owns, memory)
    assert incremental == _step(articles, keys, owns)
