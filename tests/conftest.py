"""Shared test options and fixtures.

--update-golden      rewrite tests/golden/ from the fixture site instead of comparing with it.
fixture_site()       the Site of tests/fixtures/site: real article files, hand-written analysis
                     (analysis.yaml), so rendering is tested without the Korean analyser.
"""
from __future__ import annotations

import os
import sys
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# the builds of the tests (and the processes they start) leave no resident builder behind;
# tests/test_resident.py asks for one where it means to
os.environ["CIVICNEWS_KEEP_RESIDENT"] = "0"

from civicnews import articles, config, offline, output, render, report, search  # noqa: E402
from civicnews.models import (ArticleAnalysis, Chapter, EntityIndex, Event, Indexes, Mention,  # noqa: E402
                              Money, Site, StoryGroup, Storyline)

SITE_FIXTURE = ROOT / "tests" / "fixtures" / "site"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the fixture site")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def _event(slug: str, item: dict) -> Event:
    money = tuple(Money(int(m["amount_won"]), m["text"], m.get("label", "")) for m in item.get("money", ()))
    return Event(str(item["date"]), str(item.get("end", "")), item["sentence"], slug, money)


def fixture_site(base_url: str = "", content: Path = SITE_FIXTURE / "content") -> Site:
    """The fixture archive as one Site value, with the analysis stage's results written by hand."""
    found, problems = articles.load_articles(content)
    assert not [p for p in problems if p.severity == "error"], problems
    data = yaml.safe_load((SITE_FIXTURE / "analysis.yaml").read_text(encoding="utf-8"))
    analyses, events, milestones = {}, [], []
    for slug, item in data["analyses"].items():
        own = [_event(slug, e) for e in item.get("events", ())]
        milestones += [e for e, raw in zip(own, item.get("events", ())) if raw.get("milestone")]
        events += own
        analyses[slug] = ArticleAnalysis(
            slug=slug, summary=item.get("summary", ""), keywords=tuple(item.get("keywords", ())),
            topics=tuple(item.get("topics", ())), events=tuple(own),
            mentions=tuple(Mention(m["kind"], m["name"], m["slug"], m.get("role", "")) for m in item.get("mentions", ())),
            money=tuple(m for e in own for m in e.money))
    by_topic, by_keyword = defaultdict(list), defaultdict(list)
    for slug, a in sorted(analyses.items()):
        for t in a.topics:
            by_topic[t].append(slug)
        for k in a.keywords:
            by_keyword[k].append(slug)
    timeline = defaultdict(lambda: defaultdict(list))
    for a in sorted(found, key=lambda a: a.sort_key):
        timeline[a.year][a.month].append(a.slug)
    storylines = {}
    for spec in config.load_storylines(content):
        chosen = sorted((a for a in found if set(analyses[a.slug].topics) & set(spec.topics)), key=lambda a: a.sort_key)
        slugs = {a.slug for a in chosen}
        years = sorted({a.year for a in chosen})
        storylines[spec.slug] = Storyline(
            spec=spec, articles=tuple(a.slug for a in chosen),
            chapters=tuple(Chapter(y, tuple(a.slug for a in chosen if a.year == y)) for y in years),
            milestones=tuple(sorted((e for e in milestones if e.article in slugs), key=lambda e: e.date)),
            money=tuple(sorted((e for e in events if e.article in slugs and e.money), key=lambda e: e.date)))
    groups = {}
    for g in data["groups"]:
        for slug in g["articles"]:
            groups[slug] = StoryGroup(g["id"], tuple(g["articles"]))
    indexes = Indexes(
        topics={k: tuple(v) for k, v in by_topic.items()}, keywords={k: tuple(v) for k, v in by_keyword.items()},
        entities={f"{e['kind']}/{e['slug']}": EntityIndex(e["kind"], e["slug"], e["name"], tuple(e["articles"]),
                                                         tuple(tuple(r) for r in e.get("roles", ())))
                  for e in data["entities"]},
        timeline={y: {m: tuple(s) for m, s in ms.items()} for y, ms in timeline.items()},
        events=tuple(sorted(events, key=lambda e: (e.date, e.article))), storylines=storylines,
        related={k: tuple(v) for k, v in data["related"].items()}, groups=groups)
    cfg = config.load_site_config(content, base_url or None)
    return Site(config=cfg, articles=tuple(sorted(found, key=lambda a: a.sort_key, reverse=True)),
                analyses=analyses, topics=config.load_topics(content), indexes=indexes,
                reports=report.read_report(content), problems=tuple(problems))


def site_outputs(site: Site, with_search: bool = True) -> list:
    """What pipeline.build() hands to write_site(), for a Site made without the analyser.

    with_search=False leaves out the other helpers' outputs (search index, service worker), so the
    golden pages depend on the renderer alone."""
    outputs = render.render_site(site)
    if with_search:
        outputs += search.search_outputs(site)
        outputs += offline.offline_outputs(outputs)
    return output.archive_outputs(outputs, site)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The fixture site written to disk once per session (with the search index)."""
    out = tmp_path_factory.mktemp("built") / "site"
    output.write_site(site_outputs(fixture_site()), out)
    return out
