"""Incremental builds: a rebuild with the build state gives the bytes of a cold build, and only
what changed is analysed, rendered and written."""
from __future__ import annotations

import hashlib
import os
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from test_pipeline import seed_content, tree_digest  # noqa: F401  (module fixture)

from civicnews import buildstate, cli, output, pipeline
from civicnews.models import Output


@pytest.fixture(scope="module")
def warm(seed_content, tmp_path_factory):  # noqa: F811
    root = tmp_path_factory.mktemp("incremental")
    content = root / "content"
    shutil.copytree(seed_content, content)
    assert cli.main(["--content", str(content), "--out", str(root / "site"), "--cache", str(root / "cache"), "-q"]) == 0
    return content, root / "site", root / "cache"


def _build(content: Path, out: Path, cache: Path) -> pipeline.BuildSummary:
    return pipeline.build(content, out, cache)


def _copy_of(warm, tmp_path: Path) -> tuple[Path, Path, Path]:
    """A copy of the warm build's content, site and state, built once so the state is its own."""
    content, out, cache = warm
    edited = tmp_path / "content"
    shutil.copytree(content, edited)
    site, state = tmp_path / "site", tmp_path / "cache"
    shutil.copytree(out, site)
    shutil.copytree(cache, state)
    _build(edited, site, state)                      # the copied state belongs to another folder
    return edited, site, state


def test_a_warm_build_renders_and_writes_nothing(warm):
    content, out, cache = warm
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    summary = _build(content, out, cache)
    assert summary.files_written == 0
    assert summary.timings["pages_rendered"] == 0
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before


def test_editing_one_article_gives_the_bytes_of_a_cold_build(warm, tmp_path):
    edited, site, state = _copy_of(warm, tmp_path)
    target = sorted((edited / "articles").glob("*.md"))[3]
    text = target.read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n")
    target.write_text(head + "\n---\n" + body.replace("다.", "다. 광주시는 국비 62억원을 더 확보했다고 1일 밝혔다.", 1),
                      encoding="utf-8")
    summary = _build(edited, site, state)
    pages = sum(1 for p in site.rglob("*.html"))
    assert 0 < summary.timings["pages_rendered"] < pages
    assert 0 < summary.files_written
    cold = tmp_path / "cold"
    _build(edited, cold, tmp_path / "empty-cache")
    assert tree_digest(site) == tree_digest(cold)
    slug = target.stem
    assert "62억원을 더 확보했다고" in (site / "articles" / f"{slug}.html").read_text(encoding="utf-8")


def test_the_new_zip_replaces_the_old_and_nothing_is_left_beside_the_site(warm, tmp_path):
    """The old zip's blocks are freed on a thread (output._remove_later); the build waits for it."""
    edited, site, state = _copy_of(warm, tmp_path)
    zipped = next(site.glob("archive-*.zip"))
    old_inode = zipped.stat().st_ino
    target = sorted((edited / "articles").glob("*.md"))[2]
    target.write_text(target.read_text(encoding="utf-8").replace("다.", "다. 새 문장을 더했다.", 1), encoding="utf-8")
    _build(edited, site, state)
    assert zipped.stat().st_ino != old_inode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "content", "site"]   # no temporary folder
    with zipfile.ZipFile(zipped) as archive:
        assert archive.testzip() is None
        assert any("새 문장을 더했다".encode() in archive.read(name) for name in archive.namelist()
                   if name.endswith(f"articles/{target.stem}.html"))


