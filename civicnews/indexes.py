"""Indexes over the analysed archive (STUB)."""
from __future__ import annotations

from .models import Indexes


def build_indexes(articles, analyses, topics, storylines) -> Indexes:
    return Indexes()
