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
- fetch() of a local file fails under file://, and so do modules and WebAssembly. Every index
  file is a plain script that calls a global (`CivicSearch.init/add/doc`), loaded by inserting a
  <script> tag.
- The archive grows to tens of thousands of articles, so nothing is loaded whole: terms are
  spread over shards by a hash of the term (a query loads only the shards of its terms), the
  shard count grows with the index, postings are delta-encoded document ids with a quantized
  BM25F score packed into base-32 varints, and each article's display text lives in its own
  small file that is loaded only when the article is shown as a result.

Files (all under search/):
  index.js            CivicSearch.init({...}): counts, shard count, topics and years as postings
  shard-NNN.js        CivicSearch.add(NNN, {"b": {bigram: [max, postings]}, "m": {morpheme: ...}})
  docs/ID.js          CivicSearch.doc(ID, {title, date, outlet, url, subtitles, text})
Same input, same bytes: keys sorted, no timestamps, documents in the site's order.
"""
from __future__ import annotations

import json
import math
import re
from array import array
from collections import Counter
from dataclasses import dataclass
from itertools import repeat
from typing import Iterable, Sequence

import numpy as np      # installed with kiwipiepy, which depends on it

from .models import Output, Site

FORMAT_VERSION = 1
SHARD_TARGET_BYTES = 12_000      # the index is cut into about total/target shards (a power of two)
TITLE_WEIGHT = 3.0               # a term in the title or a subtitle counts as this many in the body
BM25_K1 = 1.2
BM25_B = 0.75
LEVELS = 16                      # scores are stored as one of 16 levels of the term's best score
DOC_TEXT_LIMIT = 6_000           # characters of body text kept per article for snippets
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"   # varint digits

_HANGUL_RUN = re.compile(r"[가-힣]+(?:[ \t]+[가-힣]+)*")   # a run of Hangul, spaces inside kept
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchDoc:
    """What the index needs from one article."""
    url: str                                   # relative to the site root
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

def article_url(slug: str) -> str:
    """The article page, relative to the site root (the layout of the site issue)."""
    return f"articles/{slug}.html"


def topic_url(slug: str) -> str:
    return f"topics/{slug}.html"


_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_TAG = re.compile(r"<[^>]{0,200}>")
_MD_LINE_MARK = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+\.\s+)", re.M)
_MD_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3}|`+)(?=\S)(.+?)(?<=\S)\1")


def plain_text(markdown: str) -> str:
    """The readable text of a Markdown body (for bigrams and snippets, not for display as HTML)."""
    text = _MD_IMAGE.sub(r"\1", markdown)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_TAG.sub("", text)
    text = _MD_LINE_MARK.sub("", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    paragraphs = [_SPACES.sub(" ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def docs_from_site(site: Site) -> list[SearchDoc]:
    docs = []
    for article in site.articles:
        analysis = site.analyses.get(article.slug)
        docs.append(SearchDoc(
            url=article_url(article.slug),
            title=article.title,
            date=article.date,
            outlet=article.outlet,
            subtitles=article.subtitles,
            text=plain_text(article.body),
            topics=(analysis.topics if analysis and analysis.topics else article.topics),
            title_terms=analysis.title_terms if analysis else (),
            body_terms=analysis.body_terms if analysis else (),
        ))
    return docs


def search_outputs(site: Site) -> list[Output]:
    """search/index.js, its shards and one small file per article."""
    topics = [(t.slug, t.name, topic_url(t.slug)) for t in site.topics]
    return build_index(docs_from_site(site), topics)


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


# ---------------------------------------------------------------- encoding

def varint(value: int) -> str:
    """Base-32 digits, most significant first; all but the last use the upper half of ALPHABET."""
    digits = [ALPHABET[value & 31]]
    value >>= 5
    while value:
        digits.append(ALPHABET[32 + (value & 31)])
        value >>= 5
    return "".join(reversed(digits))


def encode_postings(postings: Sequence[tuple[int, int]]) -> str:
    """(doc id, level) pairs in doc order -> varints of (gap - 1) * LEVELS + level."""
    out, previous = [], -1
    for doc, level in postings:
        out.append(varint((doc - previous - 1) * LEVELS + level))
        previous = doc
    return "".join(out)


def encode_ids(ids: Iterable[int]) -> str:
    out, previous = [], -1
    for doc in ids:
        out.append(varint(doc - previous - 1))
        previous = doc
    return "".join(out)


def decode_varints(text: str) -> list[int]:
    values, value = [], 0
    for char in text:
        digit = ALPHABET.index(char)
        if digit >= 32:
            value = value * 32 + digit - 32
        else:
            values.append(value * 32 + digit)
            value = 0
    return values


def decode_postings(text: str) -> list[tuple[int, int]]:
    out, previous = [], -1
    for value in decode_varints(text):
        previous += value // LEVELS + 1
        out.append((previous, value % LEVELS))
    return out


def decode_entry(entry: list, n: int) -> list[tuple[int, int]]:
    """(doc id, level) pairs of a shard entry in either form (what search.js reads)."""
    postings = entry[1]
    if not postings.startswith("!"):
        return decode_postings(postings)
    width = (n + 5) // 6
    every, high = postings[1:1 + width], postings[1 + width:]
    return [(c * 6 + bit, entry[3] if ALPHABET.index(high[c]) >> bit & 1 else entry[2])
            for c in range(width) for bit in range(6) if ALPHABET.index(every[c]) >> bit & 1]


# ---------------------------------------------------------------- scoring

class _Numbering(dict):
    """term -> 0, 1, 2, ... in order of first use."""

    def __missing__(self, key: str) -> int:
        value = self[key] = len(self)
        return value


@dataclass
class _Occurrences:
    """Every occurrence of a term in one field of the documents: parallel arrays of term ids
    and document ids (millions of entries at 10,000 articles, so numpy, not Python objects)."""
    terms: np.ndarray
    docs: np.ndarray


def _morpheme_occurrences(term_lists: Sequence[Sequence[str]], ids: _Numbering) -> _Occurrences:
    terms, owners = array("q"), array("q")
    for doc, listed in enumerate(term_lists):
        terms.extend(map(ids.__getitem__, listed))
        owners.extend(repeat(doc, len(listed)))
    return _Occurrences(np.frombuffer(terms, dtype=np.int64), np.frombuffer(owners, dtype=np.int64))


_SYLLABLES = 11172                 # 가 (U+AC00) .. 힣 (U+D7A3)


def _bigram_occurrences(texts: Sequence[str]) -> _Occurrences:
    """Hangul bigrams of every text as numbers (first syllable * 11172 + second), computed over
    the code points of all texts at once. Same bigrams as bigrams(): spaces and tabs between two
    syllables are dropped, anything else (newline, punctuation, Latin) breaks a run."""
    joined = "\n".join(texts).replace(" ", "").replace("\t", "")
    lengths = np.fromiter((len(t.replace(" ", "").replace("\t", "")) + 1 for t in texts), dtype=np.int64,
                          count=len(texts))
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64) - 0xAC00
    owners = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)[:len(codes)]
    syllable = (codes >= 0) & (codes < _SYLLABLES)
    pair = syllable[:-1] & syllable[1:]
    first = np.flatnonzero(pair)
    return _Occurrences(codes[first] * _SYLLABLES + codes[first + 1], owners[first])


def _bigram_name(code: int) -> str:
    first, second = divmod(int(code), _SYLLABLES)
    return chr(0xAC00 + first) + chr(0xAC00 + second)


def _scored(n: int, title: _Occurrences, body: _Occurrences, name_of) -> dict[str, list]:
    """term -> [best score, postings]: BM25F with the title weighted, levels of the best score.

    A term found in many documents is stored as two bitmaps (all its documents, and those scoring
    above the middle of its range) with one level for each half, when that is shorter than its list, so the cost of any one term
    stays below about N/3 characters however common it is.
    """
    if not n or not (len(title.terms) or len(body.terms)):
        return {}
    lengths = TITLE_WEIGHT * np.bincount(title.docs, minlength=n) + np.bincount(body.docs, minlength=n)
    norms = BM25_K1 * (1 - BM25_B + BM25_B * lengths / (lengths.mean() or 1.0))
    body_keys, body_counts = np.unique(body.terms * n + body.docs, return_counts=True)
    title_keys, title_counts = np.unique(title.terms * n + title.docs, return_counts=True)
    keys, where = np.unique(np.concatenate([body_keys, title_keys]), return_inverse=True)
    tfs = np.bincount(where, weights=np.concatenate([body_counts, TITLE_WEIGHT * title_counts]))
    terms, docs = keys // n, keys % n                    # sorted by term, then document
    starts = np.flatnonzero(np.r_[True, terms[1:] != terms[:-1]])
    ends = np.r_[starts[1:], len(terms)]
    df = (ends - starts).astype(np.float64)
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
    scores = np.repeat(idf, ends - starts) * tfs * (BM25_K1 + 1) / (tfs + norms[docs])
    best = np.maximum.reduceat(scores, starts)
    levels = np.clip(np.ceil(scores / np.repeat(best, ends - starts) * LEVELS) - 1, 0, LEVELS - 1).astype(np.int64)
    gaps = np.diff(docs, prepend=-1)
    gaps[starts] = docs[starts] + 1
    text, offsets = _varints((gaps - 1) * LEVELS + levels)
    char_starts = np.r_[0, offsets][starts].tolist()
    char_ends = offsets[ends - 1].tolist()
    bitmap_chars = 2 * ((n + 5) // 6) + 1
    out: dict[str, list] = {}
    for k, term_id in enumerate(terms[starts].tolist()):
        top = float(f"{best[k]:.3g}")
        if char_ends[k] - char_starts[k] <= bitmap_chars:
            out[name_of(term_id)] = [top, text[char_starts[k]:char_ends[k]]]
            continue
        a, b = starts[k], ends[k]
        own = levels[a:b]
        high = own > (int(own.min()) + int(own.max())) / 2
        low_level = int(round(own[~high].mean()))
        high_level = int(round(own[high].mean())) if high.any() else low_level
        out[name_of(term_id)] = [top, "!" + _bitmap(docs[a:b], n) + _bitmap(docs[a:b][high], n),
                                 low_level, high_level]
    return out


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
    alphabet = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)
    for k in range(int(digits.max()) if len(digits) else 0):
        mask = digits > k
        digit = (values[mask] >> (5 * k)) & 31
        chars[ends[mask] - 1 - k] = alphabet[digit + (32 if k else 0)]
    return chars.tobytes().decode("ascii"), ends


def _bitmap(docs: np.ndarray, n: int) -> str:
    """Six documents per character of ALPHABET: bit (doc % 6) of character doc // 6."""
    bits = np.zeros((n + 5) // 6, dtype=np.int64)
    np.bitwise_or.at(bits, docs // 6, 1 << (docs % 6))
    return "".join(ALPHABET[b] for b in bits.tolist())


# ---------------------------------------------------------------- the index

def _script(call: str, *args) -> bytes:
    body = ",".join(json.dumps(a, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for a in args)
    return f"CivicSearch.{call}({body});\n".encode("utf-8")


def shard_count(total_bytes: int, target: int = SHARD_TARGET_BYTES) -> int:
    """A power of two, so the count (and every term's shard) changes rarely as the archive grows."""
    count = 1
    while total_bytes / count > target:
        count *= 2
    return count


def build_index(docs: Sequence[SearchDoc], topics: Sequence[tuple[str, str, str]] = (),
                shard_bytes: int = SHARD_TARGET_BYTES) -> list[Output]:
    """The search files for docs (doc id = position in docs) and the topic taxonomy
    (slug, name, url)."""
    ids = _Numbering()
    title_morphemes = _morpheme_occurrences([[t.lower() for t in d.title_terms if t] for d in docs], ids)
    body_morphemes = _morpheme_occurrences([[t.lower() for t in d.body_terms if t] for d in docs], ids)
    morphemes = _scored(len(docs), title_morphemes, body_morphemes, list(ids).__getitem__)
    grams = _scored(len(docs),
                    _bigram_occurrences([" ".join((d.title,) + tuple(d.subtitles)) for d in docs]),
                    _bigram_occurrences([d.text for d in docs]), _bigram_name)
    kinds = {"m": morphemes, "b": grams}
    total = sum(len(term) * 3 + len(entry[1]) + 12 for table in kinds.values() for term, entry in table.items())
    count = shard_count(total, shard_bytes)
    width = max(2, len(str(count - 1)))
    shards: list[dict[str, dict]] = [{"b": {}, "m": {}} for _ in range(count)]
    for kind, table in kinds.items():
        for term, entry in table.items():
            shards[term_hash(term) % count][kind][term] = entry

    outputs = [Output(f"search/shard-{i:0{width}d}.js", _script("add", i, shard)) for i, shard in enumerate(shards)]

    topic_docs: dict[str, list[int]] = {}
    year_docs: dict[int, list[int]] = {}
    for doc_id, doc in enumerate(docs):
        for slug in dict.fromkeys(doc.topics):
            topic_docs.setdefault(slug, []).append(doc_id)
        year_docs.setdefault(doc.year, []).append(doc_id)
    known = [(slug, name, url) for slug, name, url in topics]
    known_slugs = {slug for slug, _, _ in known}
    known += [(slug, slug, "") for slug in sorted(topic_docs) if slug not in known_slugs]
    meta = {
        "version": FORMAT_VERSION,
        "docs": len(docs),
        "shards": count,
        "width": width,
        "levels": LEVELS,
        "topics": [[slug, name, url, encode_ids(topic_docs.get(slug, ()))] for slug, name, url in known],
        "years": [[year, encode_ids(ids)] for year, ids in sorted(year_docs.items(), reverse=True) if year],
    }
    outputs.append(Output("search/index.js", _script("init", meta)))

    for doc_id, doc in enumerate(docs):
        record = {"t": doc.title, "d": doc.date[:10], "o": doc.outlet, "u": doc.url,
                  "s": list(doc.subtitles), "x": doc.text[:DOC_TEXT_LIMIT]}
        outputs.append(Output(f"search/docs/{doc_id}.js", _script("doc", doc_id, record)))
    return outputs
