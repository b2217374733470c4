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

import functools
import hashlib
import io
import os
import re
import shutil
import stat
import struct
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Container
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np

from .models import Output, Site

ARCHIVE_SIZE_PLACEHOLDER = "\u2063ARCHIVE-SIZE\u2063"   # invisible separators: cannot come from a template by chance
ZIP_TIME = (1980, 1, 1, 0, 0, 0)                       # the earliest time a zip can hold
# zlib's level for the zip: at 4 a site's pages deflate 26% faster than at 6 (74 against 55 MB/s)
# into 2% more bytes (a cold build at 10,000 articles compresses 540 MB of them)
ZIP_LEVEL = 4
TEXT_SUFFIXES = (".html", ".xml", ".js", ".css", ".txt", ".svg", ".json")
PARALLEL_WRITES = 2_000                                 # more new files than this are written by threads


class OutputError(Exception):
    pass


# ---------------------------------------------------------------- the archive

_NAMED: list = [None, ""]          # the articles (a tuple of frozen articles) last named, and the name


def archive_name(site: Site) -> str:
    """archive-YYYYMMDD.zip from the newest article date (as many digits as the date knows)."""
    if _NAMED[0] is site.articles:              # a build asks several times
        return _NAMED[1]
    dates = [a.date[:10] for a in site.articles if a.date[:4].isdigit()]
    digits = "".join(ch for ch in max(dates, default="") if ch.isdigit())
    name = f"archive-{digits}.zip" if digits else "archive.zip"
    if type(site.articles) is tuple:
        _NAMED[:] = [site.articles, name]
    return name


