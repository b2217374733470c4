"""The offline Korean search index: built here at build time, read by templates/static/search.js.

Why it looks like this:
- Korean readers type "광주시", the text says "광주시는"; they type "인공지능", the text says
  "인공 지능"; they type "휠체어", the text says "전동휠체어". Whole-word indexes (Lunr, Pagefind)
  miss all three. We index two kinds of term per article: the Kiwi morphemes of the analysis
  (ArticleAnalysis.title_terms / body_terms: nouns, proper nouns, stems, Latin words, numbers)
  and the Hangul character bigrams of the text, taken across single spaces so that spacing
  variants share their bigrams. The browser strips particles from the query and asks for the
  morphemes and for every bigram of each query word (a word matches only where all its bigrams
  do, so bigram noise does not bring junk).
- fetch() of a local file fails under file://, and so do modules and .wasm files. Every index
  file is a plain script that calls a global (`CivicSearch.init/add/doc`), loaded by inserting a
  <script> tag. In Chromium each such file costs several milliseconds however small it is (a
  480 kB file loads in about twice the time of a 1 kB one), so the layout minimises the number of
  files a query needs, not only its bytes:
  * terms are spread over shards by a hash of a *key*: a bigram is its own key, and a Hangul
    morpheme's key is its first two syllables, so "인공지능" the morpheme sits in the shard of the
    bigram "인공" and a query word of k syllables loads at most k - 1 shards;
  * the shown results' own files (record and text for snippets) are the second and last round;
    as each costs a file, the first answer shows the best 5 (search.js FIRST_PAGE; Pagefind's
    interface does the same) and "더 보기" adds 10, their files requested when it is pointed at.
    Carrying display records inside the shards (by title bigram) was tried and measured: at
    10,000 articles it multiplied the index by 2.5 and a query's bytes beyond 300 kB, and the
    top results of most queries were not among them; see the search benchmark notes.
- Incremental rebuilds must not rewrite the whole index when one article changes (output.py skips
  identical files), so nothing in a file depends on data that is not its own:
  * an article's id is a slot in a hash table of the URLs (a power of two >= 1.5 x articles,
    linear probing in URL order): adding an article moves at most its probe neighbours, and the
    ids change for everybody only when the table doubles;
  * postings store term frequencies, not scores: BM25F is computed in the browser from them,
    the document frequency (the postings' length), the article count and the articles' lengths
    (index.js, one character per slot, in 20 % steps, and their mean as those classes give it).
    An edited article rewrites its own file,
    the shards of the terms whose frequency class changed, and index.js only if its length
    class or its topics changed.
- The archive grows to tens of thousands of articles, so nothing is loaded whole: a query loads
  index.js (with the page) and the shards of its terms; the shard count grows with the index
  (a power of two). Postings are delta-encoded slot numbers with a frequency class packed into
  base-32 varints; a term found in a large share of the slots is stored as two bitmaps.
- In Chromium a query's time goes mostly to the number of files it loads (each costs about
  5 ms, whatever its size, even in parallel) and to decoding and merging postings, not to
  bytes. So the shards are small (about 3 kB: a query loads only its terms' neighbours, at most
  about 250 kB at 10,000 articles), the browser merges sorted typed arrays instead of touching
  every slot, and the shown results' files are requested as soon as the ranking is done, before
  the filter menus are filled. Those merges run on a page's first query, before the browser has
  optimised any JavaScript (20-40 ms at 10,000 articles), so they are also written in
  WebAssembly (templates/wasm/search-core.wat, carried inline by search.js: about 1 ms); a
  change to the postings format is made here, in search.js's JavaScript loops (the fallback
  where WebAssembly is forbidden) and in the .wat (then `python tools/search_core.py`).

Files (all under search/):
  index.js            CivicSearch.init({...}): counts, slot table size, lengths and their mean, shard count,
                      topics and years as lists of slots
  shard-NNN.js        CivicSearch.add(NNN, {"b": {bigram: postings}, "m": {morpheme: postings}})
  docs/SLOT.js        CivicSearch.doc(SLOT, {t, d, o, u, s: subtitles, x: text for snippets})
Same input, same bytes: keys sorted, no timestamps, nothing depends on the order of the input.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np      # installed with kiwipiepy, which depends on it

from . import urls
from .arrays import sorted_counts
from .articles import plain_text
from .models import Article, ArticleAnalysis, Changes, Output, Site

FORMAT_VERSION = 2
SHARD_TARGET_BYTES = 3_000       # the index is cut into about total/target shards (a power of two)
TITLE_WEIGHT = 3                 # a term in the title or a subtitle counts as this many in the body
BM25_K1 = 1.2                    # used by search.js; kept here so both sides read one description
BM25_B = 0.75
TF_CLASSES = (1, 2, 3, 4, 6, 9, 14, 20)   # a posting stores the class of its (weighted) frequency
LENGTH_STEP = 1.2                # an article's length is stored as round(log_1.2(length)), 0..63
SLOT_LOAD = 1.5                  # slots >= 1.5 x articles
DOC_TEXT_LIMIT = 6_000           # characters of body text kept per article for snippets
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"   # varint digits
EMPTY_SLOT = "."                 # in the lengths string of index.js

_HANGUL_RUN = re.compile(r"[가-힣]+(?:[ \t]+[가-힣]+)*")   # a run of Hangul, spaces inside kept


@dataclass(frozen=True)
class SearchDoc:
    """What the index needs from one article."""
    url: str                                   # relative to the site root; also the article's identity
    title: str
    date: str = ""
    outlet: str = ""
    subtitles: tuple[str, ...] = ()
    text: str = ""                             # plain body text, paragraphs separated by blank lines
    topics: tuple[str, ...] = ()               # topic slugs
    title_terms: tuple[str, ...] = ()
    body_terms: tuple[str, ...] = ()

    @property
    def year(self) -> int:
        return int(self.date[:4]) if self.date[:4].isdigit() else 0


# ---------------------------------------------------------------- from the site


def search_doc(article: Article, analysis: ArticleAnalysis | None, terms: tuple[str, str] | None = None) -> SearchDoc:
    """What the index takes of an article; terms: its search terms when the analysis has none."""
    if analysis is not None and not (analysis.title_terms or analysis.body_terms) and terms is not None:
        analysis = replace(analysis, title_terms=tuple(terms[0].split()), body_terms=tuple(terms[1].split()))
    return SearchDoc(
        url=urls.article(article.slug),
        title=article.title,
        date=article.date,
        outlet=article.outlet,
        subtitles=article.subtitles,
        text=plain_text(article.body),
        topics=(analysis.topics if analysis and analysis.topics else article.topics),
        title_terms=analysis.title_terms if analysis else (),
        body_terms=analysis.body_terms if analysis else (),
    )


def docs_from_site(site: Site) -> list[SearchDoc]:
    return [search_doc(a, site.analyses.get(a.slug), site.terms.get(a.slug)) for a in site.articles]


def changed_docs(site: Site, changes: Changes) -> dict[str, tuple[SearchDoc | None, SearchDoc | None]]:
    """url -> (last build's, this build's) document of each article the changes touch, where
    they differ (None: no such article then, or now)."""
    now = {a.slug: a for a in site.articles}
    found = {}
    for slug in set(changes.articles) | set(changes.analyses):
        old_article, new_article = changes.articles.get(slug, (now.get(slug),) * 2)
        old_analysis, new_analysis = changes.analyses.get(slug, (site.analyses.get(slug),) * 2)
        old = None if old_article is None else search_doc(old_article, old_analysis,
                                                          changes.terms.get(slug, site.terms.get(slug)))
        new = None if new_article is None else search_doc(new_article, new_analysis, site.terms.get(slug))
        if old != new:
            found[urls.article(slug)] = (old, new)
    return found


def topic_list(site: Site) -> list[tuple[str, str, str]]:
    return [(t.slug, t.name, urls.topic(t.slug)) for t in site.topics]


def search_outputs(site: Site) -> list[Output]:
    """search/index.js, its shards and one small file per article."""
    return build_index(docs_from_site(site), topic_list(site))


def search_outputs_and_memory(site: Site) -> tuple[list[Output], dict]:
    """search_outputs() with their zip entries made (this runs beside the rendering), and
    what update_index() needs to follow an edit."""
    from .output import packed
    memory: dict = {}
    return [packed(o) for o in build_index(docs_from_site(site), topic_list(site), memory=memory)], memory


# ---------------------------------------------------------------- terms

def bigrams(text: str) -> list[str]:
    """Hangul character bigrams, taken across single spaces so that "인공 지능" has "공지"."""
    grams: list[str] = []
    for run in _HANGUL_RUN.findall(text.lower()):
        run = run.replace(" ", "").replace("\t", "")
        grams.extend(map(str.__add__, run, run[1:]))
    return grams


def term_hash(term: str) -> int:
    """FNV-1a over the code points; search.js computes the same to find a term's shard."""
    h = 0x811C9DC5
    for char in term:
        h ^= ord(char)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def _is_syllable(char: str) -> bool:
    return "가" <= char <= "힣"