def test_a_retitled_article_reaches_the_pages_of_its_siblings_and_the_report(warm, tmp_path):
    # an article page lists the other articles cut from its raw page, the about page every
    # article of every raw file: both show the title of an article that is not their own
    edited, site, state = _copy_of(warm, tmp_path)
    printed = sorted(p for p in (edited / "articles").glob("*.md") if "raw/000_" in p.read_text(encoding="utf-8"))
    target, sibling = printed[0], printed[1]
    text = target.read_text(encoding="utf-8")
    title = next(line for line in text.split("\n") if line.startswith("title:"))
    target.write_text(text.replace(title, "title: 고친 제목 수정본", 1), encoding="utf-8")
    _build(edited, site, state)
    assert "고친 제목 수정본" in (site / "articles" / f"{sibling.stem}.html").read_text(encoding="utf-8")
    assert "고친 제목 수정본" in (site / "about.html").read_text(encoding="utf-8")
    cold = tmp_path / "cold"
    _build(edited, cold, tmp_path / "empty-cache")
    assert tree_digest(site) == tree_digest(cold)


def test_the_manifest_holds_the_digest_of_every_file_as_written(warm):
    """A first build takes its manifest's digests from those it made of the pages, but for the
    pages the archive's size was written into after (and the zip, made of pieces)."""
    content, out, cache = warm
    manifest = buildstate.load(cache)["manifest"]
    assert set(manifest) == {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    sized = 0
    for path, (size, _, _, digest) in manifest.items():
        data = (out / path).read_bytes()
        sized += output.ARCHIVE_SIZE_PLACEHOLDER.encode("utf-8") not in data and b"(ZIP, " in data
        if not path.endswith(".zip"):
            assert (size, digest) == (len(data), hashlib.sha256(data).hexdigest()), path
    assert sized > 100                          # the pages that print the archive's size are among them


def test_a_new_archive_size_reaches_every_reused_page(warm, tmp_path):
    """Pages that are not rendered again still print the zip's new size."""
    content, out, cache = warm
    edited, site, state = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    shutil.copytree(content, edited)
    _build(edited, site, state)
    before = output.size_text((site / next(p.name for p in site.glob("archive-*.zip"))).stat().st_size)
    target = sorted((edited / "articles").glob("*.md"))[0]
    extra = "".join(f"\n\n광주시는 {n}번째 시민 제안을 검토해 {n * 7}억원을 배정했다고 밝혔다." for n in range(400))
    target.write_text(target.read_text(encoding="utf-8") + extra, encoding="utf-8")
    _build(edited, site, state)
    after = output.size_text((site / next(p.name for p in site.glob("archive-*.zip"))).stat().st_size)
    assert after != before
    assert f"(ZIP, {after})" in (site / "about.html").read_text(encoding="utf-8")
    _build(edited, tmp_path / "cold", tmp_path / "empty-cache")
    assert tree_digest(site) == tree_digest(tmp_path / "cold")


def _counting_reads(monkeypatch) -> list[str]:
    """The pages a build reads back from the last build's site (reading one is what a page
    kept unchanged should not cost)."""
    reads: list[str] = []
    page = pipeline._Previous.page

    def counted(self, path):
        reads.append(path)
        return page(self, path)
    monkeypatch.setattr(pipeline._Previous, "page", counted)
    return reads


def test_an_edit_reads_back_only_the_kept_pages_it_writes_again(warm, tmp_path, monkeypatch):
    """A page kept from the last build is not read for the offline manifest, the zip (its entry
    is copied) or the writer; only when it is written again (the zip's size changed)."""
    edited, site, state = _copy_of(warm, tmp_path)
    target = sorted((edited / "articles").glob("*.md"))[2]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("다.", "다. 광주시는 시민 의견을 더 듣겠다고 밝혔다.", 1), encoding="utf-8")
    reads = _counting_reads(monkeypatch)
    summary = _build(edited, site, state)
    assert 0 < summary.timings["pages_rendered"] and summary.files_written > 0
    assert len(reads) <= summary.files_written
    cold = tmp_path / "cold"
    _build(edited, cold, tmp_path / "empty-cache")
    assert tree_digest(site) == tree_digest(cold)
    # nothing changed: nothing is read back at all
    reads.clear()
    assert _build(edited, site, state).files_written == 0 and reads == []


