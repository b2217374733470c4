"""Offline reading on a served site: a service worker and the manifest of everything it can save.

- `sw.js` at the site root (so its scope is the whole site, also under /repo/): caches every page a
  reader opens and the search shards they load; answers from the cache when the network is gone.
- `offline-manifest.js`: sets `window.CivicOffline = {cache, files: [[path, bytes], ...], total}`,
  loaded with a <script> tag by the "save the whole archive" button (offline.js), which shows the
  total size first and then caches every file with progress.

The cache name carries a hash of the build's content, so a new build replaces the old cache
cleanly. Service workers do not run over file://; there the pages work from disk anyway.
"""
from __future__ import annotations

import hashlib
import json
import operator

from .models import Output

SW_PATH = "sw.js"
MANIFEST_PATH = "offline-manifest.js"
CACHE_PREFIX = "civicnews-"

# Files worth saving for offline reading; the zip archive is a download, not a page.
_SAVED_SUFFIXES = (".html", ".css", ".js", ".svg", ".ico", ".png", ".xml", ".txt", ".json", ".webmanifest")
_PATH = operator.attrgetter("path")


def offline_outputs(outputs: list[Output], digests: dict[str, tuple[bytes, int]] | None = None) -> list[Output]:
    """sw.js and offline-manifest.js for a site made of outputs (deterministic). digests: path ->
    (sha256 digest, length) of outputs' bytes where they are known (so they are not read)."""
    saved = sorted((o for o in outputs if o.path.endswith(_SAVED_SUFFIXES) and o.path != SW_PATH), key=_PATH)
    digests = digests or {}
    known = [digests.get(o.path) or (hashlib.sha256(o.data).digest(), len(o.data)) for o in saved]
    # one hash of every path and digest (tens of thousands: joined, then hashed in one call)
    digest = hashlib.sha256(b"".join(item.path.encode("utf-8") + b"\0" + sha
                                     for item, (sha, _) in zip(saved, known)))
    cache = CACHE_PREFIX + digest.hexdigest()[:12]
    files = [[o.path, size] for o, (_, size) in zip(saved, known)]
    manifest = {"cache": cache, "files": files, "total": sum(size for _, size in files)}
    manifest_js = ("window.CivicOffline = " + json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))
                   + ";\n").encode("utf-8")
    return [Output(MANIFEST_PATH, manifest_js), Output(SW_PATH, _service_worker(cache).encode("utf-8"))]


def _service_worker(cache: str) -> str:
    return _SW_TEMPLATE.replace("__CACHE__", cache).replace("__PREFIX__", CACHE_PREFIX)


_SW_TEMPLATE = r"""/* Service worker of a civicnews archive: pages a reader has seen keep working offline. */
"use strict";
const CACHE = "__CACHE__";
const PREFIX = "__PREFIX__";
const SCOPE = self.registration.scope;
const CORE = ["index.html", "404.html", "search.html", "offline-manifest.js"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(CORE.map((path) => new URL(path, SCOPE).href)))
      .catch(() => undefined)
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

function cacheKey(request) {
  // A folder URL and its index.html are one page; the query string never changes a static file.
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  if (url.pathname.endsWith("/")) url.pathname += "index.html";
  return url.href;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  const key = cacheKey(request);
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(request);
      if (response.ok && response.type === "basic") await cache.put(key, response.clone());
      return response;
    } catch (error) {
      const cached = await cache.match(key);
      if (cached) return cached;
      if (request.mode === "navigate") {
        const notFound = await cache.match(new URL("404.html", SCOPE).href);
        if (notFound) return notFound;
      }
      throw error;
    }
  })());
});
"""
