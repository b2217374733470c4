"""The two commands' bodies: clean (raw -> articles) and build (articles -> site).

Each step hands the next one a value; only output.write_site() touches the output folder.
"""
from __future__ import annotations

import dataclasses
import gc
import hashlib
import multiprocessing
import os
import time
from functools import partial
from pathlib import Path
from typing import Callable

from . import analysis, articles, buildstate, config, indexes, korean, offline, output, render, report, search, uptodate
from .models import Changes, Indexes, Output, Site
from .summary import BuildSummary, CleanSummary  # noqa: F401  (the commands' results)


def clean(content_dir: Path, force: bool = False) -> CleanSummary:
    """content/raw/ -> content/articles/*.md and the cleaning report."""
    from .clean import clean_content           # the cleaner's rules load only for cleaning
    result = clean_content(content_dir)
    written = articles.write_articles(result.articles, content_dir / config.ARTICLES_DIR, force=force)
    report.write_report(content_dir, result.reports)
    return CleanSummary(
        raw_files=len(result.reports),
        articles=len(result.articles),
        written=tuple(written["written"]),
        unchanged=tuple(written["unchanged"]),
        kept_edited=tuple(written["kept_edited"]),
        removed=tuple(written["removed"]),
        skipped=tuple((r.file, r.skipped) for r in result.reports if r.skipped),
        dropped_blocks=sum(len(r.dropped) for r in result.reports),
    )


def gather(content_dir: Path, cache_dir: Path, base_url: str | None = None, state: dict | None = None,
           progress=None, analysed: Callable[[Site], None] | None = None) -> Site:
    """Read everything and analyse it: the whole site as one value, before anything is written.

    state (the build state, see buildstate.py) lets a rebuild skip what did not change: files
    whose stat did not change are not read again, texts already analysed are not analysed again,
    and the archive-wide analysis and indexes are reused while their inputs are the same.
    analysed(site) is called as soon as the articles are analysed, with the site still without
    its indexes (what the search index is made of)."""
    state = state if state is not None else {}
    site_config = config.load_site_config(content_dir, base_url)
    # 1. the articles, validated (broken files become problems, the rest go on)
    loading = time.time_ns()
    files = state.setdefault("files", {})
    last_files = dict(files)
    stored = buildstate.Pack(cache_dir, "articles", state.pop("articles", None))
    state.setdefault("packs", {})["articles"] = stored           # saved with the state
    replaced: dict = {}
    found, problems = articles.load_articles(content_dir, files, state.get("loaded_ns", 0), stored, replaced)
    # what changed: the articles of the files read again or gone (the others are the records
    # the last build stored)
    reread = {rel for rel, entry in files.items() if last_files.get(rel) is not entry}
    fresh = {a.slug for a in found if a.path in reread}
    before = {a.slug: a for a in replaced.values()}
    now = {a.slug: a for a in found}
    changed_articles = {slug: (before.get(slug), now.get(slug)) for slug in before.keys() | fresh
                        if before.get(slug) != now.get(slug)}
    state["loaded_ns"] = loading
    topics = config.load_topics(content_dir)
    storylines = config.load_storylines(content_dir)
    problems += analysis.check_pins(found, topics, content_dir)
    # 2. Korean analysis, cached by content hash; the archive-wide step (word statistics,
    #    keywords, entity slugs) is redone from each article's own analysis in the state
    try:
        owns = buildstate.Pack(cache_dir, "own", state.pop("own", None))
        state["packs"]["own"] = owns                # saved with the state (their index goes in it)
        analysed_now = analysis.analyse(found, topics, cache_dir, progress, None, owns,
                                        state.setdefault("hashed", {}), state.setdefault("archive", {}),
                                        fresh if last_files else None)
    finally:
        korean.release()                         # nothing after this needs Kiwi (its model is ~300 MB)
    analyses, terms = analysed_now.analyses, analysed_now.terms
    last_indexes = state.get("index_memory", {}).get("built")
    changes = None if last_indexes is None else Changes(
        changed_articles, {slug: (old, analyses.get(slug)) for slug, old in analysed_now.before.items()},
        last_indexes, analysed_now.before_terms)
    # each analysis's digest stands for its article and the taxonomy (what it is made from),
    # so their list stands for all the articles and the topics, without hashing them again
    key = buildstate.digest("analysis", [analyses[a.slug].digest for a in found], topics)
    state["analysis_key"] = key
    newest_first = tuple(sorted(found, key=lambda a: a.sort_key, reverse=True))
    if analysed is not None:
        analysed(Site(config=site_config, articles=newest_first, analyses=analyses, topics=topics,
                      indexes=Indexes(), terms=terms, changes=changes))
    # 3. indexes: topics, keywords, people, organisations, timeline, storylines, related
    #    (the last build's while their inputs are the same; after an edit, redone where it reaches)
    index_key = buildstate.digest("indexes", key, storylines)
    built = state.get("index_memory", {}).get("built") if state.get("index_key") == index_key else None
    if built is None:
        built = indexes.build_indexes(found, analyses, topics, storylines, terms,
                                      memory=state.setdefault("index_memory", {}))
    state["index_key"] = index_key
    reports = report.read_report(content_dir)
    problems += report.skipped_problems(content_dir, reports)      # not published: --strict fails
    return Site(config=site_config, articles=newest_first, analyses=analyses, topics=topics,
                indexes=built, reports=reports, problems=tuple(problems), changes=changes)


