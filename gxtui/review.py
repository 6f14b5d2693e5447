"""Reviewer decisions, stored next to the report (``REPORT.gxtui.toml``).

A reviewer marks findings as confirmed (a real problem), dismissed (not a problem) or
follow-up (needs someone else), with an optional note, and marks a whole report as reviewed.
Decisions are keyed by ``Finding.fingerprint`` (rule, location, values — never list position or
line), so re-checking the same report after an upgrade or with another config finds them again.

Guarantees:

- The report file is never written. The sidecar is written atomically (temp + fsync + rename,
  ``gxtui.files.write_atomic``) and the previous sidecar is kept as ``REPORT.gxtui.toml.bak``.
- A decision is never dropped silently: decisions whose finding no longer exists are kept in the
  file and listed as orphans (``AttachResult.orphans``); when the report changed since a decision
  was taken (different sha256) the decision stays attached and is flagged ``report_changed``.
- A sidecar that is corrupt or written by a newer gxtui is never overwritten: the store reports
  ``error`` and becomes read-only.
- When the report's folder is not writable, the sidecar lives in the per-user data folder
  (``platformdirs.user_data_dir("gxtui")/reviews``), named from a hash of the report's absolute
  path; ``location`` always says which file is used.
- Two sessions on the same report do not erase each other's work: ``save`` merges decisions that
  another process wrote since this store was loaded.

Example::

    store = ReviewStore.for_report(report.source.path, report.source.sha256)
    if store.error: show(store.error)              # read-only, file left untouched
    attached = store.attach(findings)
    store.decide(f.fingerprint, "confirmed", "表三合计错误", finding=f)
    store.mark_reviewed()
    store.save()
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.model import Finding

__all__ = ["FORMAT_VERSION", "STATUSES", "SIDECAR_SUFFIX", "BACKUP_SUFFIX", "Decision",
           "AttachResult", "ReviewStore", "ReviewError", "ReviewReadOnly", "sidecar_path",
           "fallback_path", "user_reviews_dir"]

FORMAT_VERSION = 1
STATUSES = ("confirmed", "dismissed", "follow-up")
SIDECAR_SUFFIX = ".gxtui.toml"
BACKUP_SUFFIX = ".gxtui.toml.bak"

STATUS_ZH = {"confirmed": "确认问题", "dismissed": "不是问题", "follow-up": "需跟进"}
STATUS_EN = {"confirmed": "confirmed", "dismissed": "dismissed", "follow-up": "needs follow-up"}

_FINDING_KEYS = ("rule", "severity", "table", "row", "col", "section", "line", "expected",
                 "actual", "message_zh", "message_en")
_DECISION_KEYS = ("status", "note", "decided_at", "report_sha256") + _FINDING_KEYS


class ReviewError(Exception):
    """The sidecar cannot be used (corrupt, newer format, unreadable)."""


class ReviewReadOnly(ReviewError):
    """A change was attempted on a store that must not write (see ``ReviewStore.error``)."""


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc).astimezone().replace(microsecond=0)


def _version() -> str:
    try:
        from importlib.metadata import version  # noqa: PLC0415

        return version("gxtui")
    except Exception:  # noqa: BLE001 - running from a source tree
        return "dev"


def _toml_value(v: Any) -> Any:
    """A finding value as TOML can hold it (TOML has no null; lists/dicts become text)."""
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    import json  # noqa: PLC0415

    return json.dumps(v, ensure_ascii=False, default=str)


@dataclass
class Decision:
    """A reviewer's verdict on one finding, with a copy of the finding so it stays readable
    when the finding is gone (an orphan)."""

    fingerprint: str
    status: str
    note: str = ""
    decided_at: _dt.datetime | None = None
    report_sha256: str = ""  # the report's sha256 when the decision was taken
    rule: str | None = None
    severity: str | None = None
    table: str | None = None
    row: str | None = None
    col: str | None = None
    section: str | None = None
    line: int | None = None
    expected: Any = None
    actual: Any = None
    message_zh: str | None = None
    message_en: str | None = None
    report_changed: bool = False  # not stored: the report's sha256 differs from report_sha256
    extra: dict[str, Any] = field(default_factory=dict, repr=False)  # unknown keys, preserved

    @property
    def status_zh(self) -> str:
        return STATUS_ZH.get(self.status, self.status)

    @property
    def status_en(self) -> str:
        return STATUS_EN.get(self.status, self.status)

    def location(self) -> str:
        """``t3/new/tot`` or ``s5 line 12`` — for lists of orphans."""
        if self.table:
            return "/".join(p for p in (self.table, self.row, self.col) if p)
        parts = [p for p in (self.section,) if p]
        if self.line is not None:
            parts.append(f"line {self.line}")
        return " ".join(parts) or "-"

    def message(self, lang: str = "zh") -> str:
        return (self.message_en if lang == "en" else self.message_zh) or self.message_zh or \
            self.message_en or ""

    def to_toml(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.extra)
        out.update({"status": self.status, "note": self.note})
        if self.decided_at is not None:
            out["decided_at"] = self.decided_at
        out["report_sha256"] = self.report_sha256
        for k in _FINDING_KEYS:
            v = _toml_value(getattr(self, k))
            if v is not None:
                out[k] = v
        return out

    @classmethod
    def from_toml(cls, fingerprint: str, d: Any) -> "Decision":
        if not isinstance(d, dict):
            raise ValueError(f"decision {fingerprint} is not a table")
        status = d.get("status")
        if status not in STATUSES:
            raise ValueError(f"decision {fingerprint}: unknown status {status!r}")
        note = d.get("note", "")
        if not isinstance(note, str):
            raise ValueError(f"decision {fingerprint}: note is not text")
        at = d.get("decided_at")
        if at is not None and not isinstance(at, _dt.datetime):
            raise ValueError(f"decision {fingerprint}: decided_at is not a date-time")
        if at is not None and at.tzinfo is None:
            at = at.astimezone()  # a local date-time written by hand: this machine's zone
        line = d.get("line")
        if line is not None and not isinstance(line, int):
            raise ValueError(f"decision {fingerprint}: line is not an integer")
        kw = {k: d.get(k) for k in _FINDING_KEYS}
        for k in ("rule", "severity", "table", "row", "col", "section", "message_zh", "message_en"):
            if kw[k] is not None and not isinstance(kw[k], str):
                raise ValueError(f"decision {fingerprint}: {k} is not text")
        sha = d.get("report_sha256", "")
        if not isinstance(sha, str):
            raise ValueError(f"decision {fingerprint}: report_sha256 is not text")
        extra = {k: v for k, v in d.items() if k not in _DECISION_KEYS}
        return cls(fingerprint, status, note, at, sha, extra=extra, **kw)


@dataclass
class AttachResult:
    """Decisions matched to a list of findings.

    ``pairs`` keeps the findings' order; ``orphans`` are decisions whose fingerprint matches no
    finding (kept in the sidecar, shown to the reviewer, never deleted by gxtui)."""

    pairs: list[tuple["Finding", Decision | None]]
    orphans: list[Decision]
    by_fingerprint: dict[str, Decision]

    def decision_for(self, finding: "Finding") -> Decision | None:
        return self.by_fingerprint.get(finding.fingerprint)

    @property
    def undecided(self) -> list["Finding"]:
        return [f for f, d in self.pairs if d is None]

    @property
    def changed(self) -> list[Decision]:
        """Attached decisions taken on a different version of the report."""
        return [d for d in self.by_fingerprint.values() if d.report_changed]


# -- where the sidecar lives ---------------------------------------------------------------------

def sidecar_path(report_path: str | os.PathLike) -> Path:
    """``REPORT.gxtui.toml`` next to the report."""
    p = Path(report_path)
    return p.with_name(p.name + SIDECAR_SUFFIX)


def user_reviews_dir() -> Path:
    import platformdirs  # noqa: PLC0415

    return Path(platformdirs.user_data_dir("gxtui")) / "reviews"


def fallback_path(report_path: str | os.PathLike) -> Path:
    """The per-user sidecar for a report whose folder is not writable: named after the report
    (for people looking in the folder) plus a hash of its absolute path (for uniqueness)."""
    absolute = os.path.realpath(os.fspath(report_path))
    digest = hashlib.sha256(absolute.encode("utf-8", "surrogateescape")).hexdigest()[:20]
    name = Path(absolute).name
    while len(name.encode("utf-8", "surrogateescape")) > 120:
        name = name[:-1]
    return user_reviews_dir() / f"{name}.{digest}{SIDECAR_SUFFIX}"


def folder_writable(folder: str | os.PathLike) -> bool:
    """Can we create files in ``folder``? (os.access also sees read-only mounts.)"""
    return os.access(folder, os.W_OK | os.X_OK)


# -- the store -----------------------------------------------------------------------------------

class ReviewStore:
    """The decisions on one report. Create with ``ReviewStore.for_report``."""

    def __init__(self, report_path: str | os.PathLike, sha256: str, location: Path) -> None:
        self.report_path = Path(report_path)
        self.sha256 = sha256
        self.location = location  # the sidecar this store saves to
        self.loaded_from: Path | None = None  # the sidecar read at open (None: none existed)
        self.error: str | None = None
        self.reviewed = False
        self.reviewed_at: _dt.datetime | None = None
        self.reviewed_sha256: str | None = None
        self._decisions: dict[str, Decision] = {}
        self._extra: dict[str, Any] = {}
        self._cleared: set[str] = set()
        self._loaded_bytes: bytes | None = None
        self._reviewed_touched = False
        self.dirty = False

    # -- opening ---------------------------------------------------------------------------------
    @classmethod
    def for_report(cls, report_path: str | os.PathLike, sha256: str) -> "ReviewStore":
        """The store for the report at ``report_path`` whose current content hashes to ``sha256``.

        Loads ``REPORT.gxtui.toml`` (or the per-user copy) when present. Never raises on a bad
        sidecar: ``error`` says what is wrong and the store is read-only."""
        primary = sidecar_path(report_path)
        fallback = fallback_path(report_path)
        writable = folder_writable(primary.parent)
        if writable and primary.exists():
            source, location = primary, primary
        elif fallback.exists():
            source, location = fallback, fallback  # the newer copy when the folder is read-only
        elif primary.exists():
            source, location = primary, fallback  # read here, save to the user folder
        else:
            source, location = None, (primary if writable else fallback)
        store = cls(report_path, sha256, location)
        if source is not None:
            store._load(source)
        return store

    @property
    def read_only(self) -> bool:
        return self.error is not None

    @property
    def in_user_folder(self) -> bool:
        """True when the sidecar is not next to the report (the folder was not writable)."""
        return self.location != sidecar_path(self.report_path)

    @property
    def reviewed_report_changed(self) -> bool:
        """Marked reviewed, but on a different version of the report."""
        return bool(self.reviewed and self.reviewed_sha256 and self.reviewed_sha256 != self.sha256)

    def _load(self, path: Path) -> None:
        self.loaded_from = path
        try:
            data = path.read_bytes()
        except OSError as e:
            self.error = (f"无法读取审阅记录 {path}：{e.strerror or e} / "
                          f"cannot read the review file {path}: {e.strerror or e}")
            return
        try:
            self._parse(data)
        except ReviewError as e:
            self.error = str(e)
            self._decisions.clear()
            return
        self._loaded_bytes = data

    def _parse(self, data: bytes) -> None:
        path = self.loaded_from
        bak = Path(str(path) + ".bak") if path else None
        hint_zh = f"（上一版备份：{bak}）" if bak and bak.exists() else ""
        hint_en = f" (previous version kept at {bak})" if bak and bak.exists() else ""

        def corrupt(why: str) -> ReviewError:
            return ReviewError(f"审阅记录文件已损坏，未作任何修改：{path}{hint_zh} / the review file {path} "
                               f"is damaged ({why}); it was left untouched{hint_en}")

        try:
            doc = tomllib.loads(data.decode("utf-8"))
        except UnicodeDecodeError:
            raise corrupt("not UTF-8 text") from None
        except tomllib.TOMLDecodeError as e:
            raise corrupt(f"not valid TOML: {e}") from None
        version = doc.get("format_version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise corrupt("no valid format_version")
        if version > FORMAT_VERSION:
            raise ReviewError(
                f"审阅记录由更新版本的 gxtui 写入（格式 {version}，本程序支持 {FORMAT_VERSION}），"
                f"只读打开，未作任何修改：{path} / the review file {path} was written by a newer gxtui "
                f"(format {version}, this one reads {FORMAT_VERSION}); opened read-only and left "
                "untouched — upgrade gxtui to edit it")
        decisions = doc.get("decisions", {})
        if not isinstance(decisions, dict):
            raise corrupt("decisions is not a table")
        parsed: dict[str, Decision] = {}
        for fp, d in decisions.items():
            try:
                dec = Decision.from_toml(fp, d)
            except ValueError as e:
                raise corrupt(str(e)) from None
            dec.report_changed = bool(dec.report_sha256) and dec.report_sha256 != self.sha256
            parsed[fp] = dec
        reviewed = doc.get("reviewed", False)
        if not isinstance(reviewed, bool):
            raise corrupt("reviewed is not true/false")
        self._decisions = parsed
        self.reviewed = reviewed
        at = doc.get("reviewed_at")
        self.reviewed_at = at if isinstance(at, _dt.datetime) else None
        rs = doc.get("reviewed_sha256")
        self.reviewed_sha256 = rs if isinstance(rs, str) else None
        known = {"format_version", "generator", "report", "report_sha256", "reviewed",
                 "reviewed_at", "reviewed_sha256", "saved_at", "decisions"}
        self._extra = {k: v for k, v in doc.items() if k not in known}

    # -- reading ---------------------------------------------------------------------------------
    def decision(self, fingerprint: str) -> Decision | None:
        return self._decisions.get(fingerprint)

    @property
    def decisions(self) -> dict[str, Decision]:
        """All decisions, orphans included (a copy)."""
        return dict(self._decisions)

    def attach(self, findings: Iterable["Finding"]) -> AttachResult:
        """Pair each finding with its decision; decisions matching no finding are orphans."""
        findings = list(findings)
        seen: dict[str, Decision] = {}
        pairs: list[tuple[Finding, Decision | None]] = []
        for f in findings:
            d = self._decisions.get(f.fingerprint)
            if d is None:
                d = self._migrate(f)
            pairs.append((f, d))
            if d is not None:
                seen[f.fingerprint] = d
        orphans = [d for fp, d in self._decisions.items() if fp not in seen]
        return AttachResult(pairs, orphans, seen)

    def _migrate(self, f: "Finding") -> Decision | None:
        """A decision saved under the finding's pre-format-2 fingerprint moves to the current one
        (the old key is dropped from the file at the next save, never merged back)."""
        old = getattr(f, "legacy_fingerprint", None)  # index briefs carry only the fingerprint
        d = self._decisions.get(old) if old else None
        if d is None or old == f.fingerprint or f.fingerprint in self._decisions:
            return None
        del self._decisions[old]
        d.fingerprint = f.fingerprint
        d.table, d.row = getattr(f, "table", d.table), getattr(f, "row", d.row)
        self._decisions[f.fingerprint] = d
        self._cleared.add(old)
        return d

    # -- changing --------------------------------------------------------------------------------
    def _writable(self) -> None:
        if self.error:
            raise ReviewReadOnly(self.error)

    def decide(self, fingerprint: str, status: str, note: str = "",
               finding: "Finding | None" = None) -> Decision:
        """Record (or replace) the decision on a finding. ``finding`` is copied into the
        decision so that it stays readable if the finding later disappears."""
        self._writable()
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        if finding is not None and finding.fingerprint != fingerprint:
            raise ValueError("finding does not match the fingerprint")
        old = self._decisions.get(fingerprint)
        d = Decision(fingerprint, status, note or "", _now(), self.sha256)
        if finding is not None:
            for k in _FINDING_KEYS:
                setattr(d, k, getattr(finding, k))
        elif old is not None:  # keep what we knew about the finding
            for k in _FINDING_KEYS:
                setattr(d, k, getattr(old, k))
        if old is not None:
            d.extra = dict(old.extra)
        self._decisions[fingerprint] = d
        self._cleared.discard(fingerprint)
        self.dirty = True
        return d

    def clear(self, fingerprint: str) -> None:
        """Remove a decision (the only way a decision leaves the file)."""
        self._writable()
        if self._decisions.pop(fingerprint, None) is not None:
            self._cleared.add(fingerprint)
            self.dirty = True

    def mark_reviewed(self, flag: bool = True) -> None:
        self._writable()
        self._reviewed_touched = True
        self.reviewed = bool(flag)
        self.reviewed_at = _now() if flag else None
        self.reviewed_sha256 = self.sha256 if flag else None
        self.dirty = True

    # -- saving ----------------------------------------------------------------------------------
    def to_toml(self) -> str:
        import tomli_w  # noqa: PLC0415

        doc: dict[str, Any] = dict(self._extra)
        doc.update({
            "format_version": FORMAT_VERSION,
            "generator": f"gxtui {_version()}",
            "report": (self.report_path.name if not self.in_user_folder
                       else os.path.abspath(self.report_path)),
            "report_sha256": self.sha256,
            "reviewed": self.reviewed,
        })
        if self.reviewed_at is not None:
            doc["reviewed_at"] = self.reviewed_at
        if self.reviewed_sha256:
            doc["reviewed_sha256"] = self.reviewed_sha256
        doc["saved_at"] = _now()
        doc["decisions"] = {fp: d.to_toml() for fp, d in sorted(self._decisions.items())}
        return tomli_w.dumps(doc)

    def save(self) -> Path:
        """Write the sidecar atomically, keeping the previous one as ``.bak``. Returns the path
        written. If the report's folder refuses the write, saves to the per-user folder."""
        self._writable()
        self._merge_concurrent()
        try:
            self._write(self.location)
        except PermissionError:
            fb = fallback_path(self.report_path)
            if self.location == fb:
                raise
            self.location = fb
            self._write(fb)
        except OSError as e:
            import errno  # noqa: PLC0415

            fb = fallback_path(self.report_path)
            if e.errno != errno.EROFS or self.location == fb:
                raise
            self.location = fb
            self._write(fb)
        self.dirty = False
        return self.location

    def _write(self, path: Path) -> None:
        from gxtui.files import write_atomic  # noqa: PLC0415

        path.parent.mkdir(parents=True, exist_ok=True)
        text = self.to_toml()
        try:
            previous = path.read_bytes()
        except FileNotFoundError:
            previous = None
        if previous is not None:
            write_atomic(Path(str(path) + ".bak"), previous)
        data = text.encode("utf-8")
        write_atomic(path, data)
        self._loaded_bytes = data
        self.loaded_from = path

    def _merge_concurrent(self) -> None:
        """Another process saved this sidecar since we loaded it: keep its decisions that we
        did not touch (newest ``decided_at`` wins when both decided the same finding)."""
        try:
            current = self.location.read_bytes()
        except OSError:
            return
        if current == self._loaded_bytes:
            return
        other = ReviewStore(self.report_path, self.sha256, self.location)
        other.loaded_from = self.location
        try:
            other._parse(current)
        except ReviewError as e:  # appeared damaged/newer meanwhile: never overwrite it
            self.error = str(e)
            raise ReviewReadOnly(self.error) from None
        epoch = _dt.datetime.min.replace(tzinfo=_dt.timezone.utc)
        for fp, d in other._decisions.items():
            if fp in self._cleared:
                continue
            mine = self._decisions.get(fp)
            if mine is None or (d.decided_at or epoch) > (mine.decided_at or epoch):
                self._decisions[fp] = d
        if not self._reviewed_touched:
            self.reviewed, self.reviewed_at = other.reviewed, other.reviewed_at
            self.reviewed_sha256 = other.reviewed_sha256
