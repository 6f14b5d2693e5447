"""Finding report files in folders, and writing output files safely.

Every file gxtui writes goes through ``write_atomic``: a temp file in the same folder, fsync,
rename. A crash leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from gxtui.read import SUPPORTED_SUFFIXES

SIDE_SUFFIXES = (".gxtui.toml", ".gxtui.toml.bak")
# Every findings report gxtui writes (md/html) starts with this signature line: the marker and the
# sha256 of everything after the line. A report cannot carry it by accident (mentioning the marker
# is not enough); a file that forges it is skipped, and every skipped file is listed in the output.
OWN_OUTPUT_MARKER = "gxtui-findings-report"
_SIG_PREFIX = f"<!-- {OWN_OUTPUT_MARKER} sha256="
_SIG_SUFFIX = " -->\n"
_OWN_SUFFIXES = (".md", ".markdown", ".html", ".htm")
_OWN_LIMIT = 64 << 20


_DOCTYPE = "<!DOCTYPE html>\n"


def sign_own_output(text: str) -> str:
    """``text`` (a findings report) with the signature line in front (after the doctype of an
    HTML page, which must come first); the result ends with a newline."""
    import hashlib  # noqa: PLC0415

    if not text.endswith("\n"):
        text += "\n"
    head = ""
    if text.startswith(_DOCTYPE):
        head, text = _DOCTYPE, text[len(_DOCTYPE):]
    return f"{head}{_SIG_PREFIX}{hashlib.sha256(text.encode('utf-8')).hexdigest()}{_SIG_SUFFIX}{text}"


def is_own_output(path: str | os.PathLike) -> bool:
    """A findings report gxtui wrote: its first line is the signature and the sha256 it holds is
    that of the rest of the file. An edited output (or a report quoting the marker) is not."""
    import hashlib  # noqa: PLC0415

    from gxtui.safeio import read_regular  # noqa: PLC0415

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        try:  # non-blocking: a FIFO swapped in after the scan's check cannot hang this
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return False
            head = os.read(fd, len(_DOCTYPE) + len(_SIG_PREFIX))
        finally:
            os.close(fd)
        if head.startswith(_DOCTYPE.encode()):
            head = head[len(_DOCTYPE):]
        if not head.startswith(_SIG_PREFIX.encode()):
            return False
        data = read_regular(path, _OWN_LIMIT)
    except OSError:
        return False
    if data.startswith(_DOCTYPE.encode()):
        data = data[len(_DOCTYPE):]
    line, sep, rest = data.partition(b"\n")
    if not sep or not line.endswith(_SIG_SUFFIX[:-1].encode()):
        return False
    digest = line[len(_SIG_PREFIX):-len(_SIG_SUFFIX) + 1]
    return digest == hashlib.sha256(rest).hexdigest().encode()


@dataclass
class Scan:
    """What a folder scan found: the report files (sorted) and what it left out, with why
    (``(path, reason)``; reasons are English, the CLI words them for the reviewer).

    ``paths`` are the files as strings (each what ``str(Path(...))`` gives, the form every
    consumer passes on); ``files`` the same as ``Path`` objects, made when first asked for (a
    Path per file was most of the time of listing a 10,000-report folder for the library's first
    rows)."""

    paths: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    _files: list[Path] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def files(self) -> list[Path]:
        if self._files is None or len(self._files) != len(self.paths):
            self._files = [Path(p) for p in self.paths]
        return self._files


SKIP_OWN = "a findings report written by gxtui"
SKIP_LINK_OUT = "a symbolic link leading out of the folder (use --follow-links to follow it)"


def _inside(target: str, root: str) -> bool:
    try:
        return os.path.commonpath([target, root]) == root
    except ValueError:  # different drives
        return False


def _suffix(name: str) -> str:
    """``PurePath(name).suffix`` lower-cased, without a Path object (for a name not starting
    with a dot: the scan skips hidden names)."""
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def _candidate(name: str, suffix: str | None = None) -> bool:
    """A report file's name (``suffix``: its ``_suffix`` when the caller has it)."""
    return (_suffix(name) if suffix is None else suffix) in SUPPORTED_SUFFIXES \
        and not name.endswith(SIDE_SUFFIXES) and name.lower() != "readme.md"