def build(content_dir: Path, out_dir: Path, cache_dir: Path, base_url: str | None = None,
          progress: "Progress | None" = None, seen: dict | None = None,
          memory: "Memory | None" = None, saved: Callable[[BuildSummary], None] | None = None,
          written_then: Callable[[BuildSummary], None] | None = None) -> BuildSummary:
    """content/articles/ -> site/.

    The cache folder holds the build state: a rebuild analyses, renders and writes only what
    changed, and gives the same bytes as a build with an empty cache. seen: the output
    folder's files and their stats (uptodate.scan(), just taken), else it is scanned here.
    memory: where a process that builds again and again keeps the state between its builds.
    saved(summary): called once, when the state is saved, with the build's summary (its
    seconds not yet counted): by the forked process that saves it when the process ends with
    its build, which holds the state's lock until it is done (the command's up-to-date stamp,
    0.05 s at 10,000 articles, is not made while the curator waits), else here.
    written_then(summary): called once the site is written, before the state is saved (the
    resident builder answers its client then)."""
    started = time.perf_counter()
    progress = progress or Progress(None)
    if buildstate.exists(cache_dir):
        korean.prepare()                # a rebuild: the analyser loads beside the state, in case
    state = _load_state(cache_dir, content_dir, out_dir, memory)
    if seen is None:
        seen = uptodate.scan(out_dir) if Path(out_dir).is_dir() else {}
    previous = _Previous(out_dir, state, seen)
    previous.prepare()          # while the analyser's helper loads (a rebuild after an edit)
    # the search index is made by another process while the indexes are built and pages rendered
    search_started: list = []
    # what rendering and writing leave (the search's among it) is kept apart while the rest is settled
    outcome = {key: state.pop(key) for key in OUTPUT_PARTS if key in state}
    searched = {key: outcome.pop(key) for key in ("search", "search_memory") if key in outcome}
    site = gather(content_dir, cache_dir, base_url, state, progress.stage("analysing"),
                  lambda analysed: search_started.append(_search_outputs(analysed, state, searched, previous)))
    # what the analysis and the indexes leave is saved from here on by another process
    for name, pack in state.pop("packs", {}).items():
        state[name] = pack.save()
    saving = buildstate.Saving(cache_dir, state)
    state.update(outcome)
    searching = search_started[0]
    gathered = time.perf_counter()
    # the site lives to the end: later collections need not walk it again (after a build without
    # a state, the garbage cycles of the analysis are collected first, or they would wait for
    # the end; a rebuild's are few)
    if site.changes is None:
        gc.collect()
    gc.freeze()
    # 4. render every page and the search index, in memory; a page whose fingerprint did not
    #    change, and the search files while their inputs are the same, come from the last build
    with render.Incremental(state.get("pages", {}), previous.output, progress.stage("rendering"),
                            state.get("render"), site.changes,
                            Path(cache_dir) / "templates" if cache_dir is not None else None) as rendering:
        outputs = render.render_site(site)
    output.pack_soon(outputs)       # the new pages' zip entries, on the other core meanwhile
    gc.freeze()             # so do the pages (see buildstate: a frozen object is still freed when
                            # no longer referred to; only cycles wait for the unfreeze below)
    state["render"] = rendering.memory_out
    progress.done()
    fingerprints, rendered = rendering.fingerprints, rendering.rendered
    previous.unchanged.update(rendering.reused)         # also those a forked worker took
    found = searching()
    output.pack_soon(found)
    outputs += found
    digests, markers, pages = _digests_and_markers(outputs, previous.markers)
    made = offline.offline_outputs(outputs, digests)  # service worker + what it can save
    outputs += made
    markers.update((o.path, found) for o in made if (found := _marker_offsets(o.data)))
    archive = output.archive_name(site)
    zip_cache = {"entries": state.get("zip_entries"),
                 "path": os.path.join(out_dir, archive) if previous.intact(archive) else None}
    outputs = output.archive_outputs(outputs, site, zip_cache)      # the downloadable zip of it all
    rendered_at = time.perf_counter()
    # 5. write only what changed (a first build: into a temporary folder swapped in at the end)
    # a reused page is the very file of the last build unless the zip's size printed in it changed
    unchanged = previous.unchanged
    size = _size_text(outputs, site)
    if size != state.get("size_text"):
        unchanged = {path for path in unchanged if not previous.markers.get(path)}
    try:
        written, manifest = output.write_site_incremental(outputs, out_dir, state.get("manifest"),
                                                          frozenset(unchanged), seen, digests, markers)
    except BaseException:
        saving.abandon()                         # the state must not describe a site not written
        raise
    state.update(searched)                       # the search's (made in the background on a cold build)
    state.update(pages=fingerprints, markers=markers, digests=digests,
                 size_text=size, zip_entries=zip_cache.get("entries"), manifest=manifest)
    # a process that ends with its build leaves the state's second part (then the old zip's
    # removal and saved()) to a forked process; the next build's load waits for it
    result = BuildSummary(articles=len(site.articles), pages=pages, files_written=written, site_files=manifest,
                          problems=site.problems)
    if written_then is not None:
        written_then(result)                     # the site is written; the state is saved next
    leave = output.remove_now if memory is None and buildstate.EXIT_AFTER_BUILD else None
    if leave is not None and saved is not None:
        leave = partial(_then, leave, partial(saved, result))
    later = saving.commit(state, wait=memory is None, leave=leave)
    if memory is not None:
        memory.keep(cache_dir, state, later)     # what is still under way is waited for later
    elif not saving.detached:
        output.settle()                          # the old zip's blocks freed meanwhile
    if saved is not None and not saving.detached:
        saved(result)
    done = time.perf_counter()
    summary = dataclasses.replace(result, seconds=done - started,
                                  timings={"gather": gathered - started, "render": rendered_at - gathered,
                                           "write": done - rendered_at, "pages_rendered": rendered,
                                           "jobs_run": rendering.jobs_run, "jobs": rendering.jobs_total})
    if buildstate.EXIT_AFTER_BUILD:             # the process ends now: nothing is freed one by one
        buildstate.left.append((state, site, outputs, previous))
    else:
        gc.unfreeze()       # the state was frozen out of the collector's reach while it was needed
    return summary


