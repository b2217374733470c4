#!/usr/bin/env python3
"""Assembles templates/wasm/search-core.wat and writes it into templates/static/search.js.

search.js carries the WebAssembly core of the search as one base64 line (CORE_WASM), so the
site needs no extra file, no fetch() and no build tool: this script is run by hand after the
.wat changes (it needs `wasmtime`, in the project's test extras), and tests/test_search_core.py
fails while the line and the source disagree.

Usage: python tools/search_core.py [--check]
"""
from __future__ import annotations

import base64
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WAT = ROOT / "templates" / "wasm" / "search-core.wat"
SCRIPT = ROOT / "templates" / "static" / "search.js"
LINE = re.compile(r'^  var CORE_WASM = "[A-Za-z0-9+/=]*";$', re.M)


def assemble(source: Path = WAT) -> bytes:
    import wasmtime
    return bytes(wasmtime.wat2wasm(source.read_text(encoding="utf-8")))


def core_line(binary: bytes) -> str:
    return f'  var CORE_WASM = "{base64.b64encode(binary).decode("ascii")}";'


def embedded(script: str) -> str:
    found = LINE.findall(script)
    if len(found) != 1:
        raise ValueError(f"{SCRIPT}: expected one CORE_WASM line, found {len(found)}")
    return found[0]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    script = SCRIPT.read_text(encoding="utf-8")
    wanted = core_line(assemble())
    if embedded(script) == wanted:
        print(f"{SCRIPT.relative_to(ROOT)}: CORE_WASM is up to date")
        return 0
    if "--check" in argv:
        print(f"{SCRIPT.relative_to(ROOT)}: CORE_WASM differs from {WAT.relative_to(ROOT)}; run tools/search_core.py")
        return 1
    SCRIPT.write_text(LINE.sub(lambda _: wanted, script), encoding="utf-8")
    print(f"{SCRIPT.relative_to(ROOT)}: CORE_WASM rewritten ({len(wanted)} characters)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
