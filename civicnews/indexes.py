"""Indexes over the analysed archive: topics, keywords, entities, timeline, events, storylines,
related articles and same-story groups.

Everything here is near-linear in the number of articles: related articles come from an
inverted index over each article's strongest features (lemmas and entities), with posting
lists cut to their strongest entries; same-story groups come from locality-sensitive hashing
of the MinHash fingerprints, never from comparing all pairs.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from typing import Iterable, Mapping, Sequence

from . import config
from .related import related_articles
from .stories import (FINGERPRINT_WIDTH, _band_members, _bucket_members, candidate_pairs,  # noqa: F401
                      same_story_groups, similarity)
from .models import (Article, ArticleAnalysis, Chapter, EntityIndex, Event, Indexes, StoryGroup, Storyline,
                     StorylineSpec, Topic, event_key)



def build_indexes(articles: Sequence[Article], analyses: Mapping[str, ArticleAnalysis],
                  topics: Sequence[Topic], storylines: Sequence[StorylineSpec],
                  terms: Mapping[str, tuple[str, str]] | None = None, memory: dict | None = None) -> Indexes:
    """Every index of the archive. terms: slug -> (title block's, body's) search terms,
    space-separated, for analyses that carry none. memory (the build state's, refreshed in
    place): what lets a rebuild redo only what changed (events, storylines, same-story groups,
    related articles); the result is the same with or without it."""
    memory = memory if memory is not None else {}
    articles = sorted(articles, key=lambda a: a.sort_key)            # oldest first
    newest = [a.slug for a in reversed(articles)]
    found = {a.slug: analyses.get(a.slug) or ArticleAnalysis(slug=a.slug) for a in articles}
    event_memory = memory.setdefault("events", {})
    events = _events(articles, found, event_memory)
    groups = same_story_groups(articles, found, memory.setdefault("stories", {}))
    chosen = memory.setdefault("storylines", {})
    lists = _lists(articles, newest, found, topics, memory.setdefault("lists", {}))
    built = memory["built"] = Indexes(
        topics=lists["topics"],
        keywords=lists["keywords"],
        entities=lists["entities"],
        timeline=lists["timeline"],
        events=events,
        storylines={spec.slug: build_storyline(spec, articles, found, terms, events, chosen.setdefault(spec.slug, {}))
                    for spec in storylines},
        related=related_articles(articles, found, groups, memory=memory.setdefault("related", {})),
        groups=groups,
        sources=(events, found) if event_memory.get("grouped") else None,
    )
    return built


def _events(articles: list[Article], found: Mapping[str, ArticleAnalysis], memory: dict) -> tuple[Event, ...]:
    """Every event of the archive in date order (then article, then sentence; an article's
    events with equal keys in their own order). memory: the last list and the digest of the
    analysis each article's events came from; only the events of changed articles move. And
    whether every analysis's events name its article (memory["grouped"]): then an article's
    events here are its analysis's."""
    digests = {a.slug: found[a.slug].digest for a in articles}
    last = memory.get("events")
    if last is not None and all(digests.values()):
        before = memory["digests"]
        changed = {slug for slug, d in digests.items() if before.get(slug) != d} | (before.keys() - digests.keys())
        memory["grouped"] = memory.get("grouped", False) and all(
            e.article == slug for slug in changed if slug in found for e in found[slug].events)
        kept = _without(last, changed, memory.get("owned"))
        fresh = [e for a in articles if a.slug in changed for e in found[a.slug].events]
        if len(fresh) < 64:                     # a few: each put in its place (after its equals)
            for event in fresh:
                bisect.insort_right(kept, event, key=event_key)
            events = tuple(kept)
        else:
            events = tuple(sorted(kept + fresh, key=event_key))   # two sorted runs: merged in one pass
    else:
        events = tuple(sorted((e for a in articles for e in found[a.slug].events), key=event_key))
        memory["grouped"] = all(e.article == a.slug for a in articles for e in found[a.slug].events)
    memory.update(events=events, digests=digests, owned={a.slug: found[a.slug].events for a in articles})
    return events


