"""A symbolic link in content/raw/ that points outside the content folder is reported and never read:
its text must not reach the articles, the cleaning report or the site."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from civicnews import config, pipeline

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
SECRET = "비밀 메모: 이 줄은 공개되면 안 된다"


def test_a_raw_symlink_pointing_outside_content_is_skipped_and_never_read(tmp_path):
    content = tmp_path / "content"
    (content / "raw").mkdir(parents=True)
    shutil.copyfile(HOSTILE / "raw" / "good_garden.txt", content / "raw" / "good_garden.txt")
    outside = tmp_path / "home" / "notes.txt"
    outside.parent.mkdir()
    outside.write_text(f"광주시 내부 문서\n입력 2024.01.02 10:00\n{SECRET}.\n", encoding="utf-8")
    os.symlink(outside, content / "raw" / "link.txt")
    inside = content / "raw" / "kept_inside.txt"      # a link that stays inside content/ is fine
    os.symlink(content / "raw" / "good_garden.txt", inside)

    summary = pipeline.clean(content)
    assert ("raw/link.txt", "symbolic link points outside the content folder: skipped; "
                            "copy the file into content/ instead") in summary.skipped
    assert [file for file, _ in summary.skipped] == ["raw/link.txt"]
    report = (content / "articles" / config.REPORT_FILE).read_text(encoding="utf-8")
    articles = "".join(p.read_text(encoding="utf-8") for p in (content / "articles").glob("*.md"))
    assert SECRET not in report and SECRET not in articles
    files = {f["file"]: f for f in json.loads(report)["files"]}
    assert files["raw/link.txt"]["articles"] == [] and files["raw/link.txt"]["dropped"] == []

    out = tmp_path / "site"
    pipeline.build(content, out, tmp_path / "cache")
    assert not any(SECRET in p.read_text(encoding="utf-8", errors="replace")
                   for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".js", ".xml"))
