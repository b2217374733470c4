"""output.py and check.py: atomic writes, kept mtimes, the deterministic archive, link checking."""
from __future__ import annotations

import io
import os
import pathlib
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SITE_FIXTURE, fixture_site, site_outputs

from civicnews import check, output
from civicnews.models import Output


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_write_site_swaps_in_a_new_folder_and_removes_stale_files(tmp_path):
    out = tmp_path / "site"
    assert output.write_site([Output("index.html", b"one"), Output("old/page.html", b"x")], out) == 2
    assert output.write_site([Output("index.html", b"two"), Output("a/b.html", b"y")], out) == 2
    assert tree(out) == {"index.html": b"two", "a/b.html": b"y"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]          # no temporary folder left


def test_unchanged_files_keep_their_mtime(tmp_path):
    out = tmp_path / "site"
    output.write_site([Output("index.html", b"home"), Output("a.html", b"a")], out)
    os.utime(out / "a.html", ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    written = output.write_site([Output("index.html", b"new home"), Output("a.html", b"a")], out)
    assert written == 1
    assert (out / "a.html").stat().st_mtime_ns == 1_000_000_000_000_000_000
    assert (out / "index.html").read_bytes() == b"new home"


def test_a_failing_build_leaves_the_previous_site(tmp_path, monkeypatch):
    out = tmp_path / "site"
    outputs = site_outputs(fixture_site(), with_search=False)
    output.write_site(outputs, out)
    before = tree(out)
    calls = {"n": 0}
    real = pathlib.Path.write_bytes

    def failing(self, data):
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", failing)
    changed = [Output(o.path, o.data + b"\n<!-- changed -->") if o.path.endswith(".html") else o for o in outputs]
    with pytest.raises(OSError):
        output.write_site(changed, out)
    assert calls["n"] == 5
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_killed_build_leaves_the_previous_site(tmp_path):
    out = tmp_path / "site"
    output.write_site([Output("index.html", b"previous")], out)
    script = (f"import sys, os; sys.path.insert(0, {str(ROOT)!r}); from pathlib import Path\n"
              "from civicnews import output\nfrom civicnews.models import Output\n"
              "real = Path.write_bytes\n"
              "def dying(self, data):\n    if self.name == 'x50.html': os._exit(9)\n    return real(self, data)\n"
              "Path.write_bytes = dying\n"
              f"output.write_site([Output(f'x{{i:02d}}.html', b'new') for i in range(99)], Path({str(out)!r}))\n")
    assert subprocess.run([sys.executable, "-c", script]).returncode == 9
    assert tree(out) == {"index.html": b"previous"}


def test_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(output.OutputError):
        output.write_site([Output("index.html", b"x")], tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_archive_is_deterministic_and_its_size_is_on_every_page(tmp_path):
    site = fixture_site()
    first, second = site_outputs(site, with_search=False), site_outputs(site, with_search=False)
    zips = [o for o in first if o.path.endswith(".zip")]
    assert [o.path for o in zips] == ["archive-20240520.zip"]
    assert zips[0].data == [o for o in second if o.path.endswith(".zip")][0].data
    label = f"(ZIP, {output.size_text(len(zips[0].data))})".encode()
    pages = [o for o in first if o.path.endswith(".html")]
    assert pages and all(label in o.data and b"\xe2\x81\xa3" not in o.data for o in pages)
    with zipfile.ZipFile(io.BytesIO(zips[0].data)) as archive:
        names = archive.namelist()
        assert names == sorted(names) and "archive-20240520/index.html" in names
        assert all(info.date_time == output.ZIP_TIME for info in archive.infolist())
        # the pages inside are the site's pages, but where those link the zip they say they are it
        inside = archive.read("archive-20240520/index.html").decode("utf-8")
        online = next(o.data for o in first if o.path == "index.html").decode("utf-8")
        assert "이 폴더가 내려받은 전체 기사 아카이브입니다" in inside and ".zip" not in inside
        assert online.split('<p class="download-line">')[0] == inside.split('<p class="download-line">')[0]
        assert not any(n.endswith(".zip") for n in names)


def test_size_text():
    assert output.size_text(999) == "1 KB"
    assert output.size_text(5_432) == "5.4 KB"
    assert output.size_text(312_345) == "310 KB"
    assert output.size_text(315_000) == "320 KB"
    assert output.size_text(850_001) == "850 KB"
    assert output.size_text(995_000) == "1.0 MB"
    assert output.size_text(9_960_000) == "10 MB"
    assert output.size_text(12_340_000) == "12 MB"
    assert output.size_text(141_800_000) == "140 MB"
    assert output.size_text(1_450_000_000) == "1.5 GB"


def test_two_builds_in_separate_processes_are_byte_identical(tmp_path):
    script = ("import sys; sys.path.insert(0, 'tests'); from conftest import fixture_site, site_outputs\n"
              "from civicnews import output; from pathlib import Path\n"
              "output.write_site(site_outputs(fixture_site('https://o.example/repo/')), Path(sys.argv[1]))\n")
    for n, seed in ((1, "1"), (2, "2")):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-c", script, str(tmp_path / f"s{n}")], cwd=ROOT, env=env, check=True)
    assert tree(tmp_path / "s1") == tree(tmp_path / "s2")


# ---------------------------------------------------------------- check

def test_built_fixture_site_has_no_broken_links(built_site):
    assert check.link_problems(built_site) == []


def test_link_check_finds_each_kind_of_bad_link(tmp_path):
    (tmp_path / "topics").mkdir()
    (tmp_path / "topics" / "a.html").write_text('<p id="here">a</p>')
    (tmp_path / "index.html").write_text(
        '<a href="topics/a.html#here">ok</a>\n<a href="topics/a.html">ok</a>\n<a href="https://x.example/">ok</a>\n'
        '<a href="/topics/a.html">root</a>\n<a href="topics/">folder</a>\n<a href="topics">folder2</a>\n'
        '<a href="missing.html">missing</a>\n<a href="topics/a.html#nowhere">anchor</a>\n'
        '<a href="../outside.html">outside</a>\n<script src="https://cdn.example/x.js"></script>\n'
        '<link rel="stylesheet" href="https://fonts.example/f.css">\n<a href="javascript:alert(1)">js</a>\n')
    problems = check.link_problems(tmp_path)
    assert [p.line for p in problems] == [4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert "starts with '/'" in problems[0].message and "folder" in problems[1].message
    assert "another host" in problems[6].message


def test_run_check_passes_on_a_good_archive_and_fails_on_a_broken_one(tmp_path, built_site, capsys):
    content = tmp_path / "content"
    shutil.copytree(SITE_FIXTURE / "content", content)
    assert check.run_check(content, built_site, tmp_path / "cache") == 0
    (content / "articles" / "broken.md").write_text("---\ntitle: [unclosed\n---\n본문\n", encoding="utf-8")
    dup = (content / "articles" / "2024-05-20-council.md").read_text(encoding="utf-8")
    (content / "articles" / "copy.md").write_text(dup, encoding="utf-8")
    assert check.run_check(content, built_site, tmp_path / "cache") == 1
    err = capsys.readouterr().err
    assert "broken.md:2" in err and "2024-05-20-council" in err
    assert check.run_check(content, tmp_path / "nothing", tmp_path / "cache") == 1


def test_many_files_are_written_by_threads_and_a_failure_still_leaves_the_previous_site(tmp_path, monkeypatch):
    monkeypatch.setattr(output, "PARALLEL_WRITES", 10)
    out = tmp_path / "site"
    outputs = [Output("index.html", b"home")] + [Output(f"p/{k:03d}.html", f"page {k}".encode()) for k in range(300)]
    assert output.write_site(outputs, out) == 301
    assert all((out / o.path).read_bytes() == o.data for o in outputs)
    before = tree(out)
    real = pathlib.Path.write_bytes

    def failing(self, data):
        if self.name == "150.html":
            raise OSError(28, "No space left on device")
        return real(self, data)
    monkeypatch.setattr(pathlib.Path, "write_bytes", failing)
    with pytest.raises(OSError):
        output.write_site([Output(o.path, o.data + b"!") for o in outputs], out)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_kept_file_is_the_output_its_constructor_makes():
    from civicnews.models import Output

    def load():
        return b"<p>kept</p>"
    made, quick = Output("a.html", load=load, kept=True, known=(b"d", 11), marked=True), \
        Output.kept_file("a.html", load, (b"d", 11), True)
    assert {s: getattr(quick, s) for s in Output.__slots__} == {s: getattr(made, s) for s in Output.__slots__}
    assert quick.data == made.data == b"<p>kept</p>" and quick.loaded and quick.size == 11