def size_text(size: int) -> str:
    """Bytes -> what a reader wants to know, to two significant figures (the nearest): '5.4 KB',
    '310 KB', '1.2 MB', '140 MB'. Every page prints the archive's size, so a new figure means
    writing every page again: two figures change once in tens of megabytes at 100 MB (one
    decimal of a megabyte changed every few edits of a 10,000-article archive)."""
    if size < 1000:
        return "1 KB"
    step = 10 ** (len(str(size)) - 2)
    rounded = (size + step // 2) // step * step
    unit, name = next((u, n) for u, n in ((10 ** 9, "GB"), (10 ** 6, "MB"), (1000, "KB")) if rounded >= u)
    value = rounded / unit
    return f"{value:.1f} {name}" if value < 10 else f"{value:.0f} {name}"


def zip_bytes(outputs: list[Output], folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as archive:
        for item in sorted(outputs, key=lambda o: o.path):
            info = zipfile.ZipInfo(f"{folder}/{item.path}", date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3          # "Unix", whatever machine built it
            archive.writestr(info, item.data, compresslevel=ZIP_LEVEL)
    return buffer.getvalue()


def _deflate(data: bytes) -> tuple[int, bytes]:
    packer = zlib.compressobj(ZIP_LEVEL, zlib.DEFLATED, -15)
    return zlib.crc32(data), packer.compress(data) + packer.flush()


_ZIP_DOS_TIME, _ZIP_DOS_DATE = 0, (ZIP_TIME[0] - 1980) << 9 | ZIP_TIME[1] << 5 | ZIP_TIME[2]


def zip_bytes_cached(outputs: list[Output], folder: str, cache: dict, prepare=None) -> bytes:
    """zip_bytes(), reusing the last build's compressed entries (see zip_pieces)."""
    pieces, _, _ = zip_pieces(outputs, folder, cache, prepare)
    return ZipSource(pieces, cache.get("path")).read()


DELTA_LIMIT = 2_000         # more entries new than this: the zip is laid out again entry by entry


def zip_pieces(outputs: list[Output], folder: str, cache: dict, prepare=None) -> tuple[list, int, str]:
    """zip_bytes() as pieces to write one after another: byte strings, and (offset, length)
    ranges of the last build's zip where its entries did not change (copied from that file,
    never read into memory, never compressed again); with the zip's length and a digest of its
    entries (same entries, same bytes: zlib at one level is deterministic).

    cache: {"path": the last zip as that build wrote it, or None; "entries": its ZipLayout};
    "entries" is replaced by this zip's. prepare (output) -> output: the entry to store for an
    output, made as it is needed (so no second copy of every page is held). Falls back to
    zipfile where the format needs ZIP64 (65,535 entries or 4 GB)."""
    prepare = prepare or (lambda item: item)
    if len(outputs) >= 0xFFFF:
        return _whole(outputs, folder, cache, prepare)
    old = cache.get("path")
    layout = cache.get("entries") if old else None
    layout = layout if isinstance(layout, ZipLayout) else None
    if layout is not None and layout.folder == folder and len(layout.names) == len(outputs):
        found = _delta(outputs, layout, prepare)            # the same files, a few of them changed
        if found is not None:
            pieces, length, cache["entries"] = found
            return pieces, length, cache["entries"].digest()
    known = layout.as_dict() if layout is not None else {}
    entries: dict = {}
    pieces: list = []
    central: list[bytes] = []
    offset = 0
    # entries are compressed on every core (zlib lets go of the interpreter while it works),
    # a bounded number at a time; the others are ranges of the last zip
    pending: list = []
    pool = _threads()
    for item in sorted(outputs, key=lambda o: o.path):
        name = f"{folder}/{item.path}"
        found = known.get(name)
        if item.kept and found is not None:
            # the last build's very bytes: its entry too (not read, not hashed again)
            pending.append((name, found[0], found[4], (found[1], found[3], found[2])))
            continue
        if item.packed is not None:              # made where the page was made
            digest, crc, raw, length = _packed(item)
            pending.append((name, digest, length, (crc, raw)))
            continue
        item = prepare(item)
        digest = hashlib.sha256(item.data).digest()
        if found is not None and found[0] == digest and found[4] == len(item.data):
            packed = (found[1], found[3], found[2])
        else:
            packed = pool.submit(_deflate, item.data)
        pending.append((name, digest, len(item.data), packed))
        if len(pending) >= 256:
            offset = _zip_entries(pending[:128], pieces, central, entries, offset)
            del pending[:128]
    offset = _zip_entries(pending, pieces, central, entries, offset)
    directory = b"".join(central)
    if offset >= 0xFFFFFFFF or offset + len(directory) >= 0xFFFFFFFF:
        return _whole(outputs, folder, cache, prepare)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), offset, 0)
    cache["entries"] = ZipLayout.of(folder, entries, directory)
    pieces += [directory, end]
    return pieces, offset + len(directory) + len(end), cache["entries"].digest()


class ZipLayout:
    """The entries of a zip zip_pieces() made, in their order, as arrays, and its central
    directory: what the next build needs to copy the entries that did not change and to patch
    that directory in place, instead of laying out tens of thousands of entries one by one."""

    def __init__(self, folder: str, names: list[str], digests: bytes, heads, crcs, sizes, lengths,
                 central: bytes):
        self.folder, self.names = folder, names             # names: "folder/path", in zip order
        self.digests = digests                              # the stored files' sha256, 32 bytes each
        self.heads = heads                                  # local header lengths (30 + name)
        self.crcs, self.sizes, self.lengths = crcs, sizes, lengths      # CRC, compressed, stored sizes
        self.central = central

    @classmethod
    def of(cls, folder: str, entries: dict, central: bytes) -> "ZipLayout":
        """From _zip_entries()'s name -> (sha256, crc, data offset, size, length), in zip order."""
        values = list(entries.values())
        column = lambda k: np.fromiter((v[k] for v in values), np.int64, len(values))   # noqa: E731
        heads = np.fromiter((30 + len(name.encode("utf-8")) for name in entries), np.int64, len(values))
        return cls(folder, list(entries), b"".join(v[0] for v in values), heads, column(1), column(3),
                   column(4), central)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "index"}

    @functools.cached_property
    def index(self) -> dict[str, int]:
        return {name: k for k, name in enumerate(self.names)}

    def starts(self):
        """Where each entry's local header begins."""
        starts = np.zeros(len(self.names), np.int64)
        np.cumsum((self.heads + self.sizes)[:-1], out=starts[1:])
        return starts

    def records(self):
        """Where each entry's record begins in the central directory (46 bytes and its name)."""
        records = np.zeros(len(self.names), np.int64)
        np.cumsum((self.heads + 16)[:-1], out=records[1:])
        return records

    def data_end(self) -> int:
        return int((self.heads + self.sizes).sum())

    def as_dict(self) -> dict:
        """name -> (sha256, crc, data offset, size, length), as _zip_entries() makes them."""
        digests = self.digests
        data = (self.starts() + self.heads).tolist()
        return {name: (digests[32 * k:32 * k + 32], crc, at, size, length) for k, (name, crc, at, size, length)
                in enumerate(zip(self.names, self.crcs.tolist(), data, self.sizes.tolist(), self.lengths.tolist()))}

    def digest(self) -> str:
        """A hash of the entries: their names, files' sha256 and sizes (not where they lie)."""
        summary = hashlib.sha256(b"zip entries\0")
        summary.update("\0".join(self.names).encode("utf-8") + b"\0")
        summary.update(self.digests)
        summary.update(self.sizes.astype("<u8").tobytes() + self.lengths.astype("<u8").tobytes())
        return summary.hexdigest()


