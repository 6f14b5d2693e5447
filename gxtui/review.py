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
- Two sessions (or two reviewers, or ``gxtui review`` in a script) on the same report do not
  erase each other's work: ``save`` takes a lock (``.REPORT.gxtui.toml.lock`` beside the sidecar it
  writes, so in the per-user folder when the report's folder is read-only), re-reads the sidecar
  under the lock and merges what another process saved since this store was loaded, then writes
  atomically. A finding whose decision this store changed and someone else changed meanwhile is a
  conflict: the newest decision is kept and ``conflicts`` says so. Temporary files of gxtui's own
  left by a killed save are removed at the next save.
- Sidecars are read as regular files only, capped in size (``gxtui.safeio``): a sidecar that is a
  symlink to ``/dev/zero``, a FIFO or a folder makes the store read-only with a message, never a
  hang.
- When decisions exist both beside the report and in the per-user folder (the folder was
  read-only once, writable again), both are read and merged, newest per finding; ``sources`` lists
  the files read and ``location`` the one ``save`` writes (the per-user copy is retired once its
  decisions are saved beside the report).

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
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.model import Finding

__all__ = ["FORMAT_VERSION", "STATUSES", "SIDECAR_SUFFIX", "BACKUP_SUFFIX", "Decision",
           "AttachResult", "Conflict", "ReviewStore", "ReviewError", "ReviewReadOnly", "ReviewBusy",
           "sidecar_path", "fallback_path", "lock_path", "user_reviews_dir", "SIDECAR_LIMIT"]

# 2: the report's identity block ``[report] path, sha256, agency, year, template`` (was
# ``report`` + ``report_sha256``), messages as ``message = {zh, en}`` (was message_zh/message_en),
# ``block`` and ``list`` locations. Format 1 files are read and rewritten as 2 at the next save.
FORMAT_VERSION = 2
STATUSES = ("confirmed", "dismissed", "follow-up")
SIDECAR_SUFFIX = ".gxtui.toml"
BACKUP_SUFFIX = ".gxtui.toml.bak"

_FINDING_KEYS = ("rule", "severity", "table", "row", "col", "block", "section", "list", "line",
                 "expected", "actual", "message_zh", "message_en")
_LOCATION_KEYS = ("rule", "severity", "table", "row", "col", "block", "section", "list", "line",
                  "expected", "actual")
_DECISION_KEYS = ("status", "note", "decided_at", "report_sha256", "message") + _FINDING_KEYS


class ReviewError(Exception):
    """The sidecar cannot be used (corrupt, newer format, unreadable)."""


class ReviewReadOnly(ReviewError):
    """A change was attempted on a store that must not write (see ``ReviewStore.error``)."""


class ReviewBusy(ReviewError):
    """Another process held the sidecar's lock for longer than the wait (nothing was written)."""


SIDECAR_LIMIT = 16 << 20  # bytes: a review file holds a few KB; anything larger is not one
LOCK_WAIT = 10.0  # seconds a save waits for another process's save


_KIND_ZH = {"a folder": "文件夹", "a named pipe (FIFO)": "命名管道（FIFO）", "a device": "设备文件",
            "a socket": "套接字"}


def _read_sidecar(path: Path) -> bytes:
    """The bytes of a sidecar: regular files only, at most ``SIDECAR_LIMIT`` (``gxtui.safeio``).
    Raises ``ReviewError`` worded for the reviewer, or ``FileNotFoundError``."""
    from gxtui.safeio import NotRegularFile, TooLarge, read_regular  # noqa: PLC0415

    try:
        return read_regular(path, SIDECAR_LIMIT)
    except NotRegularFile as e:
        zh = _KIND_ZH.get(e.kind, "特殊文件")
        raise ReviewError(f"审阅记录 {path} 是{zh}，不是普通文件，未作任何修改 / the review file "
                          f"{path} is {e.kind}, not a regular file; it was left untouched") from None
    except TooLarge:
        raise ReviewError(f"审阅记录 {path} 超过 {SIDECAR_LIMIT >> 20} MB，不是审阅记录，未作任何修改 / "
                          f"the review file {path} is larger than {SIDECAR_LIMIT >> 20} MB, too large to "
                          "be one; it was left untouched") from None
    except FileNotFoundError:
        raise
    except OSError as e:
        raise ReviewError(f"无法读取审阅记录 {path}：{e.strerror or e} / "
                          f"cannot read the review file {path}: {e.strerror or e}") from None


