"""The resident builder (resident.py): the state and Kiwi kept between builds, used only by a
client that holds its key and runs the same code, gone when idle, stale or told to stop; the
site it makes is the one a command makes by itself."""
from __future__ import annotations

import hashlib
import hmac
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from civicnews import buildstate, resident, uptodate

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"

pytestmark = pytest.mark.skipif(not resident.supported(), reason="needs Unix sockets and fork")


@pytest.fixture
def runtime(monkeypatch):
    """A folder of this test's own for residents (short: a socket's path has a limit); every
    resident started there is stopped."""
    folder = tempfile.mkdtemp(prefix="cn-")
    monkeypatch.setenv("XDG_RUNTIME_DIR", folder)
    log = Path(folder) / "resident.log"             # what the residents say, shown if a test fails
    monkeypatch.setenv(resident.LOG_VARIABLE, str(log))
    caches: list[Path] = []
    yield caches
    for cache in caches:
        resident.stop(cache)
    if log.exists():
        print(log.read_text(encoding="utf-8", errors="replace"))
    shutil.rmtree(folder, ignore_errors=True)


def _wait_for(cache: Path, seconds: float = 60.0):
    """A connection to cache's resident, once it has loaded Kiwi."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        connection = resident.connect(cache)
        if connection is not None:
            return connection
        time.sleep(0.1)
    raise AssertionError("no resident answered")


def _wait_gone(cache: Path, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if resident.running(cache) is None:
            return True
        time.sleep(0.05)
    return False


def _seed_archive(tmp_path: Path, runtime) -> tuple[Path, Path, Path]:
    """A copy of the seed archive's articles, and its output and cache folders (a resident
    started for that cache is stopped at the end)."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("raw"))
    runtime.append(tmp_path / "cache")
    return content, tmp_path / "site", tmp_path / "cache"


def _started(runtime, cache: Path, keep: int = 60):
    runtime.append(cache)
    resident.start(cache, keep)
    return _wait_for(cache)


def test_one_resident_a_folder_and_stop_ends_it(tmp_path, runtime):
    cache = tmp_path / "cache"
    _started(runtime, cache).close()
    pid = resident.running(cache)
    assert pid is not None and pid != os.getpid()
    resident.start(cache, 60)                   # a second one sees the first and ends
    time.sleep(1.0)
    assert resident.running(cache) == pid
    assert resident.stop(cache) is True
    assert _wait_gone(cache)
    paths = resident._paths(cache)
    assert not paths[0].exists()                # its socket went with it
    assert resident.connect(cache) is None


def _handshake(cache: Path, key: bytes, version: bytes) -> bytes:
    where = resident._paths(cache)[0]
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(5)
        sock.connect(str(where))
        nonce = resident._receive(sock, 32)
        sock.sendall(hmac.new(key, nonce, hashlib.sha256).digest() + version)
        try:
            return sock.recv(1)
        except OSError:
            return b""


def test_a_client_without_the_key_is_not_served(tmp_path, runtime):
    cache = tmp_path / "cache"
    _started(runtime, cache).close()
    answer = _handshake(cache, b"not the key" * 3, resident._version())
    assert answer != b"y"
    assert resident.running(cache) is not None            # still there for its own
    assert resident.connect(cache) is not None


def test_a_client_of_other_code_makes_it_end(tmp_path, runtime):
    cache = tmp_path / "cache"
    _started(runtime, cache).close()
    key = resident._paths(cache)[1].read_bytes()
    assert _handshake(cache, key, b"0" * 64) == b"n"
    assert _wait_gone(cache)


def test_a_resident_of_other_code_is_replaced(tmp_path, runtime, monkeypatch):
    cache = tmp_path / "cache"
    _started(runtime, cache).close()
    old = resident.running(cache)
    monkeypatch.setattr(resident, "_version", lambda: b"1" * 64)
    assert not resident.ready_for(cache)            # not for a client of this other code
    resident.main(str(cache), 0)                    # keep 0: starts nothing, tells nobody
    assert resident.running(cache) == old
    lock = resident._take_lock(resident._paths(cache)[2], b"1" * 64)
    try:
        assert lock is not None                     # the old one was told to end, and did
        assert resident.running(cache) == os.getpid()
    finally:
        lock.close()
    assert _wait_gone(cache)


def test_a_build_asked_for_while_it_starts_waits_for_it(tmp_path, runtime):
    content, out, cache = _seed_archive(tmp_path, runtime)
    _build(content, out, cache, keep=0)
    resident.start(cache, 60)
    deadline = time.monotonic() + 20
    while not resident.ready_for(cache) and time.monotonic() < deadline:
        time.sleep(0.01)                        # its lock is taken before it reads the state
    _edit(content, "광주시는 인공지능 사업 예산 99억원을 더 확보했다고 3일 밝혔다.")
    summary = resident.build(cache, content, out, None, uptodate.build_inputs(content))
    assert summary is not None and summary.files_written > 0 and not summary.errors
    assert resident.served(cache) == 1


