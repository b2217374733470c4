"""content/raw/sources.yaml: optional hints per raw file, written by the curator.

    000_12117dbb3008d91d.txt:
      url: https://www.kwangju.co.kr/article.php?aid=1652022000...
      outlet: 광주일보
      date: 2022-05-09
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..config import SOURCES_FILE


@dataclass(frozen=True)
class Hint:
    url: str = ""
    outlet: str = ""
    date: str = ""
    section: str = ""


def load_hints(raw_dir: Path) -> tuple[dict[str, Hint], str]:
    """(file name -> Hint, problem text or '')."""
    path = raw_dir / SOURCES_FILE
    if not path.exists():
        return {}, ""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        return {}, f"{SOURCES_FILE} is not valid YAML ({error}); hints ignored"
    if isinstance(data, list):
        data = {str(item.get("file")): item for item in data if isinstance(item, dict) and item.get("file")}
    if not isinstance(data, dict):
        return {}, f"{SOURCES_FILE} must map raw file names to {{url, outlet, date}}; hints ignored"
    hints: dict[str, Hint] = {}
    for name, value in data.items():
        if isinstance(value, str):
            value = {"url": value}
        if not isinstance(value, dict):
            continue
        hints[str(name)] = Hint(url=str(value.get("url") or ""), outlet=str(value.get("outlet") or ""),
                                date=str(value.get("date") or ""), section=str(value.get("section") or ""))
    return hints, ""
