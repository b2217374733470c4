"""Archive-wide word statistics: document frequencies in classes, and the IDF made from them.

Keywords and related articles weigh words by their inverse document frequency over the whole
archive. With exact counts, editing one article moves the weight of every word it gains or
loses, and so the ranking inputs of every other article that uses one of those words: in a
10,000-article archive a common word is in thousands of them, and a rebuild after one edit
would have to rank them all again. Counts are therefore read in classes: exact up to
EXACT_UP_TO, then in steps of about 5 % (a weight moves by at most log 1.05, well below what
tells two words apart). A count that moves by one almost never leaves its class, so an edit
changes the weights of only the rare words it touches, which few articles share.
Integers only: the same counts give the same classes on every machine.
"""
from __future__ import annotations

import math
from bisect import bisect_right
from functools import lru_cache

EXACT_UP_TO = 40           # counts up to this are used as they are (5 % of them is less than one)
STEP = 20                  # then each class is 1/STEP (5 %) wider than the one before


@lru_cache(maxsize=1)
def _bounds() -> tuple[int, ...]:
    """The first count of each class above EXACT_UP_TO, far beyond any archive."""
    bounds = [EXACT_UP_TO + 1]
    while bounds[-1] < 10 ** 9:
        bounds.append(bounds[-1] + max(1, bounds[-1] // STEP))
    return tuple(bounds)


def count_class(count: int) -> int:
    """The count that stands for `count`: itself up to EXACT_UP_TO, else the first count of
    its class."""
    if count <= EXACT_UP_TO:
        return count
    bounds = _bounds()
    return bounds[bisect_right(bounds, count) - 1]


@lru_cache(maxsize=1 << 16)          # asked about the same few counts for every feature of every article
def idf(documents: int, frequency: int) -> float:
    """log((N + 1) / (df + 1)) + 1 over the classes of N (the articles) and df."""
    return math.log((count_class(documents) + 1) / (count_class(frequency) + 1)) + 1.0
