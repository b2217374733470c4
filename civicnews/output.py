"""The only writer of the output folder (STUB)."""
from __future__ import annotations

import shutil
from pathlib import Path

from .models import Output, Site


def archive_outputs(outputs: list[Output], site: Site) -> list[Output]:
    return []


def write_site(outputs: list[Output], out_dir: Path) -> int:
    if out_dir.exists():
        shutil.rmtree(out_dir)
    for item in outputs:
        target = out_dir / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.data)
    return len(outputs)
