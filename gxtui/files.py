"""Finding report files in folders, and writing output files safely.

Every file gxtui writes goes through ``write_atomic``: a temp file in the same folder, fsync,
rename. A crash leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from gxtui.read import SUPPORTED_SUFFIXES

SIDE_SUFFIXES = (".gxtui.toml", ".gxtui.toml.bak")
# Written into every findings report gxtui produces (md/html), so that such a file in a folder of
# reports is never read as a report.
OWN_OUTPUT_MARKER = "gxtui-findings-report"


def is_own_output(path: str | os.PathLike) -> bool:
    """A findings report gxtui wrote (its first KB carries ``OWN_OUTPUT_MARKER``)."""
    try:
        with open(path, "rb") as fh:
            return OWN_OUTPUT_MARKER.encode() in fh.read(1024)
    except OSError:
        return False


def iter_report_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files given directly, plus every supported file found recursively in given folders."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES and \
                        not f.name.endswith(SIDE_SUFFIXES) and f.name.lower() != "readme.md" \
                        and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    yield f
        else:
            yield p


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
