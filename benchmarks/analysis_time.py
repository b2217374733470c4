#!/usr/bin/env python3
"""Korean analysis time per 1,000 articles, cold and warm (issue 4's figure).

    python benchmarks/analysis_time.py CONTENT [--runs 3]

cold: analysis.analyse_articles with an empty cache folder (Kiwi loaded and run on every title
and body, then the archive-wide step: word statistics, keywords, entity slugs);
warm: the same articles again with the disk cache of the cold run but no build state (no text
analysed again: Kiwi is not even loaded; each article's own analysis and the archive-wide step
are redone from the cached morphemes);
rebuild: the same again with the build state too (what an unchanged rebuild pays).
Prints one JSON line: seconds per run, medians and seconds per 1,000 articles.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from civicnews import analysis, articles, config, korean  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("content", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    found, problems = articles.load_articles(args.content)
    topics = config.load_topics(args.content)
    runs: dict[str, list[float]] = {"cold": [], "warm": [], "rebuild": []}
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as cache:
            korean.release()
            started = time.perf_counter()
            own: dict = {}
            analysis.analyse_articles(found, topics, Path(cache), own=own)
            runs["cold"].append(time.perf_counter() - started)
            korean.release()
            started = time.perf_counter()
            analysis.analyse_articles(found, topics, Path(cache))
            runs["warm"].append(time.perf_counter() - started)
            started = time.perf_counter()
            analysis.analyse_articles(found, topics, Path(cache), own=own)
            runs["rebuild"].append(time.perf_counter() - started)
    medians = {name: statistics.median(values) for name, values in runs.items()}
    per_1000 = {name: round(value * 1000 / len(found), 2) for name, value in medians.items()}
    print(json.dumps({"articles": len(found), "problems": len(problems), "runs": runs,
                      "median_s": medians, "per_1000_articles_s": per_1000}, ensure_ascii=False))


if __name__ == "__main__":
    main()
