"""The build state: what the last build read, derived and wrote, kept in ONE cache file.

A warm build reads this one file instead of re-reading and re-parsing every article, re-loading
thousands of small analysis entries, re-deriving archive-wide data or re-rendering pages whose
inputs did not change. Everything in it is keyed by what it was made from (file stat, text hash,
a hash of the inputs), plus `code_version()`: any change to the package's code or templates
makes a fresh state, so a cached value can never outlive the code that made it.

File: CACHE/build-state.pickle = MAGIC, sha256 of the payload, payload (pickle). A missing,
truncated or corrupt file, another version or a pickle error is ignored (a cold build follows);
writes are atomic (temporary file, then rename). A map of many large values of which a rebuild
reads only a few (each article's own analysis) is a Pack beside it, CACHE/build-state-NAME.pack:
values pickled one by one, appended as they come, read only when asked for; the state holds its
index. The cyclic garbage collector is paused while a state is (un)pickled and the loaded state
is frozen out of its reach: walking millions of long-lived objects again and again cost more
than the unpickling itself.
"""
from __future__ import annotations

import gc
import hashlib
import io
import multiprocessing
import os
import pickle
import re
import sys
import zlib
from collections.abc import MutableMapping
from contextlib import contextmanager
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Callable

from . import config

STATE_FILE = "build-state.pickle"
PART_FILE = "build-state-{name}.pickle"         # a large part read only when it can be used
MAGIC = b"civicnews-build-state 1\n"

# Set by a command whose process ends as soon as its build is done (cli.run()): the build's
# state and site are then left where they are (in `left`) and the process exits without
# handing millions of objects back one by one (a few tenths of a second at 10,000 articles).
# A process that goes on (serve, the tests) leaves it False and gets its memory back.
EXIT_AFTER_BUILD = False
left: list = []


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
    """The last build's state, or {} when there is none that this code can trust (what its
    rendering and writing left only when that part belongs with it: see Saving). A part still
    being written by the last build's process (see Saving.commit) is waited for."""
    with state_lock(cache_dir):
        state = _read(cache_dir, STATE_FILE)
        if not isinstance(state, dict) or state.get("code") != code_version():
            return {}
        part = _read(cache_dir, OUTPUT_FILE) if "token" in state else None
    if isinstance(part, dict) and part.pop("token", None) == state["token"]:
        state.update(part)
    return state


def stamp(cache_dir: Path | None) -> tuple:
    """What changes when a state file is written again: each one's size, mtime and inode."""
    found = []
    for name in (STATE_FILE, OUTPUT_FILE):
        try:
            info = os.stat(Path(cache_dir) / name) if cache_dir is not None else None
        except OSError:
            info = None
        found.append(None if info is None else (info.st_size, info.st_mtime_ns, info.st_ino))
    return tuple(found)


def save(cache_dir: Path | None, state: dict) -> None:
    _write(cache_dir, STATE_FILE, dict(state, code=code_version()))


OUTPUT_FILE = "build-state-output.pickle"


class Saving:
    """A state saved in two parts: what the analysis and indexes left, pickled by a forked
    process started as soon as they are done (a second or more at 10,000 articles, hidden
    behind the rendering and writing this process still has to do), and what the rendering
    and writing left (smaller), pickled here at the end. Neither is put in place unless the
    site was written (commit()); a failed build keeps the last state (abandon()). The two
    files carry one token: load() takes the second only with its own first."""

    def __init__(self, cache_dir: Path | None, state: dict):
        self.cache_dir = cache_dir
        self.token = os.urandom(8).hex()
        self.keys = set(state)
        self.pending = None
        self.body = None
        self.detached = False                       # the second part left to a forked process (commit)
        if cache_dir is not None:
            _remove_left_over(cache_dir)
            body = dict(state, code=code_version(), token=self.token)
            self.pending = _write_in_child(cache_dir, STATE_FILE, body)
            if self.pending is None:                # no fork here: pickled at commit, in this process
                self.body = body

    def commit(self, state: dict, wait: bool = True, leave: Callable[[], None] | None = None) -> Callable[[], None] | None:
        """Put the first part in place and write the second: state's keys added since. With
        wait=False (a process that goes on) the second part is pickled by a forked process;
        the call returned waits for it and puts it in place. With leave (a process that ends as
        soon as its build is done: EXIT_AFTER_BUILD) a forked process writes the second part,
        puts it in place and then calls leave() (what else the build leaves unfinished), and
        nothing waits for it but the next load(): the command returns that much sooner."""
        if self.cache_dir is None:
            return None
        rest = dict({key: value for key, value in state.items() if key not in self.keys}, token=self.token)
        if leave is not None and self.pending is not None \
                and _write_detached(self.cache_dir, OUTPUT_FILE, rest, leave, self.pending):
            self.detached = True                    # the first part too, once its process is done
            return None
        if self.pending is None or not self.pending(True):
            if self.body is None:
                return None                         # the forked process failed: no state
            _write(self.cache_dir, STATE_FILE, self.body)
        if leave is not None and _write_detached(self.cache_dir, OUTPUT_FILE, rest, leave):
            self.detached = True
            return None
        pending = None if wait else _write_in_child(self.cache_dir, OUTPUT_FILE, rest)
        if pending is None:
            _write(self.cache_dir, OUTPUT_FILE, rest)
            return None
        return lambda: pending(True) and None

    def abandon(self) -> None:
        if self.pending is not None:
            self.pending(False)


