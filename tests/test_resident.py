"""The resident analyser (resident.py): Kiwi kept loaded between builds, used only by a client
that holds its key and runs the same code, gone when idle, stale or told to stop."""
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

from civicnews import analysis, korean, resident

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
TEXT = "광주시는 인공지능 중심도시를 만들겠다고 7일 밝혔다. 강기정 시장이 국비 62억원을 확보했다고 말했다."

pytestmark = pytest.mark.skipif(not resident.supported(), reason="needs Unix sockets and fork")


@pytest.fixture
def runtime(monkeypatch):
    """A folder of this test's own for residents (short: a socket's path has a limit); every
    resident started there is stopped."""
    folder = tempfile.mkdtemp(prefix="cn-")
    monkeypatch.setenv("XDG_RUNTIME_DIR", folder)
    caches: list[Path] = []
    yield caches
    for cache in caches:
        resident.stop(cache)
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


def _started(runtime, cache: Path, keep: int = 60):
    runtime.append(cache)
    resident.start(cache, keep)
    return _wait_for(cache)


def test_prepare_uses_a_running_resident_and_gets_what_this_process_derives(tmp_path, runtime):
    cache = tmp_path / "cache"
    _started(runtime, cache).close()
    korean.release()                            # no analyser of this process's own
    assert korean.prepare(cache) is True
    try:
        assert korean._helper[0] is None          # a link to it, no forked helper
        store = korean.DiskCache(None, "test")
        answer = korean._on_helper(korean._derive_chunk, [("k", TEXT)], (analysis.derive_text, store))
    finally:
        korean.release()
    assert answer is not None
    assert answer == korean._derive_chunk([("k", TEXT)], analysis.derive_text, store)
    assert '"강기정"' in answer[0]


def test_a_build_that_starts_while_the_resident_loads_is_answered_when_it_is_ready(tmp_path, runtime):
    cache = tmp_path / "cache"
    runtime.append(cache)
    resident.start(cache, 60)
    deadline = time.monotonic() + 10
    while not resident.ready_for(cache) and time.monotonic() < deadline:
        time.sleep(0.01)                        # its lock, taken before Kiwi loads
    assert resident.ready_for(cache)
    korean.release()
    assert korean.prepare(cache) is True
    try:
        store = korean.DiskCache(None, "test")
        answer = korean._on_helper(korean._derive_chunk, [("k", TEXT)], (analysis.derive_text, store))
    finally:
        korean.release()
    assert answer == korean._derive_chunk([("k", TEXT)], analysis.derive_text, store)
    assert resident.served(cache) == 1


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


def test_no_resident_means_a_forked_helper(tmp_path, runtime):
    korean.release()
    found = korean.prepare(tmp_path / "nobody")
    try:
        assert found is False
        if korean.workers() > 1:
            assert korean._helper is not None and korean._helper[0] is not None
    finally:
        korean.release()


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


def _build(content: Path, out: Path, cache: Path, keep: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", str(content),
                           "--out", str(out), "--cache", str(cache), "--keep-analyser", str(keep), "-q"],
                          capture_output=True, text=True, timeout=600, check=True)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_leaves_a_resident_and_the_next_build_after_an_edit_is_the_same_site(tmp_path, runtime):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("raw"))
    cache, out = tmp_path / "cache", tmp_path / "site"
    runtime.append(cache)
    _build(content, out, cache, keep=60)
    _wait_for(cache).close()
    pid, before = resident.running(cache), resident.served(cache)
    article = sorted((content / "articles").glob("*.md"))[0]
    text = article.read_text(encoding="utf-8")
    marker = "광주시는 인공지능 사업 예산 99억원을 더 확보했다고 3일 밝혔다."
    head, _, body = text.partition("\n---\n")
    article.write_text(f"{head}\n---\n{marker}\n\n{body}", encoding="utf-8")
    _build(content, out, cache, keep=60)
    assert resident.running(cache) == pid       # the same one, kept
    assert resident.served(cache) == before + 1  # and asked once, by that build
    # the same site as a build of the edited content by this process's own Kiwi
    alone_cache, alone_out = tmp_path / "alone-cache", tmp_path / "alone-site"
    _build(content, alone_out, alone_cache, keep=0)
    assert resident.running(alone_cache) is None
    assert _tree(out) == _tree(alone_out)
    assert any(marker.encode() in page for page in _tree(out).values())
