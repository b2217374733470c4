"""Related articles: for each article the few others with the most in common, by the cosine of
IDF-weighted vectors of their strongest lemmas and entities.

Near-linear in the number of articles: pairs come from an inverted index of the vectors'
features whose posting lists keep only each feature's POSTING_LIMIT strongest articles, never
from comparing all pairs; the pair sums are made in numpy, a block of articles at a time.

A rebuild after a few articles changed (`memory`, the build state's) ranks again only the
articles whose lists can change, and gives the very lists (and scores, to the bit) of a build
from scratch: a pair's score is the sum of its shared features' products added in the order of
the first article's features, however the work is cut into blocks (_Space.top). Ranked again:
the articles whose own vector changed, those of a story group that changed, those listing an
article whose entries in the posting lists changed, and those such an article could now enter
(its new score with them, summed the same way, would beat the last of their list).
"""
from __future__ import annotations

import functools
import math
from collections import Counter
from typing import Iterable, Mapping, Sequence

import numpy as np

from . import config, stats
from .arrays import unique
from .models import ArticleAnalysis, StoryGroup

RELATED_FEATURES = 24            # strongest features of an article used to find related ones
POSTING_LIMIT = 64               # strongest articles kept per feature
DENSE_CELLS = 4_000_000          # cells of the table of pair sums made per step (32 MB) ...
DENSE_MAX = 30_000               # ... up to this many articles (its cost grows with their square)
ENTITY_WEIGHT = 1.5              # a shared person or organisation counts more than a shared word
MIN_SCORE = 0.05                 # a pair must share more than this to be related
MEMORY_VERSION = 1

Vector = tuple[tuple[str, float], ...]      # (feature, weight), strongest first, unit length
Top = tuple[tuple[str, float], ...]         # (related slug, score), best first


def features(analysis: ArticleAnalysis) -> tuple[tuple[str, float], ...]:
    """An article's features before IDF: its lemmas (best first, decaying) and entities."""
    found: dict[str, float] = {}
    keywords = set(analysis.keywords)
    for rank, lemma in enumerate(analysis.lemmas):
        found["w:" + lemma.lower()] = (1.0 + (lemma in keywords)) / (1.0 + 0.08 * rank)
    for mention in analysis.mentions:
        if mention.kind in ("person", "organization"):
            found[f"{mention.kind}:{mention.slug}"] = ENTITY_WEIGHT
    return tuple(found.items())


def vector(raw: Sequence[tuple[str, float]], df: Mapping[str, int], n: int) -> Vector:
    """The unit vector of an article's strongest IDF-weighted features (a feature of one
    article only has no weight: it relates nothing)."""
    weighted = [(f, w * stats.idf(n, df[f])) for f, w in raw if df.get(f, 0) > 1]
    weighted.sort(key=lambda x: (-x[1], x[0]))
    weighted = weighted[:RELATED_FEATURES]
    norm = math.sqrt(sum(w * w for _, w in weighted)) or 1.0
    return tuple((f, w / norm) for f, w in weighted)


def related_articles(articles: Sequence, found: Mapping[str, ArticleAnalysis],
                     groups: Mapping[str, StoryGroup] | None = None,
                     limit: int = config.RELATED_PER_ARTICLE, memory: dict | None = None) -> dict[str, tuple[str, ...]]:
    """slug -> up to `limit` related slugs, best first. Articles of the same story group are
    not listed as related: they are the same story. memory: see the module's docstring."""
    groups = groups or {}
    last = memory if memory is not None and memory.get("version") == MEMORY_VERSION \
        and memory.get("limit") == limit and len(found) <= DENSE_MAX else None
    slugs = sorted(a.slug for a in articles)
    group_ids = {slug: groups[slug].id for slug in slugs if slug in groups}
    if last is None:
        raw = {slug: features(found[slug]) for slug in slugs}
        df = Counter(f for values in raw.values() for f, _ in values)
        space = _Space(slugs, {slug: vector(raw[slug], df, len(slugs)) for slug in slugs}, group_ids)
        top = space.top(range(len(slugs)), limit)
        ranked = len(slugs)
    else:
        df, space, top, ranked = _update(last, slugs, found, group_ids, limit)
    if memory is not None:
        memory.clear()
        memory.update(version=MEMORY_VERSION, limit=limit, df=df, groups=group_ids, top=top, space=space,
                      analyses={slug: found[slug] for slug in slugs}, ranked=ranked)
    return {slug: tuple(other for other, _ in top[slug]) for slug in slugs}


