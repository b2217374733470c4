"""The commands' fast path: nothing changed -> nothing done; any change -> the normal path."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_pipeline import seed_content, tree_digest  # noqa: F401  (module fixture)

from civicnews import cli

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture()
def built(seed_content, tmp_path):  # noqa: F811
    content, out, cache = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    shutil.copytree(seed_content, content)
    assert cli.main(["--content", str(content), "--out", str(out), "--cache", str(cache), "-q"]) == 0
    return content, out, cache


def _run(capsys, *args) -> tuple[int, str, str]:
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _stamps(out: Path) -> dict:
    return {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in out.rglob("*") if p.is_file()}


def test_nothing_changed_means_nothing_done(built, capsys):
    content, out, cache = built
    before = _stamps(out)
    status, printed, _ = _run(capsys, "build", "--content", str(content), "--out", str(out), "--cache", str(cache))
    assert status == 0
    assert "0 files written (site up to date: nothing changed)" in printed
    assert "8 articles" in printed
    assert _stamps(out) == before
    status, printed, _ = _run(capsys, "clean", "--content", str(content), "--cache", str(cache))
    assert status == 0
    assert "0 written, 8 unchanged" in printed


def test_an_edited_article_is_built_again(built, capsys, tmp_path):
    content, out, cache = built
    target = sorted((content / "articles").glob("*.md"))[2]
    text = target.read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n")
    target.write_text(head + "\n---\n" + body.replace("다.", "다. 시는 수정된 문장을 더했다.", 1), encoding="utf-8")
    status, printed, _ = _run(capsys, "build", "--content", str(content), "--out", str(out), "--cache", str(cache))
    assert status == 0 and "up to date" not in printed
    assert "수정된 문장을 더했다" in (out / "articles" / f"{target.stem}.html").read_text(encoding="utf-8")
    cli.main(["build", "--content", str(content), "--out", str(tmp_path / "cold"), "--cache", str(tmp_path / "c2"),
              "-q"])
    capsys.readouterr()
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_an_output_file_deleted_or_touched_is_written_again(built, capsys):
    content, out, cache = built
    page = out / "about.html"
    original = page.read_bytes()
    page.unlink()
    _run(capsys, "build", "--content", str(content), "--out", str(out), "--cache", str(cache))
    assert page.read_bytes() == original
    page.write_bytes(b"defaced")
    status, printed, _ = _run(capsys, "build", "--content", str(content), "--out", str(out), "--cache", str(cache))
    assert "up to date" not in printed
    assert page.read_bytes() == original


def test_another_base_url_is_built_again(built, capsys):
    content, out, cache = built
    _run(capsys, "build", "--content", str(content), "--out", str(out), "--cache", str(cache),
         "--base-url", "https://example.org/archive/")
    assert "https://example.org/archive/about.html" in (out / "about.html").read_text(encoding="utf-8")


def test_problems_are_reported_again_when_nothing_changed(built, capsys):
    content, out, cache = built
    shutil.copyfile(FIXTURES / "invalid" / "missing_title.md", content / "articles" / "missing_title.md")
    args = ("build", "--content", str(content), "--out", str(out), "--cache", str(cache), "--strict")
    first = _run(capsys, *args)
    second = _run(capsys, *args)
    assert first[0] == second[0] == 1
    assert "missing_title.md" in first[2] and "missing_title.md" in second[2]
    assert "up to date" in second[1] and "1 skipped with errors" in second[1]


def test_new_raw_file_or_deleted_article_is_cleaned_again(built, capsys):
    content, out, cache = built
    articles = sorted((content / "articles").glob("*.md"))
    articles[0].unlink()
    status, printed, _ = _run(capsys, "clean", "--content", str(content), "--cache", str(cache))
    assert articles[0].exists()
    assert "1 written" in printed


def test_a_raw_file_clean_skipped_fails_a_strict_build(built, capsys):
    content, out, cache = built
    (content / "raw" / "scan.txt").write_bytes(b"\x00\x01\x02\x89PNG binary")
    status, printed, _ = _run(capsys, "clean", "--content", str(content), "--cache", str(cache), "--strict")
    assert status == 1 and "skipped raw/scan.txt: binary file" in printed
    args = ("build", "--content", str(content), "--out", str(out), "--cache", str(cache))
    status, printed, errors = _run(capsys, *args, "--strict")
    assert status == 1 and "1 skipped with errors" in printed
    assert f"{content.as_posix()}/raw/scan.txt: error: skipped by clean: binary file" in errors
    assert _run(capsys, *args)[0] == 0                   # without --strict the site is still built
    (content / "raw" / "scan.txt").unlink()
    _run(capsys, "clean", "--content", str(content), "--cache", str(cache))
    assert _run(capsys, *args, "--strict")[0] == 0


def test_the_stamp_is_read_once_the_last_builds_saving_is_done(built):
    """A build that ends with its process leaves the state's saving, and then its up-to-date
    stamp, to a forked process holding the state's lock: the next command reads the stamp only
    once that process let go of the lock, so it never takes a stamp the process is about to
    replace (nor a half-saved state)."""
    import fcntl
    import os
    import threading
    import time

    from civicnews import buildstate, uptodate

    _, _, cache = built
    lock = os.open(cache / buildstate.LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    found: list = []
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)            # as _write_detached's process holds it
        reader = threading.Thread(target=lambda: found.append(uptodate.recorded_inputs(cache, "build")))
        reader.start()
        time.sleep(0.3)
        assert reader.is_alive() and not found      # waiting for the saving process
        # that process writes the stamp last, while it holds the lock (and does not wait for it)
        uptodate.record(cache, "build", "key-of-the-new-site", {"articles": 8, "pages": 0, "problems": []},
                        "inputs-of-the-new-site")
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        os.close(lock)
    reader.join(timeout=10)
    assert found == ["inputs-of-the-new-site"]


def test_a_build_hands_its_summary_to_saved_once(seed_content, tmp_path):  # noqa: F811
    from civicnews import pipeline

    content = tmp_path / "content"
    shutil.copytree(seed_content, content)
    assert cli.main(["clean", "--content", str(content), "-q"]) == 0
    calls = []
    summary = pipeline.build(content, tmp_path / "site", tmp_path / "cache", saved=calls.append)
    assert len(calls) == 1
    assert calls[0].site_files is summary.site_files and calls[0].to_dict() == summary.to_dict()
    assert summary.seconds > 0 and calls[0].seconds == 0      # handed over before the end was timed