def _delta(outputs: list[Output], layout: ZipLayout, prepare) -> tuple[list, int, ZipLayout] | None:
    """zip_pieces() for the very entries of the last zip (by name), up to DELTA_LIMIT of them
    new: runs of unchanged entries are ranges of that zip, and its central directory is copied
    with the new entries' fields and every moved entry's offset written over. None when the
    entries are not the same or too many are new."""
    index, prefix, n = layout.index, layout.folder + "/", len(layout.names)
    marks = bytearray(n)
    todo = []
    for item in outputs:
        k = index.get(prefix + item.path)
        if k is None:
            return None
        marks[k] = 1
        if not item.kept:                       # (a kept file is the last build's: so is its entry)
            todo.append((k, item))
            if len(todo) > DELTA_LIMIT:
                return None
    if marks.count(0):                          # a name twice, so another missing
        return None
    old_digests = layout.digests
    fresh: dict[int, tuple] = {}
    to_pack = []
    for k, item in todo:
        if item.packed is not None:             # made where the page was made
            digest, crc, raw, length = _packed(item)
        else:
            item = prepare(item)
            digest, length, crc, raw = hashlib.sha256(item.data).digest(), len(item.data), None, item.data
        if digest == old_digests[32 * k:32 * k + 32] and length == layout.lengths[k]:
            continue                            # the same file: the same entry
        fresh[k] = (digest, crc, raw, length)
        if crc is None:
            to_pack.append(k)
    packs = list(_threads().map(_deflate, [fresh[k][2] for k in to_pack]))
    for k, (crc, raw) in zip(to_pack, packs):
        fresh[k] = (fresh[k][0], crc, raw, fresh[k][3])
    if not fresh:
        new = layout
    else:
        digests = bytearray(old_digests)
        crcs, sizes, lengths = layout.crcs.copy(), layout.sizes.copy(), layout.lengths.copy()
        for k, (digest, crc, raw, length) in fresh.items():
            digests[32 * k:32 * k + 32] = digest
            crcs[k], sizes[k], lengths[k] = crc, len(raw), length
        new = ZipLayout(layout.folder, layout.names, bytes(digests), layout.heads, crcs, sizes, lengths,
                        layout.central)
        new.__dict__["index"] = index
    old_starts, new_starts = layout.starts(), new.starts()
    pieces: list = []
    before = 0                                  # the first entry not yet placed
    for k in sorted(fresh):
        if before < k:
            pieces.append((int(old_starts[before]), int(old_starts[k] - old_starts[before])))
        digest, crc, raw, length = fresh[k]
        pieces += [_local_header(layout.names[k], crc, len(raw), length), raw]
        before = k + 1
    if before < n:
        pieces.append((int(old_starts[before]), layout.data_end() - int(old_starts[before])))
    offset = new.data_end()
    if fresh:
        central = bytearray(layout.central)
        records = layout.records()
        for k, (_, crc, raw, length) in fresh.items():
            struct.pack_into("<3L", central, int(records[k]) + 16, crc, len(raw), length)
        first = min(fresh)                      # the offsets of the entries after it moved
        view = np.frombuffer(central, np.uint8)
        view[(records[first:] + 42)[:, None] + np.arange(4)] = \
            new_starts[first:].astype("<u4").view(np.uint8).reshape(-1, 4)
        new.central = bytes(central)
    directory = new.central
    if offset + len(directory) >= 0xFFFFFFFF:
        return None
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, n, n, len(directory), offset, 0)
    return pieces + [directory, end], offset + len(directory) + len(end), new


def packed(item: Output) -> Output:
    """The output with its digest and its zip entry made now: where it is made (a render
    worker, the search's process), beside the other core's work, rather than one after
    another once the whole site is rendered."""
    item.packed = _entry(item)
    return item


def _entry(item: Output) -> tuple[bytes, int, bytes, int]:
    """(sha256, crc, deflated bytes, length) of the output's zip entry; its digest is set too."""
    data = item.data
    item.known = (hashlib.sha256(data).digest(), len(data))
    entry = _for_zip(item).data
    return (hashlib.sha256(entry).digest(), *_deflate(entry), len(entry))


