"""The WebAssembly core of the search (templates/wasm/search-core.wat, carried by search.js).

Its functions are checked here one by one against the index format (search.decode_entry) and
plain Python merges, run in wasmtime; then in Chromium over file://, the whole ranking of many
queries with the WebAssembly core against the same page with the JavaScript loops, to the bit.
"""
from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from civicnews import search
from tests.test_search import QUERIES, _archive, _doc, browser, fresh_page  # noqa: F401  (browser: the fixture)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import search_core  # noqa: E402

wasmtime = pytest.importorskip("wasmtime")


def test_search_js_carries_the_assembled_core():
    script = search_core.SCRIPT.read_text(encoding="utf-8")
    assert search_core.embedded(script) == search_core.core_line(search_core.assemble()), \
        "search.js's CORE_WASM is not templates/wasm/search-core.wat: run python tools/search_core.py"


class Core:
    """The module in wasmtime, with a bump allocator like search.js's."""

    def __init__(self):
        self.store = wasmtime.Store()
        module = wasmtime.Module(self.store.engine, search_core.assemble())
        self.exports = wasmtime.Instance(self.store, module, []).exports(self.store)
        self.memory = self.exports["memory"]
        self.top = 128

    def alloc(self, size: int) -> int:
        at = self.top
        self.top = (self.top + size + 7) & ~7
        have = self.memory.data_len(self.store)
        if self.top > have:
            self.memory.grow(self.store, -(-(self.top - have) // 65536))
        return at

    def put(self, data: bytes) -> int:
        at = self.alloc(len(data))
        self.memory.write(self.store, data, at)
        return at

    def get(self, at: int, n: int, dtype) -> np.ndarray:
        size = np.dtype(dtype).itemsize
        return np.frombuffer(bytes(self.memory.read(self.store, at, at + n * size)), dtype=dtype)

    def call(self, name: str, *args):
        return self.exports[name](self.store, *args)

    def lists(self, ids, scores) -> tuple[int, int, int]:
        return (self.put(np.asarray(ids, dtype=np.int32).tobytes()),
                self.put(np.asarray(scores, dtype=np.float32).tobytes()), len(ids))


def test_alphabet_digits_in_the_module_data():
    core = Core()
    digits = core.get(0, 128, np.uint8)
    wanted = np.full(128, 255, dtype=np.uint8)
    for value, char in enumerate(search.ALPHABET):
        wanted[ord(char)] = value
    assert digits.tolist() == wanted.tolist()


def _index(n: int = 300):
    """Shard entries of an archive with common terms (bitmaps) and rare ones (gap lists)."""
    docs = _archive(n)
    rng = random.Random(3)
    for i in range(0, n, 7):
        rare = f"희귀어{i % 11}"
        docs[i] = _doc(i, title=docs[i].title, title_terms=docs[i].title_terms, text=docs[i].text + " " + rare,
                       body_terms=docs[i].body_terms + (rare,) * rng.randint(1, 30))
    outputs = search.build_index(docs, shard_bytes=10**9)
    import json
    meta_text = next(o for o in outputs if o.path == "search/index.js").data.decode()
    meta = json.loads(meta_text[meta_text.index("{"):meta_text.rindex("}") + 1])
    table = json.loads((text := next(o for o in outputs if o.path.startswith("search/shard-")).data.decode())
                       [text.index("{"):text.rindex("}") + 1])
    return meta, [entry for kind in ("m", "b") for entry in table[kind].values()]


def test_decoding_gives_the_slots_of_the_index_format_and_their_scores():
    meta, entries = _index()
    assert any(isinstance(e, str) for e in entries) and any(isinstance(e, list) for e in entries)
    core = Core()
    # the page's tables: a norm per length class (by character code), tf per class, length classes
    norms = np.zeros(128, dtype=np.float32)
    for c in range(64):
        norms[ord(search.ALPHABET[c])] = meta["k1"] * (1 - meta["b"] + meta["b"] * meta["lengthStep"] ** c / meta["meanLength"])
    norm = core.put(norms.tobytes())
    tf_table = np.asarray(meta["tf"], dtype=np.float64)
    tf = core.put(tf_table.tobytes())
    lengths = core.put(meta["lengths"].encode("ascii"))
    k1 = meta["k1"] + 1
    width = -(-meta["slots"] // 6)
    for entry in entries:
        expected = search.decode_entry(entry, meta["slots"])
        if isinstance(entry, str):
            ids, scores = core.alloc(4 * len(entry)), core.alloc(4 * len(entry))
            n = core.call("gaps", core.put(entry.encode("ascii")), len(entry), len(meta["tf"]), tf, norm, lengths, k1, ids, scores)
        else:
            ids, scores = core.alloc(24 * width), core.alloc(24 * width)
            n = core.call("bits", core.put(entry[0].encode("ascii")), width, tf_table[entry[1]], tf_table[entry[2]],
                          k1, norm, lengths, ids, scores)
        assert core.get(ids, n, np.int32).tolist() == [slot for slot, _ in expected]
        wanted = [np.float32(tf_table[c] * k1 / (tf_table[c] + np.float64(norms[ord(meta["lengths"][slot])])))
                  for slot, c in expected]
        assert core.get(scores, n, np.float32).tolist() == wanted


def _sorted_set(rng: random.Random, size: int, universe: int) -> tuple[list[int], list[float]]:
    ids = sorted(rng.sample(range(universe), size))
    return ids, [float(np.float32(rng.uniform(0.1, 3.0))) for _ in ids]


@pytest.mark.parametrize("seed", range(6))
def test_merges_count_and_top_match_plain_python(seed):
    rng = random.Random(seed)
    core = Core()
    (a, a_s), (b, b_s) = _sorted_set(rng, rng.randint(0, 300), 1000), _sorted_set(rng, rng.randint(1, 300), 1000)
    wa, wb = rng.uniform(0.5, 4), rng.uniform(0.5, 4)
    pa, pb = core.lists(a, a_s), core.lists(b, b_s)
    f32 = lambda x: float(np.float32(x))  # noqa: E731

    out_ids, out_scores = core.alloc(4 * 600), core.alloc(4 * 600)
    k = core.call("intersect", pa[0], pa[1], pa[2], wa, pb[0], pb[1], pb[2], wb, out_ids, out_scores)
    score_b = dict(zip(b, b_s))
    both = [(x, f32(s * wa + score_b[x] * wb)) for x, s in zip(a, a_s) if x in score_b]
    assert list(zip(core.get(out_ids, k, np.int32).tolist(), core.get(out_scores, k, np.float32).tolist())) == both

    for best in (0, 1):
        k = core.call("union", pa[0], pa[1], pa[2], wa, pb[0], pb[1], pb[2], wb, best, out_ids, out_scores)
        merged: dict[int, float] = {x: s * wa for x, s in zip(a, a_s)}
        for x, s in zip(b, b_s):
            merged[x] = (max(merged[x], s * wb) if best else merged[x] + s * wb) if x in merged else s * wb
        got = list(zip(core.get(out_ids, k, np.int32).tolist(), core.get(out_scores, k, np.float32).tolist()))
        assert got == [(x, f32(merged[x])) for x in sorted(merged)]

    # the documents with the most of the words a and b (both subsets of their union)
    union_ids = sorted(set(a) | set(b))
    pu = core.lists(union_ids, [1.0] * len(union_ids))
    where, count = core.alloc(4 * 1000), core.put(bytes(len(union_ids)))
    core.call("place", pu[0], pu[2], where)
    most = max(core.call("tally", pa[0], pa[2], where, count), core.call("tally", pb[0], pb[2], where, count))
    counts = {x: (x in set(a)) + (x in set(b)) for x in union_ids}
    assert most == max(counts.values())
    k = core.call("keep", pu[0], pu[1], pu[2], count, most, out_ids, out_scores)
    assert core.get(out_ids, k, np.int32).tolist() == [x for x in union_ids if counts[x] == most]

    # the best few: rounded scores, ties to the lower slot, as the full sort orders them
    scores = [float(np.float32(rng.choice([0.5, 1.0, 1.5, rng.uniform(0, 2)]))) for _ in union_ids]
    ps = core.lists(union_ids, scores)
    weight = 1048576.0 * rng.uniform(0.5, 2)
    order = sorted(range(len(union_ids)), key=lambda i: (-np.floor(scores[i] * weight + 0.5), union_ids[i]))
    for count_wanted in (1, 3, 5, 12):
        best_at, keys = core.alloc(4 * count_wanted), core.alloc(8 * count_wanted)
        size = core.call("top", ps[0], ps[1], ps[2], weight, count_wanted, best_at, keys)
        assert core.get(best_at, size, np.int32).tolist() == [union_ids[i] for i in order[:count_wanted]]


# ---------------------------------------------------------------- in Chromium: both cores rank alike

HARNESS = """<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>core</title></head>
<body><script src="search.js"></script><script src="search/index.js"></script></body></html>"""


@pytest.fixture(scope="module")
def archive_dir(tmp_path_factory) -> Path:
    meta_docs = _archive(700, seed=11)
    rng = random.Random(8)
    for i in range(0, 700, 5):
        rare = f"드문말{i % 17}"
        meta_docs[i] = _doc(i, title=meta_docs[i].title + " " + rare, title_terms=meta_docs[i].title_terms + (rare,),
                            text=meta_docs[i].text + " " + rare,
                            body_terms=meta_docs[i].body_terms + (rare,) * rng.randint(1, 9))
    root = tmp_path_factory.mktemp("core-site")
    for output in search.build_index(meta_docs, shard_bytes=4_000):
        target = root / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(output.data)
    (root / "core.html").write_text(HARNESS, encoding="utf-8")
    shutil.copy(ROOT / "templates" / "static" / "search.js", root / "search.js")
    return root


CORE_QUERIES = [q for q, _, _ in QUERIES] + [
    "광주시", "인공지능 예산", "예산을 심의", "복지 휠체어 도시철도", "드문말3", "드문말3 축제", "드문말", "축제에서",
    "국비 확보 산업 육성", "센터", "학교 급식 문화 공연 주민", "없는말 예산", "하하하"]

RANKINGS = """async (queries) => {
    const out = {core: CivicSearch.core()};
    for (const q of queries) {
        const r = await CivicSearch.search(q);
        out[q] = [Array.from(r.hits.top(5)), Array.from(r.hits.all()), Array.from(r.hits.scores), r.hits.weight, r.partial];
    }
    return out; }"""


def _rankings(browser, site: Path, init: str) -> dict:
    context, page = fresh_page(browser, init)
    page.goto((site / "core.html").as_uri())
    result = page.evaluate(RANKINGS, CORE_QUERIES)
    context.close()
    assert not page.errors
    return result


@pytest.mark.browser
def test_webassembly_and_javascript_rank_alike(archive_dir, browser):
    compiled = _rankings(browser, archive_dir, "")
    script = _rankings(browser, archive_dir, "window.CivicSearch = {scriptOnly: true};")
    blocked = _rankings(browser, archive_dir, "delete window.WebAssembly;")    # as a strict CSP would
    assert (compiled["core"], script["core"], blocked["core"]) == ("wasm", "js", "js")
    assert sum(1 for q in CORE_QUERIES if compiled[q][1]) > 20       # the queries find things
    differ = [q for q in CORE_QUERIES if compiled[q] != script[q]]
    assert not differ, differ
    assert all(compiled[q][0] == compiled[q][1][:5] for q in CORE_QUERIES)


@pytest.mark.browser
@pytest.mark.parametrize("limit", [0, 50_000])
def test_many_queries_in_one_page_keep_their_results(archive_dir, browser, limit):
    """The core's memory is reused between queries, and past its limit (here also a tiny one,
    so that the cached postings are dropped between most queries) started afresh: the same
    query gives the same ranking later, also after overlapping queries."""
    context = browser.new_context()
    if limit:
        context.add_init_script(f"window.CivicSearch = {{coreLimit: {limit}}};")
    page = context.new_page()
    page.goto((archive_dir / "core.html").as_uri())
    first, later = page.evaluate("""async (queries) => {
        const once = async () => { const out = []; for (const q of queries) out.push(Array.from((await CivicSearch.search(q)).hits.all()).join()); return out; };
        const first = await once();
        await Promise.all(queries.map(q => CivicSearch.search(q)));      // overlapping queries
        for (let i = 0; i < 3; i++) await once();
        return [first, await once()]; }""", CORE_QUERIES)
    used = page.evaluate("CivicSearch.core()")
    context.close()
    assert used == "wasm" and first == later
    assert sum(1 for ranking in first if ranking) > 20


@pytest.mark.browser
def test_suggestions_are_words_or_long_pieces(archive_dir, browser):
    """A query that finds nothing suggests its longest pieces that occur: of three syllables or
    more, when all their bigrams are in one article; of two, only a word of the index (a bigram
    may span two words or the seam of a compound: "예산 심의" holds 산심)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto((archive_dir / "core.html").as_uri())
    found = page.evaluate("""async (queries) => { const out = [];
        for (const q of queries) out.push(await CivicSearch.suggest(q)); return out; }""",
                          ["산심사", "예산안", "도시철도망"])
    context.close()
    assert found == [[], ["예산"], ["도시철도"]]