def test_a_state_without_digests_still_gives_the_bytes_of_a_cold_build(warm, tmp_path):
    """A state of a build that recorded no digests (an older version): kept pages are read."""
    edited, site, state = _copy_of(warm, tmp_path)
    saved = buildstate.load(state)
    saved.pop("digests")
    buildstate.save(state, saved)
    target = sorted((edited / "articles").glob("*.md"))[1]
    target.write_text(target.read_text(encoding="utf-8").replace("다.", "다. 새 문장이다.", 1), encoding="utf-8")
    _build(edited, site, state)
    _build(edited, tmp_path / "cold", tmp_path / "empty-cache")
    assert tree_digest(site) == tree_digest(tmp_path / "cold")


def test_a_corrupt_state_is_ignored(warm, tmp_path):
    content, out, cache = warm
    state = tmp_path / "cache"
    shutil.copytree(cache, state)
    path = state / buildstate.STATE_FILE
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    assert buildstate.load(state) == {}
    site = tmp_path / "site"
    _build(content, site, state)
    assert tree_digest(site) == tree_digest(out)


def test_an_output_changed_by_hand_is_written_again(warm, tmp_path):
    content, out, cache = warm
    site, state = tmp_path / "site", tmp_path / "cache"
    _build(content, site, state)
    (site / "about.html").write_text("changed by hand", encoding="utf-8")
    (site / "stray.html").write_text("not ours", encoding="utf-8")
    _build(content, site, state)
    assert tree_digest(site) == tree_digest(out)
    shard = sorted((site / "search").glob("shard-*.js"))[0]     # a search file: the search is made again
    shard.write_text("changed by hand", encoding="utf-8")
    _build(content, site, state)
    assert tree_digest(site) == tree_digest(out)


def test_the_zip_reuses_unchanged_entries_and_stays_valid(tmp_path):
    outputs = [Output("index.html", "광주 ".encode() * 500), Output("a/b.html", b"x" * 1000), Output(".nojekyll", b""),
               Output("z/ㄱ.html", "한글 이름".encode() * 50)]
    cache: dict = {}
    first = output.zip_bytes_cached(outputs, "archive", cache)
    assert first == output.zip_bytes(outputs, "archive")
    (tmp_path / "last.zip").write_bytes(first)
    cache["path"] = str(tmp_path / "last.zip")
    changed = [outputs[0], Output("a/b.html", b"y" * 1000), outputs[2], outputs[3]]
    pieces, length, _ = output.zip_pieces(changed, "archive", dict(cache))
    # the unchanged entries are ranges of the last zip (the first three entries' data, not
    # compressed again), the changed one new bytes
    assert sum(1 for p in pieces if isinstance(p, tuple)) == 2
    second = output.zip_bytes_cached(changed, "archive", cache)
    assert second == output.zip_bytes(changed, "archive") and len(second) == length
    output.ZipSource(pieces, str(tmp_path / "last.zip")).write_to(tmp_path / "new.zip")
    assert (tmp_path / "new.zip").read_bytes() == second
    with zipfile.ZipFile(io.BytesIO(second)) as archive:
        assert archive.testzip() is None
        assert archive.read("archive/a/b.html") == b"y" * 1000


