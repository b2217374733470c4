"""`build.py serve`: builds, serves with a reload script, rebuilds when an article changes."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ROOT, SITE_FIXTURE


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def test_serve_rebuilds_and_reloads_on_change(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITE_FIXTURE / "content", content)
    command = [sys.executable, "build.py", "serve", "--content", str(content), "--out", str(tmp_path / "site"),
               "--cache", str(tmp_path / "cache"), "--port", "0"]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = None
        for line in server.stdout:
            found = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            if found:
                base = found[1]
                break
        assert base, "the server did not start"
        page = _get(base + "index.html")
        assert b"/__reload" in page and "가람시 시민 뉴스 아카이브".encode() in page
        assert b"/__reload" not in (tmp_path / "site" / "index.html").read_bytes()   # only in what is served
        assert _get(base + "__reload") == b"1"
        article = content / "articles" / "2024-05-20-council.md"
        article.write_text(article.read_text(encoding="utf-8").replace("대책 요구", "대책 요구 (고침)"), encoding="utf-8")
        deadline = time.time() + 90
        while _get(base + "__reload") == b"1" and time.time() < deadline:
            time.sleep(0.5)
        assert _get(base + "__reload") == b"2"
        assert "대책 요구 (고침)".encode() in _get(base + "articles/2024-05-20-council.html")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_watchers_wakeup_comes_when_a_file_changes_also_in_a_new_folder(tmp_path):
    from civicnews.wakeup import Wakeup
    (tmp_path / "articles").mkdir()
    wakeup = Wakeup([tmp_path])
    try:
        assert wakeup.active, "inotify is there on Linux"
        assert wakeup.wait(0.2) is False                        # nothing happened
        (tmp_path / "articles" / "a.md").write_text("가", encoding="utf-8")
        assert wakeup.wait(5) is True
        while wakeup.wait(0.1):                                  # the rest of that write's events
            pass
        (tmp_path / "articles" / "2024").mkdir()                 # a folder made later is watched
        assert wakeup.wait(5) is True
        while wakeup.wait(0.1):
            pass
        started = time.monotonic()
        (tmp_path / "articles" / "2024" / "b.md").write_text("나", encoding="utf-8")
        assert wakeup.wait(5) is True and time.monotonic() - started < 1
    finally:
        wakeup.close()
    assert not wakeup.active and wakeup.wait(0.05) is False     # closed: it only sleeps


def test_serves_builds_scan_the_output_folder_only_when_something_touched_it(tmp_path, monkeypatch):
    """Between serve's builds inotify watches the output folder: while nothing touched it, a
    build takes the last build's list of its files instead of a scan; a file changed by hand
    is noticed, scanned, and written again."""
    from civicnews import korean, serve, uptodate
    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(SITE_FIXTURE / "content", content)
    scans = []
    scan = uptodate.scan
    monkeypatch.setattr(uptodate, "scan", lambda root, *a: scans.append(Path(root)) or scan(root, *a))
    builds = serve._Builds(content, site, tmp_path / "cache", serve._State())
    try:
        builds()
        article = content / "articles" / "2024-05-20-council.md"
        article.write_text(article.read_text(encoding="utf-8").replace("대책 요구", "대책 요구 (고침)"), encoding="utf-8")
        scans.clear()
        builds()
        assert site not in scans and builds.state.build == 2
        assert "대책 요구 (고침)".encode() in (site / "articles" / "2024-05-20-council.html").read_bytes()
        first = (site / "about.html").read_bytes()
        (site / "about.html").write_bytes(b"changed by hand")
        builds()
        assert site in scans
        assert (site / "about.html").read_bytes() == first
    finally:
        if builds.watch is not None:
            builds.watch.close()
        korean.release()


def test_the_watcher_builds_a_change_made_before_it_first_looks(tmp_path):
    """serve hands the watcher the snapshot taken before its first build: an edit made during
    that build, or before the watcher's thread runs, is still built (it was once missed)."""
    import threading

    from civicnews import serve
    (tmp_path / "articles").mkdir()
    article = tmp_path / "articles" / "a.md"
    article.write_text("가", encoding="utf-8")
    before = serve.snapshot([tmp_path])
    article.write_text("가나", encoding="utf-8")             # the edit, before the watcher starts
    built, stop = threading.Event(), threading.Event()
    watcher = threading.Thread(target=serve._watch, args=([tmp_path], built.set, stop, before), daemon=True)
    watcher.start()
    try:
        assert built.wait(10), "the change made before the watcher looked was not built"
    finally:
        stop.set()
        watcher.join(timeout=5)
