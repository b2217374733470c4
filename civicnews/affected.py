"""Which pages a rebuild must look at again: the render jobs whose pages can show something
that changed since the last build.

The site is rendered by jobs (render.py): one per article page, per topic, keyword, person,
organisation or place (with their numbered pages), per year of the timeline (with its months)
and per storyline (with its years), plus a few pages about the whole archive that every build
looks at (home, the index pages, about, feed, sitemap). A page shows its own data and, of
other articles, their entry in a list (title, date, outlet, kind, summary: their "card"). So a
job must run again when:
- its article changed (the article itself or its analysis: keywords, entities, events, ...);
- its list changed (the articles of a topic, a keyword, an entity, a year, a storyline, the
  related articles or the story group of an article);
- an article it lists, relates or quotes beside an event changed its card (the jobs of its
  topics, keywords, entities, year, event years and storylines, and the article pages that
  relate it, group it or share its raw page, before and after the change);
- a page it made looked up a keyword or an entity whose page appeared, went or was renamed;
- or anything every page shows changed (configuration, taxonomy, the archive's file name, the
  code): then every job runs (None).
A job that runs still reuses each of its pages whose fingerprint did not change (render.py).
Everything else keeps the last build's pages as they are, unread.
"""
from __future__ import annotations

import hashlib
import json
from typing import Iterable, Mapping

from .models import Article, ArticleAnalysis, Indexes, Site, event_years

Job = tuple[str, object]                # ("article", slug), ("topic", slug), ("keyword", word), ...


def card(article: Article | None, analysis: ArticleAnalysis | None) -> str:
    """A hash of what a page shows of an article it lists (partials/lists.html) or quotes."""
    shown = None if article is None else (article.slug, article.title, article.date, article.date_precision,
                                          article.outlet, article.kind, analysis.summary if analysis else "")
    return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode("utf-8")).hexdigest()


def card_jobs(slug: str, article: Article | None, analysis: ArticleAnalysis | None,
              indexes: Indexes, reports: Mapping[str, tuple[str, ...]]) -> set[Job]:
    """The jobs whose pages show this article's card, in a build with these indexes."""
    jobs: set[Job] = set()
    if article is None:
        return jobs
    if analysis is not None:
        jobs.update(("topic", t) for t in analysis.topics or article.topics)
        jobs.update(("keyword", w) for w in analysis.keywords or article.keywords)
        jobs.update(("entity", f"{m.kind}/{m.slug}") for m in analysis.mentions)
        jobs.update(("timeline_year", int(e.date[:4])) for e in analysis.events if e.date[:4].isdigit())
    if article.year:
        jobs.add(("timeline_year", article.year))
    jobs.update(("storyline", s) for s, line in indexes.storylines.items() if slug in line.articles)
    group = indexes.groups.get(slug)
    if group is not None:
        jobs.update(("article", other) for other in group.articles)
    jobs.update(("article", other) for other in reports.get(article.source.file, ()))
    return jobs


def _related_to(indexes: Indexes, slugs: set[str]) -> set[Job]:
    """The article pages that list any of these slugs as related."""
    return {("article", row) for row, found in indexes.related.items() if not slugs.isdisjoint(found)}


def jobs_to_run(site: Site, before: Indexes, changed_articles: Mapping[str, tuple],
                changed_analyses: Mapping[str, tuple],
                lookups_changed: Iterable[Job] = ()) -> tuple[set[Job], set[str]]:
    """The jobs to run again (see the module's docstring), and the articles whose card changed.
    changed_articles and changed_analyses: slug -> (last build's, this build's), None where
    there is none, for the articles whose record or analysis changed."""
    after = site.indexes
    articles = {a.slug: a for a in site.articles}
    reports: dict[str, tuple[str, ...]] = {}
    for report in site.reports:
        reports[report.file] = report.articles
    jobs: set[Job] = set(lookups_changed)
    moved_cards: set[str] = set()
    for slug in set(changed_articles) | set(changed_analyses):
        old_article, new_article = changed_articles.get(slug, (articles.get(slug),) * 2)
        old_analysis, new_analysis = changed_analyses.get(slug, (site.analyses.get(slug),) * 2)
        if new_article is not None:
            jobs.add(("article", slug))
        if old_article is None or new_article is None or old_analysis is None or new_analysis is None \
                or card(old_article, old_analysis) != card(new_article, new_analysis):
            moved_cards.add(slug)
            jobs |= card_jobs(slug, old_article, old_analysis, before, reports)
            jobs |= card_jobs(slug, new_article, new_analysis, after, reports)
        elif old_analysis.events != new_analysis.events:      # shown, with their ids, on the year pages
            jobs.update(("timeline_year", int(e.date[:4])) for e in old_analysis.events + new_analysis.events
                        if e.date[:4].isdigit())
    if moved_cards:
        jobs |= _related_to(before, moved_cards) | _related_to(after, moved_cards)
    # the lists themselves
    for name, kind in (("topics", "topic"), ("keywords", "keyword"), ("entities", "entity"),
                       ("storylines", "storyline")):
        old, new = getattr(before, name), getattr(after, name)
        jobs.update((kind, key) for key in new if old.get(key) != new[key])
    old_years = set(before.timeline) | event_years(before.events, before.events_made_of() is not None)
    new_years = set(after.timeline) | event_years(after.events, after.events_made_of() is not None)
    if old_years != new_years:            # every year page links the one before and after it
        jobs.update(("timeline_year", y) for y in new_years)
    jobs.update(("timeline_year", y) for y in after.timeline if before.timeline.get(y) != after.timeline[y])
    jobs.update(("article", slug) for slug, found in after.related.items() if before.related.get(slug) != found)
    for slug in set(before.groups) | set(after.groups):
        old_group, new_group = before.groups.get(slug), after.groups.get(slug)
        if (old_group.articles if old_group else None) != (new_group.articles if new_group else None):
            jobs.add(("article", slug))
    return {job for job in jobs if job[0] != "article" or job[1] in articles}, moved_cards