def _then(first: Callable[[], object], second: Callable[[], object]) -> None:
    """first(), then second() even if first() failed."""
    try:
        first()
    finally:
        second()


# what the rendering and writing leave in the state (the rest is settled once the indexes are)
OUTPUT_PARTS = ("render", "search", "search_memory", "pages", "manifest", "markers", "digests", "size_text",
                "zip_entries")


class Memory:
    """The state a process's last build saved, kept in memory for its next build (serve): read
    back from the cache only when the cache's state files are no longer the ones it wrote."""

    def __init__(self):
        self.state: dict | None = None
        self.stamp: tuple = ()
        self.cache_dir: Path | None = None
        self.saving: Callable[[], None] | None = None

    def keep(self, cache_dir: Path, state: dict, saving: Callable[[], None] | None = None) -> None:
        """saving: the save of the state's second part still under way (a call that waits for
        it and puts it in place), if any; the first part is in place."""
        self.state, self.cache_dir, self.saving = state, cache_dir, saving
        self.stamp = buildstate.stamp(cache_dir)

    def settle(self) -> None:
        """Wait for the state's save and the old zip's removal (serve calls this as soon as
        the site is written; the next build does in any case)."""
        output.settle()
        if self.saving is not None:
            saving, self.saving = self.saving, None
            saving()
            self.stamp = self.stamp[:1] + buildstate.stamp(self.cache_dir)[1:]

    def take(self, cache_dir: Path) -> dict:
        """The kept state, or {} (it is handed out once: a build that fails leaves none)."""
        self.settle()
        state, self.state = self.state, None
        if state is None or cache_dir is None or self.stamp != buildstate.stamp(cache_dir):
            return {}
        return state


