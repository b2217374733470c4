"""Rebuilds after random edits give the bytes of a cold build, while running only the render
jobs the edits reach (affected.py): the seed archive plus generated articles, edited round
after round (a body sentence, a title, a date, an outlet, pinned keywords and topics, an
article removed, a near copy added), each rebuild compared with a build from scratch."""
from __future__ import annotations

import importlib.util
import os
import random
import re
import shutil
import sys
from pathlib import Path

import pytest
from test_pipeline import seed_content, tree_digest  # noqa: F401  (module fixture)

from civicnews import buildstate, pipeline

ROOT = Path(__file__).resolve().parent.parent
FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def _make_corpus():
    spec = importlib.util.spec_from_file_location("bench_make_corpus_r", ROOT / "benchmarks" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return module


@pytest.fixture(scope="module")
def archive(seed_content, tmp_path_factory):  # noqa: F811
    root = tmp_path_factory.mktemp("random-rebuilds")
    make_corpus = _make_corpus()
    make_corpus.generate(36, "civic", root / "generated")
    content = root / "content"
    shutil.copytree(seed_content, content)
    pipeline.clean(content)
    for path in sorted((root / "generated" / "content" / "articles").glob("*.md")):
        shutil.copy(path, content / "articles" / f"gen-{path.name}")
    pipeline.build(content, root / "site", root / "cache")
    return content, root / "site", root / "cache"


def _split(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    match = FRONT.match(text)
    return match.group(1), text[match.end():]


def _write(path: Path, front: str, body: str) -> None:
    path.write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")


def _set(front: str, key: str, value: str) -> str:
    line = re.compile(rf"^{key}:.*(?:\n[ -].*)*$", re.M)
    return line.sub(f"{key}: {value}", front, count=1) if line.search(front) else front + f"\n{key}: {value}"


def _edit(rng: random.Random, content: Path, round_no: int) -> str:
    files = sorted((content / "articles").glob("*.md"))
    path = rng.choice(files)
    front, body = _split(path)
    kind = ["sentence", "sentence", "title", "date", "outlet", "pins", "remove", "copy"][round_no % 8]
    if kind == "sentence":
        body = re.sub(r"^(.+?[.?!])", f"광주시는 인공지능 사업비로 국비 {60 + round_no}억원을 더 확보했다고 "
                                      f"{round_no + 1}일 밝혔다(수정 {round_no}회).", body.lstrip(), count=1)
    elif kind == "title":
        front = _set(front, "title", f"'고친 제목 {round_no}: 광주 인공지능 중심도시'")
    elif kind == "date":
        front = _set(front, "date", f"'20{rng.randint(19, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}'")
    elif kind == "outlet":
        front = _set(front, "outlet", "고친신문")
    elif kind == "pins":
        front = _set(front, "keywords", "[인공지능, 광주]")
        front = _set(front, "topics", "[ai-industry]")
    elif kind == "remove":
        path.unlink()
        return f"{kind} {path.name}"
    elif kind == "copy":
        path = content / "articles" / f"copy-{round_no}.md"
        front = re.sub(r"^slug:.*\n?", "", front, flags=re.M)
        front = _set(front, "title", f"'다른 신문이 실은 같은 기사 {round_no}'")
        front = _set(front, "outlet", "다른신문")
    _write(path, front, body)
    return f"{kind} {path.name}"


def test_random_edits_rebuild_to_the_bytes_of_a_cold_build(archive, tmp_path):
    content, site, cache = archive
    rng = random.Random(int(os.environ.get("REBUILD_SEED", "17")))
    planned = []
    for round_no in range(16):
        what = _edit(rng, content, round_no)
        summary = pipeline.build(content, site, cache)
        cold_cache = tmp_path / f"cold-cache-{round_no}"
        cold_cache.mkdir()
        (cold_cache / "korean").symlink_to(cache / "korean")          # Kiwi's results, not the build state
        cold = tmp_path / f"cold-{round_no}"
        pipeline.build(content, cold, cold_cache)
        assert tree_digest(site) == tree_digest(cold), f"round {round_no}: {what}"
        planned.append((what, summary.timings["jobs_run"], summary.timings["jobs"]))
        shutil.rmtree(cold)
    # an edited sentence or title reaches a few jobs, not all of them
    for what, run, total in planned:
        if what.startswith(("sentence", "title")):
            assert run < total / 3, planned


def test_a_process_keeping_its_state_in_memory_rebuilds_to_the_bytes_of_a_cold_build(archive, tmp_path,
                                                                                      monkeypatch):
    """serve's way: each build takes the state the last one kept in memory (not read back from
    the cache), unless another build wrote the cache's state since."""
    content, site, cache = archive
    reads = []
    load = buildstate.load
    monkeypatch.setattr(buildstate, "load", lambda where: reads.append(where) or load(where))
    memory = pipeline.Memory()
    rng = random.Random(int(os.environ.get("REBUILD_SEED", "17")) + 1)
    for round_no in range(10):
        what = _edit(rng, content, 100 + round_no)
        if round_no == 5:                   # another process builds: its state is the one to read
            pipeline.build(content, site, cache)
            what += " + " + _edit(rng, content, 200 + round_no)
        pipeline.build(content, site, cache, memory=memory)
        cold_cache = tmp_path / f"cold-cache-{round_no}"
        cold_cache.mkdir()
        (cold_cache / "korean").symlink_to(cache / "korean")
        cold = tmp_path / f"cold-{round_no}"
        pipeline.build(content, cold, cold_cache)
        assert tree_digest(site) == tree_digest(cold), f"round {round_no}: {what}"
        shutil.rmtree(cold)
    reads = [where for where in reads if where == cache]
    assert len(reads) == 3, reads          # the first build, and the two after the other process's


def test_a_page_a_rebuild_adds_is_kept_by_the_next_rebuild(archive, tmp_path):
    """Thirteen articles of one new month make that month a page of its own (a year page shows
    12 a month); the next rebuild, which does not run that year's job, keeps the page too."""
    content, site, cache = archive
    source = sorted((content / "articles").glob("gen-*.md"))[0]
    front, body = _split(source)
    for k in range(13):
        copy = re.sub(r"^slug:.*\n?", "", front, flags=re.M)
        copy = _set(copy, "date", f"'2017-04-{k + 1:02d}'")
        copy = _set(copy, "title", f"'사월의 기사 {k}'")
        _write(content / "articles" / f"april-{k:02d}.md", copy, body)
    pipeline.build(content, site, cache)
    assert (site / "timeline" / "2017" / "04.html").is_file()
    other = sorted((content / "articles").glob("gen-*.md"))[-1]
    front, body = _split(other)
    _write(other, _set(front, "title", "'다른 해의 고친 제목'"), body)
    summary = pipeline.build(content, site, cache)
    assert summary.timings["jobs_run"] < summary.timings["jobs"] / 3
    cold = tmp_path / "cold"
    pipeline.build(content, cold, tmp_path / "cold-cache")
    assert tree_digest(site) == tree_digest(cold)
