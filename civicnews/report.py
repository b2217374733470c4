"""The cleaning report: what every raw file became, and every dropped block with its reason.

Written by the cleaner as content/articles/cleaning-report.json (sorted, stable), read by the
build for the article pages' provenance and the about page.
"""
from __future__ import annotations

import json
from pathlib import Path

from .config import ARTICLES_DIR, REPORT_FILE
from .models import Dropped, FileReport, Problem

REPORT_VERSION = 1


def report_path(content_dir: Path) -> Path:
    return content_dir / ARTICLES_DIR / REPORT_FILE


def dumps_report(reports: tuple[FileReport, ...] | list[FileReport]) -> str:
    files = []
    for report in sorted(reports, key=lambda r: r.file):
        files.append({
            "file": report.file,
            "encoding": report.encoding,
            "skipped": report.skipped,
            "articles": list(report.articles),
            "dropped": [{"line": d.line, "reason": d.reason, "text": d.text} for d in report.dropped],
        })
    summary = {
        "files": len(files),
        "skipped": sum(1 for f in files if f["skipped"]),
        "articles": sum(len(f["articles"]) for f in files),
        "dropped_blocks": sum(len(f["dropped"]) for f in files),
    }
    return json.dumps({"version": REPORT_VERSION, "summary": summary, "files": files},
                      ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def write_report(content_dir: Path, reports) -> None:
    path = report_path(content_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps_report(reports), encoding="utf-8")


def read_report(content_dir: Path) -> tuple[FileReport, ...]:
    path = report_path(content_dir)
    if not path.exists():
        return ()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    return tuple(
        FileReport(
            file=f["file"],
            articles=tuple(f.get("articles") or ()),
            dropped=tuple(Dropped(int(d["line"]), d["text"], d["reason"]) for d in f.get("dropped") or ()),
            skipped=f.get("skipped") or "",
            encoding=f.get("encoding") or "",
        )
        for f in data.get("files") or ()
    )


def skipped_problems(content_dir: Path, reports: tuple[FileReport, ...]) -> list[Problem]:
    """An error for each raw file the last clean skipped that is still in raw/: it is missing
    from the site for as long as it stays there."""
    return [Problem((content_dir / r.file).as_posix(), 0, f"skipped by clean: {r.skipped}; fix or remove the file, "
                                                          "then run `python build.py clean`")
            for r in reports if r.skipped and (content_dir / r.file).is_file()]
