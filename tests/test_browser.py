"""The built fixture site in a real headless Chromium: from disk, under /repo/, and unzipped.

Journey: home -> topic -> article -> storyline -> timeline -> back, with no failed request, no
request outside the site and no console error. Screenshots (desktop and 360 px phone, light and
dark, and print) go to $SCREENSHOT_DIR when it is set.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import zipfile
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")]


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def repo_server(built_site, tmp_path_factory):
    """The site served by a plain static server at http://127.0.0.1:PORT/repo/ (a GitHub Pages project)."""
    root = tmp_path_factory.mktemp("www")
    shutil.copytree(built_site, root / "repo")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/repo/"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


class Watch:
    """Every request, failure and console error of a page, judged against the site's root URL."""

    def __init__(self, page, root: str):
        self.root, self.requests, self.failed, self.errors, self.aborted = root, [], [], [], []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", self._failed)
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} HTTP {r.status}"))
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _failed(self, request):
        # A request the page itself abandoned by navigating on (the favicon of a page we left)
        # is not a failure; a missing file is.
        if request.failure == "net::ERR_ABORTED":
            self.aborted.append(request.url)
        else:
            self.failed.append(f"{request.url} {request.failure}")

    def assert_clean(self, site_dir: Path | None = None):
        for url in self.aborted:
            if site_dir is not None and url.startswith(self.root):
                path = url[len(self.root):].split("?")[0].split("#")[0] or "index.html"
                assert (site_dir / path).is_file(), f"aborted request for a missing file: {url}"
        outside = [u for u in self.requests if not u.startswith(self.root) and not u.startswith("data:")]
        assert not outside, f"requests outside the site: {outside}"
        assert not self.failed, f"failed requests: {self.failed}"
        assert not self.errors, f"console errors: {self.errors}"


def journey(page, start: str, root: str) -> Watch:
    watch = Watch(page, root)
    page.goto(start)
    assert page.title().startswith("가람시 시민 뉴스 아카이브")
    page.get_by_role("navigation", name="사이트 메뉴").get_by_role("link", name="주제").click()
    assert page.url.endswith("topics/index.html")
    page.get_by_role("link", name="데이터·AI").first.click()
    assert page.url.endswith("topics/data-ai.html")
    page.get_by_role("link", name="가람시 AI 데이터센터 착공…2025년까지 1,200억원 투입").click()
    assert page.url.endswith("articles/2022-11-02-datacenter.html")
    assert page.locator("h1").inner_text() == "가람시 AI 데이터센터 착공…2025년까지 1,200억원 투입"
    page.get_by_role("navigation", name="사이트 메뉴").get_by_role("link", name="스토리라인").click()
    page.get_by_role("link", name="가람 스마트 도시 2020→2024").click()
    assert page.url.endswith("storylines/garam-smart-city.html")
    assert page.locator("svg[role=img]").count() == 1
    page.get_by_role("navigation", name="사이트 메뉴").get_by_role("link", name="타임라인").click()
    page.get_by_role("link", name="2022년").first.click()
    assert page.url.endswith("timeline/2022.html")
    page.locator('a[href="../articles/2022-11-02-datacenter.html#event-2"]').first.click()
    assert page.url.endswith("articles/2022-11-02-datacenter.html#event-2")
    assert page.locator("#event-2").is_visible()
    page.go_back()
    assert page.url.endswith("timeline/2022.html")
    page.go_back()
    assert page.url.endswith("timeline/index.html")
    # the search box in the header leads to search.html with the query
    page.get_by_label("기사 검색").first.fill("데이터센터")
    page.get_by_label("기사 검색").first.press("Enter")
    page.wait_for_load_state("load")
    assert "search.html?q=" in page.url
    return watch


def test_journey_from_disk(browser, built_site):
    page = browser.new_page()
    root = built_site.as_uri() + "/"
    journey(page, root + "index.html", root).assert_clean(built_site)
    page.close()


def test_journey_under_repo_path(browser, repo_server, built_site):
    page = browser.new_page()
    journey(page, repo_server, repo_server).assert_clean(built_site)
    page.close()


def test_journey_in_the_unzipped_archive(browser, built_site, tmp_path):
    archive = next(built_site.glob("archive-*.zip"))
    with zipfile.ZipFile(archive) as z:
        z.extractall(tmp_path)
    folder = tmp_path / archive.stem
    page = browser.new_page()
    root = folder.as_uri() + "/"
    journey(page, root + "index.html", root).assert_clean(folder)
    page.close()


@pytest.mark.parametrize("width, scheme", [(1280, "light"), (1280, "dark"), (360, "light"), (360, "dark")])
def test_readable_on_phone_and_desktop_in_both_schemes(browser, built_site, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    for name in ("index.html", "articles/2022-11-02-datacenter.html", "storylines/garam-smart-city.html"):
        page.goto((built_site / name).as_uri())
        # nothing wider than the screen (no sideways scrolling on a phone)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        style = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('main p') || document.body);
            return {wb: s.wordBreak, lh: parseFloat(s.lineHeight) / parseFloat(s.fontSize), bg: getComputedStyle(document.documentElement).backgroundColor}; }""")
        assert style["wb"] == "keep-all" and 1.6 <= style["lh"] <= 2.0, (name, style)
        assert (style["bg"] == "rgb(255, 255, 255)") == (scheme == "light"), style
        if os.environ.get("SCREENSHOT_DIR"):
            stem = name.replace("/", "_").removesuffix(".html")
            page.screenshot(path=f"{os.environ['SCREENSHOT_DIR']}/{stem}-{width}-{scheme}.png", full_page=True)
    context.close()


def test_print_hides_navigation_and_keeps_the_chart(browser, built_site):
    page = browser.new_page()
    page.goto((built_site / "storylines/garam-smart-city.html").as_uri())
    page.emulate_media(media="print")
    assert not page.locator("nav.site-nav").is_visible()
    assert not page.locator("form.search-box").is_visible()
    assert page.locator("svg[role=img]").is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('main p')).breakInside") == "avoid"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    if os.environ.get("SCREENSHOT_DIR"):
        Path(os.environ["SCREENSHOT_DIR"], "storyline-print.pdf").write_bytes(pdf)
        page.screenshot(path=f"{os.environ['SCREENSHOT_DIR']}/storyline-print.png", full_page=True)
    page.close()
