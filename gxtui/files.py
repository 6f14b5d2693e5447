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
    """Write ``data`` to ``path`` atomically (temp file + fsync + rename)."""
    path = Path(path)
    if not overwrite and path.exists():
        raise FileExistsError(f"{path} exists; use --force to overwrite")
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
