"""A wake-up call for serve's watcher: Linux's inotify through ctypes, without a dependency.

The watcher still decides what changed by comparing snapshots of the folders; this only lets it
look as soon as something happens under them instead of at its next poll. Where inotify is
missing (not Linux, no libc, out of watches) wait() simply sleeps the poll's time.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import struct
from pathlib import Path

# from <sys/inotify.h>
_MODIFY, _ATTRIB, _CLOSE_WRITE, _MOVED_FROM, _MOVED_TO = 0x002, 0x004, 0x008, 0x040, 0x080
_CREATE, _DELETE, _DELETE_SELF, _MOVE_SELF = 0x100, 0x200, 0x400, 0x800
_ISDIR, _OVERFLOW = 0x40000000, 0x4000
_MASK = _MODIFY | _ATTRIB | _CLOSE_WRITE | _MOVED_FROM | _MOVED_TO | _CREATE | _DELETE | _DELETE_SELF | _MOVE_SELF
_EVENT = struct.Struct("iIII")          # wd, mask, cookie, len; then len bytes of name


class Wakeup:
    """wait(timeout) returns True as soon as a file under the folders may have changed
    (False when the timeout passed first). Folders made later are watched as they appear."""

    def __init__(self, folders: list[Path]):
        self.fd = -1
        self.folders: dict[int, str] = {}
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            self._add = libc.inotify_add_watch
            self._add.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
            self.fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        except (OSError, AttributeError):
            return
        for folder in folders:
            self._watch_tree(str(folder))

    @property
    def active(self) -> bool:
        return self.fd >= 0

    def _watch_tree(self, root: str) -> None:
        if not self.active or not os.path.isdir(root):
            return
        for folder, subfolders, _ in os.walk(root):
            wd = self._add(self.fd, os.fsencode(folder), _MASK)
            if wd < 0:                          # out of watches: back to polling only
                self.close()
                return
            self.folders[wd] = folder
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]

    def wait(self, timeout: float) -> bool:
        if not self.active:
            select.select([], [], [], timeout)
            return False
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 1 << 16)
        except BlockingIOError:
            return False
        except OSError:
            self.close()
            return True
        at = 0
        while at + _EVENT.size <= len(data):
            wd, mask, _, length = _EVENT.unpack_from(data, at)
            name = data[at + _EVENT.size:at + _EVENT.size + length].rstrip(b"\0")
            at += _EVENT.size + length
            if mask & _ISDIR and mask & (_CREATE | _MOVED_TO) and wd in self.folders:
                self._watch_tree(os.path.join(self.folders[wd], os.fsdecode(name)))
        return True

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
        self.fd = -1
