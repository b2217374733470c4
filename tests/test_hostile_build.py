"""The seeds built in tmp, then abused: a garbled analysis cache is detected and recomputed with the same
bytes out, and `check` finds zero broken internal links in a site built for a /repo/ project path.

(A killed write and byte-identical rebuilds are tests/test_site_output.py and tests/test_pipeline.py.)
"""
from __future__ import annotations

import hashlib
import html.parser
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).parent / "fixtures" / "seeds"
BASE = "https://example.github.io/repo/"


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build_py(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    root = tmp_path_factory.mktemp("seed-build")
    content = root / "content"
    (content / "raw").mkdir(parents=True)
    for raw in sorted(SEEDS.glob("*.txt")):
        shutil.copyfile(raw, content / "raw" / raw.name)
    for name in ("site.yaml", "topics.yaml", "storylines.yaml"):
        shutil.copyfile(ROOT / "content" / name, content / name)
    out, cache = root / "site", root / "cache"
    done = build_py("--content", str(content), "--out", str(out), "--cache", str(cache), "--base-url", BASE, "-q")
    assert done.returncode == 0, done.stderr
    return content, out, cache


def garbled(data: bytes, how: int) -> bytes:
    if how == 0:
        return data[: len(data) // 2]                                     # cut short
    if how == 1:
        middle = len(data) // 2                                           # bytes changed, old checksum kept
        return data[:middle] + bytes(b ^ 0x5A for b in data[middle:middle + 16]) + data[middle + 16:]
    return b"\x00\xff not json at all"                                   # junk


def garble(entry: Path, how: int) -> None:
    entry.write_bytes(garbled(entry.read_bytes(), how))


def analysis_entries(cache: Path) -> list[tuple[Path, str, bytes]]:
    """(its file, key, data) of every entry of the analysis cache's SQLite files."""
    found = []
    for path in sorted(cache.rglob("entries.sqlite3")):
        db = sqlite3.connect(path)
        found += [(path, key, data) for key, data in db.execute("SELECT key, data FROM entries ORDER BY key")]
        db.close()
    return found


def rebuild(content: Path, cache: Path, out: Path) -> None:
    done = build_py("build", "--content", str(content), "--out", str(out), "--cache", str(cache),
                    "--base-url", BASE, "-q")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("how", [0, 1, 2])
def test_a_garbled_build_state_is_ignored_and_gives_the_same_bytes(seeds, tmp_path, how):
    content, out, cache = seeds
    garbled = tmp_path / "cache"
    shutil.copytree(cache, garbled)
    states = [p for p in garbled.iterdir() if p.is_file()]
    assert states                                   # the build keeps its state in the cache folder
    for state in states:
        garble(state, how)
    rebuild(content, garbled, tmp_path / "site")
    assert tree_digest(tmp_path / "site") == tree_digest(out)


def test_garbled_analysis_entries_are_detected_recomputed_and_give_the_same_bytes(seeds, tmp_path):
    content, out, cache = seeds
    garbled_cache = tmp_path / "cache"
    shutil.copytree(cache, garbled_cache)
    entries = analysis_entries(garbled_cache)
    assert len(entries) >= 16                       # a title and a body an article
    for i, (path, key, data) in enumerate(entries):
        db = sqlite3.connect(path)
        with db:
            db.execute("UPDATE entries SET data = ? WHERE key = ?", (garbled(data, i % 3), key))
        db.close()
    for state in (p for p in garbled_cache.iterdir() if p.is_file()):
        state.unlink()                              # no build state to fall back on: the entries are read
    rebuild(content, garbled_cache, tmp_path / "site")
    assert tree_digest(tmp_path / "site") == tree_digest(out)
    # every entry was written again whole: the checksum on its first line matches its payload
    again = analysis_entries(garbled_cache)
    assert [key for _, key, _ in again] == [key for _, key, _ in entries]
    for path, key, data in again:
        checksum, _, payload = data.partition(b"\n")
        assert hashlib.sha256(payload).hexdigest().encode() == checksum, key


@pytest.mark.parametrize("how", [1, 2])
def test_a_garbled_analysis_file_is_set_aside_and_gives_the_same_bytes(seeds, tmp_path, how):
    """Bytes changed in the middle of the SQLite file (a page damaged), or junk instead of it."""
    content, out, cache = seeds
    garbled_cache = tmp_path / "cache"
    shutil.copytree(cache, garbled_cache)
    (database,) = garbled_cache.rglob("entries.sqlite3")
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    garble(database, how)
    for state in (p for p in garbled_cache.iterdir() if p.is_file()):
        state.unlink()
    rebuild(content, garbled_cache, tmp_path / "site")
    assert tree_digest(tmp_path / "site") == tree_digest(out)
    again = analysis_entries(garbled_cache)
    # found damaged, the file was set aside for a new one (which lacks what this build wrote
    # before it found out), or the damage was in no page read: every entry is there
    assert Path(f"{database}.damaged").is_file() or len(again) >= 16
    for path, key, data in again:
        checksum, _, payload = data.partition(b"\n")
        assert hashlib.sha256(payload).hexdigest().encode() == checksum, key
    for state in (p for p in garbled_cache.iterdir() if p.is_file()):
        state.unlink()
    rebuild(content, garbled_cache, tmp_path / "again")     # what the new file lacks is analysed again
    assert tree_digest(tmp_path / "again") == tree_digest(out)
    assert len(analysis_entries(garbled_cache)) >= 16


def test_check_finds_no_broken_link_in_the_seed_site_under_a_project_path(seeds):
    content, out, cache = seeds
    done = build_py("check", "--content", str(content), "--out", str(out), "--cache", str(cache))
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and done.stdout.startswith("check: 0 errors, 0 warnings")


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for name in ("href", "src", "action"):
            if values.get(name) and not (tag == "link" and values.get("rel") in ("canonical", "alternate")
                                         and values[name].startswith(BASE)) and not (tag == "base"):
                self.links.append(values[name])


def test_every_internal_link_resolves_to_a_file_from_disk_and_under_repo(seeds):
    """An oracle of our own, beside check.py: resolve each link as a browser would, twice."""
    _, out, _ = seeds
    pages = {p.relative_to(out).as_posix(): p for p in out.rglob("*.html")}
    parsed = {}
    for rel, path in pages.items():
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        parsed[rel] = parser
    checked = 0
    for rel, parser in sorted(parsed.items()):
        if rel == "404.html":           # served at any depth with <base href> = the site address
            continue
        for link in parser.links:
            if urlsplit(link).scheme in ("http", "https", "mailto"):
                continue                # external (check.py refuses those that load something)
            for origin in (out.as_uri() + "/", "http://127.0.0.1:8000/repo/"):
                target = urlsplit(urljoin(origin + rel, link))
                assert (target.scheme + "://" + target.netloc + target.path).startswith(origin), (rel, link)
                path = unquote(target.path)[len(urlsplit(origin).path):]
                assert (out / path).is_file(), (rel, link, origin)
                if target.fragment and path.endswith(".html"):
                    assert unquote(target.fragment) in parsed[path].ids, (rel, link)
            checked += 1
    assert checked > 500