_pool: ThreadPoolExecutor | None = None


def _threads() -> ThreadPoolExecutor:
    """The threads that make zip entries: zlib and sha256 let go of the interpreter, so they
    work on every core while this thread goes on."""
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=min(os.cpu_count() or 1, 4), thread_name_prefix="zip-entries")
    return _pool


def pack_soon(items) -> None:
    """packed() for the new outputs among items, on threads: the entries of a rebuild's few
    new pages are made on the other core while this one goes on (the zip waits for any not
    made yet: see _packed)."""
    for item in items:
        if not (item.kept or item.packed is not None or item.writer is not None):
            item.packed = _threads().submit(_entry, item)


def _packed(item: Output) -> tuple | None:
    """The output's zip entry (sha256, crc, deflated bytes, length) if it is made or being made."""
    found = item.packed
    return found.result() if isinstance(found, Future) else found


def _whole(outputs: list[Output], folder: str, cache: dict, prepare) -> tuple[list, int, str]:
    cache["entries"] = None                     # a zip made by zipfile: no entries to copy next time
    data = zip_bytes([prepare(o) for o in outputs], folder)
    return [data], len(data), hashlib.sha256(data).hexdigest()


def _local_header(name: str, crc: int, size: int, length: int) -> bytes:
    """An entry's local header and name (deflated, fixed time; UTF-8 flagged when not ASCII)."""
    encoded = name.encode("utf-8")
    return struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, 0 if name.isascii() else 0x800, zipfile.ZIP_DEFLATED,
                       _ZIP_DOS_TIME, _ZIP_DOS_DATE, crc, size, length, len(encoded), 0) + encoded


def _zip_entries(pending: list, pieces: list, central: list, entries: dict, offset: int) -> int:
    """Append the local headers and data of pending (name, sha256, length, (crc, raw) made now,
    (crc, size, offset) in the last zip, or a future of the former) entries; return the offset
    after them. An entry of the last zip is its whole range there (its local header has no
    offset in it, so it is the same bytes), joined to the range before it when they touch."""
    for name, digest, length, packed in pending:
        if not isinstance(packed, tuple):
            packed = packed.result()
        encoded = name.encode("utf-8")
        head = 30 + len(encoded)
        if len(packed) == 3:                    # (crc, size, offset of its data in the last zip)
            crc, size, start = packed
            reused = (start - head, head + size)
            if pieces and isinstance(pieces[-1], tuple) and sum(pieces[-1]) == reused[0]:
                pieces[-1] = (pieces[-1][0], pieces[-1][1] + reused[1])
            else:
                pieces.append(reused)
        else:
            crc, raw = packed
            size = len(raw)
            pieces += [_local_header(name, crc, size, length), raw]
        flags = 0 if name.isascii() else 0x800
        entries[name] = (digest, crc, offset + head, size, length)
        central.append(struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, 20, 0, flags, zipfile.ZIP_DEFLATED,
                                   _ZIP_DOS_TIME, _ZIP_DOS_DATE, crc, size, length, len(encoded),
                                   0, 0, 0, 0, 0o644 << 16, offset) + encoded)
        offset += head + size
    return offset


class ZipSource:
    """The bytes of a zip made of pieces (see zip_pieces), some of them ranges of the last zip,
    which must still be the file it was when the pieces were made."""

    def __init__(self, pieces: list, old_path: str | None):
        self.pieces, self.old_path = pieces, old_path
        self.stamp = file_stamp(old_path) if old_path else None

    def _source(self) -> int | None:
        if not any(isinstance(p, tuple) for p in self.pieces):
            return None
        if self.old_path is None or file_stamp(self.old_path) != self.stamp:
            raise OutputError(f"{self.old_path}: changed while the site was being built; build again")
        return os.open(self.old_path, os.O_RDONLY)

    def read(self) -> bytes:
        source = self._source()
        try:
            return b"".join(p if isinstance(p, bytes) else os.pread(source, p[1], p[0]) for p in self.pieces)
        finally:
            if source is not None:
                os.close(source)

    def write_to(self, path: Path) -> None:
        """Write the zip to path: its new bytes written, its old ranges copied file to file."""
        source = self._source()
        try:
            with open(path, "wb") as target:
                for piece in self.pieces:
                    if isinstance(piece, bytes):
                        target.write(piece)
                        continue
                    target.flush()
                    _copy_range(source, target.fileno(), *piece)
        finally:
            if source is not None:
                os.close(source)


