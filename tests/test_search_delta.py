"""The search index after an edit, file by file (search.update_index), is the index made from
scratch: the shards of the terms that moved, the edited documents' files and index.js; and it
declines (None) rather than guess when it would need what the files do not keep."""
from __future__ import annotations

import random
from dataclasses import replace

from civicnews import search
from civicnews.search import SearchDoc

SYLLABLES = "광주시인공지능산업예산심의의회행정사무감사도시철도교통복지센터"
TOPICS = [("ai", "인공지능", "topics/ai.html"), ("city", "도시", "topics/city.html")]


def _text(rng: random.Random, words: int) -> str:
    return " ".join("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(words))


def _doc(rng: random.Random, i: int) -> SearchDoc:
    body = _text(rng, rng.randint(20, 60)) + " 광주 공통어"          # a term in every document: bitmaps
    title = _text(rng, 3)
    return SearchDoc(url=f"articles/d{i:04d}.html", title=title, date=f"20{rng.randint(19, 25)}-01-01",
                     outlet="신문", text=body, topics=tuple(t for t, _, _ in TOPICS if rng.random() < 0.4),
                     title_terms=tuple(title.split()), body_terms=tuple(body.split()) + ("공통어",) * rng.randint(0, 9))


def _files(outputs) -> dict[str, bytes]:
    return {o.path: o.data for o in outputs}


def test_edits_update_the_index_file_by_file_to_the_index_from_scratch():
    rng = random.Random(4)
    docs = [_doc(rng, i) for i in range(300)]
    memory: dict = {}
    files = _files(search.build_index(docs, TOPICS, memory=memory))
    assert memory["histograms"], "no term in bitmap form: the test would miss them"
    updated = declined = 0
    for round_no in range(40):
        k = rng.randrange(len(docs))
        old = docs[k]
        fresh = _doc(rng, k)
        kind = round_no % 4
        if kind == 0:                                      # a new body
            new = replace(old, text=fresh.text, body_terms=fresh.body_terms)
        elif kind == 1:                                    # a sentence added
            new = replace(old, text=old.text + " 광주시의회 행정사무감사", body_terms=old.body_terms + ("의회",))
        elif kind == 2:                                    # a new title and topics
            new = replace(old, title=fresh.title, title_terms=fresh.title_terms, topics=fresh.topics)
        else:                                              # the common term counted differently
            new = replace(old, body_terms=tuple(t for t in old.body_terms if t != "공통어") + ("공통어",) * 12)
        docs[k] = new
        made = search.update_index(memory, {new.url: (old, new)}, TOPICS, files.get)
        expected = _files(search.build_index(docs, TOPICS))
        if made is None:
            declined += 1
            memory.clear()
            files = _files(search.build_index(docs, TOPICS, memory=memory))
            continue
        updated += 1
        differ = {path for path, data in expected.items() if files.get(path) != data}
        files.update(_files(made))
        assert files == expected, f"round {round_no}"
        # it makes every file that changed, and of the others only index.js, the edited
        # document's file and the shards of its terms (a class that moved within a bitmap's half)
        made_paths = {o.path for o in made}
        assert differ <= made_paths
        slot = memory["slot_of"][new.url]
        terms = set(search._doc_classes(old, slot, 512)) | set(search._doc_classes(new, slot, 512))
        shards = {f"search/shard-{search.term_hash(search.shard_key(t)) % memory['count']:0{memory['width']}d}.js"
                  for kind, t in terms if kind != "length"}
        assert made_paths - differ <= {"search/index.js", f"search/docs/{slot}.js"} | shards
    assert updated > 30, (updated, declined)


def test_an_added_document_or_a_changed_file_asks_for_the_whole_index():
    rng = random.Random(8)
    docs = [_doc(rng, i) for i in range(40)]
    memory: dict = {}
    files = _files(search.build_index(docs, TOPICS, memory=memory))
    added = _doc(rng, 99)
    assert search.update_index(memory, {added.url: (None, added)}, TOPICS, files.get) is None
    new = replace(docs[3], text=docs[3].text + " 새말", body_terms=docs[3].body_terms + ("새말",))
    assert search.update_index(memory, {new.url: (docs[3], new)}, TOPICS, lambda path: None) is None
    assert search.update_index(memory, {new.url: (docs[3], new)}, TOPICS[:1], files.get) is None


def test_the_median_of_a_histogram_is_numpys():
    import numpy as np
    rng = random.Random(1)
    for _ in range(300):
        histogram = [rng.choice((0, 0, 1, 2, 5)) for _ in range(search.CLASSES)]
        if not any(histogram):
            continue
        values = np.repeat(np.arange(search.CLASSES), histogram)
        assert search._histogram_median(histogram, lambda c: True) == int(np.median(values))
        low = values[values <= 3]
        if len(low):
            assert search._histogram_median(histogram, lambda c: c <= 3) == int(np.median(low))


def test_a_bitmaps_slots_are_read_back_in_order():
    """_bitmap_slots() reads what _bitmap() wrote: every slot it set, ascending, none else."""
    import numpy as np
    rng = random.Random(7)
    for slots in (1, 6, 7, 60, 10_000):
        for size in {0, 1, min(slots, 5), slots // 3, slots}:
            docs = sorted(rng.sample(range(slots), size))
            bits = search._bitmap(np.asarray(docs, dtype=np.int64), slots)
            assert search._bitmap_slots(bits) == docs, (slots, size)


def test_varints_looked_up_are_the_varints_worked_out():
    """The one- and two-digit varints come from a table: the same digits as working them out,
    on both sides of the table's end, and they decode back."""
    values = list(range(0, 1100)) + [32 ** 3 - 1, 32 ** 3, 10 ** 9]
    assert [search.varint(v) for v in values] == [search._varint(v) for v in values]
    assert search.decode_varints("".join(search.varint(v) for v in values)) == values
    postings = [(3, 2), (4, 0), (400, 5), (9_000, 1)]
    assert search.decode_postings(search.encode_postings(postings)) == postings
    assert search.decode_varints(search.encode_ids([0, 1, 1500])) == [0, 0, 1498]