def _without(events: Sequence[Event], articles: set[str], owned: Mapping[str, tuple] | None) -> list[Event]:
    """The events (in order) less those of these articles. A few articles' events (owned: each
    article's events in the list) are found by bisection and taken out, not the whole list
    walked; anything unexpected, and many articles, walk it."""
    if not articles:
        return list(events)
    if owned is not None and len(articles) < 64:
        kept = list(events)
        try:
            for slug in articles:
                for event in owned.get(slug, ()):
                    at = bisect.bisect_left(kept, event_key(event), key=event_key)
                    while kept[at] is not event:        # among its equals (IndexError: not there)
                        at += 1
                    del kept[at]
            return kept
        except IndexError:
            pass
    return [e for e in events if e.article not in articles]


# ---------------------------------------------------------------- topics, keywords, entities, timeline

def _lists(articles: list[Article], newest: list[str], found: Mapping[str, ArticleAnalysis],
           topics: Sequence[Topic], memory: dict) -> dict:
    """The topic, keyword, entity and timeline indexes. memory (refreshed in place): the last
    ones and what they were made of. While the articles and their dates are the same, in the
    same order, only the lists that an article with another analysis was or is in are made
    again (an analysis is taken as changed unless it is the very object of the last build)."""
    slugs, dates = [a.slug for a in articles], [a.date for a in articles]
    topic_slugs = [t.slug for t in topics]
    last = memory if memory.get("slugs") == slugs and memory.get("dates") == dates \
        and memory.get("topic_slugs") == topic_slugs else None
    if last is None:
        lists = {"topics": _topic_index(newest, found, topics), "keywords": _keyword_index(newest, found),
                 "entities": _entity_index(articles, found), "timeline": _timeline(articles)}
    else:
        before = last["found"]
        changed = [slug for slug in slugs if found[slug] is not before[slug]]
        lists = dict(last["lists"])
        if changed:
            rank = {slug: k for k, slug in enumerate(newest)}
            lists["topics"] = _topics_again(lists["topics"], changed, before, found, rank)
            lists["keywords"] = _keywords_again(lists["keywords"], changed, before, found, rank)
            lists["entities"] = _entities_again(lists["entities"], changed, before, found, rank,
                                                {a.slug: a for a in articles})
    memory.clear()
    memory.update(slugs=slugs, dates=dates, topic_slugs=topic_slugs, found=found, lists=lists)
    return lists


def _merged(kept: list[str], added: list[str], rank: Mapping[str, int]) -> tuple[str, ...]:
    """kept (in rank order) and added, in rank order."""
    return tuple(sorted(kept + added, key=rank.__getitem__)) if added else tuple(kept)


def _topics_again(index: dict, changed: list[str], before: Mapping, found: Mapping, rank: Mapping) -> dict:
    """_topic_index() from the last one: the topics a changed article was or is in, again."""
    gone = set(changed)
    index = dict(index)
    for topic in {t for slug in changed for t in (*before[slug].topics, *found[slug].topics)} & index.keys():
        added = [slug for slug in changed for t in found[slug].topics if t == topic]
        index[topic] = _merged([s for s in index[topic] if s not in gone], added, rank)
    return index


def _keywords_again(index: dict, changed: list[str], before: Mapping, found: Mapping, rank: Mapping) -> dict:
    """_keyword_index() from the last one: the keywords a changed article had or has, again."""
    gone = set(changed)
    lists = dict(index)
    for keyword in {k for slug in changed for k in (*before[slug].keywords, *found[slug].keywords)}:
        added = [slug for slug in changed if keyword in found[slug].keywords]
        slugs = _merged([s for s in lists.get(keyword, ()) if s not in gone], added, rank)
        if slugs:
            lists[keyword] = slugs
        else:
            lists.pop(keyword, None)
    return lists if lists.keys() == index.keys() else {keyword: lists[keyword] for keyword in sorted(lists)}


