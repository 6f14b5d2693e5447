"""Reading every report under some paths once, for the folder-wide views.

Coverage, peers, charts and the dataset all start from the same list: the reports that could be
read and the files that could not (with the reviewer-facing reason). One bad file never stops the
folder; it becomes an ``Unreadable`` entry that coverage shows as such.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.model import Report


@dataclass(frozen=True)
class Unreadable:
    path: str
    error: str


@dataclass
class Folder:
    reports: list["Report"] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)


def is_own_output(path: Path) -> bool:
    """A findings report gxtui wrote into the folder is never read as a report."""
    from gxtui.files import is_own_output as own  # noqa: PLC0415

    return own(path)


def load_one(path: str | os.PathLike) -> "tuple[Report | None, str | None]":
    """(report, None) or (None, one-line reason); never raises. A file taking longer than
    ``gxtui.isolate.DEFAULT_TIMEOUT`` is stopped (``time_limit``) and becomes its reason."""
    from gxtui.extract import load  # noqa: PLC0415
    from gxtui.isolate import DEFAULT_TIMEOUT, TimeLimit, time_limit  # noqa: PLC0415
    from gxtui.read import ReadError  # noqa: PLC0415

    try:
        with time_limit(DEFAULT_TIMEOUT):
            return load(path), None
    except TimeLimit as e:
        return None, str(e)
    except ReadError as e:
        return None, e.message
    except OSError as e:
        return None, e.strerror or str(e)
    except Exception as e:  # noqa: BLE001 - one bad file must not sink a folder of reports
        return None, f"internal error while reading: {type(e).__name__}: {e}"


def report_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    from gxtui.files import iter_report_files  # noqa: PLC0415

    return [p for p in iter_report_files(paths) if not is_own_output(p)]


def load_folder(paths: Iterable[str | os.PathLike],
                progress: Callable[[int, int], None] | None = None) -> Folder:
    """Every report file under ``paths`` read once; ``progress(done, total)`` after each file."""
    files = report_files(paths)
    out = Folder()
    for i, p in enumerate(files, 1):
        report, error = load_one(p)
        if report is not None:
            out.reports.append(report)
        else:
            out.unreadable.append(Unreadable(str(p), error or "unreadable"))
        if progress is not None:
            progress(i, len(files))
    return out