def test_a_zip_of_the_same_files_is_patched_from_the_last_and_is_zipfiles_to_the_byte(tmp_path, monkeypatch):
    """The same names with a few entries changed (first, last, middle, grown, shrunk, some
    kept as the last build's files, some made again with the same bytes): the zip made from
    the last one's layout is zipfile's zip of the new files; new or missing names lay it out
    again, and that is zipfile's too."""
    import random
    rng = random.Random(5)
    names = [f"p/{k:03d}.html" for k in range(60)] + ["z/ㄱ.html", "한글/문서.html", ".nojekyll"]
    files = {name: "광주 {} ".format(rng.random()).encode() * rng.randint(0, 40) for name in names}
    laid_out = []
    real_delta = output._delta
    monkeypatch.setattr(output, "_delta", lambda *a: laid_out.append(real_delta(*a)) or laid_out[-1])
    cache: dict = {}
    last = tmp_path / "last.zip"
    last.write_bytes(output.zip_bytes_cached([Output(n, d) for n, d in files.items()], "archive", cache))
    for round_no, changed in enumerate([["p/000.html"], [".nojekyll"], ["p/030.html", "z/ㄱ.html", "한글/문서.html"],
                                        [], rng.sample(names, 12), names]):
        for name in changed:
            files[name] = "바뀐 {} ".format(round_no).encode() * rng.randint(0, 60)
        again = set(rng.sample(names, 5))     # made again, bytes as before: not kept, still the same entry
        outputs = [Output(n, d) if n in changed or n in again else
                   Output.kept_file(n, lambda d=d: d, None, False) for n, d in files.items()]
        rng.shuffle(outputs)
        cache["path"] = str(last)
        pieces, length, digest = output.zip_pieces(outputs, "archive", cache)
        made = output.ZipSource(pieces, str(last)).read()
        assert made == output.zip_bytes([Output(n, d) for n, d in files.items()], "archive") and len(made) == length
        assert laid_out[-1] is not None and len(laid_out) == round_no + 1
        assert digest == output.zip_pieces([Output(n, d) for n, d in files.items()], "archive", {})[2]
        with zipfile.ZipFile(io.BytesIO(made)) as archive:
            assert archive.testzip() is None
        last.write_bytes(made)
    for outputs in ([Output(n, d) for n, d in files.items()] + [Output("new.html", b"new")],
                    [Output(n, d) for n, d in files.items() if n != "p/010.html"],
                    [Output(n if n != "p/020.html" else "p/020b.html", d) for n, d in files.items()]):
        cache["path"] = str(last)
        laid_out.clear()
        pieces, length, _ = output.zip_pieces(outputs, "archive", cache)
        assert all(found is None for found in laid_out)          # another set of names: laid out again
        made = output.ZipSource(pieces, str(last)).read()
        assert made == output.zip_bytes(outputs, "archive") and len(made) == length
        last.write_bytes(made)


def test_entries_packed_on_threads_are_the_zips_and_leave_kept_files_alone():
    from concurrent.futures import Future
    marker = output.ARCHIVE_SIZE_PLACEHOLDER.encode()
    page = b'<p class="download-line"><a href="archive.zip">' + marker + b"</a></p> \xea\xb4\x91\xec\xa3\xbc" * 300
    outputs = [Output("index.html", page), Output("a.html", b"x" * 5000),
               Output.kept_file("old.html", lambda: b"kept", None, False)]
    output.pack_soon(outputs)
    assert isinstance(outputs[0].packed, Future) and outputs[2].packed is None and not outputs[2].loaded
    for item in outputs[:2]:
        assert output._packed(item) == output.packed(Output(item.path, item.data)).packed
        assert item.known == (hashlib.sha256(item.data).digest(), len(item.data))
    made = output.ZipSource(output.zip_pieces(outputs, "archive", {})[0], None).read()
    assert made == output.zip_bytes([output._for_zip(o) for o in outputs], "archive")


def test_the_archive_is_named_by_the_newest_date_of_the_site_asked_about():
    import dataclasses
    from conftest import fixture_site
    site = fixture_site("")
    name = output.archive_name(site)
    assert name == "archive-" + max(a.date for a in site.articles if a.date[:4].isdigit()).replace("-", "") + ".zip"
    later = dataclasses.replace(site.articles[-1], date="2031-02-03")
    grown = dataclasses.replace(site, articles=site.articles + (later,))
    assert output.archive_name(grown) == "archive-20310203.zip"
    assert output.archive_name(site) == name                     # asked again: its own name
    listed = dataclasses.replace(site, articles=list(grown.articles))
    assert output.archive_name(listed) == "archive-20310203.zip"
    listed.articles.pop()                                        # a list can change: not remembered
    assert output.archive_name(listed) == name
    undated = dataclasses.replace(site, articles=tuple(dataclasses.replace(a, date="") for a in site.articles))
    assert output.archive_name(undated) == "archive.zip"