def _entities_again(index: dict, changed: list[str], before: Mapping, found: Mapping, rank: Mapping,
                    by_slug: Mapping[str, Article]) -> dict:
    """_entity_index() from the last one, for each entity a changed article named or names:
    its articles merged; its name that of the oldest article's first mention; its roles the
    last ones unless a changed article gave or gives it a role (then it is made again from its
    articles: a place most articles name has no roles, and is not read through again)."""
    gone = set(changed)
    entities = dict(index)
    for key in {f"{m.kind}/{m.slug}" for slug in changed for m in (*before[slug].mentions, *found[slug].mentions)}:
        kind, _, slug = key.partition("/")
        last = entities.get(key)
        naming = [s for s in changed if any(m.kind == kind and m.slug == slug for m in found[s].mentions)]
        named = _merged([s for s in (last.articles if last is not None else ()) if s not in gone], naming, rank)
        if not named:
            entities.pop(key, None)
        elif last is None or any(m.role and m.kind == kind and m.slug == slug
                                 for s in changed for m in (*before[s].mentions, *found[s].mentions)):
            entities.update(_entity_index([by_slug[s] for s in reversed(named)], found, only=(kind, slug)))
        else:
            name = next(m.name for m in found[named[-1]].mentions if m.kind == kind and m.slug == slug)
            entities[key] = EntityIndex(kind=kind, slug=slug, name=name, articles=named, roles=last.roles)
    return entities if entities.keys() == index.keys() else {key: entities[key] for key in sorted(entities)}


def _topic_index(newest: list[str], found: Mapping[str, ArticleAnalysis], topics: Sequence[Topic]):
    index: dict[str, list[str]] = {t.slug: [] for t in topics}
    for slug in newest:
        for topic in found[slug].topics:
            if topic in index:
                index[topic].append(slug)
    return {topic: tuple(slugs) for topic, slugs in index.items()}


def _keyword_index(newest: list[str], found: Mapping[str, ArticleAnalysis]):
    index: dict[str, list[str]] = defaultdict(list)
    for slug in newest:
        for keyword in dict.fromkeys(found[slug].keywords):
            index[keyword].append(slug)
    return {keyword: tuple(index[keyword]) for keyword in sorted(index)}


def _entity_index(articles: list[Article], found: Mapping[str, ArticleAnalysis],
                  only: tuple[str, str] | None = None) -> dict[str, EntityIndex]:
    """ "person/<slug>" -> the entity, its articles (newest first) and its roles over time.
    only: (kind, slug) of the one entity to index."""
    names: dict[str, tuple[str, str, str]] = {}
    slugs: dict[str, list[str]] = defaultdict(list)
    roles: dict[str, dict[tuple[str, str], None]] = defaultdict(dict)      # insertion-ordered sets
    for article in articles:                                          # oldest first
        for mention in found[article.slug].mentions:
            if only is not None and (mention.kind, mention.slug) != only:
                continue
            key = f"{mention.kind}/{mention.slug}"
            names.setdefault(key, (mention.kind, mention.slug, mention.name))
            listed = slugs[key]
            if not listed or listed[-1] != article.slug:              # each article's mentions come together
                listed.append(article.slug)
            if mention.role:
                roles[key].setdefault((article.day, mention.role), None)
    return {key: EntityIndex(kind=kind, slug=slug, name=name, articles=tuple(reversed(slugs[key])),
                             roles=tuple(roles[key]))
            for key, (kind, slug, name) in sorted(names.items())}


def _timeline(articles: list[Article]) -> dict[int, dict[int, tuple[str, ...]]]:
    """year -> month -> slugs in date order; month 0 holds articles dated by year only.
    Undated articles are not on the timeline."""
    timeline: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for article in articles:
        if article.year:
            timeline[article.year][article.month].append(article.slug)
    return {year: {month: tuple(timeline[year][month]) for month in sorted(timeline[year])}
            for year in sorted(timeline)}


# ---------------------------------------------------------------- storylines

