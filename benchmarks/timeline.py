#!/usr/bin/env python3
"""Where one build's time goes: each stage's start and end, and how busy the cores were.

    python benchmarks/timeline.py --content C --out O --cache K [--edit N] [--json]

Runs `build --content C --out O --cache K --keep-resident 0` in this process, as `build.py` does
(by itself: no resident builder is asked or left), with the pipeline's stages timed as they run
(STAGES: the function each stands for), and samples the machine's busy cores (/proc/stat) every
SAMPLE_SECONDS meanwhile. --edit N first edits article N of C as benchmarks/run.py does (the
first body sentence replaced by a new one), so what is timed is a rebuild after one edit. Prints
one row per stage call, oldest first: from and to (s since the build's start), seconds, and the
cores busy on average over it (the whole machine's, ours or not: run it on a quiet machine),
then the process's CPU and its children's. A rebuild also shows when the analyser's helper
(korean.prepare) finished loading Kiwi: the edit's critical path is the later of that and the
main process reaching the analysis.

A stage named here that the code no longer has is an error, not a silent gap.
"""
from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from civicnews import (analysis, articles, buildstate, cli, indexes, korean, offline, output,  # noqa: E402
                       pipeline, render, uptodate)

# (module, attribute path): what each row stands for
STAGES = (
    (uptodate, "build_inputs"), (uptodate, "scan"), (uptodate, "build_key"),
    (pipeline, "_load_state"), (pipeline, "_Previous.prepare"), (pipeline, "gather"),
    (articles, "load_articles"), (analysis, "analyse"), (korean, "analyse_each"),
    (pipeline, "_search_outputs"), (indexes, "build_indexes"), (render, "render_site"),
    (pipeline, "_digests_and_markers"), (offline, "offline_outputs"), (output, "archive_outputs"),
    (output, "write_site_incremental"),
)
SAMPLE_SECONDS = 0.2


class Timeline:
    """Stage calls and core samples, times in seconds since `start`."""

    def __init__(self):
        self.start = time.perf_counter()
        self.calls: list[tuple[float, float, str]] = []
        self.samples: list[tuple[float, float]] = []       # (time, busy cores over the last interval)
        self.helper: tuple[float, float] | None = None

    def now(self) -> float:
        return time.perf_counter() - self.start

    def busy(self, begin: float, end: float) -> float | None:
        """Average busy cores over the samples inside [begin, end] (None: too short to say)."""
        inside = [b for t, b in self.samples if begin < t <= end + SAMPLE_SECONDS / 2]
        return sum(inside) / len(inside) if inside and end - begin >= SAMPLE_SECONDS else None


def _cpu_times() -> tuple[int, int] | None:
    """(busy, total) jiffies of the whole machine."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(x) for x in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def _sample(timeline: Timeline, stop: threading.Event) -> None:
    cores = os.cpu_count() or 1
    last = _cpu_times()
    while last is not None and not stop.wait(SAMPLE_SECONDS):
        now = _cpu_times()
        if now is None:
            return
        busy, total = now[0] - last[0], now[1] - last[1]
        if total:
            timeline.samples.append((timeline.now(), cores * busy / total))
        last = now


def instrument(timeline: Timeline) -> None:
    """Wrap every stage of STAGES so that each call is recorded (AttributeError: a stage the
    code no longer has)."""
    for module, name in STAGES:
        owner = module
        *parents, leaf = name.split(".")
        for part in parents:
            owner = getattr(owner, part)
        function = getattr(owner, leaf)
        label = f"{module.__name__.removeprefix('civicnews.')}.{name}"

        def timed(*args, _function=function, _label=label, **kwargs):
            began = timeline.now()
            try:
                return _function(*args, **kwargs)
            finally:
                timeline.calls.append((began, timeline.now(), _label))
        setattr(owner, leaf, functools.wraps(function)(timed))


def _instrument_helper(timeline: Timeline, report: Path) -> None:
    """The analyser's helper is a forked process: it writes when its warm-up began and ended."""
    warm = korean.warm

    def timed_warm(*args, **kwargs):
        began = timeline.now()
        warm(*args, **kwargs)
        report.write_text(f"{began} {timeline.now()}", encoding="ascii")
    korean.warm = timed_warm


def run(content: Path, out: Path, cache: Path) -> tuple[Timeline, dict]:
    """One build, timed; returns the timeline and the CPU figures."""
    timeline = Timeline()
    instrument(timeline)
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "helper"
        _instrument_helper(timeline, report)
        stop = threading.Event()
        sampler = threading.Thread(target=_sample, args=(timeline, stop), daemon=True)
        sampler.start()
        buildstate.EXIT_AFTER_BUILD = True          # as build.py runs it
        gc.set_threshold(50_000, *gc.get_threshold()[1:])
        mine, theirs = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        timeline.start = time.perf_counter()
        # this process's own build, not one handed to a resident builder (resident.py)
        status = cli.main(["build", "--content", str(content), "--out", str(out), "--cache", str(cache), "-q",
                           "--keep-resident", "0"])
        wall = timeline.now()
        mine2, theirs2 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        stop.set()
        sampler.join()
        if report.exists():
            began, ended = map(float, report.read_text(encoding="ascii").split())
            timeline.helper = (began, ended)
    figures = {"status": status, "wall_s": wall,
               "cpu_s": mine2.ru_utime + mine2.ru_stime - mine.ru_utime - mine.ru_stime,
               "children_cpu_s": theirs2.ru_utime + theirs2.ru_stime - theirs.ru_utime - theirs.ru_stime}
    return timeline, figures


def rows(timeline: Timeline) -> list[dict]:
    found = [{"stage": label, "from_s": begin, "to_s": end, "seconds": end - begin,
              "busy_cores": timeline.busy(begin, end)} for begin, end, label in timeline.calls]
    if timeline.helper is not None:
        begin, end = timeline.helper
        found.append({"stage": "helper: Kiwi loaded and warmed (forked)", "from_s": begin, "to_s": end,
                      "seconds": end - begin, "busy_cores": timeline.busy(begin, end)})
    return sorted(found, key=lambda row: (row["from_s"], -row["to_s"]))


def table(found: list[dict], figures: dict) -> str:
    lines = ["| stage | from s | to s | seconds | busy cores |", "|---|---:|---:|---:|---:|"]
    for row in found:
        busy = "" if row["busy_cores"] is None else f"{row['busy_cores']:.2f}"
        lines.append(f"| {row['stage']} | {row['from_s']:.3f} | {row['to_s']:.3f} | {row['seconds']:.3f} | {busy} |")
    lines.append("")
    lines.append(f"build: {figures['wall_s']:.3f} s wall, this process {figures['cpu_s']:.2f} CPU-s, "
                 f"its children {figures['children_cpu_s']:.2f} CPU-s, exit status {figures['status']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--content", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--edit", type=int, metavar="N", help="edit article N first (as run.py's edit step does)")
    ap.add_argument("--json", action="store_true", help="print the rows and figures as JSON")
    args = ap.parse_args(argv)
    if args.edit is not None:
        from run import edit_one
        files = sorted((args.content / "articles").glob("*.md"))
        if not 1 <= args.edit <= len(files):
            ap.error(f"--edit: there are {len(files)} articles")
        edit_one(files[args.edit - 1], int(time.time()))
    timeline, figures = run(args.content, args.out, args.cache)
    found = rows(timeline)
    print(json.dumps({"rows": found, **figures}, ensure_ascii=False) if args.json else table(found, figures))
    sys.stdout.flush()
    return figures["status"]


if __name__ == "__main__":
    code = main()
    os._exit(code)      # as build.py ends: the state is not freed object by object
