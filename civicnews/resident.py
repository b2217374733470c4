"""The resident builder: the last build's state and a loaded Kiwi kept between two commands.

A rebuild after an edit at 10,000 articles spends as long reading the last build's state
(0.5 s) and loading Kiwi (about 1 s: its model, then its slow first call) as on the edit
itself. So `build` leaves behind it, for KEEP_SECONDS after its last use (`--keep-resident`),
a process that holds what `serve` holds between its builds: the state in memory
(pipeline.Memory) and Kiwi loaded in a helper (korean.KEEP_HELPER). The next `build` of the
same cache folder that has something to do hands the build to it (build()) and prints what it
answers; it makes the same site, through the same code (checked on every connection). When
there is no resident, or it fails, the command builds by itself.

- Where: a socket, a key and a lock file in a folder of this user's alone
  ($XDG_RUNTIME_DIR/civicnews, else <tmp>/civicnews-<uid>: made 0700, not used when anyone
  else may enter it), named by a hash of the cache folder's real path.
- Who may use it: a connection proves it holds the key (an HMAC of a fresh nonce) before the
  resident reads anything else from it; the request that follows is a pickle.
- One at a time: a resident holds the lock file for its life, with its process id, the builds
  it has made and its code's version written in it; another one for the same folder ends at
  once, or, when the one there runs other code, ends that one and takes over. It makes one
  build at a time; a command that comes meanwhile waits its turn.
- It ends KEEP_SECONDS after its last build, at once when a client of other code connects (it
  is stale), when its socket is removed or taken, or on SIGTERM (stop()).
"""
from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import hmac
import os
import secrets
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import traceback
from multiprocessing.connection import Connection
from pathlib import Path

KEEP_SECONDS = 600              # the default: a curator's round of edits
KEEP_VARIABLE = "CIVICNEWS_KEEP_RESIDENT"   # seconds, overriding the default (0: no resident)
LOG_VARIABLE = "CIVICNEWS_RESIDENT_LOG"     # a file the resident writes its errors to (else none)
HANDSHAKE_SECONDS = 0.5         # a resident slower than this to answer is not waited for
WAIT_SECONDS = 30.0             # unless it is known to be there: starting, or building for another
LOOK_SECONDS = 2.0              # how often an idle resident checks its socket is still its own
REQUEST_SECONDS = 5.0           # how long an admitted client has to send its request
_NONCE = 32
_FOLDER_MAX = 70                # a socket's path is at most 107 bytes: the folder, a name and a pid
_VERSION = 64                   # buildstate.code_version(): a SHA-256 in hex


def default_keep() -> int:
    """KEEP_SECONDS, or what CIVICNEWS_KEEP_RESIDENT says (a count of seconds; 0: none)."""
    value = os.environ.get(KEEP_VARIABLE, "").strip()
    try:
        return max(0, int(value)) if value else KEEP_SECONDS
    except ValueError:
        return KEEP_SECONDS


def supported() -> bool:
    return hasattr(socket, "AF_UNIX") and hasattr(os, "fork") and hasattr(os, "getuid")


def _folder() -> Path | None:
    """This user's folder for residents, made if need be; None when it is not safely ours."""
    if not supported():
        return None
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    folder = Path(runtime) / "civicnews" if runtime and Path(runtime).is_dir() \
        else Path(tempfile.gettempdir()) / f"civicnews-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        found = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid() or found.st_mode & 0o077:
        return None
    return folder


def _paths(cache_dir: Path) -> tuple[Path, Path, Path] | None:
    """(socket, key, lock) of the resident of this cache folder."""
    folder = _folder()
    if folder is None or len(os.fsencode(folder)) > _FOLDER_MAX:
        return None
    name = hashlib.sha256(str(Path(cache_dir).resolve()).encode("utf-8")).hexdigest()[:20]
    return folder / f"{name}.sock", folder / f"{name}.key", folder / f"{name}.lock"


def _version() -> bytes:
    from .buildstate import code_version
    return code_version().encode("ascii")


