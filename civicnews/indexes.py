"""Indexes over the analysed archive: topics, keywords, entities, timeline, events, storylines,
related articles and same-story groups.

Everything here is near-linear in the number of articles: related articles come from an
inverted index over each article's strongest features (lemmas and entities), with posting
lists cut to their strongest entries; same-story groups come from locality-sensitive hashing
of the MinHash fingerprints, never from comparing all pairs.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from datetime import date as Date
from typing import Iterable, Mapping, Sequence

import numpy as np

from . import config, stats
from .models import (Article, ArticleAnalysis, Chapter, EntityIndex, Event, Indexes, StoryGroup, Storyline,
                     StorylineSpec, Topic)

RELATED_FEATURES = 24            # strongest features of an article used to find related ones
POSTING_LIMIT = 64               # strongest articles kept per feature
DENSE_CELLS = 4_000_000          # cells of the table of pair sums made per step (32 MB) ...
DENSE_MAX = 30_000               # ... up to this many articles (its cost grows with their square)
ENTITY_WEIGHT = 1.5              # a shared person or organisation counts more than a shared word
SAME_STORY_SIMILARITY = 0.5      # share of equal MinHash values (estimated Jaccard of 3-grams)
SAME_STORY_DAYS = 1              # same or adjacent day
BAND_ROWS = 2                    # MinHash values per LSH band (32 values -> 16 bands)
FINGERPRINT_WIDTH = 32           # MinHash values per body (analysis.FINGERPRINT_SIZE)
BUCKET_LIMIT = 200               # larger buckets are boilerplate: only neighbours in date order are compared


def build_indexes(articles: Sequence[Article], analyses: Mapping[str, ArticleAnalysis],
                  topics: Sequence[Topic], storylines: Sequence[StorylineSpec]) -> Indexes:
    articles = sorted(articles, key=lambda a: a.sort_key)            # oldest first
    newest = [a.slug for a in reversed(articles)]
    found = {a.slug: analyses.get(a.slug) or ArticleAnalysis(slug=a.slug) for a in articles}
    events = tuple(sorted((e for a in articles for e in found[a.slug].events), key=_event_key))
    groups = same_story_groups(articles, found)
    return Indexes(
        topics=_topic_index(newest, found, topics),
        keywords=_keyword_index(newest, found),
        entities=_entity_index(articles, found),
        timeline=_timeline(articles),
        events=events,
        storylines={spec.slug: build_storyline(spec, articles, found) for spec in storylines},
        related=related_articles(articles, found, groups),
        groups=groups,
    )


def _event_key(event: Event) -> tuple:
    return (event.date, event.end, event.article, event.sentence)


# ---------------------------------------------------------------- topics, keywords, entities, timeline

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


def _entity_index(articles: list[Article], found: Mapping[str, ArticleAnalysis]) -> dict[str, EntityIndex]:
    """ "person/<slug>" -> the entity, its articles (newest first) and its roles over time."""
    names: dict[str, tuple[str, str, str]] = {}
    slugs: dict[str, list[str]] = defaultdict(list)
    roles: dict[str, dict[tuple[str, str], None]] = defaultdict(dict)      # insertion-ordered sets
    for article in articles:                                          # oldest first
        for mention in found[article.slug].mentions:
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

def selects(spec: StorylineSpec, article: Article, analysis: ArticleAnalysis) -> bool:
    """Does the storyline take this article? Its period, any of its topics, and any of its
    keywords (in the article's keywords, its title block, or twice in its body): each given
    condition must hold."""
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
        title = set(analysis.title_terms)
        body = Counter(t for t in analysis.body_terms if t in wanted)
        if not (wanted & keywords or wanted & title or any(body[w] >= 2 for w in wanted)
                or any(w in _squash(article.title) for w in wanted if len(w) >= 2)):
            return False
    return True


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def build_storyline(spec: StorylineSpec, articles: list[Article], found: Mapping[str, ArticleAnalysis]) -> Storyline:
    chosen = [a for a in articles if selects(spec, a, found[a.slug])]            # oldest first
    by_year: dict[int, list[str]] = defaultdict(list)
    for article in chosen:
        by_year[article.year].append(article.slug)
    events = sorted((e for a in chosen for e in found[a.slug].events), key=_event_key)
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
    seen, result = set(), []
    for event in events:
        key = (event.date, event.end, re.sub(r"\s+", "", event.sentence))
        if key not in seen:
            seen.add(key)
            result.append(event)
    return result


# ---------------------------------------------------------------- related articles

def _features(analysis: ArticleAnalysis) -> list[tuple[str, float]]:
    """An article's features before IDF: its lemmas (best first, decaying) and entities."""
    features: dict[str, float] = {}
    keywords = set(analysis.keywords)
    for rank, lemma in enumerate(analysis.lemmas):
        features["w:" + lemma.lower()] = (1.0 + (lemma in keywords)) / (1.0 + 0.08 * rank)
    for mention in analysis.mentions:
        if mention.kind in ("person", "organization"):
            features[f"{mention.kind}:{mention.slug}"] = ENTITY_WEIGHT
    return list(features.items())


def related_articles(articles: list[Article], found: Mapping[str, ArticleAnalysis],
                     groups: Mapping[str, StoryGroup] | None = None,
                     limit: int = config.RELATED_PER_ARTICLE) -> dict[str, tuple[str, ...]]:
    """slug -> up to `limit` related slugs, by the cosine of IDF-weighted lemma and entity
    vectors, found through an inverted index (no comparison of all pairs). Articles of the
    same story group are not listed as related: they are the same story."""
    groups = groups or {}
    n = len(articles)
    raw = {a.slug: _features(found[a.slug]) for a in articles}
    df: Counter = Counter(f for features in raw.values() for f, _ in features)
    # each feature's IDF once (the same expression, so the same floats, as one per use)
    idf = {f: stats.idf(n, count) for f, count in df.items() if count > 1}
    vectors: dict[str, dict[str, float]] = {}
    for slug, features in raw.items():
        weighted = [(f, w * idf[f]) for f, w in features if f in idf]
        weighted.sort(key=lambda x: (-x[1], x[0]))
        weighted = weighted[:RELATED_FEATURES]
        norm = math.sqrt(sum(w * w for _, w in weighted)) or 1.0
        vectors[slug] = {f: w / norm for f, w in weighted}
    return _top_scores(vectors, groups, limit)


def _top_scores(vectors: dict[str, dict[str, float]], groups: Mapping[str, StoryGroup],
                limit: int) -> dict[str, tuple[str, ...]]:
    """For each article the `limit` others with the largest dot product of their vectors (ties by
    slug; above 0.05), through each feature's POSTING_LIMIT strongest articles, in numpy."""
    slugs = sorted(vectors)
    index = {slug: i for i, slug in enumerate(slugs)}
    n = len(slugs)
    group_of = np.full(n, -1, dtype=np.int64)
    group_ids: dict[str, int] = {}
    for slug in slugs:
        if slug in groups:
            group_of[index[slug]] = group_ids.setdefault(groups[slug].id, len(group_ids))
    # every (article, feature, weight), articles in slug order; features numbered as first seen
    feature_id: dict[str, int] = {}
    rows, feats, weights = [], [], []
    for i, slug in enumerate(slugs):
        vector = vectors[slug]
        rows += [i] * len(vector)
        feats += [feature_id.setdefault(feature, len(feature_id)) for feature in vector]
        weights += vector.values()
    rows_a, feats_a, weights_a = (np.array(rows, dtype=np.int64), np.array(feats, dtype=np.int64),
                                  np.array(weights, dtype=np.float64))
    # each feature's postings: its POSTING_LIMIT strongest articles (weight desc, slug asc)
    order = np.lexsort((rows_a, -weights_a, feats_a))
    sorted_feats = feats_a[order]
    counts = np.bincount(sorted_feats, minlength=len(feature_id))
    first_of_feature = np.cumsum(counts) - counts
    kept = order[np.arange(len(order)) - first_of_feature[sorted_feats] < POSTING_LIMIT]
    starts_a = np.concatenate(([0], np.cumsum(np.minimum(counts, POSTING_LIMIT)))).astype(np.int64)
    post_article_a = rows_a[kept]
    post_weight_a = weights_a[kept]
    result: dict[str, tuple[str, ...]] = {slug: () for slug in vectors}
    # a block of articles per step (whole articles: their sums must not be split), so the pairs
    # in memory stay in the millions; on an archive of up to DENSE_MAX articles a step's sums
    # are a dense block x n table, beyond that a sort of the step's pairs
    dense = n <= DENSE_MAX
    block = max(1, min(n, DENSE_CELLS // n)) if dense else 1024
    bounds = np.searchsorted(rows_a, np.arange(0, n + block, block)).tolist()
    for step, (begin, end) in enumerate(zip(bounds, bounds[1:])):
        if begin == end:
            continue
        r, f, w = rows_a[begin:end], feats_a[begin:end], weights_a[begin:end]
        counts = starts_a[f + 1] - starts_a[f]
        total = int(counts.sum())
        if not total:
            continue
        row = np.repeat(r, counts)
        weight = np.repeat(w, counts)
        offset = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        at = np.repeat(starts_a[f], counts) + offset
        other = post_article_a[at]
        score = weight * post_weight_a[at]
        keep = (other != row) & ((group_of[row] < 0) | (group_of[row] != group_of[other]))
        row, other, score = row[keep], other[keep], score[keep]
        if not len(row):            # every shared feature was with itself or its own story
            continue
        pair_rows, pair_others, sums = _pair_sums(row, other, score, n, step * block, block if dense else 0)
        if not len(sums):
            continue
        best = np.lexsort((pair_others, -sums, pair_rows))
        pair_rows, pair_others, sums = pair_rows[best], pair_others[best], sums[best]
        start_of_row = np.flatnonzero(np.r_[True, pair_rows[1:] != pair_rows[:-1]])
        rank = np.arange(len(pair_rows)) - np.repeat(start_of_row, np.diff(np.r_[start_of_row, len(pair_rows)]))
        chosen = rank < limit
        for a, b in zip(pair_rows[chosen].tolist(), pair_others[chosen].tolist()):
            result[slugs[a]] += (slugs[b],)
    return result


def _pair_sums(row: np.ndarray, other: np.ndarray, score: np.ndarray, n: int, first_row: int,
               block: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (row, other) pairs whose scores add up to more than 0.05, with those sums, pairs
    ascending. Each pair's scores are added in the order they come, whichever way: through a
    dense table of block rows from first_row (bincount), or (block 0) a stable sort of the pairs."""
    if block:
        sums = np.bincount((row - first_row) * n + other, weights=score, minlength=block * n)
        strong = np.flatnonzero(sums > 0.05)
        return strong // n + first_row, strong % n, sums[strong]
    pair = row * n + other
    order = np.argsort(pair, kind="stable")
    pair, score = pair[order], score[order]
    first = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
    pairs = pair[first]
    sums = np.add.reduceat(score, first)
    strong = sums > 0.05                  # only these can be chosen: rank the others not at all
    return pairs[strong] // n, pairs[strong] % n, sums[strong]


# ---------------------------------------------------------------- same story, several outlets

def _day(article: Article) -> Date | None:
    m = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", article.date or "")
    if not m:
        return None
    try:
        return Date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None


def _when(article: Article) -> tuple[int, int, bool] | None:
    """(day number, month number, only the month is known) of an article. Two articles are
    close in time on the same or adjacent day, or in the same month when either date is only a
    month; two undated articles are close too."""
    day = _day(article)
    if day is None:
        return None
    coarse = article.date_precision in ("month", "year") or len(article.date) < 10
    return day.toordinal(), day.year * 12 + day.month, coarse


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Share of equal MinHash values: an estimate of the Jaccard similarity of the 3-grams."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b)) / len(a)


def candidate_pairs(articles: list[Article], found: Mapping[str, ArticleAnalysis]) -> tuple[np.ndarray, np.ndarray]:
    """(first, second) article numbers (first older) of the pairs that share an LSH bucket of
    their fingerprints, as often as they share one; in a bucket of more than BUCKET_LIMIT
    (boilerplate) each article is paired with the next 7 only."""
    prints = [found[article.slug].fingerprint for article in articles]     # oldest first
    firsts, seconds = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    if any(len(p) not in (0, FINGERPRINT_WIDTH) for p in prints):      # not made by this version
        groups = _bucket_members(prints)
    else:
        groups = _band_members(prints)
    for ids in groups:
        m = len(ids)
        if m <= BUCKET_LIMIT:
            i, j = np.triu_indices(m, 1)
        else:
            i = np.concatenate([np.arange(m - d) for d in range(1, 8)])
            j = np.concatenate([np.arange(d, m) for d in range(1, 8)])
        firsts.append(ids[i])
        seconds.append(ids[j])
    return np.concatenate(firsts), np.concatenate(seconds)


def _bucket_members(prints: list[Sequence[int]]) -> list[np.ndarray]:
    """The article numbers (ascending) of every LSH bucket with two or more members."""
    buckets: dict[tuple, list[int]] = defaultdict(list)
    for k, fingerprint in enumerate(prints):
        for band in range(0, len(fingerprint) - BAND_ROWS + 1, BAND_ROWS):
            buckets[(band, tuple(fingerprint[band:band + BAND_ROWS]))].append(k)
    return [np.asarray(members, dtype=np.int64) for members in buckets.values() if len(members) > 1]


def _band_members(prints: list[Sequence[int]]) -> list[np.ndarray]:
    """_bucket_members() of fingerprints all FINGERPRINT_WIDTH long or empty, band by band in
    numpy (the same buckets; their order does not matter)."""
    full = np.array([k for k, p in enumerate(prints) if p], dtype=np.int64)
    if len(full) < 2:
        return []
    values = np.array([prints[k] for k in full], dtype=np.int64)
    out = []
    for band in range(0, FINGERPRINT_WIDTH - BAND_ROWS + 1, BAND_ROWS):
        keys = values[:, band:band + BAND_ROWS]
        order = np.lexsort(tuple(keys[:, c] for c in reversed(range(BAND_ROWS))))   # stable: numbers ascend
        ordered = keys[order]
        starts = np.flatnonzero(np.r_[True, (ordered[1:] != ordered[:-1]).any(axis=1), True])
        for begin, end in zip(starts[:-1].tolist(), starts[1:].tolist()):
            if end - begin > 1:
                out.append(full[order[begin:end]])
    return out


def same_story_groups(articles: list[Article], found: Mapping[str, ArticleAnalysis]) -> dict[str, StoryGroup]:
    """slug -> its group, for articles that are near-duplicates of another (the same press
    release, same or adjacent day). Candidates share an LSH bucket of their fingerprints; a
    large bucket (boilerplate) only pairs neighbours in date order. Pairs are checked in numpy."""
    n = len(articles)
    width = FINGERPRINT_WIDTH
    prints = np.full((n, width), -1, dtype=np.int64)
    for k, article in enumerate(articles):
        fingerprint = found[article.slug].fingerprint
        if len(fingerprint) == width:
            prints[k] = fingerprint
    first, second = candidate_pairs(articles, found)
    parent = list(range(n))                                           # union-find over article numbers

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    linked = np.zeros(n, dtype=bool)
    if len(first):
        # the candidates close in time (cheap to tell), each pair once, then their similarity
        when = [_when(a) for a in articles]
        dated = np.array([w is not None for w in when])
        ordinal = np.array([w[0] if w else 0 for w in when], dtype=np.int64)
        month = np.array([w[1] if w else 0 for w in when], dtype=np.int64)
        coarse = np.array([w[2] if w else False for w in when])
        close = np.where(coarse[first] | coarse[second], month[first] == month[second],
                         np.abs(ordinal[first] - ordinal[second]) <= SAME_STORY_DAYS)
        close = np.where(dated[first] & dated[second], close, ~dated[first] & ~dated[second])
        pairs = np.unique(first[close] * n + second[close])
        first, second = pairs // n, pairs % n
        for start in range(0, len(pairs), 1 << 18):
            a, b = first[start:start + (1 << 18)], second[start:start + (1 << 18)]
            equal = (prints[a] == prints[b]) & (prints[a] >= 0)
            similar = equal.sum(axis=1) / width >= SAME_STORY_SIMILARITY
            for x, y in zip(a[similar].tolist(), b[similar].tolist()):
                linked[x] = linked[y] = True
                rx, ry = root(x), root(y)
                if rx != ry:
                    parent[max(rx, ry)] = min(rx, ry)
    members_of: dict[int, list[str]] = defaultdict(list)
    for k, article in enumerate(articles):
        if linked[k]:
            members_of[root(k)].append(article.slug)
    groups: dict[str, StoryGroup] = {}
    for slugs in members_of.values():
        if len(slugs) < 2:
            continue
        group = StoryGroup(id=f"story-{slugs[0]}", articles=tuple(slugs))
        for slug in slugs:
            groups[slug] = group
    return groups
