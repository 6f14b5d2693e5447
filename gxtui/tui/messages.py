"""Every message of the TUI, in one place.

Screens never import the app: they post these (``OpenReport``, ``OpenComparison``,
``DecisionSaved``…) and ``GxtuiApp`` handles them. Workers never touch widgets: they post the
typed results (``ScanStarted``, ``ReportReady``, ``ComparisonReady``…) and the app's handlers
update the state and tell the screens. Messages bubble from a screen to the app.
"""

from __future__ import annotations

from typing import Any

from textual.message import Message


# -- screens → app -------------------------------------------------------------------------------
class OpenReport(Message):
    """Show the report at ``path`` (a library entry)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path


class OpenComparison(Message):
    """Compare two reports; ``checked`` says the pair was already checked to be one agency
    (the library asks before comparing reports of different agencies)."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.old, self.new = old, new


class OpenTrend(Message):
    """The trend view of the agency of the report at ``path``."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path


class OpenLibrary(Message):
    """Back to the library (from a comparison started on the command line)."""


class DecisionSaved(Message):
    """The report screen saved a decision or the reviewed mark: the library row is refreshed."""

    def __init__(self, path: str, store: Any) -> None:
        super().__init__()
        self.path, self.store = path, store


class CopyText(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


# -- workers → app --------------------------------------------------------------------------------
class CachedRows(Message):
    def __init__(self, summaries: list) -> None:
        super().__init__()
        self.summaries = summaries  # [(display path, Summary)]


class FilesFound(Message):
    """The file list of the quick scan before indexing (``GxtuiApp._prescan``)."""

    def __init__(self, files: list[str]) -> None:
        super().__init__()
        self.files = files


class ScanStarted(Message):
    def __init__(self, files: list[str]) -> None:
        super().__init__()
        self.files = files


class SummariesUpdated(Message):
    def __init__(self, summaries: list) -> None:
        super().__init__()
        self.summaries = summaries  # [(display path, Summary)]


class ReportParsed(Message):
    """A report the indexer parsed (small libraries only): kept so that opening it is instant."""

    def __init__(self, path: str, report: Any, findings: list) -> None:
        super().__init__()
        self.path, self.report, self.findings = path, report, findings


class ScanFinished(Message):
    def __init__(self, stats: Any = None) -> None:
        super().__init__()
        self.stats = stats


class ReportReady(Message):
    def __init__(self, path: str, report: Any, findings: list, summary: Any, error: str | None) -> None:
        super().__init__()
        self.path, self.report, self.findings, self.summary, self.error = (
            path, report, findings, summary, error)


class ComparisonReady(Message):
    """``audit`` is a ``gxtui.audit.PairAudit`` (comparison, both years' own findings and the
    cross-year ones), or None with ``error``."""

    def __init__(self, old: str, new: str, audit: Any, error: str | None) -> None:
        super().__init__()
        self.old, self.new, self.audit, self.error = old, new, audit, error