def lock_path(sidecar: str | os.PathLike) -> Path:
    """``.REPORT.gxtui.toml.lock`` beside the sidecar (removed again after each save)."""
    p = Path(sidecar)
    return p.with_name(f".{p.name}.lock")


@contextmanager
def _locked(sidecar: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the sidecar's lock: an exclusive ``flock`` on the lock file. The holder removes the
    lock file before releasing it; a waiter that then gets the lock on the removed file notices
    (the path no longer names what it locked) and takes the new one, so nothing is left behind
    and two savers never both hold it. Raises ``PermissionError`` when the folder refuses the
    lock file (the caller saves to the per-user folder), ``ReviewBusy`` after ``wait`` s."""
    try:
        import fcntl  # noqa: PLC0415
    except ImportError:  # pragma: no cover - Windows: no advisory locks; saves still merge
        yield
        return
    import time  # noqa: PLC0415

    lock = lock_path(sidecar)
    deadline = time.monotonic() + wait
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    while True:
        fd = os.open(lock, flags, 0o644)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise ReviewBusy(f"另一个 gxtui 正在保存审阅记录 {sidecar}，请稍后重试 / another gxtui "
                                         f"is saving the review file {sidecar}; try again") from None
                    time.sleep(0.01)
            st = os.fstat(fd)
            try:
                cur = os.stat(lock, follow_symlinks=False)
            except FileNotFoundError:
                cur = None
        except BaseException:
            os.close(fd)
            raise
        if cur is not None and (cur.st_dev, cur.st_ino) == (st.st_dev, st.st_ino):
            break
        os.close(fd)  # the previous holder removed it meanwhile: lock the new one
    try:
        yield
    finally:
        try:
            os.unlink(lock)
        except OSError:
            pass
        os.close(fd)


def _clean_stale_temporaries(target: Path) -> list[Path]:
    """Temporary files ``write_atomic`` left beside ``target`` (and its ``.bak``) when a save was
    killed; removed under the lock, when no other gxtui is writing them. Returns what went."""
    import re  # noqa: PLC0415
    import stat as _stat  # noqa: PLC0415

    names = {target.name, target.name + ".bak"}
    rx = re.compile(r"\.(" + "|".join(re.escape(n) for n in names) + r")\.[A-Za-z0-9_]{6,12}\.tmp")
    gone = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return gone
    for e in entries:
        if rx.fullmatch(e.name):
            try:
                if _stat.S_ISREG(e.stat(follow_symlinks=False).st_mode):
                    os.unlink(e.path)
                    gone.append(Path(e.path))
            except OSError:
                pass
    return gone


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
    block: str | None = None
    section: str | None = None
    list: str | None = None  # noqa: A003 - the name the outputs use
    line: int | None = None
    expected: Any = None
    actual: Any = None
    message_zh: str | None = None
    message_en: str | None = None
    report_changed: bool = False  # not stored: the report's sha256 differs from report_sha256
    extra: dict[str, Any] = field(default_factory=dict, repr=False)  # unknown keys, preserved

    def message(self, lang: str = "zh") -> str:
        return (self.message_en if lang == "en" else self.message_zh) or self.message_zh or \
            self.message_en or ""

    def to_toml(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.extra)
        out.update({"status": self.status, "note": self.note})
        if self.decided_at is not None:
            out["decided_at"] = self.decided_at
        out["report_sha256"] = self.report_sha256
        for k in _LOCATION_KEYS:
            v = _toml_value(getattr(self, k))
            if v is not None:
                out[k] = v
        message = {k: v for k, v in (("zh", self.message_zh), ("en", self.message_en)) if v is not None}
        if message:
            out["message"] = message
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
        message = d.get("message")  # format 2; format 1 had message_zh / message_en
        if message is not None:
            if not isinstance(message, dict):
                raise ValueError(f"decision {fingerprint}: message is not a table")
            kw["message_zh"], kw["message_en"] = message.get("zh"), message.get("en")
        for k in ("rule", "severity", "table", "row", "col", "block", "section", "list",
                  "message_zh", "message_en"):
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


@dataclass
class Conflict:
    """A finding this store decided (or cleared) that another process decided differently since
    this store was loaded. ``kept`` is the decision now in the file (the newest; ``None``: cleared)."""

    fingerprint: str
    mine: Decision | None
    theirs: Decision | None
    kept: Decision | None

    def text(self, lang: str = "zh") -> str:
        def say(d: Decision | None) -> str:
            return "—" if d is None else d.status + (f" ({d.note})" if d.note else "")
        if lang == "en":
            return (f"{self.fingerprint}: changed by someone else meanwhile (theirs: {say(self.theirs)}, "
                    f"yours: {say(self.mine)}); kept the newest: {say(self.kept)}")
        return (f"{self.fingerprint}：期间已被他人修改（对方：{say(self.theirs)}，本次：{say(self.mine)}），"
                f"保留最新的：{say(self.kept)}")


def _same(a: Decision | None, b: Decision | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a.status, a.note, a.decided_at) == (b.status, b.note, b.decided_at)


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

    def __init__(self, report_path: str | os.PathLike, sha256: str, location: Path,
                 identity: dict[str, Any] | None = None) -> None:
        self.report_path = Path(report_path)
        self.sha256 = sha256
        self.identity = dict(identity or {})  # agency/year/template of the report, when known
        self.location = location  # the sidecar this store saves to
        self.loaded_from: Path | None = None  # the sidecar read at open (None: none existed)
        self.error: str | None = None
        self.reviewed = False
        self.reviewed_at: _dt.datetime | None = None
        self.reviewed_sha256: str | None = None
        self._decisions: dict[str, Decision] = {}
        self._extra: dict[str, Any] = {}
        self._cleared: set[str] = set()
        self._touched: set[str] = set()  # decided or cleared since loaded (or last saved)
        self._base: dict[str, Decision] = {}  # the decisions as loaded (or last saved)
        self._loaded_bytes: bytes | None = None  # the bytes of ``location`` as loaded/saved
        self._reviewed_touched = False
        self._saved_at: _dt.datetime | None = None
        self.sources: list[Path] = []  # the sidecars read (beside the report, per-user folder)
        self.conflicts: list[Conflict] = []  # what the last save found changed by someone else
        self.cleaned: list[Path] = []  # stale temporaries the last save removed
        self.dirty = False

    # -- opening ---------------------------------------------------------------------------------
    @classmethod
    def for_report(cls, report_path: str | os.PathLike, sha256: str,
                   identity: dict[str, Any] | None = None) -> "ReviewStore":
        """The store for the report at ``report_path`` whose current content hashes to ``sha256``.

        Reads ``REPORT.gxtui.toml`` and the per-user copy when present (both: merged, newest
        decision per finding); saves beside the report when its folder is writable, else to the
        per-user folder. Never raises on a bad sidecar: ``error`` says what is wrong and the store
        is read-only."""
        primary = sidecar_path(report_path)
        fallback = fallback_path(report_path)
        writable = folder_writable(primary.parent)
        store = cls(report_path, sha256, primary if writable else fallback, identity)
        sources = [p for p in (primary, fallback) if os.path.lexists(p)]
        if sources:
            store._load_all(sources)
        return store

    def _load_all(self, sources: list[Path]) -> None:
        """Read every sidecar in ``sources`` and merge them, newest decision per finding."""
        parts: list[ReviewStore] = []
        for path in sources:
            part = ReviewStore(self.report_path, self.sha256, path, self.identity)
            part._load(path)
            if part.error:
                self.loaded_from, self.error = path, part.error
                self.sources = list(sources)
                self._decisions.clear()
                return
            if part.loaded_from is not None:
                parts.append(part)
        if not parts:
            return
        self.sources = [p.location for p in parts]
        first = next((p for p in parts if p.location == self.location), parts[0])
        self.loaded_from = first.location
        self._adopt(first)
        for other in parts:
            if other is first:
                continue
            for fp, d in other._decisions.items():
                mine = self._decisions.get(fp)
                if mine is None or _newer(d, mine):
                    self._decisions[fp] = d
            if (other._saved_at or _EPOCH) > (first._saved_at or _EPOCH):
                self.reviewed, self.reviewed_at = other.reviewed, other.reviewed_at
                self.reviewed_sha256 = other.reviewed_sha256
            for k, v in other.identity.items():
                self.identity.setdefault(k, v)
        self._loaded_bytes = first._loaded_bytes if first.location == self.location else None
        self._base = dict(self._decisions)

    def _adopt(self, part: "ReviewStore") -> None:
        self._decisions = dict(part._decisions)
        self.reviewed, self.reviewed_at = part.reviewed, part.reviewed_at
        self.reviewed_sha256 = part.reviewed_sha256
        self._extra = dict(part._extra)
        self._saved_at = part._saved_at
        for k, v in part.identity.items():
            self.identity.setdefault(k, v)

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
            data = _read_sidecar(path)
        except FileNotFoundError:  # a dangling link, or removed since: nothing to read
            self.loaded_from = None
            return
        except ReviewError as e:
            self.error = str(e)
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
        saved = doc.get("saved_at")
        self._saved_at = saved if isinstance(saved, _dt.datetime) and saved.tzinfo else None
        rs = doc.get("reviewed_sha256")
        self.reviewed_sha256 = rs if isinstance(rs, str) else None
        report = doc.get("report")
        if isinstance(report, dict):  # format 2: the identity block
            for k in ("agency", "year", "template"):
                if report.get(k) is not None:
                    self.identity.setdefault(k, report[k])
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
        for k in ("table", "row", "block", "list"):
            setattr(d, k, getattr(f, k, getattr(d, k)))
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
        self._touched.add(fingerprint)
        self.dirty = True
        return d

    def clear(self, fingerprint: str) -> None:
        """Remove a decision (the only way a decision leaves the file)."""
        self._writable()
        if self._decisions.pop(fingerprint, None) is not None:
            self._cleared.add(fingerprint)
            self._touched.add(fingerprint)
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
            "report": {k: v for k, v in (
                ("path", self.report_path.name if not self.in_user_folder
                 else os.path.abspath(self.report_path)),
                ("sha256", self.sha256), ("agency", self.identity.get("agency")),
                ("year", self.identity.get("year")), ("template", self.identity.get("template")))
                if v is not None},
            "reviewed": self.reviewed,
        })
        doc.pop("report_sha256", None)
        if self.reviewed_at is not None:
            doc["reviewed_at"] = self.reviewed_at
        if self.reviewed_sha256:
            doc["reviewed_sha256"] = self.reviewed_sha256
        doc["saved_at"] = _now()
        doc["decisions"] = {fp: d.to_toml() for fp, d in sorted(self._decisions.items())}
        return tomli_w.dumps(doc)

    def save(self) -> Path:
        """Write the sidecar under its lock: re-read it, merge what others saved meanwhile
        (``conflicts`` lists findings both changed), write atomically keeping the previous one as
        ``.bak``. Returns the path written. If the report's folder refuses the lock or the write,
        saves to the per-user folder (and ``location`` says so)."""
        import errno  # noqa: PLC0415

        self._writable()
        try:
            self._save_to(self.location)
        except OSError as e:
            fb = fallback_path(self.report_path)
            refused = isinstance(e, PermissionError) or e.errno in (errno.EROFS, errno.EACCES)
            if not refused or self.location == fb:
                raise
            self.location = fb
            self._loaded_bytes = None  # the per-user copy was not what we loaded: merge it
            self._save_to(fb)
        self.dirty = False
        return self.location

    def _save_to(self, path: Path) -> None:
        from gxtui.files import write_atomic  # noqa: PLC0415

        path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(path):
            self.cleaned = _clean_stale_temporaries(path)
            try:
                current: bytes | None = _read_sidecar(path)
            except FileNotFoundError:
                current = None
            except ReviewError as e:  # became a device/FIFO/huge meanwhile: never overwrite it
                self.error = str(e)
                raise ReviewReadOnly(self.error) from None
            self.conflicts = []
            if current is not None and current != self._loaded_bytes:
                self._merge(path, current)
            data = self.to_toml().encode("utf-8")
            if current is not None:
                write_atomic(Path(str(path) + ".bak"), current)
            write_atomic(path, data)
        self._loaded_bytes = data
        self.loaded_from = path
        if path not in self.sources:
            self.sources.append(path)
        self._base = dict(self._decisions)
        self._touched.clear()
        self._cleared.clear()
        self._reviewed_touched = False
        self._retire_fallback(path)

    def _retire_fallback(self, written: Path) -> None:
        """Saved beside the report: the per-user copy's decisions are in it now, so the copy
        goes (kept as its ``.bak``), lest a decision cleared here come back from it."""
        fb = fallback_path(self.report_path)
        if written == fb or fb not in self.sources:
            return
        try:
            with _locked(fb, wait=1.0):
                os.replace(fb, Path(str(fb) + ".bak"))
        except (OSError, ReviewError):
            return
        self.sources.remove(fb)

    def _merge(self, path: Path, current: bytes) -> None:
        """Merge the sidecar as it is now on disk (another process saved it since we loaded):
        findings we did not touch take its version (including its clearings); findings we
        touched keep ours unless theirs is newer; both changed is a conflict."""
        other = ReviewStore(self.report_path, self.sha256, path, self.identity)
        other.loaded_from = path
        try:
            other._parse(current)
        except ReviewError as e:  # appeared damaged/newer meanwhile: never overwrite it
            self.error = str(e)
            raise ReviewReadOnly(self.error) from None
        theirs_all = other._decisions
        for fp in set(theirs_all) | set(self._base) | self._touched:
            theirs, base, mine = theirs_all.get(fp), self._base.get(fp), self._decisions.get(fp)
            if fp not in self._touched:
                if theirs is not None:
                    self._decisions[fp] = theirs
                elif base is not None and path in self.sources:  # they cleared it
                    self._decisions.pop(fp, None)
                continue
            if _same(theirs, base) or (theirs is None and path not in self.sources):
                continue  # nobody else changed it: ours stands
            if _same(theirs, mine):
                continue
            kept = mine
            if theirs is not None and (mine is None or _newer(theirs, mine)):
                kept = theirs
                self._decisions[fp] = theirs
                self._cleared.discard(fp)
            self.conflicts.append(Conflict(fp, mine, theirs, kept))
        if not self._reviewed_touched:
            self.reviewed, self.reviewed_at = other.reviewed, other.reviewed_at
            self.reviewed_sha256 = other.reviewed_sha256


_EPOCH = _dt.datetime.min.replace(tzinfo=_dt.timezone.utc)


def _newer(a: Decision, b: Decision) -> bool:
    """``a`` was decided after ``b``."""
    return (a.decided_at or _EPOCH) > (b.decided_at or _EPOCH)
