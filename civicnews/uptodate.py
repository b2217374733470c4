"""Nothing changed, nothing to do: the commands' fast path, decided before anything heavy loads.

After a successful build this module records a stamp: a hash of the code (package and
templates), the options, and the stat (size, mtime, inode) of every input file and of every file
the build left in the output folder, plus the build's summary. The next `build` computes the
same hash from the file system (a few thousand stats, no reading) and, when it matches, reports
the last summary again without loading the analyser, the build state or a single article: the
site on disk is exactly what a build would write. Anything else (an edited, added or removed
article, a changed template, an output file touched by hand, another --base-url) takes the
normal path, which itself only redoes what changed. `clean` gets the same for content/raw/.

File: CACHE/uptodate.stamp (JSON); unreadable or foreign contents count as "not up to date".
"""
from __future__ import annotations

import hashlib
import json
import os
from contextlib import nullcontext
from pathlib import Path
from typing import Iterator

from .buildstate import code_version, state_lock
from .config import RAW_DIR

STAMP_FILE = "uptodate.stamp"          # JSON


Stat = tuple[int, int, int]          # (size, mtime_ns, inode) of a file, as lstat gives them


def entries(root: Path | str, skip: str | None = None) -> Iterator[tuple[str, os.DirEntry, bool]]:
    """Every entry under root, in one scandir pass that does not follow links (`skip`, a folder
    at the top, not gone into): its relative "/"-separated path, itself, and whether it is a
    folder."""
    def walk(folder: str, prefix: str) -> Iterator[tuple[str, os.DirEntry, bool]]:
        try:
            found = list(os.scandir(folder))
        except OSError:
            return
        for entry in found:
            try:
                inside = entry.is_dir(follow_symlinks=False)
            except OSError:
                inside = False
            yield prefix + entry.name, entry, inside
            if inside and not (skip and not prefix and entry.name == skip):
                yield from walk(entry.path, f"{prefix}{entry.name}/")
    if os.path.isdir(root):
        yield from walk(str(root), "")


def scan(root: Path, skip: str | None = None) -> dict[str, Stat]:
    """Every file under root (not following links; `skip`, a folder at the top, left out):
    relative "/"-separated path -> its stat. One pass: a build uses it for the up-to-date
    check and again for what it would otherwise stat one file at a time."""
    found: dict[str, Stat] = {}
    for path, entry, folder in entries(root, skip):
        if folder:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        found[path] = (info.st_size, info.st_mtime_ns, info.st_ino)
    return found


def digest_of(files: dict[str, Stat] | None) -> str:
    """A hash of the names and stats of the files of a tree (None: there is no tree)."""
    digest = hashlib.sha256()
    if files is None:
        digest.update(b"<missing>")
        return digest.hexdigest()
    for path in sorted(files):
        size, mtime, inode = files[path][:3]
        digest.update(f"{path}\0{size}\0{mtime}\0{inode}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def tree_digest(root: Path, skip: str | None = None) -> str:
    """A hash of the names and stats of every file under root."""
    return digest_of(scan(root, skip) if Path(root).exists() else None)


def build_inputs(content_dir: Path) -> str:
    """What a build reads: the articles, the YAML files and the cleaning report (not raw/)."""
    return tree_digest(content_dir, skip=RAW_DIR)


def build_key(inputs: str, content_dir: Path, out_dir: Path, base_url: str | None,
              outputs: dict[str, Stat] | None = None) -> str:
    """inputs: build_inputs() taken BEFORE the build (an edit made while it ran is not hidden);
    outputs: the output folder's files (scan(), or the manifest a build just wrote), else it
    is scanned now."""
    if outputs is None:
        outputs = scan(out_dir) if Path(out_dir).exists() else None
    return _key("build", base_url, Path(content_dir).resolve(), Path(out_dir).resolve(), inputs, digest_of(outputs))


def clean_inputs(content_dir: Path) -> str:
    return tree_digest(Path(content_dir) / RAW_DIR)


def clean_key(inputs: str, content_dir: Path) -> str:
    """inputs: clean_inputs() taken before the clean; what it wrote (articles, report) as it is now."""
    return _key("clean", Path(content_dir).resolve(), inputs, tree_digest(content_dir, skip=RAW_DIR))


def _key(*parts) -> str:
    text = "\0".join(str(p) for p in (code_version(),) + parts)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _read(cache_dir: Path, wait: bool = True) -> dict:
    """The stamp file's records. wait: first wait for what the last build left a forked
    process to finish (the state's saving, then this stamp: see pipeline.build's `saved`)."""
    try:
        with state_lock(cache_dir) if wait else nullcontext():
            text = (Path(cache_dir) / STAMP_FILE).read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def recorded(cache_dir: Path | None, command: str, key: str) -> dict | None:
    """The summary the last `command` recorded under exactly this key, else None."""
    if cache_dir is None:
        return None
    entry = _read(cache_dir).get(command)
    if isinstance(entry, dict) and entry.get("key") == key and isinstance(entry.get("summary"), dict):
        return entry["summary"]
    return None


def recorded_inputs(cache_dir: Path | None, command: str) -> str | None:
    """The inputs digest the last `command` recorded (to tell early that they changed)."""
    entry = _read(cache_dir).get(command) if cache_dir is not None else None
    return entry.get("inputs") if isinstance(entry, dict) else None


def record(cache_dir: Path | None, command: str, key: str, summary: dict, inputs: str | None = None) -> None:
    """Remember that `command` left the files as `key` describes, with this summary."""
    if cache_dir is None:
        return
    data = _read(cache_dir, wait=False)         # perhaps by the forked process that holds the lock
    data[command] = {"key": key, "summary": summary, "inputs": inputs}
    path = Path(cache_dir) / STAMP_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass                                    # no stamp: the next run takes the normal path