def test_a_zip_made_of_ranges_of_a_changed_last_zip_is_refused(tmp_path):
    outputs = [Output("index.html", "광주 ".encode() * 500), Output("a.html", b"x" * 1000)]
    cache: dict = {}
    (tmp_path / "last.zip").write_bytes(output.zip_bytes_cached(outputs, "archive", cache))
    cache["path"] = str(tmp_path / "last.zip")
    pieces, _, _ = output.zip_pieces(outputs, "archive", cache)
    source = output.ZipSource(pieces, str(tmp_path / "last.zip"))
    (tmp_path / "last.zip").write_bytes(b"something else")
    with pytest.raises(output.OutputError):
        source.read()


def test_progress_is_silent_without_a_terminal(capsys):
    progress = pipeline.Progress(None)
    assert progress.stage("analysing") is None
    stream = io.StringIO()
    shown = pipeline.Progress(stream)
    advance = shown.stage("rendering")
    advance(5)
    shown.done()
    assert "rendering 5" in stream.getvalue() and stream.getvalue().endswith("\r")


def test_the_zip_streams_many_entries_and_prepares_each_as_it_goes(tmp_path):
    """More entries than are compressed at once, each made by `prepare` only when written: the
    bytes of zipfile's archive of the prepared outputs, and the same again from the cache."""
    outputs = [Output(f"p/{k:04d}.html", f"광주 {k} ".encode() * (k % 50 + 1)) for k in range(700)]
    prepared = []

    def prepare(item):
        prepared.append(item.path)
        return Output(item.path, item.data.upper())
    cache: dict = {}
    first = output.zip_bytes_cached(outputs, "archive", cache, prepare)
    assert first == output.zip_bytes([prepare(o) for o in outputs], "archive")
    assert prepared[:700] == sorted(o.path for o in outputs)
    (tmp_path / "last.zip").write_bytes(first)
    cache["path"] = str(tmp_path / "last.zip")
    assert output.zip_bytes_cached(outputs, "archive", cache, prepare) == first


def test_background_work_runs_in_another_process():
    import os
    result = pipeline._in_background(os.getpid)
    assert result() != os.getpid()
    assert pipeline._in_background(sorted, [3, 1, 2])() == [1, 2, 3]


def test_a_build_whose_site_cannot_be_written_keeps_the_last_state(warm, tmp_path, monkeypatch):
    """The state is pickled by a forked process while the site is written; if the writing
    fails it is thrown away, so it never describes pages that were not written."""
    edited, site, state = _copy_of(warm, tmp_path)
    before = {p.name: p.read_bytes() for p in state.iterdir() if p.is_file()}
    target = sorted((edited / "articles").glob("*.md"))[2]
    target.write_text(target.read_text(encoding="utf-8").replace("다.", "다. 새 문장이다.", 1), encoding="utf-8")

    def broken(*args, **kwargs):
        raise output.OutputError("disk full")
    monkeypatch.setattr(output, "write_site_incremental", broken)
    with pytest.raises(output.OutputError):
        _build(edited, site, state)
    after = {p.name: p.read_bytes() for p in state.iterdir() if p.is_file()}
    assert after.keys() == before.keys()               # no temporary file left behind
    assert after[buildstate.STATE_FILE] == before[buildstate.STATE_FILE]
    monkeypatch.undo()
    _build(edited, site, state)
    cold = tmp_path / "cold"
    _build(edited, cold, tmp_path / "empty-cache")
    assert tree_digest(site) == tree_digest(cold)