def top_scores(vectors: Mapping[str, Mapping[str, float]], groups: Mapping[str, StoryGroup],
               limit: int) -> dict[str, tuple[str, ...]]:
    """slug -> related slugs from given vectors (feature -> weight, strongest first)."""
    slugs = sorted(vectors)
    space = _Space(slugs, {s: tuple(vectors[s].items()) for s in slugs}, {s: g.id for s, g in groups.items()})
    return {slug: tuple(other for other, _ in found) for slug, found in space.top(range(len(slugs)), limit).items()}


def _update(last: dict, slugs: list[str], found: Mapping[str, ArticleAnalysis], group_ids: dict, limit: int):
    """related_articles() from the last build's memory: (df, space, top, ranked). Only the
    features of articles whose analysis is not the very one of the last build are made again."""
    n = len(slugs)
    before_analyses, old_top, old_space = last["analyses"], last["top"], last["space"]
    gone = [slug for slug in before_analyses if slug not in found]
    raw: dict[str, tuple] = {}
    old_raw: dict[str, tuple] = {slug: features(before_analyses[slug]) for slug in gone}
    for slug in slugs:
        before = before_analyses.get(slug)
        if before is not found[slug]:
            raw[slug] = features(found[slug])
            old = features(before) if before is not None else None
            if old != raw[slug]:
                old_raw[slug] = old or ()
    changed = [slug for slug in slugs if slug in old_raw]
    df: Counter = last["df"]
    touched = {f for slug in old_raw for f, _ in old_raw[slug]} | {f for slug in changed for f, _ in raw[slug]}
    before_counts = {f: df.get(f, 0) for f in touched}
    for values in old_raw.values():
        df.subtract(f for f, _ in values)
    for slug in changed:
        df.update(f for f, _ in raw[slug])
    for f in touched:
        if df[f] <= 0:
            del df[f]
    # the vectors to make again: the changed articles', and all that use a feature whose
    # weight moved (its count's class, or whether it has a weight at all)
    if stats.count_class(len(before_analyses)) != stats.count_class(n):
        again = set(slugs)
    else:
        shifted = {f for f in touched if _weight_class(before_counts[f]) != _weight_class(df.get(f, 0))}
        again = set(changed)
        if shifted:
            again.update(slug for slug in slugs
                         if not shifted.isdisjoint(f for f, _ in raw.get(slug) or features(found[slug])))
    new_vectors = {slug: vector(raw.get(slug) or features(found[slug]), df, n) for slug in again}
    different = {slug for slug, v in new_vectors.items() if old_space.vector(slug) != v}
    if old_space.slugs == slugs:
        space = old_space.patched({slug: new_vectors[slug] for slug in different}, group_ids)
    else:
        space = _Space(slugs, {slug: new_vectors[slug] if slug in new_vectors else old_space.vector(slug)
                               for slug in slugs}, group_ids)
    # the lists that can change
    redo = different | {slug for slug in slugs if slug not in old_top}
    old_groups = last["groups"]
    for slug in set(group_ids) | set(old_groups):
        if group_ids.get(slug) != old_groups.get(slug):
            ids = {group_ids.get(slug), old_groups.get(slug)} - {None}
            redo.update(s for s in slugs if group_ids.get(s) in ids or old_groups.get(s) in ids)
    moved = old_space.moved_entries(space, set(gone) | different)
    listed_by: dict[str, set[str]] = {}
    for slug, found in old_top.items():
        for other, _ in found:
            listed_by.setdefault(other, set()).add(slug)
    for other in moved:
        redo.update(listed_by.get(other, ()))
    redo &= set(slugs)
    redo |= space.could_enter(moved, old_top, limit, redo)
    top = {slug: old_top[slug] for slug in slugs if slug not in redo}
    index = space.index
    top.update(space.top(sorted(index[s] for s in redo), limit))
    return df, space, top, len(redo)


