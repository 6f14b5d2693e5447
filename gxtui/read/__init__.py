"""Readers: file bytes → ``Document``. One module per input format; format chosen by content.

``read_path`` reads a file into a ``Document``; ``read_file`` and ``read_data`` are its two halves
(``extract.load`` hashes the bytes while ``read_data`` parses them). None of them writes anything,
and every failure becomes a ``ReadError`` with a one-line message.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import zipfile
from io import BytesIO
from pathlib import Path

from gxtui.read.budget import Budget
from gxtui.read.document import Document, Grid, GridCell, Paragraph, ReadError
from gxtui.read.encoding import decode, looks_binary, truncated_tail
from gxtui.safeio import NotRegularFile, TooLarge, read_regular

__all__ = ["Document", "Grid", "GridCell", "Paragraph", "ReadError", "read_path", "read_file", "read_data",
           "read_bytes", "sniff_format", "MAX_BYTES", "SUPPORTED_SUFFIXES"]

# A real report is well under 5 MB of text (a PDF with images can be larger). Anything past this
# is refused with a clear message instead of being parsed for minutes.
MAX_BYTES = 64 * 1024 * 1024
# Text and HTML have no images: 16 MB is already hundreds of times a real report, and parsing
# more would cost seconds and hundreds of MB for nothing a reviewer could use.
MAX_TEXT_BYTES = 16 * 1024 * 1024
SUPPORTED_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf"}

_MAGIC_REFUSED = (
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old binary Word/Excel file (.doc/.xls); save it as .docx"),
    (b"Rar!", "a RAR archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x7fELF", "a program (ELF binary)"),
    (b"MZ", "a Windows program"),
)

_HTML_SNIFF = re.compile(rb"<\s*(!doctype\s+html|html|head|body|table|div|p|span|meta|tr|td)\b", re.I)


def sniff_format(data: bytes) -> str:
    """Detect the format from the bytes: "pdf", "docx", "html" or "text"."""
    head = data[:4096]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    for magic, what in _MAGIC_REFUSED:
        if head.startswith(magic):
            raise ReadError(f"this is {what}, not a report")
    probe = head
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[1:2] == b"\x00" or head[0:1] == b"\x00":
        try:
            probe = decode(data[:8192])[0].encode("utf-8", "replace")
        except ReadError:
            probe = head
    if _HTML_SNIFF.search(probe[:4096]) and probe.count(b"<") >= 2:
        return "html"
    return "text"


def read_bytes(data: bytes, name: str = "<bytes>") -> Document:
    """Bytes → Document, choosing the reader by content. One ``Budget`` for the whole file."""
    if not data or data.isspace():  # bytes.isspace: the same ASCII whitespace as strip(), no copy
        raise ReadError("the file is empty")
    if len(data) > MAX_BYTES:
        raise ReadError(f"the file is {len(data) / 2**20:.0f} MB, too large to be a report "
                        f"(limit {MAX_BYTES // 2**20} MB)")
    fmt = sniff_format(data)
    if fmt in ("text", "html") and len(data) > MAX_TEXT_BYTES:
        raise ReadError(f"the file is {len(data) / 2**20:.0f} MB of {fmt}, too large to be a report "
                        f"(limit {MAX_TEXT_BYTES // 2**20} MB for text and HTML)")
    budget = Budget()
    if fmt == "pdf":
        from gxtui.read import pdf  # noqa: PLC0415 - heavy, loaded only for PDFs

        return pdf.read(data, budget)
    if fmt == "docx":
        z = _open_docx(data)
        if z is None:
            raise ReadError("this is a ZIP archive but not a Word (.docx) document")
        from gxtui.read import docx  # noqa: PLC0415

        return docx.read(data, budget, z)
    if fmt == "html":
        from gxtui.read import html  # noqa: PLC0415

        return html.read(data, budget)
    text, enc = decode(data)
    if looks_binary(text):
        raise ReadError("the file contains binary data, not report text")
    from gxtui.read.text import parse_text  # noqa: PLC0415

    # text decoded from UTF-8 or GB18030 holds a CR or a NUL only where the bytes hold that byte
    # (no multi-byte sequence contains one): memchr over the bytes, ≈ 0.3 ms a scan for 16 MB
    # against 1–1.6 ms for the text's
    no_cr_nul = enc in _ASCII_SAFE and b"\r" not in data and b"\x00" not in data
    doc = parse_text(text, "text", enc, budget, no_cr_nul=no_cr_nul)
    if truncated_tail(data, enc):
        doc.warnings.append("the file ends in the middle of a character: it was probably cut short "
                            "(an incomplete download); the last character was dropped")
    return doc


# Encodings (as ``decode`` names them) in which every byte below 0x80 is that ASCII character.
_ASCII_SAFE = frozenset({"utf-8", "utf-8-bom", "gb18030"})


def _open_docx(data: bytes) -> zipfile.ZipFile | None:
    """The open ZIP container when it holds a Word body, else None (the reader reuses it)."""
    try:
        z = zipfile.ZipFile(BytesIO(data))
        return z if "word/document.xml" in z.namelist() else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        # NotImplementedError: zipfile refuses entries that claim a newer ZIP version (fuzzing)
        raise ReadError("the file looks like a Word document but the ZIP container is corrupt") from None


def read_path(path: str | os.PathLike) -> tuple[Document, bytes]:
    """Read a file from disk (read-only). Returns the Document and the raw bytes (for sha256)."""
    data = read_file(path)
    return read_data(data, path), data


def read_file(path: str | os.PathLike) -> bytes:
    """A file's bytes, read-only, or a ``ReadError``. Only regular files are read (a symlink to
    one is fine), and never more than ``MAX_BYTES``: the cap applies to what is read, not to what
    the file system claims."""
    p = Path(path)
    try:
        return read_regular(p, MAX_BYTES)
    except NotRegularFile as e:
        msg = "this is a folder, not a file" if e.kind == "a folder" else \
            f"this is {e.kind}, not a file: only regular files are read"
        raise ReadError(msg, str(p)) from None
    except TooLarge as e:
        raise ReadError(f"the file is {e.size / 2**20:.0f} MB, too large to be a report "
                        f"(limit {MAX_BYTES // 2**20} MB)", str(p)) from None
    except FileNotFoundError:
        raise ReadError("file not found", str(p)) from None
    except PermissionError:
        raise ReadError("permission denied: the file cannot be read", str(p)) from None
    except IsADirectoryError:
        raise ReadError("this is a folder, not a file", str(p)) from None
    except OSError as e:
        raise ReadError(f"the file cannot be read ({e.strerror or e})", str(p)) from None


def read_data(data: bytes, path: str | os.PathLike) -> Document:
    """The Document of the bytes ``read_file`` gave for ``path``; every failure a ``ReadError``
    naming the file."""
    name = str(Path(path))
    try:
        return read_bytes(data, name)
    except ReadError as e:
        e.path = name
        raise
    except RecursionError:
        raise ReadError("the file is nested too deeply to be read", name) from None
    except MemoryError:
        raise ReadError("the file needs too much memory to be read", name) from None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# From this size on, ``Digest`` hashes on a second thread: starting one costs ≈ 0.1 ms, hashing
# 1 MB ≈ 0.6 ms.
DIGEST_THREAD_BYTES = 1 << 20


class Digest:
    """The sha256 of a file's bytes, hashed while the file is parsed.

    hashlib lets go of the GIL while it hashes a large buffer, so a second thread hashes on the
    other core while this one decodes and reads the text: a 16 MB report's hash (≈ 10 ms) then
    costs nothing of the ≈ 35 ms that decoding and reading it take. Smaller inputs are hashed at
    once, here."""

    def __init__(self, data: bytes) -> None:
        self._data: bytes | None = data
        self._hex: str | None = None
        self._thread: threading.Thread | None = None
        if len(data) >= DIGEST_THREAD_BYTES:
            self._thread = threading.Thread(target=self._hash, name="gxtui-sha256", daemon=True)
            try:
                self._thread.start()
            except RuntimeError:  # no thread to be had (a worker's memory limit): hash here
                self._thread = None
                self._hash()
        else:
            self._hash()

    def _hash(self) -> None:
        self._hex = sha256(self._data)
        self._data = None

    def hexdigest(self) -> str:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._hex is None:  # the thread failed (it cannot run out of anything but memory)
            self._hash()
        return self._hex
