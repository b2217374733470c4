"""The offline search index (STUB)."""
from __future__ import annotations

from .models import Output, Site


def search_outputs(site: Site) -> list[Output]:
    return []