def _copy_range(source: int, target: int, offset: int, length: int) -> None:
    """length bytes of source from offset, appended to target (in the kernel where it can)."""
    while length > 0:
        try:
            done = os.copy_file_range(source, target, length, offset)
        except (AttributeError, OSError):       # not Linux, or a file system that cannot
            done = 0
        if not done:
            data = os.pread(source, min(length, 1 << 22), offset)
            if not data:
                raise OutputError("the last zip is shorter than its entries say; build again")
            done = os.write(target, data)
        offset += done
        length -= done


def archive_outputs(outputs: list[Output], site: Site, cache: dict | None = None) -> list[Output]:
    """The site's outputs with the zip's size in every page that links to it, plus the zip.

    The copy inside the zip is the archive itself: there the download line says so instead of
    linking a zip it does not hold. So the zip's bytes do not depend on its own size and one
    pass makes it. The pages in `outputs` are replaced one by one by their final versions (a
    large site is not held twice); the list returned is that list, plus the zip, which is
    made of pieces (zip_pieces) the writer writes without holding it."""
    cache = cache if cache is not None else {}
    name = archive_name(site)
    folder = name.removesuffix(".zip")
    outputs[:] = [o for o in outputs if o.path != name]
    pieces, length, digest = zip_pieces(outputs, folder, cache, _for_zip)
    marker = ARCHIVE_SIZE_PLACEHOLDER.encode("utf-8")
    replacement = size_text(length).encode("utf-8")
    for k, item in enumerate(outputs):
        if item.marked is False:
            continue
        if not item.loaded:                     # kept from the last build: replaced if it is read
            if item.marked:
                outputs[k] = Output(item.path, load=lambda item=item: item.data.replace(marker, replacement))
        elif marker in item.data:
            outputs[k] = Output(item.path, item.data.replace(marker, replacement))
    source = ZipSource(pieces, cache.get("path"))
    outputs.append(Output(name, load=source.read, writer=source.write_to, size=length, content_digest=digest))
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
    had_site = out_dir.is_dir()
    try:
        fresh = []
        folders: set[Path] = set()
        for item in sorted(outputs, key=lambda o: o.path):
            if item.path.startswith("/") or ".." in item.path.split("/"):
                raise OutputError(f"output path {item.path!r} leaves the site folder")
            target = temp / item.path
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            previous = out_dir / item.path
            if had_site and item.writer is None and _same_bytes(previous, item.data):
                try:
                    os.link(previous, target)          # same file, same mtime, no copy
                except OSError:
                    shutil.copy2(previous, target)
                continue
            fresh.append((item, target))
        if len(fresh) < PARALLEL_WRITES:
            for job in fresh:
                _write(*job)
                written += 1
        else:
            # tens of thousands of small files: creating each costs more than writing it, and
            # the system calls let other threads run, so a few threads write them
            with ThreadPoolExecutor(max_workers=4) as pool:
                for _ in pool.map(lambda job: _write(*job), fresh):
                    written += 1
        os.chmod(temp, 0o755)
        _swap(temp, out_dir)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return written


