"""korean.py: one analyser, sentences (glued periods), the on-disk cache of derived results."""
from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from civicnews import korean


def test_one_analyser_per_process():
    assert korean.analyser() is korean.analyser()
    import kiwipiepy
    assert kiwipiepy.__version__ in korean.version()
    assert f"analysis-{korean.ANALYSIS_VERSION}" in korean.version()


@pytest.mark.parametrize("text, expected", [
    ("사업에 속도를 내고 있다고 밝혔다.AI 산업이 핵심이다.", ["사업에 속도를 내고 있다고 밝혔다.", "AI 산업이 핵심이다."]),
    ("속도를 내고 있다는 평가다.13일 광주광역시에 따르면 사업이 확정됐다.",
     ["속도를 내고 있다는 평가다.", "13일 광주광역시에 따르면 사업이 확정됐다."]),
    ("개발 적용한다.광주시는 이를 통해 생산성을 높인다.", ["개발 적용한다.", "광주시는 이를 통해 생산성을 높인다."]),
])
def test_glued_periods_end_a_sentence(text, expected):
    assert korean.split_sentences(text) == expected


def test_quotes_and_numbers_do_not_split():
    text = '최 대표는 "적극적으로 협력하겠다."고 말했다. 매출이 2.5% 늘었다.'
    assert korean.split_sentences(text) == ['최 대표는 "적극적으로 협력하겠다."고 말했다.', "매출이 2.5% 늘었다."]


def test_sentence_spans_point_into_the_text():
    text = "광주시는 밝혔다.AI 산업이다.\n\n둘째 문단이다."
    sentences = korean.analyser().tokenize(text, split_sents=True)
    spans = korean.sentence_spans(sentences)
    assert [text[a:b] for a, b in spans] == ["광주시는 밝혔다.", "AI 산업이다.", "둘째 문단이다."]


def _nouns(text, sentences):
    return [t.form for sentence in sentences for t in sentence if t.tag in ("NNG", "NNP")]


def test_cache_analyses_each_text_once(tmp_path, monkeypatch):
    cache = korean.DiskCache(tmp_path, "test")
    texts = ["광주시는 인공지능 사업을 추진한다.", "강기정 광주광역시장이 밝혔다.", "광주시는 인공지능 사업을 추진한다."]
    first = korean.analyse_cached(texts, _nouns, cache)
    assert first[0] == first[2] and "광주시" in first[0]
    assert cache.misses == 2 and cache.hits == 0          # the repeated text is not looked up twice
    assert korean.DiskCache(tmp_path, "test").entries() == 2     # equal texts are stored once

    def no_kiwi():
        raise AssertionError("Kiwi must not run on a warm cache")
    monkeypatch.setattr(korean, "analyser", no_kiwi)
    again = korean.DiskCache(tmp_path, "test")
    assert korean.analyse_cached(texts, _nouns, again) == first
    assert again.hits == 3 and again.misses == 0


def test_cache_key_has_the_version_and_the_text(tmp_path):
    cache = korean.DiskCache(tmp_path, "test")
    assert cache.key("가") != cache.key("나")
    assert cache.key("가") != korean.DiskCache(tmp_path, "other").key("가")
    assert korean.version().split("/")[0].replace("-", "") in str(cache.folder).replace("-", "").replace("_", "")


def _entry(cache: korean.DiskCache) -> tuple[str, bytes]:
    db = sqlite3.connect(cache.path)
    try:
        (row,) = db.execute("SELECT key, data FROM entries").fetchall()
    finally:
        db.close()
    return row


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_corrupt_entries_are_recomputed(tmp_path, damage):
    cache = korean.DiskCache(tmp_path, "test")
    texts = ["보장구 수리비를 지원한다."]
    good = korean.analyse_cached(texts, _nouns, cache)
    cache.close()
    key, data = _entry(cache)
    damaged = {"truncate": data[:-7], "flip": data.replace("보".encode(), "바".encode()),
               "garbage": b"\x00\xff not json", "empty": b""}[damage]
    db = sqlite3.connect(cache.path)
    with db:
        db.execute("UPDATE entries SET data = ? WHERE key = ?", (damaged, key))
    db.close()
    again = korean.DiskCache(tmp_path, "test")
    assert korean.analyse_cached(texts, _nouns, again) == good
    assert again.misses == 1 and (again.corrupt == 1 or damage == "empty")
    again.close()
    checksum, _, payload = _entry(again)[1].partition(b"\n")      # written again whole
    assert json.loads(payload) == good[0]