def shard_key(term: str) -> str:
    """What places a term in a shard: a Hangul morpheme goes with the bigram of its first two
    syllables (one file serves both), anything else with itself."""
    if len(term) > 2 and _is_syllable(term[0]) and _is_syllable(term[1]):
        return term[:2]
    return term


def tf_class(tf: int) -> int:
    """The largest k with TF_CLASSES[k] <= tf (tf >= 1)."""
    k = 0
    while k + 1 < len(TF_CLASSES) and TF_CLASSES[k + 1] <= tf:
        k += 1
    return k


def length_class(length: float) -> int:
    return int(min(63, max(0, round(math.log(max(length, 1.0)) / math.log(LENGTH_STEP)))))


# ---------------------------------------------------------------- encoding

def _varint(value: int) -> str:
    digits = [ALPHABET[value & 31]]
    value >>= 5
    while value:
        digits.append(ALPHABET[32 + (value & 31)])
        value >>= 5
    return "".join(reversed(digits))


# the varints of one and two digits, looked up (nearly every gap of a postings list is one)
_SHORT_VARINTS = tuple(_varint(value) for value in range(1024))
_DIGITS = {char: value for value, char in enumerate(ALPHABET)}


def varint(value: int) -> str:
    """Base-32 digits, most significant first; all but the last use the upper half of ALPHABET."""
    return _SHORT_VARINTS[value] if 0 <= value < 1024 else _varint(value)


