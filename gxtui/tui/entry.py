"""The one library entry type of the TUI: a file of the library, its cached summary
(``gxtui.library.index.Summary``) and, while open or parsed recently, the full report."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.library.index import Summary
    from gxtui.model import Finding, Report


@dataclass(eq=False)
class Entry:
    """One file of the library: its cached summary (``gxtui.library.index.Summary``: identity, finding
    counts, review state) and, only while it is open or was parsed recently, the full report."""

    path: str
    summary: "Summary | None" = None  # None until indexed (or found in the cache)
    report: "Report | None" = None  # loaded on demand; kept for a few entries only
    findings: "list[Finding]" = field(default_factory=list)  # with report: own + cross-year
    opened: bool = False
    own_only: bool = False  # report parsed by the indexer: cross-year findings not added yet
    rank: tuple = ()  # triage sort key (gxtui.triage.rank_key), refreshed with the summary
    stem: str = field(init=False, repr=False, default="")  # the file name without its suffix

    def __post_init__(self) -> None:
        # the agency shown until the report is read: worked out once, not on every re-sort of
        # the library (10,000 Path objects per rebuild); PurePath.stem's rule without a Path
        # object (a fifth of the time: 10,000 entries 49 → 12 ms)
        name = os.path.basename(self.path)
        dot = name.rfind(".")
        self.stem = name[:dot] if 0 < dot < len(name) - 1 else name

    def set_summary(self, s: "Summary") -> None:
        self.summary = s
        self.rank = s.rank_key()

    @property
    def loaded(self) -> bool:
        return self.summary is not None

    @property
    def error(self) -> str | None:
        return self.summary.error if self.summary else None

    def count(self, severity: str) -> int:
        return self.summary.count(severity) if self.summary else 0

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def warnings(self) -> int:
        return self.count("warning")

    @property
    def cross(self) -> int:
        return len(self.summary.cross) if self.summary else 0

    @property
    def reviewed(self) -> bool:
        """Marked reviewed for the current content of the report."""
        return bool(self.summary and self.summary.reviewed)

    @property
    def reviewed_changed(self) -> bool:
        """Marked reviewed, but the report changed since (``reviewed_report_changed``)."""
        return bool(self.summary and self.summary.review.changed)

    @property
    def decided(self) -> int:
        return self.summary.review.decided if self.summary else 0

    @property
    def status(self) -> str:
        if not self.loaded:
            return "loading"
        if self.error:
            return "unreadable"
        if self.reviewed_changed:
            return "changed"
        if self.reviewed:
            return "reviewed"
        if self.opened or self.decided:
            return "review"
        return "unread"

    @property
    def agency(self) -> str:
        if self.summary and self.summary.agency:
            return self.summary.agency
        return self.stem

    @property
    def year(self) -> int | None:
        return self.summary.year if self.summary else None

    @property
    def template(self) -> str | None:
        return self.summary.template if self.summary else None

    @property
    def group(self) -> str:
        """Reports of one agency share a group (consecutive years sit together)."""
        if self.summary and self.summary.series:
            return self.summary.series
        return "\0" + self.path  # not known yet: a group of its own


def review_store(path: str, sha256: str) -> Any:
    """The review sidecar of ``path`` (gxtui.review), or None when that module is absent."""
    try:
        from gxtui import review  # noqa: PLC0415
    except ImportError:
        return None
    return review.ReviewStore.for_report(path, sha256)