def test_a_cache_file_that_is_no_database_is_set_aside_and_started_again(tmp_path):
    cache = korean.DiskCache(tmp_path, "test")
    texts = ["보장구 수리비를 지원한다.", "강기정 광주광역시장이 밝혔다."]
    good = korean.analyse_cached(texts, _nouns, cache)
    cache.close()
    cache.path.write_bytes(b"not a database " * 300)
    for suffix in ("-wal", "-shm"):
        Path(f"{cache.path}{suffix}").unlink(missing_ok=True)
    again = korean.DiskCache(tmp_path, "test")
    assert korean.analyse_cached(texts, _nouns, again) == good
    assert again.misses == 2 and again.entries() == 2
    assert Path(f"{cache.path}.damaged").read_bytes().startswith(b"not a database")


def test_a_cache_of_one_file_per_entry_is_moved_into_the_database(tmp_path, monkeypatch):
    """The layout before the SQLite file: ab/<rest of the key>.json, checksum line first."""
    cache = korean.DiskCache(tmp_path, "test")
    texts = ["보장구 수리비를 지원한다.", "강기정 광주광역시장이 밝혔다."]
    good = korean.analyse_cached(texts, _nouns, korean.DiskCache(None, "test"))
    for text, value in zip(texts, good):
        key = cache.key(text)
        payload = json.dumps(value, ensure_ascii=False).encode("utf-8")
        (cache.folder / key[:2]).mkdir(parents=True, exist_ok=True)
        (cache.folder / key[:2] / f"{key[2:]}.json").write_bytes(
            hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)

    def no_kiwi():
        raise AssertionError("Kiwi must not run: the entries are there")
    monkeypatch.setattr(korean, "analyser", no_kiwi)
    assert korean.analyse_cached(texts, _nouns, cache) == good
    assert cache.hits == 2 and cache.entries() == 2
    assert not list(cache.folder.rglob("*.json"))           # moved, not copied


@pytest.mark.parametrize("asked", [3, 200])
def test_present_names_the_keys_with_an_entry(tmp_path, asked):
    cache = korean.DiskCache(tmp_path, "test")
    for n in range(0, asked, 2):
        cache.put(f"k{n}", [n])
    cache.flush()
    cache.put("pending", [0])
    keys = [f"k{n}" for n in range(asked)] + ["pending", "never"]
    assert cache.present(keys) == {key for key in keys if cache.has(key)} == \
        {f"k{n}" for n in range(0, asked, 2)} | {"pending"}


def test_entries_are_written_in_batches_and_by_flush(tmp_path):
    cache = korean.DiskCache(tmp_path, "test")
    for n in range(korean.DiskCache.BATCH - 1):
        cache.put(f"k{n}", [n])
    other = korean.DiskCache(tmp_path, "test")
    assert other.entries() == 0 and cache.has("k3") and cache.get("k3") == [3]     # pending, seen here
    cache.put("last", [0])                                  # the batch is full: written at once
    assert other.entries() == korean.DiskCache.BATCH
    cache.put("more", [1])
    assert not other.has("more")
    cache.flush()
    assert other.has("more") and other.get("more") == [1]


def test_no_cache_folder_still_works():
    cache = korean.DiskCache(None, "test")
    assert korean.analyse_cached(["전동휠체어를 고친다."], _nouns, cache)[0]
    assert cache.hits == 0