def test_it_ends_when_idle(tmp_path, runtime):
    cache = tmp_path / "cache"
    _started(runtime, cache, keep=1).close()
    assert _wait_gone(cache, seconds=2 * resident.LOOK_SECONDS + 10)


def test_a_folder_others_may_enter_is_not_used(tmp_path, monkeypatch):
    folder = tmp_path / "shared"
    (folder / "civicnews").mkdir(parents=True)
    os.chmod(folder / "civicnews", 0o777)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    assert resident._folder() is None
    assert resident.connect(tmp_path / "cache") is None
    resident.start(tmp_path / "cache", 60)      # starts nothing
    assert resident.running(tmp_path / "cache") is None


def test_a_folder_too_deep_for_a_socket_is_not_used(tmp_path, monkeypatch):
    deep = tmp_path / ("d" * 80)
    deep.mkdir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(deep))
    assert resident._paths(tmp_path / "cache") is None
    assert resident.connect(tmp_path / "cache") is None


def test_keep_seconds_from_the_environment(monkeypatch):
    monkeypatch.setenv(resident.KEEP_VARIABLE, "0")
    assert resident.default_keep() == 0
    monkeypatch.setenv(resident.KEEP_VARIABLE, "45")
    assert resident.default_keep() == 45
    monkeypatch.delenv(resident.KEEP_VARIABLE)
    assert resident.default_keep() == resident.KEEP_SECONDS


def _build(content: Path, out: Path, cache: Path, keep: int, *more: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", str(content),
                           "--out", str(out), "--cache", str(cache), "--keep-resident", str(keep), "-q", *more],
                          capture_output=True, text=True, timeout=600, check=True)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _edit(content: Path, sentence: str) -> None:
    article = sorted((content / "articles").glob("*.md"))[0]
    head, _, body = article.read_text(encoding="utf-8").partition("\n---\n")
    article.write_text(f"{head}\n---\n{sentence}\n\n{body}", encoding="utf-8")


def test_build_leaves_a_resident_that_makes_the_next_builds_the_same_sites(tmp_path, runtime):
    content, out, cache = _seed_archive(tmp_path, runtime)
    _build(content, out, cache, keep=60)
    _wait_for(cache).close()
    pid, before = resident.running(cache), resident.served(cache)
    alone_cache, alone_out = tmp_path / "alone-cache", tmp_path / "alone-site"
    for k, sentence in enumerate(("광주시는 인공지능 사업 예산 99억원을 더 확보했다고 3일 밝혔다.",
                                  "강기정 광주시장은 데이터센터 2단계 사업을 4일 발표했다.")):
        _edit(content, sentence)
        done = _build(content, out, cache, keep=60)
        assert done.stdout.startswith("build: ") and "files written" in done.stdout
        assert resident.running(cache) == pid               # the same one, kept
        assert resident.served(cache) == before + k + 1     # and this build was its
        # its state is on disk whole once the next command may read it (it waits on the lock)
        state = buildstate.load(cache)
        assert state.get("manifest") and state.get("pages") and state.get("index_memory")
        # the same site as a build of the edited content by a command of its own
        _build(content, alone_out, alone_cache, keep=0)
        assert resident.running(alone_cache) is None
        assert _tree(out) == _tree(alone_out)
        assert any(sentence.encode() in page for page in _tree(out).values())
    # nothing changed: the command says so itself, from the stamp the resident's build left
    again = _build(content, out, cache, keep=60)
    assert "site up to date" in again.stdout
    assert resident.served(cache) == before + 2


def test_a_build_the_resident_fails_is_made_by_the_command(tmp_path, runtime):
    cache = tmp_path / "cache"
    _started(runtime, cache).close()
    served = resident.served(cache)
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("a file, where the output's folder would be", encoding="utf-8")
    assert resident.build(cache, ROOT / "content", not_a_folder / "site", None, "x") is None
    assert resident.served(cache) == served + 1
    log = Path(os.environ[resident.LOG_VARIABLE]).read_text(encoding="utf-8")
    assert "Traceback" in log and "Error" in log          # why, in the log it was given
    assert resident.running(cache) is not None              # still there for the next one
    # asked for another cache folder's build, it refuses
    connection = resident.connect(cache)
    connection.send(("build", {"cache": str(tmp_path / "other")}))
    assert connection.recv()[0] == "failed"
    connection.close()
