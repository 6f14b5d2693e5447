"""Reading files a reviewer was handed, safely: regular files only, never more than a limit.

A folder collected from many agencies can hold anything: a "report" that is a symlink to
``/dev/zero`` or ``/dev/urandom`` (``st_size`` is 0, so checking the size first and then calling
``read_bytes()`` reads forever), a FIFO (opening it blocks until someone writes), a socket, a
device. ``read_regular`` opens without blocking, checks on the opened descriptor that it is a
regular file (so a swap between check and open cannot fool it), and reads at most ``limit + 1``
bytes. It knows nothing about reports: callers (the readers, the review store for sidecars) word
the refusal for their reviewers. Below ``gxtui.read`` in the layers; imports only the stdlib.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_CHUNK = 1 << 20


class NotRegularFile(OSError):
    """The path exists but is not a regular file; ``kind`` says what it is ("a folder", …)."""

    def __init__(self, path: str, kind: str) -> None:
        super().__init__(f"{path} is {kind}, not a regular file")
        self.kind = kind


class TooLarge(OSError):
    """The file holds more than the limit; ``size`` is its size (at least ``limit + 1``)."""

    def __init__(self, path: str, size: int, limit: int) -> None:
        super().__init__(f"{path} is larger than {limit} bytes")
        self.size = size
        self.limit = limit


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_regular(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of ``path`` if it is (or links to) a regular file of at most ``limit`` bytes.

    Raises ``NotRegularFile``, ``TooLarge``, or the ``OSError`` of the open/read
    (``FileNotFoundError``, ``PermissionError`` …)."""
    p = os.fspath(path)
    try:
        st = os.stat(p)
    except OSError:
        st = None  # let open() raise the precise error (missing, permission, loop …)
    if st is not None and stat.S_ISSOCK(st.st_mode):
        raise NotRegularFile(p, "a socket")  # open() on a socket fails with a confusing ENXIO
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(p, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(p, _kind(st.st_mode))
        if st.st_size > limit:
            raise TooLarge(p, st.st_size, limit)
        chunks: list[bytes] = []
        got = 0
        # the size the file claims, and one byte more, in one read: a file that tells the truth
        # is one chunk, which the join returns as it is (no copy of a 16 MB report)
        want = st.st_size + 1 if st.st_size else _CHUNK
        while got <= limit:  # st_size can lie (/proc files say 0): the cap is on what is read
            chunk = os.read(fd, min(want, limit + 1 - got))
            want = _CHUNK
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > limit:
            raise TooLarge(p, got, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def is_regular(path: str | os.PathLike) -> bool:
    """True when ``path`` is (or links to) a regular file; never opens it."""
    try:
        return Path(path).is_file()
    except OSError:
        return False