def _receive(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        part = sock.recv(size - len(data))
        if not part:
            raise ConnectionError("closed")
        data += part
    return data


def connect(cache_dir: Path, timeout: float = HANDSHAKE_SECONDS) -> Connection | None:
    """A connection to this cache folder's resident, running this code, or None (no answer
    within `timeout` seconds at each step counts as none)."""
    paths = _paths(cache_dir)
    if paths is None:
        return None
    where, key_path, _ = paths
    sock = None
    try:
        key = key_path.read_bytes()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(str(where))
        nonce = _receive(sock, _NONCE)
        sock.sendall(hmac.new(key, nonce, hashlib.sha256).digest() + _version())
        admitted = _receive(sock, 1) == b"y"
    except (OSError, ConnectionError):
        admitted = False
    if not admitted:
        if sock is not None:
            sock.close()
        return None
    sock.settimeout(None)
    return Connection(sock.detach())


def ready_for(cache_dir: Path) -> bool:
    """Is a resident of this code there for this cache folder (waiting, building, or still
    reading the state as it starts)?"""
    found = _status(cache_dir)
    return found is not None and found[2] == _version().decode("ascii")


def build(cache_dir: Path, content_dir: Path, out_dir: Path, base_url: str | None, inputs: str):
    """The build made by this cache folder's resident (a BuildSummary without its file list),
    or None when there is none of this code, or it failed: the caller then builds itself.
    inputs: uptodate.build_inputs() of content_dir, taken before (for the up-to-date stamp)."""
    connection = connect(cache_dir, WAIT_SECONDS)
    if connection is None:
        return None
    request = {"cache": str(Path(cache_dir).resolve()), "content": str(Path(content_dir).resolve()),
               "out": str(Path(out_dir).resolve()), "base_url": base_url, "inputs": inputs}
    try:
        connection.send(("build", request))
        status, value = connection.recv()
    except (OSError, EOFError):
        return None
    finally:
        connection.close()
    return value if status == "ok" else None


def start(cache_dir: Path, keep: int) -> None:
    """Start a resident for this cache folder in the background (it ends at once if one is
    already there), detached from this process: its own session, no inherited files."""
    if keep <= 0 or _paths(cache_dir) is None:
        return
    package_parent = str(Path(__file__).resolve().parent.parent)
    code = ("import sys; sys.path.insert(0, sys.argv[1]); "
            "from civicnews.resident import main; main(sys.argv[2], int(sys.argv[3])); "
            "import os; os._exit(0)")                 # no slow tidying of Kiwi's memory at the end
    log = os.environ.get(LOG_VARIABLE)
    try:
        errors = open(log, "ab") if log else subprocess.DEVNULL
    except OSError:
        errors = subprocess.DEVNULL
    try:
        subprocess.Popen([sys.executable, "-c", code, package_parent, str(Path(cache_dir).resolve()), str(keep)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors,
                         close_fds=True, start_new_session=True, cwd="/")
    except OSError:
        pass                                    # no resident: the next command builds by itself
    finally:
        if errors is not subprocess.DEVNULL:
            errors.close()


def running(cache_dir: Path) -> int | None:
    """The process id of this cache folder's resident, if one holds its lock."""
    found = _status(cache_dir)
    return found[0] if found else None


def served(cache_dir: Path) -> int | None:
    """How many builds this cache folder's resident has made, if one is there."""
    found = _status(cache_dir)
    return found[1] if found else None


def _status(cache_dir: Path) -> tuple[int, int, str] | None:
    """(process id, builds made, code version) written in the lock file by the resident holding
    it."""
    paths = _paths(cache_dir)
    if paths is None:
        return None
    try:
        with open(paths[2], "rb") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return _parsed(lock.read())
            return None                         # nobody holds it
    except OSError:
        return None


def _parsed(text: bytes) -> tuple[int, int, str] | None:
    """The lock file's text as _note() and _take_lock() write it: "pid builds version", or
    "pid" alone while the resident starts (not listening yet: no version)."""
    fields = text.decode("ascii", "replace").split()
    if len(fields) == 3 and fields[0].isdigit() and fields[1].isdigit():
        return int(fields[0]), int(fields[1]), fields[2]
    if len(fields) == 1 and fields[0].isdigit():
        return int(fields[0]), 0, ""
    return None


def stop(cache_dir: Path, wait: float = 5.0) -> bool:
    """End this cache folder's resident, if there is one; True when one was ended."""
    pid = running(cache_dir)
    if pid is None:
        return False
    try:
        os.kill(pid, signal.SIGTERM)
    except OSError:
        return False
    deadline = time.monotonic() + wait
    while running(cache_dir) is not None and time.monotonic() < deadline:
        time.sleep(0.02)
    return True


# ---------------------------------------------------------------- the resident process

def main(cache_dir: str, keep: int) -> None:
    """The resident of cache_dir: read the last build's state, load Kiwi in a helper, then make
    the builds asked for until KEEP seconds pass without one (or another reason to end: see
    the module's docstring)."""
    version = _version()            # first: a file changed after this can only make it look stale
    cache = Path(cache_dir)
    paths = _paths(cache)
    if paths is None or keep <= 0:
        return
    where, key_path, lock_path = paths
    lock = _take_lock(lock_path, version)
    if lock is None:
        return
    key = secrets.token_bytes(32)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    mine: list[int] = []                        # the inode of its socket, once it is in place
    # SIGTERM (stop()) ends it then and there: an exception raised by a handler can be lost
    # (in a callback run at a fork, it is only reported)
    signal.signal(signal.SIGTERM, lambda *_: (_unlink_own(where, mine), os._exit(0)))
    try:
        _publish(key_path, key)
        # listening from now on: a build that starts while this one loads connects and waits
        fresh = where.with_name(f"{where.stem}.{os.getpid()}.sock")
        fresh.unlink(missing_ok=True)
        server.bind(str(fresh))
        os.chmod(fresh, 0o600)
        server.listen(16)
        os.replace(fresh, where)
        mine.append(os.stat(where).st_ino)
        _note(lock, 0, version)                 # ready_for() from now on: a client connects and waits
        builder = _Builder(cache)
        _accept(server, key, version, keep, where, mine[0], lock, builder)
    finally:
        server.close()
        _unlink_own(where, mine)
        lock.close()


class _Builder:
    """What `serve` keeps between its builds (pipeline.Rebuilds), kept between the commands'
    builds, with the state's lock held from a site written to its state saved."""

    def __init__(self, cache: Path):
        import gc
        from . import buildstate, korean, pipeline
        # as the command line's (cli.run): the young objects are looked at every 50,000 new ones
        gc.set_threshold(50_000, *gc.get_threshold()[1:])
        self.cache = cache
        korean.KEEP_HELPER = True
        korean.prepare()                        # Kiwi loads in a helper meanwhile
        self.rebuilds = pipeline.Rebuilds()
        self.lock: int | None = None
        for _ in range(3):          # the state as its files are: read again if they changed meanwhile
            before = buildstate.stamp(cache)
            state = buildstate.load(cache)
            if buildstate.stamp(cache) == before:
                if state:
                    self.rebuilds.memory.keep(cache, state)
                break
        self.settle()

    def __call__(self, request: dict, answer) -> None:
        """The build asked for; answer(summary) is called as soon as the site is written (the
        state is saved after it, under the state's lock, which settle() lets go)."""
        from . import buildstate, uptodate
        content, out = Path(request["content"]), Path(request["out"])
        base_url, inputs = request["base_url"], request["inputs"]

        def written(summary) -> None:
            # the next command waits for the state and the up-to-date stamp on this lock
            self.lock = buildstate.hold_state_lock(self.cache)
            answer(summary)
        self.rebuilds.build(content, out, self.cache, base_url=base_url, written_then=written,
                            saved=lambda done: uptodate.record(
                                self.cache, "build", uptodate.build_key(inputs, content, out, base_url, done.site_files),
                                done.to_dict(), inputs))

    def settle(self) -> None:
        """After a build, as serve does, the state's lock let go once the state is saved."""
        self.rebuilds.settle(saved=self._release)

    def _release(self) -> None:
        if self.lock is not None:
            os.close(self.lock)
            self.lock = None


def _unlink_own(where: Path, mine: list[int]) -> None:
    """Remove the socket if it is this resident's (not one another has put there since)."""
    try:
        if mine and os.stat(where).st_ino == mine[0]:
            where.unlink()
    except OSError:
        pass


def _take_lock(lock_path: Path, version: bytes):
    """The lock file, held, with this process's id in it (the rest of its status once it
    listens: _note); None when a resident of this code holds it (it is kept), or one that is
    still starting. One of other code is told to end, and waited for a while."""
    lock = open(os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600), "r+b")
    deadline = time.monotonic() + 5.0
    told = False
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            lock.seek(0)
            holder = _parsed(lock.read())
            if holder is not None and holder[2] == version.decode("ascii") or time.monotonic() > deadline:
                lock.close()
                return None
            if holder is not None and holder[2] and not told:
                try:
                    os.kill(holder[0], signal.SIGTERM)  # a stale resident, of other code
                except OSError:
                    pass
                told = True
            time.sleep(0.05)
    lock.seek(0)
    lock.truncate(0)
    lock.write(str(os.getpid()).encode("ascii"))   # its version once it listens (ready_for)
    lock.flush()
    return lock


def _note(lock, served: int, version: bytes) -> None:
    """The lock file's text: this process's id, the builds it has made, its version."""
    lock.seek(0)
    lock.truncate(0)
    lock.write(f"{os.getpid()} {served} {version.decode('ascii')}".encode("ascii"))
    lock.flush()


def _publish(key_path: Path, key: bytes) -> None:
    fresh = key_path.with_name(f"{key_path.name}.{os.getpid()}")
    descriptor = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(descriptor, "wb") as out:
        out.write(key)
    os.replace(fresh, key_path)


def _accept(server: socket.socket, key: bytes, version: bytes, keep: int, where: Path, mine: int,
            lock, builder: _Builder) -> None:
    server.settimeout(LOOK_SECONDS)
    last, served = time.monotonic(), 0
    cache = str(builder.cache)
    while True:
        try:
            client, _ = server.accept()
        except socket.timeout:
            try:
                ours = os.stat(where).st_ino == mine
            except OSError:
                ours = False
            if not ours or time.monotonic() - last > keep:
                return
            continue
        verdict = _admit(client, key, version)
        if verdict is not None:
            try:
                client.sendall(b"y" if verdict else b"n")
            except OSError:
                verdict = None
        if not verdict:
            client.close()
            if verdict is False:                # a client of other code: this resident is stale
                return
            continue
        client.settimeout(None)
        connection = Connection(client.detach())
        built = False
        try:
            if not connection.poll(REQUEST_SECONDS):
                continue
            kind, request = connection.recv()
            if kind != "build" or request.get("cache") != cache:
                connection.send(("failed", "not a build of this cache folder"))
                continue
            served += 1
            _note(lock, served, version)
            built = True
            answered: list[bool] = []

            def answer(summary) -> None:
                answered.append(True)
                try:
                    connection.send(("ok", dataclasses.replace(summary, site_files=None)))
                except OSError:
                    pass
            try:
                builder(request, answer)
            except Exception as error:  # noqa: BLE001 - the client builds by itself and shows it
                traceback.print_exc()           # to $CIVICNEWS_RESIDENT_LOG, if it is set
                if not answered:
                    connection.send(("failed", repr(error)))
        except (OSError, EOFError, ValueError, TypeError):
            pass                                # a client that went away, or sent nonsense
        finally:
            connection.close()
            if built:
                builder.settle()
                last = time.monotonic()


def _admit(client: socket.socket, key: bytes, version: bytes) -> bool | None:
    """True: the client holds the key and runs this code; False: it holds the key and runs
    other code; None: it does not prove it holds the key."""
    try:
        client.settimeout(HANDSHAKE_SECONDS)
        nonce = secrets.token_bytes(_NONCE)
        client.sendall(nonce)
        answer = _receive(client, 32 + _VERSION)
    except (OSError, ConnectionError):
        return None
    if not hmac.compare_digest(answer[:32], hmac.new(key, nonce, hashlib.sha256).digest()):
        return None
    return answer[32:] == version