class Rebuilds:
    """What a process that builds again and again (serve, resident.py) keeps between its builds:
    the state (Memory), and the list of the output folder's files as the last build left them,
    used instead of a scan while inotify saw nothing touch the folder since; settle() also
    starts the analyser's helper for the next build (kept there while korean.KEEP_HELPER)."""

    def __init__(self):
        self.memory = Memory()
        self.out: Path | None = None
        self.written: dict | None = None        # path -> stat of what the last build left
        self.watch = None                       # wakeup.Wakeup of the output folder, since that build

    def build(self, content_dir: Path, out_dir: Path, cache_dir: Path, **options) -> BuildSummary:
        """build(), with what the last one left."""
        out_dir = Path(out_dir)
        untouched = self.out == out_dir and self.watch is not None and self.watch.active and not self.watch.wait(0)
        seen, self.written, self.out = (self.written if untouched else None), None, out_dir
        summary = build(content_dir, out_dir, cache_dir, seen=seen, memory=self.memory, **options)
        # the stats, apart from the manifest the next build changes
        files = summary.site_files
        self.written = None if files is None else {path: known[:3] for path, known in files.items()}
        return summary

    def settle(self, saved: Callable[[], None] | None = None) -> None:
        """After a build, failed or not: the output folder watched (anew: a first build swaps in
        a new folder), the state's save (by a forked process) waited for, then saved(); the
        kept state put out of the collector's reach (its full runs would walk it again and
        again in the next build), and the analyser's helper started if there is none."""
        from .wakeup import Wakeup
        if self.watch is not None:
            self.watch.close()
        self.watch = Wakeup([self.out]) if self.out is not None else None
        try:
            self.memory.settle()
        finally:
            if saved is not None:
                saved()
        gc.collect()
        gc.freeze()
        korean.prepare()


def _load_state(cache_dir: Path, content_dir: Path, out_dir: Path, memory: Memory | None = None) -> dict:
    """The last build's state; the parts made for another content or output folder are dropped
    (the same folders named another way, relative or absolute, are the same)."""
    state = (memory.take(cache_dir) if memory is not None else {}) or buildstate.load(cache_dir)
    where = (str(Path(content_dir).resolve()), str(Path(out_dir).resolve()))
    if state.get("where") != where:
        for part in ("files", "articles", "loaded_ns", "pages", "manifest", "markers", "size_text", "search",
                     "zip_entries"):
            state.pop(part, None)
    state["where"] = where
    return state


_MARKER = output.ARCHIVE_SIZE_PLACEHOLDER.encode("utf-8")


def _marker_offsets(data: bytes) -> tuple[int, ...]:
    found, at = [], data.find(_MARKER)
    while at >= 0:
        found.append(at)
        at = data.find(_MARKER, at + len(_MARKER))
    return tuple(found)