def test_a_large_batch_is_analysed_by_forked_workers_with_the_same_results(tmp_path, monkeypatch):
    """Texts beyond FORK_MIN_CHARS go to one forked worker per core, in chunks; the values, their
    order, repeated texts and the cache entries the workers write are those of one process."""
    texts = [f"광주시는 {n}번째 인공지능 사업에 국비 {n}억원을 확보했다고 밝혔다." for n in range(12)]
    texts += [texts[3], "강기정 광주광역시장이 밝혔다.", texts[0]]
    alone = korean.analyse_cached(texts, _nouns, korean.DiskCache(None, "test"))
    monkeypatch.setattr(korean, "workers", lambda: 2)
    monkeypatch.setattr(korean, "FORK_MIN_CHARS", 1)
    monkeypatch.setattr(korean, "CHUNK_CHARS", 150)
    calls = []
    real = korean._forked_map

    def counting(function, items, *args):
        for chunk in real(function, items, *args):
            calls.append(len(chunk))
            yield chunk
    monkeypatch.setattr(korean, "_forked_map", counting)
    cache = korean.DiskCache(tmp_path, "test")
    assert korean.analyse_cached(texts, _nouns, cache) == alone
    assert len(calls) > 1 and sum(calls) == 13            # several chunks, each distinct text once
    assert cache.misses == 13 and cache.entries() == 13
    assert korean.analyse_cached(texts, _nouns, korean.DiskCache(tmp_path, "test")) == alone


def test_analyse_each_gives_values_one_at_a_time_in_order(tmp_path):
    texts = ["광주시는 밝혔다.", "보장구 수리비를 지원한다.", "광주시는 밝혔다."]
    each = korean.analyse_each(texts, _nouns, korean.DiskCache(tmp_path, "test"))
    assert next(each) == ["광주시"]
    second, third = list(each)
    assert "수리비" in second and third == ["광주시"]


def test_a_released_analyser_is_loaded_again_when_needed():
    first = korean.analyser()
    korean.release()
    assert korean._kiwi is None
    assert korean.split_sentences("광주시는 밝혔다.AI 산업이다.") == ["광주시는 밝혔다.", "AI 산업이다."]
    assert korean.analyser() is not first and korean.analyser() is korean.analyser()


def test_the_prepared_analyser_ends_with_its_parent_even_when_that_one_is_killed():
    """korean.prepare()'s helper (some 300 MB) must not outlive a serve or build process that is
    killed: it holds only its own end of their connection, which then ends."""
    import os
    import signal
    import subprocess
    import sys
    import time
    script = ("import sys, time; sys.path.insert(0, sys.argv[1]); from civicnews import korean; korean.prepare(); "
              "print(korean._helper[0].pid, flush=True); time.sleep(120)")
    parent = subprocess.Popen([sys.executable, "-c", script, str(Path(__file__).resolve().parent.parent)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    helper = None
    try:
        helper = int(parent.stdout.readline())
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _alive(helper):
            time.sleep(0.2)
        assert not _alive(helper), "the helper outlived its killed parent"
    finally:
        parent.kill()
        parent.stdout.close()
        if helper is not None and _alive(helper):
            os.kill(helper, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"       # a zombie has ended
    except OSError:
        return False


def test_the_cache_version_is_read_without_importing_kiwi():
    """A rebuild's main process names the cache folder but leaves Kiwi to its helper: the
    version comes from kiwipiepy's installed metadata, the same as the module's own."""
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    found = subprocess.run([sys.executable, "-c", "import sys; from civicnews import korean; "
                            "print(korean.version()); print('kiwipiepy' in sys.modules)"],
                           cwd=root, capture_output=True, text=True, timeout=60)
    assert found.returncode == 0, found.stderr
    named, imported = found.stdout.split()
    import kiwipiepy
    assert named == f"kiwipiepy-{kiwipiepy.__version__}/analysis-{korean.ANALYSIS_VERSION}"
    assert imported == "False"
