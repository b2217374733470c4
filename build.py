#!/usr/bin/env python3
"""Clean raw Korean news pages and build the static archive site: `python build.py --help`."""
import sys
from pathlib import Path

# Run from a checkout without installing: the package sits beside this file.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from civicnews.cli import run  # noqa: E402

if __name__ == "__main__":
    run()
