"""Cleaning: raw news pages in content/raw/ -> Article drafts and a cleaning report."""
from __future__ import annotations

from pathlib import Path

from ..models import CleanResult


def clean_content(content_dir: Path) -> CleanResult:
    """Clean every file in content_dir/raw/ (STUB: the cleaner is being written)."""
    return CleanResult(articles=(), reports=())