def test_a_new_taxonomy_rebuilds_to_the_bytes_of_a_cold_build(warm, tmp_path):
    """Every article's analysis is made again (its hash covers the taxonomy) from the records
    the last build stored, their bodies read only where needed."""
    edited, site, state = _copy_of(warm, tmp_path)
    topics = edited / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8") + "\n- slug: transit\n  name: 대중교통\n"
                      "  keywords: [버스, 도시철도, 교통]\n", encoding="utf-8")
    _build(edited, site, state)
    cold = tmp_path / "cold"
    _build(edited, cold, tmp_path / "empty-cache")
    assert tree_digest(site) == tree_digest(cold)
    assert (site / "topics" / "transit.html").is_file()


def test_command_line_process_exits_at_once_and_keeps_its_state(warm, tmp_path):
    """build.py ends its process right after the build (cli.run(): the state is not freed object
    by object): the summary is printed in full, the exit code is kept, the state it saved
    serves the next build, and an edit rebuilt that way gives a cold build's bytes."""
    import subprocess
    import sys
    root = Path(__file__).resolve().parent.parent

    def build_py(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(root / "build.py"), *args], capture_output=True, text=True,
                              timeout=300)

    content, site, state = _copy_of(warm, tmp_path)
    article = sorted((content / "articles").glob("*.md"))[1]
    article.write_text(article.read_text(encoding="utf-8").rstrip("\n") + "\n\n광주시는 추가 설명을 내놓았다.\n",
                       encoding="utf-8")
    where = ["--content", str(content), "--out", str(site), "--cache", str(state)]
    done = build_py("build", *where)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("build: ") and "files written" in done.stdout and done.stdout.endswith(" s\n")
    # the process left its state's second part and the old zip's removal to a forked process:
    # the next load waits for it, and then nothing is left beside the site
    assert buildstate.load(state).get("pages"), "the state's second part is saved"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "content", "site"]
    again = build_py("build", *where)
    assert again.returncode == 0 and "site up to date" in again.stdout, again.stdout + again.stderr
    cold = tmp_path / "cold"
    assert cli.main(["build", "--content", str(content), "--out", str(cold), "--cache", str(tmp_path / "c2"),
                     "-q"]) == 0
    assert tree_digest(site) == tree_digest(cold)
    # usage errors keep argparse's code and message
    wrong = build_py("build", "--no-such-option")
    assert wrong.returncode == 2 and "unrecognized arguments" in wrong.stderr
    assert buildstate.EXIT_AFTER_BUILD is False, "only the command line's own process leaves its memory"


def test_a_state_part_left_to_a_forked_process_is_waited_for_by_the_next_load(tmp_path):
    """Saving.commit(leave=...): the second part is written by a forked process nobody waits
    for; load() right after waits for it (the state's lock) and reads the whole state."""
    state = {"files": {"a.md": 1}}
    saving = buildstate.Saving(tmp_path, state)
    pages = {f"page-{k}.html": f"{k:064x}" for k in range(400_000)}         # a few tenths of a second to pickle
    left = tmp_path / "left-by-the-child"
    saving.commit(dict(state, pages=pages), leave=lambda: left.write_text("done"))
    assert saving.detached
    loaded = buildstate.load(tmp_path)
    assert loaded["files"] == {"a.md": 1} and loaded.get("pages") == pages
    assert left.read_text() == "done"                 # leave() ran in the child before the lock went


def test_a_first_part_still_being_written_is_put_in_place_by_the_forked_process_or_not_at_all(tmp_path):
    """Saving.commit(leave=...) does not wait for the first part's process: the forked process
    that writes the second part waits for the first to be whole and puts both in place. When
    the first part's process fails, neither is put in place: the last state stays whole."""
    buildstate.save(tmp_path, {"files": {"old.md": 1}})
    first = {"files": {"a.md": 1}, "index_memory": {f"k{k}": list(range(20)) for k in range(60_000)}}
    saving = buildstate.Saving(tmp_path, first)
    saving.commit(dict(first, pages={"p.html": "f"}), leave=lambda: None)
    assert saving.detached
    loaded = buildstate.load(tmp_path)
    assert loaded["files"] == {"a.md": 1} and loaded["pages"] == {"p.html": "f"}
    assert loaded["index_memory"] == first["index_memory"]
    failing = buildstate.Saving(tmp_path, {"files": {"b.md": 1}, "bad": lambda: None})   # cannot be pickled
    failing.commit({"files": {"b.md": 1}, "bad": None, "pages": {"q.html": "g"}}, leave=lambda: None)
    assert failing.detached
    loaded = buildstate.load(tmp_path)
    assert loaded["files"] == {"a.md": 1} and loaded["pages"] == {"p.html": "f"}
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith((".tmp", ".old"))) == []