CLASSES = len(TF_CLASSES)


def encode_postings(postings: Sequence[tuple[int, int]]) -> str:
    """(slot, frequency class) pairs in slot order -> varints of (gap - 1) * CLASSES + class."""
    out, previous, short = [], -1, _SHORT_VARINTS
    for doc, level in postings:
        value = (doc - previous - 1) * CLASSES + level
        out.append(short[value] if 0 <= value < 1024 else _varint(value))
        previous = doc
    return "".join(out)


def encode_ids(ids: Iterable[int]) -> str:
    out, previous, short = [], -1, _SHORT_VARINTS
    for doc in ids:
        value = doc - previous - 1
        out.append(short[value] if 0 <= value < 1024 else _varint(value))
        previous = doc
    return "".join(out)


def decode_varints(text: str) -> list[int]:
    values, value, digits = [], 0, _DIGITS
    for char in text:
        digit = digits[char]
        if digit >= 32:
            value = value * 32 + digit - 32
        else:
            values.append(value * 32 + digit)
            value = 0
    return values


def decode_postings(text: str) -> list[tuple[int, int]]:
    out, previous = [], -1
    for value in decode_varints(text):
        previous += value // CLASSES + 1
        out.append((previous, value % CLASSES))
    return out


def decode_entry(entry, slots: int) -> list[tuple[int, int]]:
    """(slot, frequency class) pairs of a shard entry in either form (what search.js reads):
    a string of postings, or [bitmap of every slot + bitmap of the frequent ones, low, high]."""
    if isinstance(entry, str):
        return decode_postings(entry)
    bits, low, high = entry
    width = (slots + 5) // 6
    frequent = set(_bitmap_slots(bits[width:]))
    return [(slot, high if slot in frequent else low) for slot in _bitmap_slots(bits[:width])]


# ---------------------------------------------------------------- slots

def slot_count(n: int) -> int:
    """A power of two >= SLOT_LOAD * n, so it (and every slot) changes rarely as the archive grows."""
    count = 8
    while count < SLOT_LOAD * n:
        count *= 2
    return count


def assign_slots(keys: Sequence[str]) -> list[int]:
    """Each key's slot: its hash, or the next free slot after it, filling in sorted key order.
    The result does not depend on the order of keys, and adding a key moves only keys of its
    probe cluster that sort after it."""
    size = slot_count(len(keys))
    taken: dict[int, str] = {}
    slot_of: dict[str, int] = {}
    for key in sorted(set(keys)):
        slot = term_hash(key) % size
        while slot in taken:
            slot = (slot + 1) % size
        taken[slot] = key
        slot_of[key] = slot
    if len(slot_of) != len(keys):
        raise ValueError("two search documents share a URL")
    return [slot_of[k] for k in keys]


# ---------------------------------------------------------------- occurrences

@dataclass
class _Occurrences:
    """Every occurrence of a term in one field of the documents: parallel arrays of term ids
    and slots (tens of millions of entries at 10,000 articles, so numpy, not Python objects)."""
    terms: np.ndarray
    docs: np.ndarray


CHUNK_DOCS = 512                   # documents whose occurrences are gathered at once (memory stays flat)