def _digests_and_markers(outputs: list[Output], last: dict) -> tuple[dict, dict, int]:
    """What the offline manifest and the next build need of each file, in one pass: its sha256
    and size (a file kept from the last build is not read for them, nor for the zip, nor to be
    written), where the archive's size is printed in it (only files that print it: `last`, the
    last build's, for a kept file), and how many pages there are."""
    digests, markers, pages = {}, {}, 0
    for o in outputs:
        path = o.path
        digests[path] = o.known if o.known else (hashlib.sha256(o.data).digest(), len(o.data))
        found = last.get(path) if o.kept and not o.loaded else _marker_offsets(o.data)
        if found:
            markers[path] = found
        if path.endswith(".html"):
            pages += 1
    return digests, markers, pages


def _size_text(outputs: list[Output], site: Site) -> str:
    name = output.archive_name(site)
    return next((output.size_text(o.size) for o in outputs if o.path == name), "")


class _Previous:
    """The last build's files, as they were before the archive's size was put into them."""

    def __init__(self, out_dir: Path, state: dict, seen: dict):
        self.out_dir = Path(out_dir)
        self.seen = seen                        # path -> (size, mtime, inode) as the build began
        self.manifest = state.get("manifest") or {}
        self.markers = state.get("markers") or {}
        self.digests = state.get("digests") or {}
        self.size = (state.get("size_text") or "").encode("utf-8")
        self.unchanged: set[str] = set()
        self._made: dict[str, Output] | None = None      # output()'s answers made ahead (prepare)
        self._intact: set[str] | None = None            # intact()'s, made ahead

    def prepare(self) -> None:
        """Make now what output() and intact() give for every file: a rebuild after an edit
        keeps tens of thousands of them, and this is done while the analyser's helper still
        loads (the same work, done earlier)."""
        made, intact = {}, set()
        for path, known in self.manifest.items():
            if self.seen.get(path) == known[:3]:
                intact.add(path)
                found = self._as_output(path)
                if found is not None:
                    made[path] = found
        self._made, self._intact = made, intact

    def file(self, path: str) -> bytes | None:
        """The bytes of `path` if it is exactly what the last build wrote, else None."""
        known = self.manifest.get(path)
        if known is None or self.seen.get(path) != known[:3]:
            return None
        target = os.path.join(self.out_dir, path)
        try:
            with open(target, "rb") as file:
                return file.read()
        except OSError:
            return None

    def intact(self, path: str) -> bool:
        """Is `path` exactly what the last build wrote (its size, time and inode)?"""
        if self._intact is not None:
            return path in self._intact
        known = self.manifest.get(path)
        return known is not None and self.seen.get(path) == known[:3]

    def all_intact(self, paths: list[str]) -> bool:
        """Are all these paths intact()?"""
        return self._intact.issuperset(paths) if self._intact is not None else all(map(self.intact, paths))

    def output(self, path: str) -> Output | None:
        """`path` as the last build made it before the archive step, its bytes read only when
        they are wanted, or None when the file is not exactly what the last build wrote (its
        size, time and inode are not the manifest's)."""
        found = self._made.get(path) if self._made is not None else self._output(path)
        if found is not None:
            self.unchanged.add(path)
        return found

    def _output(self, path: str) -> Output | None:
        return self._as_output(path) if self.intact(path) else None

    def _as_output(self, path: str) -> Output | None:
        """An intact file as an Output, its bytes read when wanted (None: it holds the archive's
        size, which this build does not know)."""
        offsets = self.markers.get(path)
        if offsets and not self.size:
            return None
        return Output.kept_file(path, partial(self._page, path), self.digests.get(path), bool(offsets))

    def _page(self, path: str) -> bytes:
        data = self.page(path)
        if data is None:
            raise output.OutputError(f"{os.path.join(self.out_dir, path)}: changed while the site was being built; "
                                     "build again")
        return data

    def page(self, path: str) -> bytes | None:
        """The bytes `path` had before the archive step, or None when the file is not exactly
        what the last build wrote."""
        data = self.file(path)
        if data is None:
            return None
        offsets = self.markers.get(path, ())
        if offsets:
            if not self.size:
                return None
            parts, start, shift = [], 0, len(self.size) - len(_MARKER)
            for k, at in enumerate(offsets):
                final = at + k * shift
                if data[final:final + len(self.size)] != self.size:
                    return None
                parts += [data[start:final], _MARKER]
                start = final + len(self.size)
            parts.append(data[start:])
            data = b"".join(parts)
        self.unchanged.add(path)
        return data


