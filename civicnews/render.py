"""Rendering: Site -> list of (path, bytes) outputs (STUB)."""
from __future__ import annotations

from .models import Output, Site


def render_site(site: Site) -> list[Output]:
    return [Output("index.html", b"<!doctype html><title>stub</title>")]
