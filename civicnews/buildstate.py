"""The build state: what the last build read, derived and wrote, kept in ONE cache file.

A warm build reads this one file instead of re-reading and re-parsing every article, re-loading
thousands of small analysis entries, re-deriving archive-wide data or re-rendering pages whose
inputs did not change. Everything in it is keyed by what it was made from (file stat, text hash,
a hash of the inputs), plus `code_version()`: any change to the package's code or templates
makes a fresh state, so a cached value can never outlive the code that made it.

File: CACHE/build-state.pickle = MAGIC, sha256 of the payload, payload (pickle). A missing,
truncated or corrupt file, another version or a pickle error is ignored (a cold build follows);
writes are atomic (temporary file, then rename). A large value that a rebuild often cannot use
(the indexes, after an edit) is a part of its own, CACHE/build-state-NAME.pickle, with its key:
it is read only when the state says its key is the one wanted.
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from . import config

STATE_FILE = "build-state.pickle"
PART_FILE = "build-state-{name}.pickle"         # a large part read only when it can be used
MAGIC = b"civicnews-build-state 1\n"


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the package's sources, the templates and the Python version."""
    digest = hashlib.sha256(sys.version.encode())
    package = Path(__file__).resolve().parent
    roots = [package, config.TEMPLATES_DIR]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                           and p.suffix != ".pyc"):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for package in ("kiwipiepy", "kiwipiepy_model"):       # their versions, without importing them
        try:
            digest.update(f"{package} {metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            pass
    return digest.hexdigest()


def exists(cache_dir: Path | None) -> bool:
    """Is there a state file (perhaps one this code cannot use)?"""
    return cache_dir is not None and (Path(cache_dir) / STATE_FILE).is_file()


def load(cache_dir: Path | None) -> dict:
    """The last build's state, or {} when there is none that this code can trust."""
    state = _read(cache_dir, STATE_FILE)
    if not isinstance(state, dict) or state.get("code") != code_version():
        return {}
    return state


def save(cache_dir: Path | None, state: dict) -> None:
    _write(cache_dir, STATE_FILE, dict(state, code=code_version()))


def load_part(cache_dir: Path | None, name: str, key: str):
    """A large value kept beside the state (read only when it is wanted), if it was saved for
    this key by this code; else None."""
    found = _read(cache_dir, PART_FILE.format(name=name))
    if isinstance(found, tuple) and len(found) == 3 and found[:2] == (code_version(), key):
        return found[2]
    return None


def save_part(cache_dir: Path | None, name: str, key: str, value) -> None:
    _write(cache_dir, PART_FILE.format(name=name), (code_version(), key, value))


def _read(cache_dir: Path | None, name: str):
    if cache_dir is None:
        return None
    try:
        raw = (Path(cache_dir) / name).read_bytes()
    except OSError:
        return None
    if not raw.startswith(MAGIC):
        return None
    view = memoryview(raw)                      # slices of it, not copies of a large file
    checksum, payload = raw[len(MAGIC):len(MAGIC) + 64], view[len(MAGIC) + 65:]
    if hashlib.sha256(payload).hexdigest().encode() != checksum:
        return None
    try:
        return pickle.loads(payload)
    except Exception:                           # any unpickling failure means: no state
        return None


def _write(cache_dir: Path | None, name: str, value) -> None:
    if cache_dir is None:
        return
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    path = Path(cache_dir) / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as file:     # in parts: no second copy of a large state
            file.write(MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n")
            file.write(payload)
        os.replace(temporary, path)
    except OSError:
        pass                                    # a state that cannot be written is only slower


def digest(*parts) -> str:
    """A stable hash of picklable values (no sets: their order varies between processes).

    The pickler runs without its memo ("fast"), so equal values give equal bytes whether or
    not they share objects (a value parsed now and the same value unpickled from the state)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=4)
    pickler.fast = True
    pickler.dump(parts)
    return hashlib.sha256(buffer.getvalue()).hexdigest()