def _morpheme_occurrences(term_lists: Sequence[Sequence[str]], slots: np.ndarray,
                          ids: dict[str, int]) -> _Occurrences:
    """Morphemes lower-cased and numbered (ids grows as new ones are met). Each distinct term is
    lower-cased and numbered once; the occurrences are looked up in C, a chunk of documents at
    a time (the term lists' own strings: no copy of millions of them)."""
    numbered: dict[str, int] = {}          # term as written -> id of its lower-cased form
    terms_parts, docs_parts = [np.zeros(0, dtype=np.int32)], [np.zeros(0, dtype=np.int32)]
    for start in range(0, len(term_lists), CHUNK_DOCS):
        chunk = term_lists[start:start + CHUNK_DOCS]
        flat = [term for terms in chunk for term in terms]
        for term in dict.fromkeys(flat):
            if term not in numbered:
                lowered = term.lower()
                numbered[term] = ids.setdefault(lowered, len(ids))
        counts = np.fromiter((len(t) for t in chunk), dtype=np.int64, count=len(chunk))
        terms_parts.append(np.fromiter(map(numbered.__getitem__, flat), dtype=np.int32, count=len(flat)))
        docs_parts.append(np.repeat(np.asarray(slots[start:start + CHUNK_DOCS], dtype=np.int32), counts))
    terms, owners = np.concatenate(terms_parts), np.concatenate(docs_parts)
    keep = terms != ids.get("", -1)
    return _Occurrences(terms[keep], owners[keep])


_SYLLABLES = 11172                 # 가 (U+AC00) .. 힣 (U+D7A3)


def _bigram_occurrences(texts: Sequence[str], slots: np.ndarray) -> _Occurrences:
    """Hangul bigrams of every text as numbers (first syllable * 11172 + second), computed over
    the code points of a chunk of texts at once. Same bigrams as bigrams(): spaces and tabs
    between two syllables are dropped, anything else (newline, punctuation, Latin) breaks a run."""
    terms_parts, docs_parts = [np.zeros(0, dtype=np.int32)], [np.zeros(0, dtype=np.int32)]
    slots = np.asarray(slots, dtype=np.int32)
    for start in range(0, len(texts), CHUNK_DOCS):
        squeezed = [t.replace(" ", "").replace("\t", "") for t in texts[start:start + CHUNK_DOCS]]
        joined = "\n".join(squeezed)
        lengths = np.fromiter((len(t) + 1 for t in squeezed), dtype=np.int64, count=len(squeezed))
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int32) - 0xAC00
        owners = np.repeat(slots[start:start + CHUNK_DOCS], lengths)[:len(codes)]
        syllable = (codes >= 0) & (codes < _SYLLABLES)
        first = np.flatnonzero(syllable[:-1] & syllable[1:])
        terms_parts.append(codes[first] * _SYLLABLES + codes[first + 1])
        docs_parts.append(owners[first])
    return _Occurrences(np.concatenate(terms_parts), np.concatenate(docs_parts))


def _bigram_name(code: int) -> str:
    first, second = divmod(int(code), _SYLLABLES)
    return chr(0xAC00 + first) + chr(0xAC00 + second)


# ---------------------------------------------------------------- postings

POSTINGS_PART = 4_000_000          # occurrences sorted at once: larger indexes are cut by term


