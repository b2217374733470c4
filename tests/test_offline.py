"""Offline reading on a served site: the service worker keeps what was seen, and "save the whole
archive" caches everything; with the network gone, pages open and search still answers.

Runs in Debian's headless Chromium against the fixture site served at http://127.0.0.1:PORT/repo/.
"""
from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from pathlib import Path

import pytest

from civicnews import offline
from civicnews.models import Output

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def test_manifest_lists_the_site_and_its_cache_name_follows_the_content():
    pages = [Output("index.html", b"<p>home</p>"), Output("articles/a.html", b"<p>a</p>"),
             Output("archive-2024.zip", b"PK...")]
    first = offline.offline_outputs(pages)
    assert [o.path for o in first] == ["offline-manifest.js", "sw.js"]
    manifest = json.loads(first[0].data.decode().removeprefix("window.CivicOffline = ").rstrip(";\n"))
    assert manifest["files"] == [["articles/a.html", 8], ["index.html", 11]]      # no zip, sorted
    assert manifest["total"] == 19
    assert manifest["cache"].startswith("civicnews-") and manifest["cache"] in first[1].data.decode()
    assert offline.offline_outputs(pages) == first                                 # deterministic
    changed = offline.offline_outputs([Output("index.html", b"<p>home, edited</p>")] + pages[1:])
    assert changed[0].data != first[0].data
    assert re.search(r'CACHE = "(civicnews-\w+)"', changed[1].data.decode()).group(1) != manifest["cache"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def served(built_site, tmp_path_factory):
    root = tmp_path_factory.mktemp("www-offline")
    shutil.copytree(built_site, root / "repo")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/repo/", root / "repo"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_save_the_whole_archive_then_read_and_search_offline_under_repo(served, tmp_path):
    base, site_dir = served
    errors: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context()
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "index.html")
        # the worker registers with the site folder as its scope, not the host's root
        scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
        assert scope == base

        button = page.locator("#offline-save-button")
        button.click()                                        # first: the size, before anything is saved
        status = page.locator("#offline-save-status")
        status.wait_for()
        page.wait_for_function("document.querySelector('#offline-save-status').textContent.includes('저장합니다')")
        assert re.search(r"\d[\d,]*개 파일, [\d.]+ (kB|MB)", status.text_content())
        page.locator("#offline-save-button").click()          # then save everything
        page.wait_for_selector("[data-saved]", timeout=60_000)
        assert page.locator(".offline-save").get_attribute("data-saved") == "all"

        # pick pages the reader never opened online
        article = sorted((site_dir / "articles").glob("*.html"))[-1].name
        topic = next(p.name for p in sorted((site_dir / "topics").glob("*.html")) if p.name != "index.html")
        context.set_offline(True)
        for path in (f"articles/{article}", f"topics/{topic}", "timeline/index.html"):
            response = page.goto(base + path)
            assert response is not None and response.ok, path
            assert page.locator("main h1").count() == 1, path

        # a link click from a cached page still works offline
        page.goto(base + "index.html")
        page.locator("main a[href*='articles/']").first.click()
        page.wait_for_load_state()
        assert "/articles/" in page.url and page.locator("main h1").count() == 1

        # search loads its shards through <script> tags: from the cache now
        title = page.locator("main h1").first.text_content().strip()
        word = max(title.split(), key=len)
        page.goto(base + "search.html?q=" + word)
        page.wait_for_selector("main a[href*='articles/']", timeout=15_000)
        assert page.locator("main a[href*='articles/']").count() >= 1

        # a page that exists nowhere gets the cached 404 page, not a browser error
        response = page.goto(base + "no/such/page.html")
        assert response is not None and "찾을 수 없습니다" in page.content()
        context.close()
        browser.close()
    assert errors == []
