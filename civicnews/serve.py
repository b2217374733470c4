"""`python build.py serve`: build, serve the site on localhost, rebuild when content or templates change.

The browser reloads by itself: every HTML page the preview server sends gets a small script that
asks /__reload for the build number once a second. The script exists only in what this server
sends; the files in the output folder stay exactly as `build` writes them. A build that fails is
reported and the previous site keeps being served.

Between builds the process keeps what the last one left (pipeline.Memory), an analyser loaded in
a helper process (korean.prepare) and the list of the output folder's files (used instead of a
scan while inotify sees nothing touch the folder), and the watcher looks at the content and the
templates as soon as inotify says a file under them changed (wakeup.py; else four times a
second): an edit is on the page about as soon as its own analysis and pages are made.
"""
from __future__ import annotations

import functools
import http.server
import threading
import traceback
from pathlib import Path

from . import config, korean, pipeline, uptodate
from .wakeup import Wakeup

RELOAD_PATH = "/__reload"
POLL_SECONDS = 1.0          # the browser's question
WATCH_SECONDS = 0.25        # the watcher's look at the folders where there is no inotify
SETTLE_SECONDS = 0.05       # a change is built once the files stay still this long
RELOAD_SCRIPT = (
    "<script>(function(){var seen=null;setInterval(function(){fetch('" + RELOAD_PATH + "',{cache:'no-store'})"
    ".then(function(r){return r.text()}).then(function(v){if(seen===null){seen=v}else if(v!==seen){"
    "location.reload()}}).catch(function(){})}," + str(int(POLL_SECONDS * 1000)) + ")})();</script>"
)


def snapshot(folders: list[Path]) -> tuple:
    """What changes when a file is added, removed or edited under the folders (hidden files and
    editors' backups left out): one scandir pass, a few hundredths of a second at 10,000 articles."""
    seen = []
    for folder in folders:
        for path, stat in sorted(uptodate.scan(folder).items()):
            name = path.rsplit("/", 1)[-1]
            if not name.startswith((".", "#")) and not name.endswith("~"):
                seen.append((str(folder), path, stat))
    return tuple(seen)


class _State:
    def __init__(self):
        self.build = 0
        self.lock = threading.Lock()


class _Handler(http.server.SimpleHTTPRequestHandler):
    state: _State

    def do_GET(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == RELOAD_PATH:
            body = str(self.state.build).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        status = 200
        if not file.exists():
            file, status = Path(self.directory) / "404.html", 404
        if file.suffix == ".html" and file.is_file():
            html = file.read_bytes().replace(b"</body>", RELOAD_SCRIPT.encode() + b"</body>", 1)
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(html)))
            self.end_headers()
            self.wfile.write(html)
            return
        super().do_GET()

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class _Builds:
    """serve's builds, one after another, each taking what the last one left (pipeline.Rebuilds):
    the state in memory, the analyser loaded in a helper between builds, and the list of the
    output folder's files."""

    def __init__(self, content_dir: Path, out_dir: Path, cache_dir: Path, state: _State):
        self.content_dir, self.out_dir, self.cache_dir, self.state = content_dir, out_dir, cache_dir, state
        self.rebuilds = pipeline.Rebuilds()

    @property
    def watch(self):
        return self.rebuilds.watch

    def __call__(self) -> None:
        try:
            summary = self.rebuilds.build(self.content_dir, self.out_dir, self.cache_dir)
            with self.state.lock:
                self.state.build += 1           # the site is written: the browser may reload
            for line in summary.lines():
                print(line, flush=True)
        except Exception:  # noqa: BLE001 - a broken edit must not stop the preview
            traceback.print_exc()
            print("serve: build failed; still serving the previous site", flush=True)
        finally:
            self.rebuilds.settle()              # while the curator edits


def _watch(folders: list[Path], rebuild, stop: threading.Event, last: tuple | None = None) -> None:
    """Call rebuild() whenever the folders change. last: their snapshot as the last build
    began (a change made since, even before this watcher looks, is built); else taken now."""
    wakeup = Wakeup(folders)            # looks as soon as a file changes (else at each poll)
    poll = WATCH_SECONDS if not wakeup.active else 1.0
    last = last if last is not None else snapshot(folders)
    try:
        while not stop.is_set():
            if wakeup.wait(poll):
                while wakeup.wait(SETTLE_SECONDS):  # let an editor finish writing: no event for a while
                    pass
            now = snapshot(folders)
            if now == last or stop.is_set():
                continue
            if not wakeup.active:                 # polling: the files must stay still between two looks
                while not stop.wait(SETTLE_SECONDS):
                    last, now = now, snapshot(folders)
                    if now == last:
                        break
            if stop.is_set():
                break
            last = now
            rebuild()
    finally:
        wakeup.close()


def serve(content_dir: Path, out_dir: Path, cache_dir: Path, host: str = "127.0.0.1", port: int = 8000) -> int:
    content_dir, out_dir, cache_dir = Path(content_dir), Path(out_dir), Path(cache_dir)
    state = _State()
    # the state each build leaves is kept for the next, and an analyser waits loaded in a helper
    # process: an edit's rebuild reads neither the state nor Kiwi's model again
    korean.KEEP_HELPER = True
    rebuild = _Builds(content_dir, out_dir, cache_dir, state)
    watched = [content_dir, config.TEMPLATES_DIR]
    before = snapshot(watched)          # an edit made while the first build runs is built next
    rebuild()
    if not (out_dir / "index.html").is_file():
        print(f"serve: no site in {out_dir}; fix the errors above and try again")
        return 1
    handler = type("Handler", (_Handler,), {"state": state})
    server = http.server.ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(out_dir)))
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(watched, rebuild, stop, before), daemon=True)
    watcher.start()
    print(f"serving {out_dir} at http://{host}:{server.server_address[1]}/ (rebuilds on change; Ctrl-C stops)",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
    return 0
