/* Offline reading on a served site: registers the service worker and offers to save the whole
   archive (total size shown first, then progress). Does nothing under file://, where the
   pages already open from disk. Plain script: no modules, no build step. */
(function () {
  "use strict";
  if (location.protocol !== "http:" && location.protocol !== "https:") return;
  if (!("serviceWorker" in navigator) || !("caches" in window)) return;

  var script = document.currentScript;
  var root = new URL("../", script.src);          // this file lives in <root>/static/
  navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href })
    .catch(function () { /* a site without a worker still works online */ });

  function formatSize(bytes) {
    if (bytes >= 1048576) return (bytes / 1048576).toFixed(1) + " MB";
    return Math.max(1, Math.round(bytes / 1024)) + " kB";
  }

  function loadManifest() {
    return new Promise(function (resolve, reject) {
      if (window.CivicOffline) { resolve(window.CivicOffline); return; }
      var tag = document.createElement("script");
      tag.src = new URL("offline-manifest.js", root).href;
      tag.onload = function () { window.CivicOffline ? resolve(window.CivicOffline) : reject(); };
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }

  function saveAll(manifest, onProgress) {
    return caches.open(manifest.cache).then(function (cache) {
      var files = manifest.files.slice();
      var done = 0, failed = 0;
      function next() {
        var item = files.shift();
        if (!item) return Promise.resolve();
        var url = new URL(item[0], root).href;
        return fetch(url, { cache: "no-cache" })
          .then(function (response) {
            if (!response.ok) throw new Error(response.status);
            return cache.put(url, response);
          })
          .catch(function () { failed += 1; })
          .then(function () { done += 1; onProgress(done, manifest.files.length); return next(); });
      }
      var workers = [];
      for (var i = 0; i < 6; i += 1) workers.push(next());
      return Promise.all(workers).then(function () { return failed; });
    });
  }

  function build() {
    var host = document.querySelector("[data-offline]") || document.querySelector("footer");
    if (!host) return;
    var box = document.createElement("section");
    box.className = "offline-save";
    box.setAttribute("aria-label", "오프라인 읽기");
    var button = document.createElement("button");
    button.type = "button";
    button.id = "offline-save-button";
    button.textContent = "오프라인 읽기용으로 전체 저장…";
    var status = document.createElement("p");
    status.id = "offline-save-status";
    status.setAttribute("aria-live", "polite");
    var progress = document.createElement("progress");
    progress.hidden = true;
    progress.value = 0;
    box.appendChild(button);
    box.appendChild(progress);
    box.appendChild(status);
    host.appendChild(box);

    var manifest = null;
    button.addEventListener("click", function () {
      if (!manifest) {
        button.disabled = true;
        loadManifest().then(function (loaded) {
          manifest = loaded;
          status.textContent = "전체 " + manifest.files.length.toLocaleString("ko-KR") + "개 파일, "
            + formatSize(manifest.total) + "를 이 브라우저에 저장합니다.";
          button.textContent = "저장 시작 (" + formatSize(manifest.total) + ")";
          button.disabled = false;
          button.focus();
        }, function () {
          status.textContent = "저장할 파일 목록을 불러오지 못했습니다.";
          button.disabled = false;
        });
        return;
      }
      button.disabled = true;
      progress.hidden = false;
      progress.max = manifest.files.length;
      saveAll(manifest, function (done, total) {
        progress.value = done;
        status.textContent = "저장 중: " + done + " / " + total;
      }).then(function (failed) {
        status.textContent = failed
          ? "저장을 마쳤지만 " + failed + "개 파일은 저장하지 못했습니다. 다시 시도해 주세요."
          : "저장 완료: 네트워크 없이도 이 아카이브를 읽고 검색할 수 있습니다.";
        box.setAttribute("data-saved", failed ? "partial" : "all");
        button.disabled = false;
        button.textContent = "다시 저장";
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", build);
  else build();
})();