def _search_outputs(site: Site, state: dict, outcome: dict, previous: _Previous) -> Callable[[], list[Output]]:
    """The search files, as a call that returns them: the last build's while the analysis, the
    articles' order and the topics are the same (and the files are still what that build
    wrote); after an edit, the last build's but for the files the edited articles change;
    else made by a forked process while this one renders. outcome: the state's part where
    the search keeps what it needs next time."""
    key = buildstate.digest("search", state.get("analysis_key"), [a.slug for a in site.articles], site.topics)
    cached = outcome.get("search")
    intact = bool(cached) and previous.all_intact(cached[1])
    if intact and cached[0] == key:
        kept = _kept(cached[1], previous)
        return lambda: kept
    memory = outcome.get("search_memory")
    if intact and memory and site.changes is not None:
        made = search.update_index(memory, search.changed_docs(site, site.changes), search.topic_list(site),
                                   previous.file)
        if made is not None:
            fresh = {o.path for o in made}
            outputs = made + _kept([path for path in cached[1] if path not in fresh], previous)
            outcome["search"] = (key, [o.path for o in outputs])
            return lambda: outputs
    outcome.pop("search_memory", None)
    made = _in_background(search.search_outputs_and_memory, site)

    def result() -> list[Output]:
        outputs, memory = made()
        outcome["search"] = (key, [o.path for o in outputs])
        outcome["search_memory"] = memory
        return outputs
    return result


def _kept(paths: list[str], previous: _Previous) -> list[Output]:
    """The last build's files at these paths, not read (each is checked intact first)."""
    return [previous.output(path) for path in paths]


_job: tuple | None = None           # (function, args) for the forked process of _in_background


def _in_background(function: Callable, *args) -> Callable[[], object]:
    """function(*args) in a forked process while this one goes on, on another core; returns a
    call that waits for its result. With one core or without fork it runs here, at once."""
    global _job
    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        value = function(*args)
        return lambda: value
    # the child inherits this process's objects: frozen (their garbage collected first), the
    # collector there does not walk, and so copy, every page of them
    gc.collect()
    gc.freeze()
    _job = (function, args)
    try:
        pool = multiprocessing.get_context("fork").Pool(1)      # the child has its copy of _job
    finally:
        _job = None
    pending = pool.apply_async(_run_job)

    def result():
        try:
            return pending.get()
        finally:
            pool.close()
            pool.join()
    return result


def _run_job():
    function, args = _job
    return function(*args)


class Progress:
    """A progress line on stderr while a long stage runs ("\r" updates, no dependency).

    Progress(None) (not a terminal, or --quiet) is silent."""

    def __init__(self, stream):
        self.stream = stream
        self.name = ""
        self.count = 0
        self.last = 0.0

    def stage(self, name: str):
        """The callback of a stage: advance(n) counts n more items done."""
        if self.stream is None:
            return None
        self.done()
        self.name, self.count, self.last = name, 0, 0.0
        return self.advance

    def advance(self, n: int = 1) -> None:
        self.count += n
        now = time.monotonic()
        if now - self.last < 0.1:
            return
        self.last = now
        spin = "|/-\\"[int(now * 8) % 4]
        self.stream.write(f"\r{spin} {self.name} {self.count:,}")
        self.stream.flush()

    def done(self) -> None:
        if self.stream is not None and self.last:
            self.stream.write("\r" + " " * 40 + "\r")
            self.stream.flush()
        self.last = 0.0
