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
