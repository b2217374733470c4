"""The only writer of the output folder, and the downloadable archive of the whole site.

write_site() writes into a temporary folder beside the output folder and swaps it in at the end,
so a failed or killed build leaves the previous site. Files whose bytes did not change are
hard-linked (or copied with their times) from the previous site, so their mtimes stay.

archive_outputs() makes archive-YYYYMMDD.zip: the whole site under one folder, sorted, with fixed
timestamps, so the same site gives the same bytes. Every page links to it with its size; since
the pages are inside the zip, the copy in the zip says "this is the archive" where the site's
pages link the zip, so its size can then be put into the site's pages in one pass.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from .models import Output, Site

ARCHIVE_SIZE_PLACEHOLDER = "\u2063ARCHIVE-SIZE\u2063"   # invisible separators: cannot come from a template by chance
ZIP_TIME = (1980, 1, 1, 0, 0, 0)                       # the earliest time a zip can hold
TEXT_SUFFIXES = (".html", ".xml", ".js", ".css", ".txt", ".svg", ".json")


class OutputError(Exception):
    pass


# ---------------------------------------------------------------- the archive

def archive_name(site: Site) -> str:
    """archive-YYYYMMDD.zip from the newest article date (as many digits as the date knows)."""
    dates = [a.date[:10] for a in site.articles if a.date[:4].isdigit()]
    digits = "".join(ch for ch in max(dates, default="") if ch.isdigit())
    return f"archive-{digits}.zip" if digits else "archive.zip"


def size_text(size: int) -> str:
    """Bytes -> what a reader wants to know: '850 KB', '12.4 MB' (rounded up)."""
    if size < 1000 * 1000:
        return f"{max(1, -(-size // 1000))} KB"
    return f"{-(-size // 100_000) / 10:.1f} MB"


def zip_bytes(outputs: list[Output], folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for item in sorted(outputs, key=lambda o: o.path):
            info = zipfile.ZipInfo(f"{folder}/{item.path}", date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3          # "Unix", whatever machine built it
            archive.writestr(info, item.data, compresslevel=6)
    return buffer.getvalue()


def _with_size(outputs: list[Output], text: str) -> list[Output]:
    marker = ARCHIVE_SIZE_PLACEHOLDER.encode("utf-8")
    replacement = text.encode("utf-8")
    return [Output(o.path, o.data.replace(marker, replacement)) if marker in o.data else o for o in outputs]


def archive_outputs(outputs: list[Output], site: Site) -> list[Output]:
    """The site's outputs with the zip's size in every page that links to it, plus the zip.

    The copy inside the zip is the archive itself: there the download line says so instead of
    linking a zip it does not hold. So the zip's bytes do not depend on its own size and one
    pass makes it."""
    name = archive_name(site)
    folder = name.removesuffix(".zip")
    pages = [o for o in outputs if o.path != name]
    data = zip_bytes([_for_zip(o) for o in pages], folder)
    return _with_size(pages, size_text(len(data))) + [Output(name, data)]


_DOWNLOAD_LINE = re.compile(rb'<p class="download-line">.*?</p>', re.S)
_IN_ZIP_LINE = ('<p class="download-line">이 폴더가 내려받은 전체 기사 아카이브입니다. '
                '인터넷 없이도 읽고 검색할 수 있습니다.</p>').encode("utf-8")


def _for_zip(item: Output) -> Output:
    if ARCHIVE_SIZE_PLACEHOLDER.encode("utf-8") not in item.data:
        return item
    return Output(item.path, _DOWNLOAD_LINE.sub(lambda _m: _IN_ZIP_LINE, item.data, count=1))


# ---------------------------------------------------------------- writing

def _check_target(out_dir: Path) -> None:
    """Refuse to replace a folder that does not look like a built site (a mistyped --out)."""
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise OutputError(f"{out_dir}: exists and is not a folder; choose another --out")
    entries = [p.name for p in out_dir.iterdir()]
    if entries and "index.html" not in entries and ".nojekyll" not in entries:
        raise OutputError(f"{out_dir}: not empty and not a built site (no index.html); "
                          "choose another --out or empty the folder")


def write_site(outputs: list[Output], out_dir: Path) -> int:
    """Write the outputs as the new out_dir; return how many files were new or changed."""
    out_dir = Path(out_dir)
    _check_target(out_dir)
    paths = [o.path for o in outputs]
    if len(set(paths)) != len(paths):
        twice = sorted({p for p in paths if paths.count(p) > 1})
        raise OutputError(f"two outputs for the same path: {', '.join(twice[:5])}")
    parent = out_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=parent))
    written = 0
    try:
        for item in sorted(outputs, key=lambda o: o.path):
            if item.path.startswith("/") or ".." in item.path.split("/"):
                raise OutputError(f"output path {item.path!r} leaves the site folder")
            target = temp / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            previous = out_dir / item.path
            if _same_bytes(previous, item.data):
                try:
                    os.link(previous, target)          # same file, same mtime, no copy
                except OSError:
                    shutil.copy2(previous, target)
                continue
            target.write_bytes(item.data)
            written += 1
        os.chmod(temp, 0o755)
        _swap(temp, out_dir)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return written


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _swap(new: Path, out_dir: Path) -> None:
    """Put `new` in the place of out_dir; the old folder is removed only after the swap."""
    if not out_dir.exists():
        os.replace(new, out_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=new.parent))
    os.rmdir(old)
    os.replace(out_dir, old)
    try:
        os.replace(new, out_dir)
    except BaseException:
        os.replace(old, out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
