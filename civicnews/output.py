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

import hashlib
import io
import os
import re
import shutil
import stat
import struct
import tempfile
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
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


def _deflate(data: bytes) -> tuple[int, bytes]:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return zlib.crc32(data), packer.compress(data) + packer.flush()


_ZIP_DOS_TIME, _ZIP_DOS_DATE = 0, (ZIP_TIME[0] - 1980) << 9 | ZIP_TIME[1] << 5 | ZIP_TIME[2]


def zip_bytes_cached(outputs: list[Output], folder: str, cache: dict, prepare=None) -> bytes:
    """zip_bytes(), written here entry by entry so that an entry whose content did not change
    is copied raw (already compressed) from the last build's zip instead of compressed again.

    cache: {"data": the last zip's bytes or None, "entries": name -> (sha256, crc, offset, size,
    length) of its entries}; "entries" is replaced by this zip's. prepare(output) -> output: the
    entry to store for an output, made as it is needed (so no second copy of every page is
    held). Same bytes as a zip with every entry freshly compressed: zlib at one level is
    deterministic. Falls back to zipfile where the format needs ZIP64 (65,535 entries or 4 GB)."""
    prepare = prepare or (lambda item: item)
    if len(outputs) >= 0xFFFF:
        cache["entries"] = None                 # a zip made by zipfile: no entries to copy next time
        return zip_bytes([prepare(o) for o in outputs], folder)
    old = cache.get("data")
    known = cache.get("entries") or {}
    entries: dict = {}
    parts: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    # entries are compressed on every core (zlib lets go of the interpreter while it works),
    # a bounded number at a time; the others are copied from the last zip
    pending: list = []
    with ThreadPoolExecutor(max_workers=min(os.cpu_count() or 1, 4)) as pool:
        for item in sorted(outputs, key=lambda o: o.path):
            name = f"{folder}/{item.path}"
            found = known.get(name)
            if item.kept and old is not None and found is not None:
                # the last build's very bytes: its entry too (not read, not hashed again)
                _, crc, start, size, length = found
                raw = old[start:start + size]
                if len(raw) == size:
                    pending.append((name, found[0], length, (crc, raw)))
                    continue
            item = prepare(item)
            digest = hashlib.sha256(item.data).digest()
            packed = None
            if old is not None and found is not None and found[0] == digest:
                _, crc, start, size, length = found
                raw = old[start:start + size]
                if len(raw) == size and length == len(item.data):
                    packed = (crc, raw)
            pending.append((name, digest, len(item.data), packed if packed else pool.submit(_deflate, item.data)))
            if len(pending) >= 256:
                offset = _zip_entries(pending[:128], parts, central, entries, offset)
                del pending[:128]
        offset = _zip_entries(pending, parts, central, entries, offset)
    if offset >= 0xFFFFFFFF or offset + len(b"".join(central)) >= 0xFFFFFFFF:
        cache["entries"] = None
        return zip_bytes([prepare(o) for o in outputs], folder)
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), offset, 0)
    cache["entries"] = entries
    parts += [directory, end]                   # one copy of the whole zip, not three
    return b"".join(parts)


def _zip_entries(pending: list, parts: list, central: list, entries: dict, offset: int) -> int:
    """Append the local headers and data of pending (name, sha256, length, (crc, raw) or a
    future of it) entries; return the offset after them."""
    for name, digest, length, packed in pending:
        crc, raw = packed if isinstance(packed, tuple) else packed.result()
        encoded = name.encode("utf-8")
        flags = 0 if name.isascii() else 0x800
        header = struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, flags, zipfile.ZIP_DEFLATED,
                             _ZIP_DOS_TIME, _ZIP_DOS_DATE, crc, len(raw), length, len(encoded), 0)
        entries[name] = (digest, crc, offset + len(header) + len(encoded), len(raw), length)
        central.append(struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, 20, 0, flags, zipfile.ZIP_DEFLATED,
                                   _ZIP_DOS_TIME, _ZIP_DOS_DATE, crc, len(raw), length, len(encoded),
                                   0, 0, 0, 0, 0o644 << 16, offset) + encoded)
        parts += [header, encoded, raw]
        offset += len(header) + len(encoded) + len(raw)
    return offset