def _postings(slots: int, title: _Occurrences, body: _Occurrences, name_of, histograms: dict | None = None,
              kind: str = "") -> dict[str, object]:
    """_term_postings() of every term, for a range of term numbers at a time (a term's entry
    depends on its own occurrences only), so the sort's memory stays bounded."""
    total = len(body.terms) + TITLE_WEIGHT * len(title.terms)
    parts = max(1, -(-total // POSTINGS_PART))
    if parts == 1:
        return _term_postings(slots, title, body, name_of, histograms, kind)
    top = int(max(body.terms.max(initial=0), title.terms.max(initial=0))) + 1
    out: dict[str, object] = {}
    for k in range(parts):
        low, high = top * k // parts, top * (k + 1) // parts
        pick_title = (title.terms >= low) & (title.terms < high)
        pick_body = (body.terms >= low) & (body.terms < high)
        out.update(_term_postings(slots, _Occurrences(title.terms[pick_title], title.docs[pick_title]),
                                  _Occurrences(body.terms[pick_body], body.docs[pick_body]), name_of, histograms, kind))
    return out


def _term_postings(slots: int, title: _Occurrences, body: _Occurrences, name_of, histograms: dict | None = None,
                   kind: str = "") -> dict[str, object]:
    """term -> its postings (the shard entry): weighted term frequency per slot, as classes.

    A term found in many slots is stored as two bitmaps (all its slots, and those of the higher
    frequency classes) with one class for each half, when that is shorter than its list, so the
    cost of any one term stays below about slots/3 characters however common it is. Everything
    in an entry comes from the term's own postings.
    """
    if not (len(title.terms) or len(body.terms)):
        return {}
    # one plain sort of every occurrence (a title's counted TITLE_WEIGHT times) gives each
    # (term, slot) its weighted frequency; numpy's unique() hashes or argsorts, several times slower
    keys, tfs = sorted_counts(np.concatenate([body.terms.astype(np.int64) * slots + body.docs,
                                               np.repeat(title.terms.astype(np.int64) * slots + title.docs,
                                                         TITLE_WEIGHT)]))
    classes = np.searchsorted(np.asarray(TF_CLASSES), tfs, side="right") - 1
    terms, docs = keys // slots, keys % slots          # sorted by term, then slot
    starts = np.flatnonzero(np.r_[True, terms[1:] != terms[:-1]])
    ends = np.r_[starts[1:], len(terms)]
    gaps = np.diff(docs, prepend=-1)
    gaps[starts] = docs[starts] + 1
    text, offsets = _varints((gaps - 1) * CLASSES + classes)
    char_starts = np.r_[0, offsets][starts].tolist()
    char_ends = offsets[ends - 1].tolist()
    bitmap_chars = 2 * ((slots + 5) // 6)
    out: dict[str, object] = {}
    for k, term_id in enumerate(terms[starts].tolist()):
        if char_ends[k] - char_starts[k] <= bitmap_chars:
            out[name_of(term_id)] = text[char_starts[k]:char_ends[k]]
            continue
        a, b = starts[k], ends[k]
        own = classes[a:b]
        high = own > (int(own.min()) + int(own.max())) / 2
        low_class = int(np.median(own[~high]))
        high_class = int(np.median(own[high])) if high.any() else low_class
        out[name_of(term_id)] = [_bitmap(docs[a:b], slots) + _bitmap(docs[a:b][high], slots),
                                 low_class, high_class]
        if histograms is not None:          # what an update needs: the bitmaps keep no exact class
            histograms[(kind, name_of(term_id))] = np.bincount(own, minlength=CLASSES).tolist()
    return out


_ALPHABET_BYTES = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)


def _varints(values: np.ndarray) -> tuple[str, np.ndarray]:
    """varint() of every value, concatenated, and the end offset of each value's characters."""
    values = values.astype(np.int64)
    digits = np.ones(len(values), dtype=np.int64)
    limit = 32
    while True:
        more = values >= limit
        if not more.any():
            break
        digits += more
        limit *= 32
    ends = np.cumsum(digits)
    chars = np.empty(int(ends[-1]) if len(ends) else 0, dtype=np.uint8)
    for k in range(int(digits.max()) if len(digits) else 0):
        mask = digits > k
        digit = (values[mask] >> (5 * k)) & 31
        chars[ends[mask] - 1 - k] = _ALPHABET_BYTES[digit + (32 if k else 0)]
    return chars.tobytes().decode("ascii"), ends


def _bitmap(docs: np.ndarray, slots: int) -> str:
    """Six slots per character of ALPHABET: bit (slot % 6) of character slot // 6."""
    bits = np.zeros((slots + 5) // 6, dtype=np.int64)
    np.bitwise_or.at(bits, docs // 6, 1 << (docs % 6))
    return _ALPHABET_BYTES[bits].tobytes().decode("ascii")


# ---------------------------------------------------------------- the index

def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _script(call: str, *args) -> bytes:
    return f"CivicSearch.{call}({','.join(_json(a) for a in args)});\n".encode("utf-8")


def shard_count(total_bytes: int, target: int = SHARD_TARGET_BYTES) -> int:
    """A power of two, so the count (and every term's shard) changes rarely as the archive grows."""
    count = 1
    while total_bytes / count > target:
        count *= 2
    return count


def build_index(docs: Sequence[SearchDoc], topics: Sequence[tuple[str, str, str]] = (),
                shard_bytes: int = SHARD_TARGET_BYTES, memory: dict | None = None) -> list[Output]:
    """The search files for docs (in any order) and the topic taxonomy (slug, name, url).
    memory: filled with what update_index() needs to redo only what an edit changes."""
    slots = slot_count(len(docs))
    slot_of = np.asarray(assign_slots([d.url for d in docs]), dtype=np.int64)

    # terms: morphemes and bigrams, title (with subtitles) and body
    ids: dict[str, int] = {}
    title_morphemes = _morpheme_occurrences([d.title_terms for d in docs], slot_of, ids)
    body_morphemes = _morpheme_occurrences([d.body_terms for d in docs], slot_of, ids)
    morpheme_names = list(ids)
    title_grams = _bigram_occurrences(["\n".join((d.title,) + tuple(d.subtitles)) for d in docs], slot_of)
    body_grams = _bigram_occurrences([d.text for d in docs], slot_of)
    histograms: dict = {}
    kinds = {"m": _postings(slots, title_morphemes, body_morphemes, morpheme_names.__getitem__, histograms, "m"),
             "b": _postings(slots, title_grams, body_grams, _bigram_name, histograms, "b")}

    total = sum(len(term) * 3 + len(entry if isinstance(entry, str) else entry[0]) + 8
                for table in kinds.values() for term, entry in table.items())
    count = shard_count(total, shard_bytes)
    width = max(2, len(str(count - 1)))

    shards: list[dict[str, dict]] = [{"b": {}, "m": {}} for _ in range(count)]
    for kind, table in kinds.items():
        for term, entry in table.items():
            shards[term_hash(shard_key(term)) % count][kind][term] = entry
    outputs = [Output(f"search/shard-{i:0{width}d}.js", _script("add", i, shard)) for i, shard in enumerate(shards)]
    if memory is not None:
        memory.clear()
        memory.update(version=DELTA_VERSION, shard_bytes=shard_bytes, slots=slots, count=count, width=width,
                      total=total, slot_of=dict(zip((d.url for d in docs), slot_of.tolist())),
                      topics=list(topics), histograms=histograms)

    # lengths (for BM25's length normalisation), topics and years
    lengths = (TITLE_WEIGHT * np.bincount(title_grams.docs, minlength=slots)
               + np.bincount(body_grams.docs, minlength=slots)).tolist()
    described = {slot: (length_class(lengths[slot]), tuple(dict.fromkeys(doc.topics)), doc.year)
                 for slot, doc in zip(slot_of.tolist(), docs)}
    outputs.append(_index_file(described, slots, count, width, topics))
    if memory is not None:
        memory["docs"] = described
    for slot, doc in zip(slot_of.tolist(), docs):
        outputs.append(_doc_file(slot, doc))
    outputs[-len(docs):] = sorted(outputs[-len(docs):], key=lambda o: o.path) if docs else []
    return outputs


def _doc_file(slot: int, doc: SearchDoc) -> Output:
    record = {"t": doc.title, "d": doc.date[:10], "o": doc.outlet, "u": doc.url,
              "s": list(doc.subtitles), "x": doc.text[:DOC_TEXT_LIMIT]}
    return Output(f"search/docs/{slot}.js", _script("doc", slot, record))


def _index_file(described: Mapping[int, tuple[int, tuple[str, ...], int]], slots: int, count: int, width: int,
                topics: Sequence[tuple[str, str, str]]) -> Output:
    """search/index.js from each slot's (length class, topics, year)."""
    length_chars = [EMPTY_SLOT] * slots
    for slot, (cls, _, _) in described.items():
        length_chars[slot] = ALPHABET[cls]
    # the mean of the lengths as their classes give them (what search.js would compute from
    # "lengths"), so it changes only when some class does and the browser need not add 10,000 up
    class_counts = np.bincount(np.asarray([cls for cls, _, _ in described.values()], dtype=np.int64), minlength=64)
    mean_length = float((class_counts * LENGTH_STEP ** np.arange(64)).sum() / max(1, len(described)))
    topic_docs: dict[str, list[int]] = {}
    year_docs: dict[int, list[int]] = {}
    for slot in sorted(described):
        _, doc_topics, year = described[slot]
        for slug in doc_topics:
            topic_docs.setdefault(slug, []).append(slot)
        year_docs.setdefault(year, []).append(slot)
    known = [(slug, name, url) for slug, name, url in topics]
    known_slugs = {slug for slug, _, _ in known}
    known += [(slug, slug, "") for slug in sorted(topic_docs) if slug not in known_slugs]
    meta = {
        "version": FORMAT_VERSION,
        "docs": len(described),
        "slots": slots,
        "lengths": "".join(length_chars),
        "lengthStep": LENGTH_STEP,
        "meanLength": float(f"{mean_length:.6g}"),
        "tf": list(TF_CLASSES),
        "k1": BM25_K1,
        "b": BM25_B,
        "shards": count,
        "width": width,
        "topics": [[slug, name, url, encode_ids(topic_docs.get(slug, ()))] for slug, name, url in known],
        "years": [[year, encode_ids(ids)] for year, ids in sorted(year_docs.items(), reverse=True) if year],
    }
    return Output("search/index.js", _script("init", meta))


# ---------------------------------------------------------------- an edit

DELTA_VERSION = 1


class _NeedsAll(Exception):
    """The change cannot be made to the index file by file: make it all again."""


def update_index(memory: dict, changed: Mapping[str, tuple["SearchDoc | None", "SearchDoc | None"]],
                 topics: Sequence[tuple[str, str, str]], read: Callable[[str], bytes | None]) -> list[Output] | None:
    """The search files that changed when the documents in `changed` (url -> (last build's,
    this build's)) did, the others being the last build's, or None when the whole index must
    be made again: a document added or removed, other topics, a file not as the last build
    wrote it (read(path) gives the last build's bytes or None), the shard count moved, or a
    common term's entry needs the exact frequency classes its bitmaps do not keep.
    memory (build_index's) is updated in place. Same files as build_index() of all documents."""
    if memory.get("version") != DELTA_VERSION or [tuple(t) for t in topics] != [tuple(t) for t in memory["topics"]]:
        return None
    slot_of, slots, count, width = memory["slot_of"], memory["slots"], memory["count"], memory["width"]
    if any(old is None or new is None or old.url != new.url or new.url not in slot_of for old, new in changed.values()):
        return None
    moves: dict[tuple[str, str], dict[int, tuple]] = {}
    described = dict(memory["docs"])
    docs_out = []
    for old, new in changed.values():
        slot = slot_of[new.url]
        before, after = _doc_classes(old, slot, slots), _doc_classes(new, slot, slots)
        for key in before.keys() | after.keys():
            if key[0] != "length" and before.get(key) != after.get(key):
                moves.setdefault(key, {})[slot] = (before.get(key), after.get(key))
        described[slot] = (after[("length", "")], tuple(dict.fromkeys(new.topics)), new.year)
        docs_out.append(_doc_file(slot, new))
    shards: dict[int, dict] = {}
    histograms = dict(memory["histograms"])
    total = memory["total"]
    try:
        for (kind, term), moved in moves.items():
            number = term_hash(shard_key(term)) % count
            if number not in shards:
                data = read(f"search/shard-{number:0{width}d}.js")
                if data is None:
                    return None
                shards[number] = _parse_shard(data, number)
            table = shards[number][kind]
            entry = table.get(term)
            if entry is not None:
                total -= _entry_size(term, entry)
            entry = _updated_entry(entry, moved, slots, histograms, (kind, term))
            if entry is None:
                table.pop(term, None)
            else:
                table[term] = entry
                total += _entry_size(term, entry)
    except _NeedsAll:
        return None
    if shard_count(total, memory["shard_bytes"]) != count:
        return None
    memory.update(total=total, histograms=histograms, docs=described)
    outputs = [Output(f"search/shard-{i:0{width}d}.js", _script("add", i, shard)) for i, shard in sorted(shards.items())]
    return outputs + [_index_file(described, slots, count, width, topics)] + docs_out


def _parse_shard(data: bytes, number: int) -> dict:
    prefix = f"CivicSearch.add({number},".encode("utf-8")
    if not data.startswith(prefix) or not data.endswith(b");\n"):
        raise _NeedsAll()
    return json.loads(data[len(prefix):-3])


def _entry_size(term: str, entry) -> int:
    """What an entry adds to the total that fixes the shard count (see build_index)."""
    return len(term) * 3 + len(entry if isinstance(entry, str) else entry[0]) + 8


def _doc_classes(doc: SearchDoc, slot: int, slots: int) -> dict[tuple[str, str], int]:
    """(kind, term) -> the frequency class of each term of one document, as build_index makes
    them, and ("length", "") -> the class of its length."""
    at = np.asarray([slot], dtype=np.int64)
    ids: dict[str, int] = {}
    title_m = _morpheme_occurrences([doc.title_terms], at, ids)
    body_m = _morpheme_occurrences([doc.body_terms], at, ids)
    names = list(ids)
    title_b = _bigram_occurrences(["\n".join((doc.title,) + tuple(doc.subtitles))], at)
    body_b = _bigram_occurrences([doc.text], at)
    found: dict[tuple[str, str], int] = {}
    for kind, title, body, name_of in (("m", title_m, body_m, names.__getitem__), ("b", title_b, body_b, _bigram_name)):
        weighted = np.concatenate([body.terms.astype(np.int64), np.repeat(title.terms.astype(np.int64), TITLE_WEIGHT)])
        terms, tfs = sorted_counts(weighted)
        classes = np.searchsorted(np.asarray(TF_CLASSES), tfs, side="right") - 1
        for term, cls in zip(terms.tolist(), classes.tolist()):
            found[(kind, name_of(term))] = cls
    found[("length", "")] = length_class(TITLE_WEIGHT * len(title_b.terms) + len(body_b.terms))
    return found


def _updated_entry(entry, moved: Mapping[int, tuple], slots: int, histograms: dict, key: tuple):
    """A term's entry with the moved slots' classes changed ((old, new), None for absent), or
    None when no slot is left. Raises _NeedsAll when the exact classes are not known."""
    bitmap_chars = 2 * ((slots + 5) // 6)
    if entry is None or isinstance(entry, str):
        postings = dict(decode_postings(entry)) if entry else {}
        for slot, (old, new) in moved.items():
            if postings.get(slot) != old:
                raise _NeedsAll()
            if new is None:
                del postings[slot]
            else:
                postings[slot] = new
        histograms.pop(key, None)
        return _entry_of(sorted(postings.items()), slots, histograms, key)
    every, frequent = entry[0][:bitmap_chars // 2], entry[0][bitmap_chars // 2:]
    present = set(_bitmap_slots(every))
    highs = set(_bitmap_slots(frequent))
    histogram = list(histograms.get(key) or ())
    if len(histogram) != CLASSES or sum(histogram) != len(present):
        raise _NeedsAll()
    threshold = _threshold(histogram)
    for slot, (old, new) in moved.items():
        if (old is None) == (slot in present):
            raise _NeedsAll()
        if old is not None:
            histogram[old] -= 1
            present.discard(slot)
            highs.discard(slot)
        if new is not None:
            histogram[new] += 1
            present.add(slot)
    if not present:
        histograms.pop(key, None)
        return None
    if _threshold(histogram) != threshold or _postings_length(sorted(present)) <= bitmap_chars:
        raise _NeedsAll()                # the high slots, or a list, would need every slot's class
    for slot, (_, new) in moved.items():
        if new is not None and new > threshold:
            highs.add(slot)
    histograms[key] = histogram
    low = _histogram_median(histogram, lambda c: c <= threshold)
    high = _histogram_median(histogram, lambda c: c > threshold) if any(
        n for c, n in enumerate(histogram) if c > threshold) else low
    docs = np.asarray(sorted(present), dtype=np.int64)
    return [_bitmap(docs, slots) + _bitmap(np.asarray(sorted(highs), dtype=np.int64), slots), low, high]


def _entry_of(postings: list[tuple[int, int]], slots: int, histograms: dict, key: tuple):
    """A term's entry from its exact (slot, class) postings, as _term_postings makes it."""
    if not postings:
        return None
    text = encode_postings(postings)
    if len(text) <= 2 * ((slots + 5) // 6):
        return text
    docs = np.asarray([slot for slot, _ in postings], dtype=np.int64)
    own = np.asarray([cls for _, cls in postings], dtype=np.int64)
    high = own > (int(own.min()) + int(own.max())) / 2
    low_class = int(np.median(own[~high]))
    high_class = int(np.median(own[high])) if high.any() else low_class
    histograms[key] = np.bincount(own, minlength=CLASSES).tolist()
    return [_bitmap(docs, slots) + _bitmap(docs[high], slots), low_class, high_class]


def _bitmap_slots(bits: str) -> list[int]:
    """The slots _bitmap() set, ascending (most characters of a long bitmap set none)."""
    bits_of = _SET_BITS
    return [c * 6 + bit for c, char in enumerate(bits) for bit in bits_of[char]]


# each character of ALPHABET -> the bits (0-5) its value sets
_SET_BITS = {char: tuple(bit for bit in range(6) if value >> bit & 1) for value, char in enumerate(ALPHABET)}


def _threshold(histogram: list[int]) -> float:
    present = [c for c, n in enumerate(histogram) if n]
    return (present[0] + present[-1]) / 2


def _histogram_median(histogram: list[int], wanted) -> int:
    """int(numpy.median()) of the classes for which wanted(class) holds."""
    values = [c for c, n in enumerate(histogram) if wanted(c) for _ in range(n)]
    n = len(values)
    return int((values[(n - 1) // 2] + values[n // 2]) / 2)


def _postings_length(slots: list[int]) -> int:
    """The length of encode_postings() of these slots, whatever their classes: a class adds
    less than CLASSES to a multiple of CLASSES, which never carries it past a power of 32."""
    length, previous = 0, -1
    for slot in slots:
        value = (slot - previous - 1) * CLASSES
        length += 1
        while value >= 32:
            value >>= 5
            length += 1
        previous = slot
    return length
