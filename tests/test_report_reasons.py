"""The cleaning report's reasons are shown in Korean on the site, every one the cleaner gives."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT

from civicnews import render
from civicnews.clean import clean_file

FIXTURES = ROOT / "tests" / "fixtures"


def korean_reasons() -> dict[str, str]:
    return render._environment().get_template("partials/reasons.html").module.REASONS


def test_every_reason_the_cleaner_gives_on_the_fixtures_has_a_korean_name():
    raw = sorted(p for folder in ("raw", "seeds", "blind") if (FIXTURES / folder).is_dir()
                 for p in (FIXTURES / folder).iterdir() if p.suffix in (".txt", ".html"))
    given = {d.reason for path in raw for d in clean_file(path).report.dropped}
    assert len(given) >= 15, given                  # the fixtures exercise most of the rules
    assert given - set(korean_reasons()) == set()


def test_about_page_counts_reasons_in_korean(built_site: Path):
    report = json.loads((ROOT / "tests/fixtures/site/content/articles/cleaning-report.json").read_text(encoding="utf-8"))
    codes = {d["reason"] for f in report["files"] for d in f["dropped"]}
    about = (built_site / "about.html").read_text(encoding="utf-8")
    summary = about.split("제외한 이유별:", 1)[1].split("</p>", 1)[0]
    names = korean_reasons()
    assert codes and all(names[code] in summary and code not in summary for code in codes), summary