def selects(spec: StorylineSpec, article: Article, analysis: ArticleAnalysis,
            terms: tuple[str, str] | None = None) -> bool:
    """Does the storyline take this article? Its period, any of its topics, and any of its
    keywords (in the article's keywords, its title block, or twice in its body): each given
    condition must hold. terms: the search terms of the title block and body, space-separated,
    when the analysis carries none."""
    year_month = article.date[:7]
    if spec.start and (not year_month or year_month[:len(spec.start)] < spec.start):
        return False
    if spec.end and (not year_month or year_month[:len(spec.end)] > spec.end):
        return False
    if spec.topics and not set(spec.topics) & set(analysis.topics):
        return False
    if spec.keywords:
        wanted = {k.lower().replace(" ", "") for k in spec.keywords}
        keywords = {k.lower() for k in analysis.keywords} | {t.lower() for t in analysis.lemmas[:20]}
        title_terms, body_terms = (analysis.title_terms, analysis.body_terms) if terms is None \
            else (terms[0].split(), terms[1].split())
        title = set(title_terms)
        body = Counter(t for t in body_terms if t in wanted)
        if not (wanted & keywords or wanted & title or any(body[w] >= 2 for w in wanted)
                or any(w in _squash(article.title) for w in wanted if len(w) >= 2)):
            return False
    return True


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def build_storyline(spec: StorylineSpec, articles: list[Article], found: Mapping[str, ArticleAnalysis],
                    terms: Mapping[str, tuple[str, str]] | None = None, events: Sequence[Event] | None = None,
                    memory: dict | None = None) -> Storyline:
    """A storyline from the articles (oldest first) it selects. events: every event of the
    archive in date order (made from the articles' when not given). memory: whether each
    article was taken, by what decided it (the analysis's digest and leading lemmas, with the
    spec), and the last storyline, kept while neither its articles nor their analyses changed."""
    memory = memory if memory is not None else {}
    known = memory.get("taken", {}) if memory.get("spec") == spec else {}
    taken: dict[str, tuple] = {}
    chosen = []
    for a in articles:
        analysis = found[a.slug]
        key = (analysis.digest, analysis.lemmas[:20]) if analysis.digest else None
        found_before = known.get(a.slug)
        if key is not None and found_before is not None and found_before[0] == key:
            take = found_before[1]
        else:
            take = selects(spec, a, analysis, terms.get(a.slug) if terms else None)
        if key is not None:
            taken[a.slug] = (key, take)
        if take:
            chosen.append(a)
    shown = [(a.slug, found[a.slug].digest) for a in chosen]
    if memory.get("spec") == spec and memory.get("shown") == shown and all(d for _, d in shown):
        line = memory["line"]
    else:
        line = _storyline(spec, chosen, found, events)
    memory.clear()
    memory.update(spec=spec, taken=taken, shown=shown, line=line)
    return line


def _storyline(spec: StorylineSpec, chosen: list[Article], found: Mapping[str, ArticleAnalysis],
               events: Sequence[Event] | None) -> Storyline:
    by_year: dict[int, list[str]] = defaultdict(list)
    for article in chosen:
        by_year[article.year].append(article.slug)
    if events is None:
        events = sorted((e for a in chosen for e in found[a.slug].events), key=event_key)
    else:                       # the archive's, in the same order: those of the chosen articles
        slugs = {a.slug for a in chosen}
        events = [e for e in events if e.article in slugs]
    milestones = [e for e in events if getattr(e, "dated_by", "text") == "text" and _in_period(e, spec)]
    money = [e for e in events if e.money]
    return Storyline(
        spec=spec,
        articles=tuple(a.slug for a in chosen),
        chapters=tuple(Chapter(year, tuple(slugs)) for year, slugs in sorted(by_year.items()) if year),
        milestones=tuple(_unique(milestones)),
        money=tuple(_unique(money)),
    )


def _in_period(event: Event, spec: StorylineSpec) -> bool:
    end = event.end or event.date
    if spec.start and end[:len(spec.start)] < spec.start:
        return False
    return not (spec.end and event.date[:len(spec.end)] > spec.end)


def _unique(events: Iterable[Event]) -> list[Event]:
    """The events, each (date, end, sentence without its white space) once, the first kept.
    str.split() and the regex \\s agree on every code point; split() is 4x faster on the
    storyline's 20,000 sentences."""
    seen, result = set(), []
    for event in events:
        key = (event.date, event.end, "".join(event.sentence.split()))
        if key not in seen:
            seen.add(key)
            result.append(event)
    return result