def write_site_incremental(outputs: list[Output], out_dir: Path, manifest: dict | None,
                           unchanged: frozenset = frozenset(), seen: dict | None = None,
                           digests: dict | None = None, marked: Container = ()) -> tuple[int, dict]:
    """write_site() for a rebuild: only what changed is written, in place.

    manifest: path -> (size, mtime_ns, inode, sha256) of what the last build left in out_dir.
    A file is known unchanged when it is in `unchanged` (its bytes came from that very file,
    whose stat in `seen` the caller found to be the manifest's) or when its stat is the
    manifest's and the new bytes have the recorded hash. Changed files are first all written
    into a temporary folder beside out_dir (a failure there leaves the old site whole), then
    renamed into place one by one; files no build output names are removed.
    seen: the folder's files and stats as the build began (uptodate.scan()), read instead of
    stat-ing each file again. digests: path -> (sha256 digest, size) of the bytes the caller
    made, not hashed again but for the paths `marked` (their bytes changed since). Without a
    usable previous site this is write_site(). Returns (written, new manifest)."""
    out_dir = Path(out_dir)
    if not manifest or not out_dir.is_dir() or not (out_dir / "index.html").is_file():
        written = write_site(outputs, out_dir)
        return written, _manifest(outputs, out_dir, digests or {}, marked)
    digests = digests or {}
    _check_target(out_dir)
    paths = [o.path for o in outputs]
    wanted = set(paths)
    if len(wanted) != len(paths):
        twice = sorted({p for p in paths if paths.count(p) > 1})
        raise OutputError(f"two outputs for the same path: {', '.join(twice[:5])}")
    new_manifest: dict = {}
    changed: list[Output] = []
    root = str(out_dir)                         # joined as text: no Path object per file
    # tens of thousands of files, nearly all unchanged after an edit: each looked at once, cheaply
    for item in outputs:
        path = item.path
        if path in unchanged and seen is not None:          # most of them, after an edit
            known = manifest.get(path)
            if known is not None:
                new_manifest[path] = known
                continue
        if path[:1] == "/" or (".." in path and ".." in path.split("/")):
            raise OutputError(f"output path {path!r} leaves the site folder")
        known = manifest.get(path)
        if known is not None:
            stamp = seen.get(path) if seen is not None else file_stamp(os.path.join(root, path))
            if stamp is not None and known[:3] == stamp and (path in unchanged
                                                             or _digest(item, digests, marked) == known[3]):
                new_manifest[path] = known
                continue
        changed.append(item)
    changed.sort(key=lambda o: o.path)
    stale = [p for p in (seen if seen is not None else _files(out_dir)) if p not in wanted]
    if not changed and not stale:
        return 0, new_manifest
    temp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.resolve().parent))
    try:
        for item in changed:
            target = temp / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            _write(item, target)
        for item in changed:
            final = out_dir / item.path
            final.parent.mkdir(parents=True, exist_ok=True)
            if final.is_dir() and not final.is_symlink():
                shutil.rmtree(final)
            elif item.writer is not None and final.is_file():
                # a large file (the zip): its old copy keeps a name in the temporary folder, so
                # the file system frees its blocks when that folder goes, in the background; and
                # it is unlinked before the new one takes its name, because ext4 allocates the
                # blocks of a file renamed over another at once (auto_da_alloc, 0.06 s for the
                # zip of 10,000 articles). The download is missing for that instant only.
                try:
                    os.link(final, temp / f"{item.path}.old")
                    os.unlink(final)
                except OSError:
                    pass
            os.replace(temp / item.path, final)
            new_manifest[item.path] = file_stamp(final) + (_digest(item, digests, marked),)
        for path in stale:
            try:
                (out_dir / path).unlink()
            except OSError:
                pass
        for folder in sorted({(out_dir / p).parent for p in stale}, key=lambda f: -len(f.parts)):
            while folder != out_dir and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    _remove_later(temp)
    return len(changed), new_manifest


_removing: list[tuple[threading.Thread, Path]] = []


def _remove_later(folder: Path) -> None:
    """Remove a folder on a thread (unlinking a large file takes the kernel a tenth of a second
    and lets go of the interpreter meanwhile); settle() waits for it."""
    thread = threading.Thread(target=shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True}, daemon=True)
    thread.start()
    _removing.append((thread, folder))


def settle() -> None:
    """Wait until what _remove_later() was given is gone (a build calls this before it returns)."""
    while _removing:
        _removing.pop()[0].join()


def remove_now() -> None:
    """Remove what _remove_later() was given, here (a forked process that finishes what its
    parent, which ends without waiting, leaves: the parent's threads are not in it)."""
    while _removing:
        shutil.rmtree(_removing.pop()[1], ignore_errors=True)


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


def _manifest(outputs: list[Output], out_dir: Path, digests: dict, marked: Container) -> dict:
    manifest = {}
    root = str(out_dir)
    for item in outputs:
        path = item.path
        stamp = file_stamp(os.path.join(root, path))
        if stamp is not None:
            manifest[path] = stamp + (_digest(item, digests, marked),)
    return manifest


def _digest(item: Output, digests: dict, marked: Container) -> str:
    """content_digest(item), from the caller's digests where they are of the bytes written."""
    known = digests.get(item.path) if item.content_digest is None and item.path not in marked else None
    return known[0].hex() if known is not None else content_digest(item)


def content_digest(item: Output) -> str:
    """What the manifest keeps to tell whether a file changed: the sha256 of its bytes, or for a
    file made of pieces (the zip) the digest standing for them."""
    return item.content_digest or hashlib.sha256(item.data).hexdigest()


def _write(item: Output, target: Path) -> None:
    if item.writer is not None:
        item.writer(target)
    else:
        target.write_bytes(item.data)


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