def _weight_class(count: int):
    return stats.count_class(count) if count > 1 else None


class _Space:
    """The vectors as arrays (entries of row 0, then row 1, ...: rows in slug order, each in
    its vector's order), each feature's posting list (its POSTING_LIMIT strongest articles,
    weight descending, then row ascending) and the story group of each row."""

    def __init__(self, slugs: list[str], vectors: Mapping[str, Vector], group_ids: Mapping[str, str]):
        self.slugs = slugs
        self.feature_id: dict[str, int] = {}
        ids = self.feature_id
        counts = [len(vectors[slug]) for slug in slugs]
        feats = np.array([ids.setdefault(f, len(ids)) for slug in slugs for f, _ in vectors[slug]], dtype=np.int64)
        weights = np.array([w for slug in slugs for _, w in vectors[slug]], dtype=np.float64)
        self._arrange(np.repeat(np.arange(len(slugs), dtype=np.int64), counts), feats, weights, group_ids)

    @functools.cached_property
    def index(self) -> dict[str, int]:
        return {slug: k for k, slug in enumerate(self.slugs)}

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in ("index", "_names")}

    def vector(self, slug: str) -> Vector | None:
        """The vector of an article of this space (None if it is not one)."""
        k = self.index.get(slug)
        if k is None:
            return None
        begin, end = self.row_start[k], self.row_start[k + 1]
        names = self._feature_names()
        return tuple((names[f], w) for f, w in zip(self.feats_a[begin:end].tolist(), self.weights_a[begin:end].tolist()))

    def patched(self, vectors: Mapping[str, Vector], group_ids: Mapping[str, str]) -> "_Space":
        """This space (the same articles) with some vectors and the story groups replaced."""
        new = _Space.__new__(_Space)
        new.slugs, new.feature_id = self.slugs, dict(self.feature_id)
        rows = np.array(sorted(self.index[s] for s in vectors), dtype=np.int64)
        keep = ~np.isin(self.rows_a, rows)
        ids = new.feature_id
        added_rows, added_feats, added_weights = [], [], []
        for r in rows.tolist():
            for f, w in vectors[self.slugs[r]]:
                added_rows.append(r)
                added_feats.append(ids.setdefault(f, len(ids)))
                added_weights.append(w)
        all_rows = np.concatenate([self.rows_a[keep], np.asarray(added_rows, dtype=np.int64)])
        order = np.argsort(all_rows, kind="stable")        # each row's entries stay in its vector's order
        new._arrange(all_rows[order], np.concatenate([self.feats_a[keep], np.asarray(added_feats, dtype=np.int64)])[order],
                     np.concatenate([self.weights_a[keep], np.asarray(added_weights, dtype=np.float64)])[order],
                     group_ids)
        return new

    def _arrange(self, rows: np.ndarray, feats: np.ndarray, weights: np.ndarray, group_ids: Mapping[str, str]) -> None:
        """Set the entries (rows ascending, each row's in its vector's order), the postings and groups."""
        n = len(self.slugs)
        group_numbers: dict[str, int] = {}
        self.group_of = np.array([group_numbers.setdefault(group_ids[s], len(group_numbers)) if s in group_ids else -1
                                  for s in self.slugs], dtype=np.int64)
        self.rows_a, self.feats_a, self.weights_a = rows, feats, weights
        self.row_start = np.searchsorted(rows, np.arange(n + 1)).astype(np.int64)
        ids = self.feature_id
        # each feature's postings: its POSTING_LIMIT strongest articles (weight desc, slug asc)
        order = np.lexsort((self.rows_a, -self.weights_a, self.feats_a))
        sorted_feats = self.feats_a[order]
        count = np.bincount(sorted_feats, minlength=len(ids)).astype(np.int64)
        first_of_feature = np.cumsum(count) - count
        kept = order[np.arange(len(order)) - first_of_feature[sorted_feats] < POSTING_LIMIT]
        self.starts_a = np.concatenate(([0], np.cumsum(np.minimum(count, POSTING_LIMIT)))).astype(np.int64)
        self.post_article_a = self.rows_a[kept]
        self.post_weight_a = self.weights_a[kept]

    def postings(self, feature: str) -> dict[str, float]:
        """slug -> weight of the articles in a feature's posting list."""
        f = self.feature_id.get(feature)
        if f is None:
            return {}
        begin, end = self.starts_a[f], self.starts_a[f + 1]
        return {self.slugs[r]: w for r, w in zip(self.post_article_a[begin:end].tolist(),
                                                 self.post_weight_a[begin:end].tolist())}

    def features_of(self, slug: str) -> list[str]:
        k = self.index.get(slug)
        if k is None:
            return []
        names = self._feature_names()
        return [names[f] for f in self.feats_a[self.row_start[k]:self.row_start[k + 1]].tolist()]

    def _feature_names(self) -> list[str]:
        found = self.__dict__.get("_names")
        if found is None:
            found = self.__dict__["_names"] = sorted(self.feature_id, key=self.feature_id.get)
        return found

    def moved_entries(self, new: "_Space", articles: Iterable[str]) -> dict[str, dict[str, float]]:
        """slug -> {feature: its weight in the new posting list, 0.0 if gone} for every article
        whose entry in a posting list differs between this space and `new`, looking at the
        lists of the features of `articles` (the ones whose vectors changed or are gone)."""
        features = {f for slug in articles for f in self.features_of(slug) + new.features_of(slug)}
        moved: dict[str, dict[str, float]] = {}
        for feature in features:
            old, now = self.postings(feature), new.postings(feature)
            for slug in old.keys() | now.keys():
                if old.get(slug) != now.get(slug):
                    moved.setdefault(slug, {})[feature] = now.get(slug, 0.0)
        return moved

    def could_enter(self, moved: Mapping[str, Mapping[str, float]], old_top: Mapping[str, Top], limit: int,
                    skip: set[str]) -> set[str]:
        """The articles (not in skip) whose list an article of `moved` could now enter: its new
        score with them, summed over all their shared features as top() sums it, is above
        MIN_SCORE and would rank before the last of their list (or the list is not full)."""
        found: set[str] = set()
        for slug, changed in moved.items():
            x = self.index.get(slug)
            if x is None:
                continue
            # x's weight in every posting list it is in now (not only the changed ones)
            weight_of = np.zeros(len(self.feature_id), dtype=np.float64)
            mine = self.feats_a[self.row_start[x]:self.row_start[x + 1]]
            for f in mine.tolist():
                begin, end = self.starts_a[f], self.starts_a[f + 1]
                hit = np.flatnonzero(self.post_article_a[begin:end] == x)
                if len(hit):
                    weight_of[f] = self.post_weight_a[begin + hit[0]]
            wanted = np.array([self.feature_id[f] for f in changed if f in self.feature_id and changed[f] > 0.0],
                              dtype=np.int64)
            if not len(wanted):
                continue
            rows = unique(self.rows_a[np.isin(self.feats_a, wanted)])
            rows = rows[(rows != x) & ((self.group_of[rows] < 0) | (self.group_of[rows] != self.group_of[x]))]
            if not len(rows):
                continue
            counts = self.row_start[rows + 1] - self.row_start[rows]
            entries = np.repeat(self.row_start[rows], counts) + (
                np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts))
            local = np.repeat(np.arange(len(rows)), counts)
            scores = np.bincount(local, weights=self.weights_a[entries] * weight_of[self.feats_a[entries]],
                                 minlength=len(rows))
            for r, score in zip(rows.tolist(), scores.tolist()):
                row_slug = self.slugs[r]
                if row_slug in skip or row_slug in found or not score > MIN_SCORE:
                    continue
                listed = old_top.get(row_slug, ())
                if len(listed) < limit or (-score, slug) < (-listed[-1][1], listed[-1][0]):
                    found.add(row_slug)
        return found

    def top(self, rows: Iterable[int], limit: int) -> dict[str, Top]:
        """For each of these rows the `limit` others with the largest dot product (ties by
        slug; above MIN_SCORE), through each feature's postings, in numpy."""
        rows = np.asarray(sorted(rows), dtype=np.int64)
        n = len(self.slugs)
        result: dict[str, Top] = {self.slugs[r]: () for r in rows.tolist()}
        if not len(rows):
            return result
        dense = n <= DENSE_MAX
        block = max(1, min(n, DENSE_CELLS // max(n, 1))) if dense else 1024
        for begin in range(0, len(rows), block):
            chosen = rows[begin:begin + block]
            counts = self.row_start[chosen + 1] - self.row_start[chosen]
            entries = np.repeat(self.row_start[chosen], counts) + (
                np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts))
            local, f, w = np.repeat(np.arange(len(chosen)), counts), self.feats_a[entries], self.weights_a[entries]
            counts = self.starts_a[f + 1] - self.starts_a[f]
            total = int(counts.sum())
            if not total:
                continue
            row = np.repeat(local, counts)
            weight = np.repeat(w, counts)
            offset = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
            at = np.repeat(self.starts_a[f], counts) + offset
            other = self.post_article_a[at]
            score = weight * self.post_weight_a[at]
            me = chosen[row]
            keep = (other != me) & ((self.group_of[me] < 0) | (self.group_of[me] != self.group_of[other]))
            row, other, score = row[keep], other[keep], score[keep]
            if not len(row):           # every shared feature was with itself or its own story
                continue
            pair_rows, pair_others, sums = _pair_sums(row, other, score, n, len(chosen) if dense else 0)
            if not len(sums):
                continue
            best = np.lexsort((pair_others, -sums, pair_rows))
            pair_rows, pair_others, sums = pair_rows[best], pair_others[best], sums[best]
            start_of_row = np.flatnonzero(np.r_[True, pair_rows[1:] != pair_rows[:-1]])
            rank = np.arange(len(pair_rows)) - np.repeat(start_of_row, np.diff(np.r_[start_of_row, len(pair_rows)]))
            kept = rank < limit
            grouped: dict[int, list] = {}
            for a, b, s in zip(pair_rows[kept].tolist(), pair_others[kept].tolist(), sums[kept].tolist()):
                grouped.setdefault(a, []).append((self.slugs[b], s))
            for a, found in grouped.items():
                result[self.slugs[int(chosen[a])]] = tuple(found)
        return result


def _pair_sums(row: np.ndarray, other: np.ndarray, score: np.ndarray, n: int,
               block: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (row, other) pairs whose scores add up to more than MIN_SCORE, with those sums,
    pairs ascending. Each pair's scores are added one after the other in the order they come
    (the order of the row's features): through a dense table of `block` rows (bincount), or
    (block 0, a large archive) a stable sort of the pairs and a running sum per pair."""
    if block:
        sums = np.bincount(row * n + other, weights=score, minlength=block * n)
        strong = np.flatnonzero(sums > MIN_SCORE)
        return strong // n, strong % n, sums[strong]
    pair = row * n + other
    order = np.argsort(pair, kind="stable")
    pair, score = pair[order], score[order]
    first = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
    pairs = pair[first]
    # bincount over the pair numbers adds in the order it reads, one value after another
    sums = np.bincount(np.repeat(np.arange(len(first)), np.diff(np.r_[first, len(pair)])), weights=score,
                       minlength=len(first))
    strong = sums > MIN_SCORE             # only these can be chosen: rank the others not at all
    return pairs[strong] // n, pairs[strong] % n, sums[strong]