def archive_outputs(outputs: list[Output], site: Site, cache: dict | None = None) -> list[Output]:
    """The site's outputs with the zip's size in every page that links to it, plus the zip.

    The copy inside the zip is the archive itself: there the download line says so instead of
    linking a zip it does not hold. So the zip's bytes do not depend on its own size and one
    pass makes it. The pages in `outputs` are replaced one by one by their final versions (a
    large site is not held twice); the list returned is that list, plus the zip."""
    name = archive_name(site)
    folder = name.removesuffix(".zip")
    outputs[:] = [o for o in outputs if o.path != name]
    data = zip_bytes_cached(outputs, folder, cache if cache is not None else {}, _for_zip)
    marker = ARCHIVE_SIZE_PLACEHOLDER.encode("utf-8")
    replacement = size_text(len(data)).encode("utf-8")
    for k, item in enumerate(outputs):
        if item.marked is False:
            continue
        if not item.loaded:                     # kept from the last build: replaced if it is read
            if item.marked:
                outputs[k] = Output(item.path, load=lambda item=item: item.data.replace(marker, replacement))
        elif marker in item.data:
            outputs[k] = Output(item.path, item.data.replace(marker, replacement))
    outputs.append(Output(name, data))
    return outputs


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


def write_site_incremental(outputs: list[Output], out_dir: Path, manifest: dict | None,
                           unchanged: frozenset = frozenset()) -> tuple[int, dict]:
    """write_site() for a rebuild: only what changed is written, in place.

    manifest: path -> (size, mtime_ns, inode, sha256) of what the last build left in out_dir.
    A file is known unchanged when it is in `unchanged` (its bytes came from that very file) or
    when its stat is the manifest's and the new bytes have the recorded hash. Changed files are
    first all written into a temporary folder beside out_dir (a failure there leaves the old site
    whole), then renamed into place one by one; files no build output names are removed.
    Without a usable previous site this is write_site(). Returns (written, new manifest)."""
    out_dir = Path(out_dir)
    if not manifest or not out_dir.is_dir() or not (out_dir / "index.html").is_file():
        written = write_site(outputs, out_dir)
        return written, _manifest(outputs, out_dir)
    _check_target(out_dir)
    paths = [o.path for o in outputs]
    if len(set(paths)) != len(paths):
        twice = sorted({p for p in paths if paths.count(p) > 1})
        raise OutputError(f"two outputs for the same path: {', '.join(twice[:5])}")
    new_manifest: dict = {}
    changed: list[Output] = []
    root = str(out_dir)                         # joined as text: no Path object per file
    for item in sorted(outputs, key=lambda o: o.path):
        if item.path.startswith("/") or ".." in item.path.split("/"):
            raise OutputError(f"output path {item.path!r} leaves the site folder")
        known = manifest.get(item.path)
        stamp = file_stamp(os.path.join(root, item.path))
        if known is not None and stamp is not None and known[:3] == stamp:
            if item.path in unchanged:
                new_manifest[item.path] = known
                continue
            digest = hashlib.sha256(item.data).hexdigest()
            if digest == known[3]:
                new_manifest[item.path] = known
                continue
        changed.append(item)
    wanted = set(paths)
    stale = [p for p in _files(out_dir) if p not in wanted]
    if not changed and not stale:
        return 0, new_manifest
    temp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.resolve().parent))
    try:
        for item in changed:
            target = temp / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(item.data)
        for item in changed:
            final = out_dir / item.path
            final.parent.mkdir(parents=True, exist_ok=True)
            if final.is_dir() and not final.is_symlink():
                shutil.rmtree(final)
            os.replace(temp / item.path, final)
            new_manifest[item.path] = file_stamp(final) + (hashlib.sha256(item.data).hexdigest(),)
        for path in stale:
            try:
                (out_dir / path).unlink()
            except OSError:
                pass
        for folder in sorted({(out_dir / p).parent for p in stale}, key=lambda f: -len(f.parts)):
            while folder != out_dir and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return len(changed), new_manifest


def _files(out_dir: Path) -> list[str]:
    found = []
    for root, _dirs, names in os.walk(out_dir):
        rel = os.path.relpath(root, out_dir)
        for name in names:
            found.append(name if rel == "." else f"{Path(rel).as_posix()}/{name}")
    return found


def file_stamp(path: Path | str) -> tuple[int, int, int] | None:
    """(size, mtime, inode) of a regular file (not a link to one), else None: one lstat."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def _manifest(outputs: list[Output], out_dir: Path) -> dict:
    manifest = {}
    for item in outputs:
        stamp = file_stamp(out_dir / item.path)
        if stamp is not None:
            manifest[item.path] = stamp + (hashlib.sha256(item.data).hexdigest(),)
    return manifest


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
