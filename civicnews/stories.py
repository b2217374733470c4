"""Same story, several outlets: near-duplicate articles (the same press release in five
outlets) grouped, never by comparing all pairs.

Two articles are linked when they are candidates (they share a bucket of locality-sensitive
hashing of their MinHash fingerprints: 16 bands of 2 values), close in time (same or adjacent
day; same month when either date is only a month) and similar (at least half of their MinHash
values equal). A bucket of more than BUCKET_LIMIT articles is boilerplate: there each article is
a candidate with its next 7 in date order only. Groups are the connected parts of the links.

A rebuild after a few articles changed (`memory`, the build state's) keeps the last build's
links and looks again only at the pairs whose status can change: those whose candidacy changed
in a bucket an edited article left or joined, and those of an edited article; the groups are
then made from the links as a build from scratch makes them.
"""
from __future__ import annotations

import functools
import re
from datetime import date as Date
from typing import Mapping, Sequence

import numpy as np

from .arrays import unique
from .models import Article, ArticleAnalysis, StoryGroup

SAME_STORY_SIMILARITY = 0.5      # share of equal MinHash values (estimated Jaccard of 3-grams)
SAME_STORY_DAYS = 1              # same or adjacent day
BAND_ROWS = 2                    # MinHash values per LSH band (32 values -> 16 bands)
FINGERPRINT_WIDTH = 32           # MinHash values per body (analysis.FINGERPRINT_SIZE)
BUCKET_LIMIT = 200               # larger buckets are boilerplate: only neighbours in date order are compared
NEIGHBOURS = 7                   # ... the next 7
MEMORY_VERSION = 1


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
    (boilerplate) each article is paired with the next NEIGHBOURS only."""
    prints = [found[article.slug].fingerprint for article in articles]     # oldest first
    if any(len(p) not in (0, FINGERPRINT_WIDTH) for p in prints):      # not made by this version
        groups = _bucket_members(prints)
    else:
        groups = _band_members(prints)
    return _pairs_of(groups)


def _pairs_of(groups) -> tuple[np.ndarray, np.ndarray]:
    firsts, seconds = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for ids in groups:
        m = len(ids)
        if m <= BUCKET_LIMIT:
            i, j = np.triu_indices(m, 1)
        else:
            i = np.concatenate([np.arange(m - d) for d in range(1, NEIGHBOURS + 1)])
            j = np.concatenate([np.arange(d, m) for d in range(1, NEIGHBOURS + 1)])
        firsts.append(ids[i])
        seconds.append(ids[j])
    return np.concatenate(firsts), np.concatenate(seconds)


def _bucket_members(prints: list[Sequence[int]]) -> list[np.ndarray]:
    """The article numbers (ascending) of every LSH bucket with two or more members."""
    buckets: dict[tuple, list[int]] = {}
    for k, fingerprint in enumerate(prints):
        for band in range(0, len(fingerprint) - BAND_ROWS + 1, BAND_ROWS):
            buckets.setdefault((band, tuple(fingerprint[band:band + BAND_ROWS])), []).append(k)
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
        out += _buckets_in(values[:, band:band + BAND_ROWS], full)
    return out


def _buckets_in(keys: np.ndarray, rows: np.ndarray) -> list[np.ndarray]:
    """The rows (ascending) of each bucket of two or more rows with equal keys."""
    order = np.lexsort(tuple(keys[:, c] for c in reversed(range(keys.shape[1]))))   # stable: rows ascend
    ordered = keys[order]
    starts = np.flatnonzero(np.r_[True, (ordered[1:] != ordered[:-1]).any(axis=1), True])
    return [rows[order[begin:end]] for begin, end in zip(starts[:-1].tolist(), starts[1:].tolist())
            if end - begin > 1]


class _Archive:
    """What the links are made of, by article number (oldest first)."""

    def __init__(self, articles: list[Article], found: Mapping[str, ArticleAnalysis], last: "_Archive | None" = None):
        n = len(articles)
        self.slugs = [a.slug for a in articles]
        # what each row is made of: rows equal to the last build's are copied from its arrays
        self.rows = [(found[a.slug].fingerprint, a.date, a.date_precision) for a in articles]
        if last is not None and last.slugs == self.slugs:
            self.prints, self.dated, self.ordinal, self.month, self.coarse = (
                last.prints.copy(), last.dated.copy(), last.ordinal.copy(), last.month.copy(), last.coarse.copy())
            for k in [k for k, (old, new) in enumerate(zip(last.rows, self.rows)) if old != new]:
                self._fill(k, articles[k])
            return
        none = (-1,) * FINGERPRINT_WIDTH
        prints = [row[0] for row in self.rows]
        # one conversion of all the rows (a row at a time costs ten times more)
        self.prints = np.array([p if len(p) == FINGERPRINT_WIDTH else none for p in prints],
                               dtype=np.int64).reshape(n, FINGERPRINT_WIDTH)
        when = [_when(a) for a in articles]
        self.dated = np.array([w is not None for w in when], dtype=bool)
        self.ordinal = np.array([w[0] if w else 0 for w in when], dtype=np.int64)
        self.month = np.array([w[1] if w else 0 for w in when], dtype=np.int64)
        self.coarse = np.array([w[2] if w else False for w in when], dtype=bool)

    def _fill(self, k: int, article: Article) -> None:
        """Row k anew, from its article and fingerprint."""
        fingerprint = self.rows[k][0]
        self.prints[k] = fingerprint if len(fingerprint) == FINGERPRINT_WIDTH else (-1,) * FINGERPRINT_WIDTH
        when = _when(article)
        self.dated[k] = when is not None
        self.ordinal[k], self.month[k], self.coarse[k] = when if when else (0, 0, False)

    def linked(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Which of these candidate pairs are close in time and similar."""
        if not len(first):
            return np.zeros(0, dtype=bool)
        close = np.where(self.coarse[first] | self.coarse[second], self.month[first] == self.month[second],
                         np.abs(self.ordinal[first] - self.ordinal[second]) <= SAME_STORY_DAYS)
        close = np.where(self.dated[first] & self.dated[second], close, ~self.dated[first] & ~self.dated[second])
        out = np.zeros(len(first), dtype=bool)
        near = np.flatnonzero(close)            # only these are compared (most candidates are far apart)
        for start in range(0, len(near), 1 << 18):
            part = near[start:start + (1 << 18)]
            a, b = first[part], second[part]
            equal = (self.prints[a] == self.prints[b]) & (self.prints[a] >= 0)
            out[part] = equal.sum(axis=1) / FINGERPRINT_WIDTH >= SAME_STORY_SIMILARITY
        return out

    @functools.cached_property
    def full(self) -> np.ndarray:
        """Which articles have a whole fingerprint."""
        return (self.prints >= 0).all(axis=1)

    def supported(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Which of these pairs share a bucket as candidates (see candidate_pairs)."""
        out = np.zeros(len(first), dtype=bool)
        full = self.full
        for band in range(0, FINGERPRINT_WIDTH - BAND_ROWS + 1, BAND_ROWS):
            keys = self.prints[:, band:band + BAND_ROWS]
            same = np.flatnonzero(full[first] & full[second] & (keys[first] == keys[second]).all(axis=1) & ~out)
            if not len(same):
                continue
            # the pairs of one bucket share its key: each bucket's members are found once
            buckets, which = np.unique(keys[first[same]], axis=0, return_inverse=True)
            which = which.reshape(-1)
            for number, key in enumerate(buckets):
                pairs = same[which == number]
                members = np.flatnonzero(full & (keys == key).all(axis=1))
                if len(members) <= BUCKET_LIMIT:
                    out[pairs] = True
                else:
                    distance = np.searchsorted(members, second[pairs]) - np.searchsorted(members, first[pairs])
                    out[pairs] = np.abs(distance) <= NEIGHBOURS
        return out

    def bucket_pairs(self, band: int, key: np.ndarray) -> np.ndarray:
        """The candidate pairs (as first * n + second) of one bucket."""
        full = self.full
        members = np.flatnonzero(full & (self.prints[:, band:band + BAND_ROWS] == key).all(axis=1))
        if len(members) < 2:
            return np.zeros(0, dtype=np.int64)
        first, second = _pairs_of([members])
        return first * len(self.slugs) + second


def same_story_groups(articles: list[Article], found: Mapping[str, ArticleAnalysis],
                      memory: dict | None = None) -> dict[str, StoryGroup]:
    """slug -> its group, for articles that are near-duplicates of another (the same press
    release, same or adjacent day); articles oldest first. memory: see the module's docstring."""
    last = memory if memory is not None and memory.get("version") == MEMORY_VERSION else None
    archive = _Archive(articles, found, last["archive"] if last is not None else None)
    n = len(articles)
    standard = all(len(found[a.slug].fingerprint) in (0, FINGERPRINT_WIDTH) for a in articles)
    edges = None
    if standard and last is not None and last["slugs"] == archive.slugs:
        edges = _update_links(last["archive"], archive, last["edges"])
    if edges is None:
        first, second = candidate_pairs(articles, found)
        pairs = unique(first * n + second)
        first, second = pairs // max(n, 1), pairs % max(n, 1)
        keep = archive.linked(first, second)
        edges = unique(first[keep] * n + second[keep])
    if memory is not None:
        memory.clear()
        memory.update(version=MEMORY_VERSION, slugs=archive.slugs, archive=archive, edges=edges)
    return _groups(archive.slugs, edges)


def _update_links(old: _Archive, new: _Archive, edges: np.ndarray) -> np.ndarray | None:
    """The links of `new` from those of `old` (the same articles in the same order)."""
    n = len(new.slugs)
    changed = np.flatnonzero((old.prints != new.prints).any(axis=1) | (old.dated != new.dated)
                             | (old.ordinal != new.ordinal) | (old.month != new.month) | (old.coarse != new.coarse))
    if not len(changed):
        return edges
    looked = [np.zeros(0, dtype=np.int64)]
    for band in range(0, FINGERPRINT_WIDTH - BAND_ROWS + 1, BAND_ROWS):
        keys = {tuple(space.prints[row, band:band + BAND_ROWS].tolist())
                for space in (old, new) for row in changed.tolist()}
        for key in keys:
            if min(key) < 0:
                continue
            key_a = np.array(key, dtype=np.int64)
            before, after = old.bucket_pairs(band, key_a), new.bucket_pairs(band, key_a)
            looked.append(np.setxor1d(before, after, assume_unique=True))   # each a bucket's pairs, once
            mine = np.isin(after // n, changed) | np.isin(after % n, changed)
            looked.append(after[mine])
    mine = np.isin(edges // n, changed) | np.isin(edges % n, changed)
    looked.append(edges[mine])
    pairs = unique(np.concatenate(looked))
    if not len(pairs):
        return edges
    first, second = pairs // n, pairs % n
    now = new.supported(first, second) & new.linked(first, second)
    kept = edges[~np.isin(edges, pairs)]
    return unique(np.concatenate([kept, pairs[now]]))


def _groups(slugs: list[str], edges: np.ndarray) -> dict[str, StoryGroup]:
    n = len(slugs)
    parent = list(range(n))                                           # union-find over article numbers

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    linked = np.zeros(n, dtype=bool)
    for pair in edges.tolist():
        x, y = divmod(pair, n)
        linked[x] = linked[y] = True
        rx, ry = root(x), root(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)
    members_of: dict[int, list[str]] = {}
    for k in np.flatnonzero(linked).tolist():
        members_of.setdefault(root(k), []).append(slugs[k])
    groups: dict[str, StoryGroup] = {}
    for members in members_of.values():
        if len(members) < 2:
            continue
        group = StoryGroup(id=f"story-{members[0]}", articles=tuple(members))
        for slug in members:
            groups[slug] = group
    return groups