def scan_report_files(paths: Iterable[str | os.PathLike], *, follow_links: bool = False) -> Scan:
    """Files given directly, plus every supported file found recursively in given folders
    (hidden names, sidecars and README.md left out). In a folder, a symbolic link whose target
    lies outside the folder is skipped unless ``follow_links``; a link to a folder inside it is
    not followed (its target is scanned where it is); gxtui's own findings reports are skipped.
    Special files and broken links with a report's suffix are kept: reading them gives the
    reviewer a one-line refusal. Never follows a link loop.

    The walk is on strings: a folder given as ``str(Path(p))`` (normalised), each entry joined
    to it as ``Path`` would join it (so that every path is the string its ``Path`` gives)."""
    out = Scan()
    for p in paths:
        top = str(Path(p))
        if not os.path.isdir(top):
            out.paths.append(top)
            continue
        root = os.path.realpath(top)
        found: list[str] = []
        seen_dirs = {root}
        stack = [top]
        while stack:
            d = stack.pop()
            try:
                entries = list(os.scandir(d))
            except OSError:
                continue
            for e in entries:
                name = e.name
                if name.startswith("."):
                    continue
                path = name if d == "." else e.path  # Path("./a.txt") is "a.txt"
                try:
                    if e.is_symlink():
                        target = os.path.realpath(path)
                        if not follow_links and not _inside(target, root):
                            if _candidate(name) or os.path.isdir(path):
                                out.skipped.append((path, SKIP_LINK_OUT))
                            continue
                        if os.path.isdir(path):
                            if follow_links and target not in seen_dirs and not _inside(target, root):
                                seen_dirs.add(target)
                                stack.append(path)
                            continue
                    elif e.is_dir(follow_symlinks=False):
                        real = os.path.realpath(path)
                        if real not in seen_dirs:
                            seen_dirs.add(real)
                            stack.append(path)
                        continue
                except OSError:
                    continue
                suffix = _suffix(name)
                if suffix not in SUPPORTED_SUFFIXES or not _candidate(name, suffix):
                    continue
                if suffix in _OWN_SUFFIXES and _regular(path) and is_own_output(path):
                    out.skipped.append((path, SKIP_OWN))
                    continue
                found.append(path)
        # one folder: its files differ in their last part only, where strings order as parts do
        out.paths.extend(sorted(found) if seen_dirs == {root} else sorted(found, key=_order))
    return out


def _order(path: str) -> tuple[str, ...] | list[str]:
    """``Path``'s own order (its parts compared in turn; case-folded on Windows) as a key: sorting
    10,000 paths by ``Path.__lt__`` cost 0.3 s of a warm library pass. The paths of one folder
    share its leading parts, so on POSIX the pieces between separators order them as the parts
    do (only the root's own part is spelt differently, the same in every path)."""
    if os.name == "posix":
        return path.split("/")
    return tuple(map(os.path.normcase, Path(path).parts))


def _regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def iter_report_files(paths: Iterable[str | os.PathLike], *, follow_links: bool = False) -> Iterator[Path]:
    """The files of ``scan_report_files`` (what was skipped is dropped: use the scan to list it)."""
    yield from scan_report_files(paths, follow_links=follow_links).files


def write_atomic(path: str | os.PathLike, data: bytes | str, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` atomically (temp file + fsync + rename).

    With ``overwrite=False`` the final step is a hard link, which fails atomically if the path
    appeared in the meantime (no check-then-write race). The file gets the usual umask mode
    rather than mkstemp's 0600, and the folder is fsynced so the rename survives a power cut."""
    path = Path(path)
    if not overwrite and path.exists():
        raise FileExistsError(f"{path} exists; use --force to overwrite")
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise FileExistsError(f"{path} exists; use --force to overwrite") from None
            except OSError:  # a file system without hard links: fall back to a checked rename
                if path.exists():
                    raise FileExistsError(f"{path} exists; use --force to overwrite") from None
                os.replace(tmp, path)
            else:
                os.unlink(tmp)
        _fsync_dir(folder)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    """The process umask, read without changing it where possible (os.umask is process-wide,
    so setting and restoring it could race with another thread creating a file)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