def test_what_a_killed_build_left_in_the_cache_is_removed_by_the_next_one(tmp_path):
    import subprocess
    import sys
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    alive = str(os.getppid())
    names = [f"build-state.pickle.{gone}.child.tmp", f"build-state-output.pickle.{gone}.detached.tmp",
             f"build-state-own.pack.{gone}.tmp", f"build-state.pickle.{gone}.old",
             f"build-state.pickle.{alive}.child.tmp", "notes.txt.123.tmp"]
    for name in names:
        (tmp_path / name).write_bytes(b"left")
    saving = buildstate.Saving(tmp_path, {"files": {}})
    saving.commit({"files": {}})
    left = sorted(p.name for p in tmp_path.iterdir() if p.name not in ("build-state.pickle", "build-state-output.pickle"))
    assert left == sorted([f"build-state.pickle.{alive}.child.tmp", "notes.txt.123.tmp"])


def test_the_same_folders_named_relative_or_absolute_keep_one_state(warm, tmp_path, monkeypatch):
    """A build run as `--content content` and the next as `--content /abs/content` (or from
    another folder) are rebuilds of the same site: an edit redoes only what it reaches, and a
    problem the last build found names its file as this command does."""
    edited, site, state = _copy_of(warm, tmp_path)
    broken = edited / "articles" / "zz-broken.md"
    broken.write_text("---\ntitle: [\n---\n본문이다.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    first = _build(Path("content"), Path("site"), Path("cache"))
    assert [p.path for p in first.problems if p.severity == "error"] == ["content/articles/zz-broken.md"]
    target = sorted((edited / "articles").glob("*.md"))[2]
    target.write_text(target.read_text(encoding="utf-8").replace("다.", "다. 광주시는 밝혔다.", 1), encoding="utf-8")
    second = _build(edited, site.resolve(), state.resolve())
    pages = sum(1 for p in site.rglob("*.html"))
    assert 0 < second.timings["pages_rendered"] < pages // 2
    assert [p.path for p in second.problems if p.severity == "error"] == [broken.as_posix()]
    monkeypatch.chdir(edited / "articles")
    third = _build(Path("../../content"), Path("../../site"), Path("../../cache"))
    assert third.files_written == 0 and third.timings["pages_rendered"] == 0
    assert [p.path for p in third.problems if p.severity == "error"] == ["../../content/articles/zz-broken.md"]
    cold = tmp_path / "cold"
    _build(edited, cold, tmp_path / "empty-cache")
    assert tree_digest(site) == tree_digest(cold)


def test_a_state_part_waited_for_at_once_is_put_in_place(tmp_path):
    """Saving.commit(wait=False), as serve and the resident builder call it, right after the
    Saving began: the first part's forked process may still be pickling when it is waited for;
    it must be put in place all the same (it once failed writing to a pipe nobody read)."""
    pages = {f"page-{k}.html": f"{k:064x}" for k in range(400_000)}      # a few tenths of a second
    saving = buildstate.Saving(tmp_path, {"files": {"a.md": 1}, "pages_first": pages})
    later = saving.commit({"files": {"a.md": 1}, "pages_first": pages, "pages": {"x": 1}}, wait=False)
    assert later is not None
    later()
    loaded = buildstate.load(tmp_path)
    assert loaded.get("pages") == {"x": 1}
    assert len(loaded.get("pages_first", ())) == 400_000
