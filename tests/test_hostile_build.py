"""The seeds built in tmp, then abused: a garbled analysis cache is detected and recomputed with the same
bytes out, and `check` finds zero broken internal links in a site built for a /repo/ project path.

(A killed write and byte-identical rebuilds are tests/test_site_output.py and tests/test_pipeline.py.)
"""
from __future__ import annotations

import hashlib
import html.parser
import shutil
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


def garble(entry: Path, how: int) -> None:
    data = entry.read_bytes()
    if how == 0:
        entry.write_bytes(data[: len(data) // 2])                         # cut short
    elif how == 1:
        middle = len(data) // 2                                           # bytes changed, old checksum kept
        entry.write_bytes(data[:middle] + bytes(b ^ 0x5A for b in data[middle:middle + 16]) + data[middle + 16:])
    else:
        entry.write_bytes(b"\x00\xff not json at all")                    # junk


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
    garbled = tmp_path / "cache"
    shutil.copytree(cache, garbled)
    entries = sorted(garbled.rglob("*.json"))
    assert len(entries) >= 8
    for i, entry in enumerate(entries):
        garble(entry, i % 3)
    for state in (p for p in garbled.iterdir() if p.is_file()):
        state.unlink()                              # no build state to fall back on: the entries are read
    rebuild(content, garbled, tmp_path / "site")
    assert tree_digest(tmp_path / "site") == tree_digest(out)
    # every entry was written again whole: the checksum on its first line matches its payload
    for entry in sorted(garbled.rglob("*.json")):
        checksum, _, payload = entry.read_bytes().partition(b"\n")
        assert hashlib.sha256(payload).hexdigest().encode() == checksum, entry


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
