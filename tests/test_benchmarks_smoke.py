"""The benchmark script runs end to end (tiny corpus, our build only, one round).

Speed is measured by benchmarks/run.py, never here: these tests only prove the harness works.
"""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module               # dataclasses look their module up there
    sys.path.insert(0, str(BENCH))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH))
    return module


@pytest.fixture(scope="module")
def corpus_tools():
    make_corpus = _load("make_corpus")
    pool, stats = make_corpus.build_pool()
    return make_corpus, pool, stats


def test_corpus_is_deterministic_prefix_stable_and_valid(tmp_path, corpus_tools):
    from civicnews.articles import load_articles

    make_corpus, pool, stats = corpus_tools
    small = make_corpus.generate(5, "civic", tmp_path / "a", pool=pool, pool_stats=stats)
    make_corpus.generate(8, "civic", tmp_path / "b", pool=pool, pool_stats=stats)
    make_corpus.generate(5, "civic", tmp_path / "c", pool=pool, pool_stats=stats)
    a = sorted((tmp_path / "a/content/articles").glob("*.md"))
    assert [p.name for p in a] == [f"{i:05d}.md" for i in range(1, 6)]
    for path in a:
        text = path.read_bytes()
        assert text == (tmp_path / "b/content/articles" / path.name).read_bytes()   # prefix-stable
        assert text == (tmp_path / "c/content/articles" / path.name).read_bytes()   # deterministic
    assert small["n"] == 5 and small["body_chars_total"] > 5 * 1000
    for name in ("site.yaml", "topics.yaml", "storylines.yaml"):
        assert (tmp_path / "a/content" / name).is_file()
    articles, problems = load_articles(tmp_path / "a/content")
    assert len(articles) == 5
    assert [str(p) for p in problems] == []


def test_launcher_reports_the_childs_memory_not_ours():
    run = _load("run")
    ballast = bytearray(300 * 1024 * 1024)          # this process is now > 300 MB
    ballast[::4096] = b"x" * len(ballast[::4096])
    measured = run.measure([sys.executable, "-c", "x = bytearray(80 * 1024 * 1024); x[::4096] = b'y' * len(x[::4096])"],
                           Path(run.tempfile.mkdtemp()) / "child.log")
    del ballast
    assert measured.ok
    assert 80 <= measured.peak_mb < 200
    assert 0 < measured.seconds < 30


@pytest.mark.slow
def test_smoke_run_of_our_build(tmp_path):
    results = tmp_path / "results.md"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--sizes", "20", "--runs", "1", "--skip-peers", "--skip-limit",
         "--skip-search", "--workdir", str(tmp_path / "work"), "--results", str(results)],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = results.read_text(encoding="utf-8")
    assert text.strip() == proc.stdout.strip()
    assert results.with_suffix(".json").is_file()
    for label in ("cold build", "warm rebuild", "one article edited"):
        row = next(line for line in text.splitlines() if label in line and line.startswith("| ours"))
        seconds = row.split("|")[2].strip()
        assert re.fullmatch(r"\d+\.\d+", seconds), row
    assert "### N = 20" in text and "| cold / Pelican cold | – |" in text


def test_timeline_names_each_stage_of_a_build_and_a_rebuild(tmp_path):
    """benchmarks/timeline.py times a cold build and a rebuild after an edit, stage by stage."""
    import json
    import shutil

    from civicnews import korean

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("raw"))
    command = [sys.executable, str(BENCH / "timeline.py"), "--content", str(content), "--out", str(tmp_path / "site"),
               "--cache", str(tmp_path / "cache"), "--json"]
    runs = []
    for extra in ([], ["--edit", "1"]):
        proc = subprocess.run(command + extra, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr[-3000:]
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    cold, edit = runs
    for found in runs:
        assert found["status"] == 0 and found["wall_s"] > 0
        for row in found["rows"]:
            assert 0 <= row["from_s"] <= row["to_s"] <= found["wall_s"] + 0.05, row
    stages = {row["stage"] for row in cold["rows"]}
    for stage in ("pipeline.gather", "analysis.analyse", "indexes.build_indexes", "render.render_site",
                  "output.write_site_incremental"):
        assert stage in stages
    edited = {row["stage"] for row in edit["rows"]}
    assert "pipeline._Previous.prepare" in edited           # a rebuild: the last build's files prepared
    # the analyser's helper loads beside the state on a machine with two cores or more
    assert any(s.startswith("helper:") for s in edited) == (korean.workers() >= 2)
    assert (tmp_path / "site" / "index.html").is_file()


def test_timeline_refuses_a_stage_the_code_no_longer_has():
    timeline = _load("timeline")
    from civicnews import uptodate
    timeline.STAGES = ((uptodate, "no_such_stage"),)
    with pytest.raises(AttributeError):
        timeline.instrument(timeline.Timeline())