_LEFT_OVER = re.compile(r"^build-state.*\.(\d+)\.(?:child\.tmp|detached\.tmp|tmp|old)$")


def _remove_left_over(cache_dir: Path) -> None:
    """Remove what a build killed while it saved its state left in the cache (a temporary file
    of 45 MB at 10,000 articles): the files named for a process that is gone. (A build's last
    forked writers are done once its state could be loaded: they hold its lock.)"""
    try:
        names = os.listdir(cache_dir)
    except OSError:
        return
    for name in names:
        found = _LEFT_OVER.match(name)
        if found is None or int(found[1]) == os.getpid():
            continue
        try:
            os.kill(int(found[1]), 0)
            continue                            # its process is still there
        except ProcessLookupError:
            pass
        except (PermissionError, OverflowError):
            continue
        try:
            os.unlink(os.path.join(cache_dir, name))
        except OSError:
            pass


def _write_in_child(cache_dir: Path, name: str, value) -> "_Pending | None":
    """_write() in a forked process into a temporary file; returns a call that waits for it
    and then puts the file in place (True) or throws it away (False), and says whether the
    state is now saved. None where it cannot fork."""
    if "fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2:
        return None
    path = Path(cache_dir) / name
    temporary = path.with_name(f"{path.name}.{os.getpid()}.child.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        done, says = os.pipe()                  # a byte on it: the file is written whole
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:                                        # the child: pickle, write, leave at once
        code = 1
        try:
            os.close(done)
            _dump(temporary, value)
            os.write(says, b"1")
            code = 0
        finally:
            os._exit(code)
    os.close(says)
    return _Pending(done, pid, temporary, path)


class _Pending:
    """A file _write_in_child()'s process is writing: done, the end of the pipe on which it
    says the file is whole (which another forked process may wait on: see _write_detached)."""

    def __init__(self, done: int, pid: int, temporary: Path, path: Path):
        self.done, self.pid, self.temporary, self.path = done, pid, temporary, path

    def __call__(self, keep: bool) -> bool:
        # the pipe's end is closed only once the process is done: closed before, a process still
        # pickling fails its last write (EPIPE) and its file is thrown away
        _, status = os.waitpid(self.pid, 0)
        os.close(self.done)
        try:
            if keep and os.waitstatus_to_exitcode(status) == 0:
                _put_in_place(self.temporary, self.path)
                return True
            os.unlink(self.temporary)
        except OSError:
            pass
        return False


LOCK_FILE = "build-state.lock"


@contextmanager
def state_lock(cache_dir: Path | None):
    """Shared hold of the state's lock while the state (or the up-to-date stamp, which the same
    forked process writes last) is read: what the last build's process left a forked process
    to write (_write_detached) is waited for. Not for that forked process itself: it holds the
    lock exclusively through another open file, and would wait for itself."""
    try:
        import fcntl
        lock = os.open(Path(cache_dir) / LOCK_FILE, os.O_RDONLY) if cache_dir is not None else None
    except (ImportError, OSError):              # no lock file: nothing was left to write
        lock = None
    try:
        if lock is not None:
            try:
                fcntl.flock(lock, fcntl.LOCK_SH)
            except OSError:                     # a file system without locks: read as it is
                pass
        yield
    finally:
        if lock is not None:
            os.close(lock)


def hold_state_lock(cache_dir: Path) -> int | None:
    """Take the state's lock exclusively, as the forked process that saves a command's state
    does: state_lock() waits until the descriptor returned is closed (None: no lock here). A
    process that goes on (resident.py) holds it from the moment its site is written until
    its state and up-to-date stamp are in place; it must not call state_lock() meanwhile."""
    try:
        import fcntl
        lock = os.open(Path(cache_dir) / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except (ImportError, OSError):
        return None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
    except OSError:
        os.close(lock)
        return None
    return lock


def _write_detached(cache_dir: Path, name: str, value, leave: Callable[[], None],
                    first: _Pending | None = None) -> bool:
    """_write() by a forked process that nobody waits for: it writes a temporary file, puts it
    in place, calls leave() and ends, holding the state's lock all the while (load() waits for
    it). The lock is taken here before the fork: the child's copy of the descriptor keeps it
    after this process has closed its own (and ended). False where that cannot be done.

    first: the state's first part still being written by another forked process
    (_write_in_child): this one waits for that file to be whole and puts it in place first; if
    it never is, neither part is put in place (the last state stays)."""
    try:
        import fcntl
    except ImportError:
        return False
    if "fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2:
        return False
    path = Path(cache_dir) / name
    temporary = path.with_name(f"{path.name}.{os.getpid()}.detached.tmp")
    try:
        lock = os.open(Path(cache_dir) / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return False
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
    except OSError:
        os.close(lock)
        return False
    if pid == 0:                                        # the child: write, put in place, leave
        code = 1
        try:
            # it says nothing: whoever reads the command's output sees its end with the command's
            quiet = os.open(os.devnull, os.O_RDWR)
            for descriptor in (0, 1, 2):
                os.dup2(quiet, descriptor)
            if first is not None:
                if os.read(first.done, 1) != b"1":  # its process failed: no new state at all
                    raise OSError("the state's first part was not written")
                _put_in_place(first.temporary, first.path)
            _dump(temporary, value)
            _put_in_place(temporary, path)
            code = 0
        except BaseException:                           # no second part: the next build renders again
            for left_over in (temporary,) + ((first.temporary,) if first is not None else ()):
                try:
                    os.unlink(left_over)
                except OSError:
                    pass
        finally:
            try:
                leave()
            finally:
                os._exit(code)                          # the lock goes with the last descriptor
    os.close(lock)
    if first is not None:
        os.close(first.done)
        try:
            os.waitpid(first.pid, os.WNOHANG)       # reaped now if done; else when this process ends
        except OSError:
            pass
    return True


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
        with _collector_paused():
            value = pickle.loads(payload)
            # millions of long-lived objects: no later collection need walk them (frozen before
            # the collector runs again, or its first run would walk them all at once)
            gc.freeze()
    except Exception:                           # any unpickling failure means: no state
        return None
    return value


def _write(cache_dir: Path | None, name: str, value) -> None:
    if cache_dir is None:
        return
    path = Path(cache_dir) / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        _dump(temporary, value)
        _put_in_place(temporary, path)
    except OSError:
        pass                                    # a state that cannot be written is only slower


def _put_in_place(temporary: Path, path: Path) -> None:
    """os.replace(temporary, path), but the last file is first renamed aside (and then removed):
    ext4 writes out at once the blocks of a new file renamed over an existing one (its
    auto_da_alloc: 30 ms for the 45 MB state of 10,000 articles, on every rebuild), not those
    of one renamed to a free name. A crash between the two renames leaves no state: the next
    build makes it anew."""
    aside = path.with_name(f"{path.name}.{os.getpid()}.old")
    try:
        os.rename(path, aside)
    except FileNotFoundError:
        aside = None
    try:
        os.replace(temporary, path)
    except OSError:
        if aside is not None:
            os.rename(aside, path)              # the last state stays
        raise
    if aside is not None:
        os.unlink(aside)


def _dump(path: Path, value) -> None:
    """value pickled into path as _read() reads it: MAGIC, the payload's sha256, the payload."""
    with _collector_paused():
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    with open(path, "wb") as file:              # in parts: no second copy of a large state
        file.write(MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n")
        file.write(payload)


@contextmanager
def _collector_paused():
    """No cyclic garbage collection while a large state is (un)pickled: it would walk the
    growing heap again and again (a third of the time of loading a 10,000-article state)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def digest(*parts) -> str:
    """A stable hash of picklable values (no sets: their order varies between processes).

    The pickler runs without its memo ("fast"), so equal values give equal bytes whether or
    not they share objects (a value parsed now and the same value unpickled from the state)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=4)
    pickler.fast = True
    pickler.dump(parts)
    return hashlib.sha256(buffer.getvalue()).hexdigest()


class Pack(MutableMapping):
    """A map kept beside the state whose values are read one by one, only when asked for.

    A rebuild after an edit needs the values of a few keys (the own analyses of the edited
    articles) out of tens of thousands; a state holding them all would be read and written
    whole every time. So each value is pickled on its own into CACHE/build-state-NAME.pack,
    appended as it is added, and the state holds only the index (key -> offset, length,
    checksum) with the file's generation: a pack rewritten since (compacted), damaged or
    missing reads as empty or as missing keys, and the build remakes what it needs."""

    HEADER = b"civicnews-pack 1\n"

    def __init__(self, cache_dir: Path | None, name: str, index: dict | None = None):
        self.path = None if cache_dir is None else Path(cache_dir) / PART_FILE.format(name=name).replace(".pickle", ".pack")
        self.generation = b""
        self.entries: dict = {}
        if self.path is not None and isinstance(index, dict) and index.get("code") == code_version():
            try:
                with open(self.path, "rb") as file:
                    head = file.read(len(self.HEADER) + 16)
            except OSError:
                head = b""
            if head[:len(self.HEADER)] == self.HEADER and head[len(self.HEADER):] == index.get("generation"):
                self.generation, self.entries = index["generation"], dict(index["entries"])
        self.added: dict = {}
        self._file = None

    def __contains__(self, key) -> bool:
        return key in self.added or key in self.entries

    def __getitem__(self, key):
        if key in self.added:
            return self.added[key]
        found = self.entries.get(key)
        if found is None:
            raise KeyError(key)
        offset, length, checksum = found
        try:
            if self._file is None:
                self._file = os.open(self.path, os.O_RDONLY)
            data = os.pread(self._file, length, offset)   # no shared file position: safe after a fork
            if len(data) != length or zlib.crc32(data) != checksum:
                raise ValueError("damaged")
            with _collector_paused():
                return pickle.loads(data)
        except (OSError, ValueError, pickle.UnpicklingError, EOFError):
            del self.entries[key]                   # read as missing: the caller remakes it
            raise KeyError(key) from None

    def __setitem__(self, key, value) -> None:
        self.added[key] = value
        self.entries.pop(key, None)

    def __delitem__(self, key) -> None:
        if key not in self:
            raise KeyError(key)
        self.added.pop(key, None)
        self.entries.pop(key, None)

    def __iter__(self):
        yield from self.entries
        yield from (key for key in self.added if key not in self.entries)

    def __len__(self) -> int:
        return len(self.entries) + len(self.added)

    def save(self) -> dict | None:
        """Write what was added (the whole pack anew when more than half of it is dead) and
        return the index to keep in the state."""
        if self._file is not None:
            os.close(self._file)
            self._file = None
        if self.path is None:
            return None
        live = sum(length for _, length, _ in self.entries.values())
        try:
            size = self.path.stat().st_size if self.generation else 0
        except OSError:
            size = 0
        try:
            if not self.generation or size > 2 * live + (1 << 20):
                self._rewrite()
            elif self.added:
                with open(self.path, "ab") as file:
                    self._append(file, file.tell())
        except OSError:
            return None                             # no pack: the next build remakes its values
        return {"code": code_version(), "generation": self.generation, "entries": self.entries}

    def _append(self, file, offset: int) -> None:
        with _collector_paused():
            for key, value in self.added.items():
                data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
                file.write(data)
                self.entries[key] = (offset, len(data), zlib.crc32(data))
                offset += len(data)
        self.added = {}

    def _rewrite(self) -> None:
        """A new generation holding only the live values (read from the old one, then added)."""
        for key in list(self.entries):
            try:
                self.added.setdefault(key, self[key])
            except KeyError:
                pass
        generation = os.urandom(16)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as file:
            file.write(self.HEADER + generation)
            self.entries = {}
            self._append(file, len(self.HEADER) + 16)
        os.replace(temporary, self.path)
        self.generation = generation
