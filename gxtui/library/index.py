"""The library index: a small summary per report file, cached per folder, so that opening a folder
of thousands of reports shows its rows at once and re-checks only the files that changed.

What is cached (``Summary``): the report's identity (agency, year, template, pairing key, sha256),
the read error if any, its findings reduced to ``(fingerprint, rule, severity)`` — single-report
findings and, separately, the cross-year (Y-/P-) findings against its previous year and the peer
findings (B-1, from the peer-benchmark ratios kept per report: no report is read for them) — and the
review state derived from the ``REPORT.gxtui.toml`` sidecar (reviewed, report changed since,
decisions, open findings per triage tier, follow-ups, orphans). Counts per severity and per rule
are derived from the findings. Full ``Report`` objects are never kept: the TUI re-loads a report
when it is opened.

Keys. A summary is valid while the file's absolute path, size, ``mtime_ns``, inode and ``ctime_ns``
are unchanged (``file_key``: a report edited without a size change and its mtime restored still
has a new ctime, which no one can set back; a file replaced by another has a new inode) and
its ``stamp`` (the gxtui version, a signature of the domain code, and a hash of the effective
config) matches. The review part has its own key: the size and ``mtime_ns`` of the sidecar (next
to the report or in the per-user folder), so a decision saved by another session is picked up
without re-parsing the report. Cross-year findings are keyed by the previous year's file and its
size and ``mtime_ns``.

Storage. One JSON file per opened folder (or set of paths):
``platformdirs.user_cache_dir("gxtui")/index/<sha256 of the folder's real path>.json``
(``GXTUI_CACHE_DIR`` overrides the folder; ``GXTUI_NO_CACHE=1`` disables the cache). JSON rather
than sqlite3 because the whole index is small (≈ 0.5 KB a report) and is read at once on opening;
one file written with ``gxtui.files.write_atomic`` (temp + fsync + rename) is either the old or
the new index after a crash, needs no locking between two sessions (the last writer wins, and it
is only a cache), leaves no journal files behind, and is trivially validated: a file that does
not parse, or has the wrong shape, is ignored and rebuilt, never a crash. Nothing is ever
written next to the reports.

``Indexer`` does the work (cache → stat → check changed files → cross-year pairs → review state)
and reports progress through callbacks; it imports no Textual. The TUI runs it in a worker.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import OrderedDict
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache, partial
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, NamedTuple

from gxtui.triage import Open, open_counts, rank_key

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.config import Config
    from gxtui.model import Finding, Report

# 2: findings as one string per list and ratios as one flat list per summary, the review state
# left out when there is none (half the JSON values of format 1: the index of 10,000 reports
# loads in about half the time)
FORMAT = 2


class Brief(NamedTuple):
    """A finding reduced to what the library needs."""

    fingerprint: str
    rule: str
    severity: str


@dataclass(frozen=True)
class ReviewState:
    """The reviewer's work on one report, as the library shows and ranks it."""

    sig: tuple = ()  # (size, mtime_ns) of the sidecar(s); () when there is none
    reviewed: bool = False  # marked reviewed (for whatever version of the report)
    changed: bool = False  # marked reviewed, but the report changed since (reviewed_report_changed)
    decided: int = 0  # findings with a decision
    changed_decisions: int = 0  # decisions taken on another version of the report
    follow_ups: int = 0
    orphans: int = 0  # decisions whose finding is gone
    error: str | None = None  # the sidecar is corrupt or newer: read-only

    def to_json(self) -> list:
        return [list(self.sig), self.reviewed, self.changed, self.decided, self.changed_decisions,
                self.follow_ups, self.orphans, self.error]

    @classmethod
    def from_json(cls, d: Any) -> "ReviewState":
        sig, reviewed, changed, decided, cd, fu, orph, err = d
        return cls(tuple(tuple(x) if isinstance(x, list) else x for x in sig), bool(reviewed), bool(changed),
                   int(decided), int(cd), int(fu), int(orph), err if isinstance(err, str) else None)


@dataclass(frozen=True)
class Summary:
    """One report file of the library (see the module docstring)."""

    path: str  # absolute
    size: int
    mtime_ns: int
    stamp: str
    sha256: str | None = None
    agency: str | None = None
    year: int | None = None
    template: str | None = None
    series: str | None = None  # what pairs consecutive years (gxtui.compare.pairing identity key)
    error: str | None = None  # could not be read (or checked)
    findings: tuple[Brief, ...] = ()
    cross: tuple[Brief, ...] = ()  # cross-year findings against ``pair_old``
    pair_old: str | None = None
    pair_old_key: tuple[int, ...] | None = None
    review: ReviewState = field(default_factory=ReviewState)
    decisions: dict[str, str] = field(default_factory=dict, compare=False)  # fingerprint → status
    kind: str | None = None  # department / government (peer benchmarks compare within a kind)
    ratios: tuple[tuple[str, float, float, float], ...] = ()  # (ratio key, value, numerator, denominator)
    peers: tuple[Brief, ...] = ()  # folder findings (B-1) about this report
    ino: int = 0  # with size and mtime_ns: the file's key (``file_key``)
    ctime_ns: int = 0

    @property
    def key(self) -> tuple[int, int, int, int]:
        """(size, mtime_ns, inode, ctime_ns): what ``file_key`` says for an unchanged file."""
        return (self.size, self.mtime_ns, self.ino, self.ctime_ns)

    # -- derived -------------------------------------------------------------------------------
    @property
    def all_findings(self) -> tuple[Brief, ...]:
        return self.findings + self.cross + self.peers

    def count(self, severity: str) -> int:
        return sum(1 for f in self.all_findings if f.severity == severity)

    def rules(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.all_findings:
            out[f.rule] = out.get(f.rule, 0) + 1
        return out

    @property
    def reviewed(self) -> bool:
        """Marked reviewed for the current content of the report."""
        return self.review.reviewed and not self.review.changed

    def open(self) -> Open:
        """What still needs a human here: the input of the triage ranking."""
        # A summary never changes (a new state is a new object, ``dataclasses.replace``), so what
        # is derived from all of it is worked out once: the index file sorts every summary on
        # every save, the library on every re-sort. (Kept in the instance dict by hand: a frozen
        # dataclass, and ``cached_property`` takes a lock on every first use.)
        got = self.__dict__.get("_open")
        if got is None:
            dec = self.decisions
            got = self.__dict__["_open"] = open_counts(
                self.all_findings, status=(lambda f: dec.get(f.fingerprint)) if dec else None,
                reviewed=self.reviewed, unreadable=bool(self.error), orphans=self.review.orphans)
        return got

    @property
    def json_text(self) -> str:
        """``to_json`` as the index file holds it (one entry of its list), worked out once."""
        got = self.__dict__.get("_json")
        if got is None:
            got = self.__dict__["_json"] = json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"))
        return got

    def rank_key(self, *tiebreak: Any) -> tuple:
        return rank_key(self.open(), *tiebreak)

    # -- JSON ----------------------------------------------------------------------------------
    def to_json(self) -> dict:
        d: dict[str, Any] = {"p": self.path, "s": self.size, "m": self.mtime_ns, "i": self.ino,
                             "ct": self.ctime_ns, "k": self.stamp}
        for short, name in (("h", "sha256"), ("a", "agency"), ("y", "year"), ("t", "template"),
                            ("g", "series"), ("e", "error"), ("o", "pair_old")):
            v = getattr(self, name)
            if v is not None:
                d[short] = v
        if self.findings:
            d["f"] = _briefs_json(self.findings)
        if self.cross:
            d["c"] = _briefs_json(self.cross)
        if self.pair_old_key is not None:
            d["ok"] = list(self.pair_old_key)
        if self.review != _NO_REVIEW:
            d["r"] = self.review.to_json()
        if self.decisions:
            d["d"] = self.decisions
        if self.kind is not None:
            d["n"] = self.kind
        if self.ratios:
            d["q"] = [x for r in self.ratios for x in r]
        if self.peers:
            d["b"] = _briefs_json(self.peers)
        return d

    @classmethod
    def from_json(cls, d: dict) -> "Summary":
        """One entry of the index file, validated (a damaged entry raises: the cache is ignored).

        The instance is made without the generated ``__init__``: a frozen dataclass sets each of
        its 21 fields through ``object.__setattr__``, a third of the time of reading 10,000
        entries on a warm re-open; the fields go into the instance dict at once instead, in
        field order (tests/test_cache.py compares the result with the constructor's)."""
        get = d.get
        for k, typ in _OPTIONAL:
            v = get(k)
            if v is not None and type(v) is not typ and not isinstance(v, typ):
                raise ValueError(f"bad {k}")
        dec = get("d") or {}
        if type(dec) is not dict or not all(type(v) is str for v in dec.values()):
            raise ValueError("bad decisions")
        ok = get("ok")
        s = _new_summary(cls)
        _set(s, "__dict__", dict(zip(_FIELDS, (
            str(d["p"]), int(d["s"]), int(d["m"]), str(d["k"]), get("h"), get("a"), get("y"), get("t"),
            get("g"), get("e"), _briefs(get("f")), _briefs(get("c")), get("o"),
            None if ok is None else tuple(int(x) for x in ok),
            ReviewState.from_json(d["r"]) if "r" in d else _NO_REVIEW, dict(dec),
            get("n"), _ratios(get("q")), _briefs(get("b")), int(get("i", 0)), int(get("ct", 0))))))
        return s


_NO_REVIEW = ReviewState()  # no sidecar: one shared (frozen) value, not written to the index
_FIELDS = tuple(f.name for f in fields(Summary))
_OPTIONAL = (("h", str), ("a", str), ("y", int), ("t", str), ("g", str), ("e", str), ("o", str), ("n", str))
_new_summary = object.__new__
_set = object.__setattr__


def _ratios(flat: Any) -> tuple[tuple[str, float, float, float], ...]:
    """Ratios from the index file: ``[key, value, numerator, denominator, key, …]``."""
    if not flat:
        return ()
    # validated by the types present (JSON gives exactly list/str/int/float/bool): one pass each
    if type(flat) is not list or len(flat) % 4:
        raise ValueError("bad ratio")
    keys, values, nums, dens = flat[::4], flat[1::4], flat[2::4], flat[3::4]
    if set(map(type, keys)) != _STR or not set(map(type, values + nums + dens)) <= _NUMBER:
        raise ValueError("bad ratio")
    return tuple(zip(keys, map(float, values), map(float, nums), map(float, dens)))


_STR, _NUMBER = {str}, {int, float}


def _briefs_json(findings: tuple[Brief, ...]) -> str | list:
    """Findings for the index file: "fingerprint rule severity fingerprint rule …" (one JSON
    value instead of a list and three strings per finding); a list of triples should a field
    ever hold whitespace, which the one string cannot carry."""
    fields = [x for f in findings for x in f]
    text = " ".join(fields)
    return text if text.split() == fields else [list(f) for f in findings]


def _briefs(value: Any) -> tuple[Brief, ...]:
    """Findings from the index file (``_briefs_json``), validated at C speed."""
    if not value:
        return ()
    if isinstance(value, str):
        fields = value.split()
        if len(fields) % 3:
            raise ValueError("bad finding")
        it = iter(fields)
        return tuple(map(_brief, zip(it, it, it)))
    "".join(chain.from_iterable(value))  # TypeError unless every field is a string
    if set(map(len, value)) != {3}:
        raise ValueError("bad finding")
    return tuple(map(_brief, value))


# ``Brief._make`` without its Python frame (what it does: ``tuple.__new__(Brief, fields)``): a warm
# re-open reads every finding of the library, tens of thousands
_brief = partial(tuple.__new__, Brief)


# -- keys ----------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _version() -> str:
    """gxtui's version (importlib.metadata looks through every installed package: once)."""
    try:
        from importlib.metadata import version  # noqa: PLC0415

        return version("gxtui")
    except Exception:  # noqa: BLE001 - running from a source tree
        return "dev"


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """The gxtui version plus a signature (names, sizes, mtimes) of the domain code and templates,
    so that a changed rule or extractor invalidates summaries even without a version bump."""
    root = str(Path(__file__).resolve().parent.parent)  # the gxtui package
    found: list[tuple[str, int, int]] = []
    stack = [("", root)]
    while stack:  # os.scandir: the entries' stat without a Path per file (rglob cost ~50 ms)
        rel_dir, d = stack.pop()
        try:
            entries = list(os.scandir(d))
        except OSError:
            continue
        for e in entries:
            rel = rel_dir + e.name
            try:
                if e.is_dir():
                    if e.name != "__pycache__" and rel != "tui":
                        stack.append((rel + "/", e.path))
                    continue
                if os.path.splitext(e.name)[1] not in (".py", ".toml"):
                    continue
                st = e.stat()
            except OSError:
                continue
            found.append((rel, st.st_size, st.st_mtime_ns))
    h = hashlib.sha256(_version().encode())
    for rel, size, mtime in sorted(found):
        h.update(f"{rel}\0{size}\0{mtime}\n".encode())
    return f"{_version()}+{h.hexdigest()[:12]}"


def config_hash(config: "Config | None") -> str:
    if config is None:
        return "default"
    data = {"rules": config.rules, "deadlines": config.deadlines, "compare": config.compare}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
                          .encode()).hexdigest()[:12]


def stamp(config: "Config | None") -> str:
    return f"{code_stamp()}/{config_hash(config)}"


def file_key(path: str) -> tuple[int, int, int, int] | None:
    """(size, mtime_ns, inode, ctime_ns) of ``path``; None when it cannot be stat'ed."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


def sidecar_sig(path: str, no_user_sidecars: bool | None = None) -> tuple:
    """Identity of the review sidecar(s) of ``path``: () when there is none.

    The per-user sidecar's name needs the report's real path and a hash of it (~0.1 ms, most of
    a warm library pass over 10,000 files); when the per-user folder holds no sidecar at all
    (one ``scandir``, or ``no_user_sidecars`` when a pass over many files looked once), there is
    none for this report either and its key is None as before."""
    from gxtui.review import fallback_path, sidecar_path  # noqa: PLC0415

    from gxtui.review import SIDECAR_SUFFIX  # noqa: PLC0415

    # next to the report: ``sidecar_path`` is the path plus the suffix for an absolute path
    near = path + SIDECAR_SUFFIX if os.path.isabs(path) and os.path.normpath(path) == path \
        else str(sidecar_path(path))
    out = [file_key(near),
           None if (_no_user_sidecars() if no_user_sidecars is None else no_user_sidecars)
           else file_key(str(fallback_path(path)))]
    return () if not any(out) else tuple(out)


class _Sidecars:
    """``sidecar_sig`` for a pass over many files: each folder is listed once, and a report with
    no sidecar next to it (nearly all) and none in the per-user folder gets () with no file-system
    call of its own (was a stat per report): one stat per file in a warm pass."""

    def __init__(self) -> None:
        from gxtui.review import SIDECAR_SUFFIX  # noqa: PLC0415

        self.suffix = SIDECAR_SUFFIX
        self.no_user = _no_user_sidecars()  # once per pass, not once per file
        self.names: dict[str, frozenset[str] | None] = {}  # folder -> its entries (None: unlisted)

    def sig(self, apath: str) -> tuple:
        """``sidecar_sig(apath)`` for an absolute, normalised path."""
        if self.no_user:
            folder, name = os.path.split(apath)
            try:
                names = self.names[folder]
            except KeyError:
                try:
                    names = frozenset(os.listdir(folder))
                except OSError:
                    names = None
                self.names[folder] = names
            if names is not None and name + self.suffix not in names:
                return ()
        return sidecar_sig(apath, self.no_user)


@lru_cache(maxsize=8)
def _user_reviews_dir(_xdg: str | None, _home: str | None) -> str:
    from gxtui.review import user_reviews_dir  # noqa: PLC0415

    return str(user_reviews_dir())


def _no_user_sidecars() -> bool:
    """True when the per-user reviews folder does not exist or is empty (checked every call)."""
    d = _user_reviews_dir(os.environ.get("XDG_DATA_HOME"), os.environ.get("HOME"))
    try:
        with os.scandir(d) as it:
            return next(it, None) is None
    except OSError:
        return True


# -- the cache file --------------------------------------------------------------------------------

def cache_dir() -> Path:
    env = os.environ.get("GXTUI_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs  # noqa: PLC0415

    return Path(platformdirs.user_cache_dir("gxtui")) / "index"


def enabled() -> bool:
    return os.environ.get("GXTUI_NO_CACHE", "") in ("", "0")


class LibraryCache:
    """The index file of one folder (or one set of paths)."""

    def __init__(self, roots: Iterable[str | os.PathLike], directory: Path | None = None) -> None:
        self.roots = sorted(os.path.realpath(os.fspath(r)) for r in roots)
        digest = hashlib.sha256("\n".join(self.roots).encode("utf-8", "surrogateescape")).hexdigest()[:32]
        self.location = (directory or cache_dir()) / f"{digest}.json"
        self.problem: str | None = None  # why the cache was ignored or not saved (for the UI/bench)
        # the index loaded was saved at the end of a pass (not by one interrupted midway, whose
        # pairs and peer findings may be missing): set by ``load_chunks``
        self.complete = False

    def load(self) -> dict[str, Summary]:
        """The cached summaries by absolute path; {} when there is no usable cache."""
        out: dict[str, Summary] = {}
        for chunk in self.load_chunks():
            out.update(chunk)
        return out

    def load_chunks(self, first: int = 300) -> Iterable[dict[str, Summary]]:
        """``load`` in two parts: the ``first`` summaries (the index is saved most urgent first, so
        these are the top of the library), then the rest. A damaged file yields nothing more."""
        try:
            raw = self.location.read_bytes()
        except FileNotFoundError:
            return
        except OSError as e:
            self.problem = f"cannot read {self.location}: {e.strerror or e}"
            return
        try:
            doc = json.loads(raw)
            if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("roots") != self.roots:
                raise ValueError("not an index of this folder")
            entries = doc["entries"]
            if not isinstance(entries, list):
                raise ValueError("entries is not a list")
            self.complete = doc.get("complete") is True
            parts = [entries[:first], entries[first:]]
        except Exception as e:  # noqa: BLE001 - any damage: ignore the cache, it is rebuilt
            self.problem = f"ignored a damaged index {self.location}: {type(e).__name__}"
            return
        for part in parts:
            try:
                chunk = {}
                for d in part:
                    s = Summary.from_json(d)
                    chunk[s.path] = s
            except Exception as e:  # noqa: BLE001
                self.problem = f"ignored a damaged index {self.location}: {type(e).__name__}"
                return
            if chunk:
                yield chunk

    def save(self, summaries: Iterable[Summary], complete: bool = False) -> bool:
        """Write the index; ``complete``: at the end of a pass (every pair and peer finding done)."""
        from gxtui.files import write_atomic  # noqa: PLC0415

        ordered = sorted(summaries, key=lambda s: s.rank_key(s.path))  # most urgent first
        head = {"format": FORMAT, "generator": f"gxtui {_version()}", "roots": self.roots,
                "saved_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "complete": complete}
        # the entries' JSON is kept by each summary (``json_text``): a save while indexing writes
        # out again only the summaries that changed since the last one
        text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"entries":[' + \
            ",".join([s.json_text for s in ordered]) + "]}"
        try:
            self.location.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.location, text)
        except OSError as e:
            self.problem = f"cannot write {self.location}: {e.strerror or e}"
            return False
        return True


# -- building summaries ------------------------------------------------------------------------------

def brief(findings: Iterable["Finding"]) -> tuple[Brief, ...]:
    return tuple(Brief(f.fingerprint, f.rule, f.severity) for f in findings)


def series_key(report: "Report") -> str:
    from gxtui.compare.pairing import identity  # noqa: PLC0415

    return identity(report).key


def summarize(path: str, config: "Config | None", key: tuple[int, ...] | None = None,
              stamp_: str | None = None) -> tuple[Summary, "Report | None", list["Finding"]]:
    """Load and check one file (never raises). Returns the summary (review state not yet
    computed), the report (None when unreadable) and its single-report findings."""
    from gxtui.audit import check_report  # noqa: PLC0415
    from gxtui.extract import load  # noqa: PLC0415
    from gxtui.read import ReadError  # noqa: PLC0415

    apath = os.path.abspath(path)
    key = key or file_key(apath) or (0, 0, 0, 0)
    ino, ctime = (key[2], key[3]) if len(key) >= 4 else (0, 0)
    st = stamp_ or stamp(config)
    try:
        report = load(path)
    except ReadError as e:
        return Summary(apath, key[0], key[1], st, error=e.message, ino=ino, ctime_ns=ctime), None, []
    except Exception as e:  # noqa: BLE001 - one bad file must not stop the library
        return Summary(apath, key[0], key[1], st, error=f"{type(e).__name__}: {e}", ino=ino,
                       ctime_ns=ctime), None, []
    base = Summary(apath, key[0], key[1], st, report.source.sha256, report.agency, report.year,
                   report.template, ino=ino, ctime_ns=ctime)
    try:
        findings = check_report(report, config)
        base = replace(base, series=series_key(report), findings=brief(findings), kind=report.kind,
                       ratios=report_ratios(report))
    except Exception as e:  # noqa: BLE001
        return replace(base, error=f"check failed: {type(e).__name__}: {e}"), None, []
    if base.year is None:
        from gxtui.compare.pairing import year_of  # noqa: PLC0415

        base = replace(base, year=year_of(report))
    return base, report, findings


def report_ratios(report: "Report") -> tuple[tuple[str, float, float, float], ...]:
    """The peer-benchmark ratios of a report, kept so that B-1 runs without re-reading it."""
    from gxtui.compare.peers import report_ratios as ratios  # noqa: PLC0415

    return tuple((k, v.value, v.numerator, v.denominator) for k, v in ratios(report).values.items())


# -- worker processes ----------------------------------------------------------------------------------
#
# A large folder is parsed and checked in worker processes (``Indexer.jobs``). A worker returns the
# summary and, for a report that can have a previous or next year, its *pair form*: the report
# without its section texts and anomalies (the cross-year rules read cells, fees and the
# section-五 items; tests/test_library_scale.py checks the findings are the same), pickled and
# compressed (~3 KB). The parent keeps these until the pairs are planned, then sends both years'
# forms to a worker for the cross-year rules: no report is parsed twice. The forms are made by
# gxtui.compare.figures (pair_form, pack, unpack), as for ``gxtui check`` on a folder; a file whose
# name allows no neighbouring year among the folder's files gets none (``pairing.may_pair``).


_WORKER_READY = False


def _worker_init() -> None:
    import gc  # noqa: PLC0415

    from gxtui.audit import _warm_up  # noqa: PLC0415

    _warm_up()
    gc.freeze()
    gc.set_threshold(50_000, *gc.get_threshold()[1:])


def _pool_job(job: tuple[str, tuple]) -> Any:
    """What a library worker process runs: ("summaries", [args…]) or ("pairs", [args…])."""
    global _WORKER_READY  # noqa: PLW0603 - once per worker process
    if not _WORKER_READY:
        _worker_init()
        _WORKER_READY = True
    kind, args = job
    if kind == "summaries":
        return [_summarize_job(a) for a in args]
    return _pairs_job(args)


def _summarize_job(args: tuple) -> tuple[Summary, bytes | None]:
    """The summary of one file with its review state (the sidecar looked at here, in the worker:
    two file-system calls per report that the parent, which also runs the UI, no longer makes),
    and its pair form (when its file name allows a neighbouring year: ``pairing.may_pair``)."""
    from gxtui.compare.figures import pack  # noqa: PLC0415 - the extractor's import: in the workers only

    f, key, stamp_, config, want_form = args
    s, report, _ = summarize(f, config, key, stamp_)
    s = review_state(s)
    payload = None
    if want_form and report is not None and s.series is not None and s.year is not None and not s.error:
        try:
            payload = pack(report)
        except Exception:  # noqa: BLE001 - not picklable for some reason: the pair re-parses
            payload = None
    return s, payload


def _pairs_job(args: list[tuple]) -> list[tuple[Brief, ...]]:
    """Cross-year findings of each (old, new, config): a side is a pair form (bytes) or a path to
    parse; within one chunk each is unpacked or parsed once. A side that cannot be read, or a
    rule that fails, gives no findings, as in ``Indexer._check_pair``."""
    from gxtui.audit import check_pair  # noqa: PLC0415
    from gxtui.compare.figures import unpack  # noqa: PLC0415
    from gxtui.extract import load  # noqa: PLC0415

    reports: dict[Any, Any] = {}  # id of the pair form (one object per chunk when shared) or the path

    def report(side: bytes | str) -> Any:
        key = side if isinstance(side, str) else id(side)
        if key not in reports:
            try:
                reports[key] = unpack(side) if isinstance(side, bytes) else load(side)
            except Exception:  # noqa: BLE001 - changed or vanished meanwhile: no pair findings
                reports[key] = None
        return reports[key]

    out: list[tuple[Brief, ...]] = []
    for old, new, config in args:
        ro, rn = report(old), report(new)
        try:
            out.append(brief(check_pair(ro, rn, config)) if ro is not None and rn is not None else ())
        except Exception:  # noqa: BLE001 - a failing rule must not stop the library
            out.append(())
    return out


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real standard error.

    The tracker is started on first use and hands it ``sys.stderr.fileno()``; under the TUI
    ``sys.stderr`` is Textual's capture, whose descriptor is not a real one, and starting the
    pool failed with "bad value(s) in fds_to_keep". The swap lasts only while it starts."""
    import sys  # noqa: PLC0415
    from multiprocessing import resource_tracker  # noqa: PLC0415

    saved = sys.stderr
    try:
        try:
            ok = saved is not None and saved.fileno() >= 0 and os.fstat(saved.fileno()) is not None
        except (AttributeError, OSError, ValueError):
            ok = False
        if not ok:
            sys.stderr = sys.__stderr__ if sys.__stderr__ is not None else open(os.devnull, "w")  # noqa: SIM115
        resource_tracker.ensure_running()
    finally:
        sys.stderr = saved


def default_jobs() -> int:
    env = os.environ.get("GXTUI_JOBS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return max(1, min(os.cpu_count() or 1, 8))


def review_state(s: Summary, sig: tuple | None = None) -> Summary:
    """``s`` with its review state read from the sidecar (cheap when there is none)."""
    sig = sidecar_sig(s.path) if sig is None else sig
    if not sig or s.error or not s.sha256:
        if s.review.sig == sig and s.review == ReviewState(sig) and not s.decisions:
            return s  # already so (most reports have no sidecar): no copy of the summary
        return replace(s, review=ReviewState(sig), decisions={})
    from gxtui.review import ReviewStore  # noqa: PLC0415

    try:
        store = ReviewStore.for_report(s.path, s.sha256)
    except Exception as e:  # noqa: BLE001 - a broken sidecar must not stop the library
        return replace(s, review=ReviewState(sig, error=str(e)), decisions={})
    return state_from_store(s, store, sig)


def state_from_store(s: Summary, store: Any, sig: tuple | None = None) -> Summary:
    """``s`` with the review state of an open ``ReviewStore`` (the report screen's)."""
    if sig is None:
        sig = sidecar_sig(s.path)
    if store.error:
        return replace(s, review=ReviewState(sig, error=store.error), decisions={})
    att = store.attach(s.all_findings)
    decisions = {fp: d.status for fp, d in att.by_fingerprint.items()}
    state = ReviewState(sig, bool(store.reviewed), bool(store.reviewed_report_changed), len(decisions),
                        len(att.changed), sum(1 for v in decisions.values() if v == "follow-up"),
                        len(att.orphans), None)
    return replace(s, review=state, decisions=decisions)


def plan_pairs(summaries: Iterable[Summary]) -> dict[str, str]:
    """new path → old path for every pair of consecutive years of one agency (``gxtui.audit.
    plan_pairs``: the same pairs as ``gxtui check`` and ``gxtui report``)."""
    from gxtui.audit import plan_pairs as plan  # noqa: PLC0415

    return plan(summaries)


# -- the indexer ----------------------------------------------------------------------------------------

@dataclass
class IndexStats:
    files: int = 0
    cached: int = 0  # summaries shown from the cache before anything was checked
    reused: int = 0  # valid cache entries (file unchanged)
    checked: int = 0  # files parsed and checked
    pairs: int = 0  # cross-year pairs checked
    reloaded: int = 0  # reports parsed again for a cross-year pair
    reviews: int = 0  # review states re-read from a sidecar
    seconds: float = 0.0
    cache_problem: str | None = None
    # (path, reason) the folder scan left out (``gxtui.files.scan_report_files``: links out of the
    # folder, gxtui's own findings reports), so that the library can say so
    skipped: list[tuple[str, str]] = field(default_factory=list)


class Indexer:
    """Build the library index of ``paths``; results go to callbacks (called from the thread
    that runs ``run``):

    - ``on_cached(list[Summary])``: summaries from the cache, before anything was checked;
    - ``on_files(list[str])``: every report file found (paths as ``scan_report_files`` gives them;
      what the scan left out is in ``stats.skipped``);
    - ``on_update(list[Summary])``: new or changed summaries, in batches;
    - ``on_report(path, report, findings)``: a report that was parsed (the TUI may keep a few).

    ``display(abs_path)`` maps a cached absolute path back to the path form of ``on_files``.
    """

    BATCH_SECONDS = 0.1
    SAVE_SECONDS = 5.0
    KEEP_REPORTS = 32  # reports kept in memory for cross-year pairs (an LRU)
    # From this many files to check, worker processes do the parsing (``on_report`` is then not
    # called: the reports stay in the workers; the TUI keeps parsed reports only for small folders).
    POOL_FROM = 200

    def __init__(self, paths: Iterable[str], config: "Config | None", *, use_cache: bool | None = None,
                 cache: LibraryCache | None = None, jobs: int | None = None, scan: Any = None) -> None:
        """``scan``: the ``gxtui.files.scan_report_files(paths)`` a caller already made (the TUI
        lists the files for its first rows before indexing starts), so that the pass does not
        list the folder a second time (~0.1-0.2 s of a warm pass over 10,000 files); None: scan."""
        self.jobs = default_jobs() if jobs is None else max(1, jobs)
        self._scan = scan
        from gxtui.isolate import DEFAULT_MEMORY, DEFAULT_TIMEOUT  # noqa: PLC0415

        self.timeout: float | None = DEFAULT_TIMEOUT  # per file in a worker (gxtui.isolate)
        self.mem: int | None = DEFAULT_MEMORY
        self._forms: dict[str, bytes] = {}  # pair forms from the workers, until the pairs are done
        self._roots: list[tuple[str, str, str, bool]] | None = None  # ``_display_roots``
        self.paths = [str(p) for p in paths]
        self.config = config
        self._stamp: str | None = None  # computed when first needed: after the first rows
        use = enabled() if use_cache is None else use_cache
        self.cache = cache or (LibraryCache(self.paths) if use else None)
        self.stats = IndexStats()
        self.summaries: dict[str, Summary] = {}  # absolute path → current summary
        self.on_cached: Callable[[list[Summary]], None] = lambda s: None
        self.on_files: Callable[[list[str]], None] = lambda f: None
        self.on_update: Callable[[list[Summary]], None] = lambda s: None
        self.on_report: Callable[[str, Any, list], None] = lambda p, r, f: None
        self.cancelled: Callable[[], bool] = lambda: False
        self._pending: list[Summary] = []
        self._last_flush = 0.0
        self._last_save = 0.0
        self._reports: OrderedDict[str, tuple[Any, list]] = OrderedDict()
        self._cached: dict[str, Summary] = {}
        self._dirty = False
        self._save_every = self.SAVE_SECONDS
        self._batch_every = self.BATCH_SECONDS

    @property
    def stamp(self) -> str:
        """The code and config stamp summaries are valid for (``stamp``): signing the code stats
        every module, so it is left until the cached rows and the file list have been sent."""
        if self._stamp is None:
            self._stamp = stamp(self.config)
        return self._stamp

    # -- paths ---------------------------------------------------------------------------------
    def display(self, apath: str) -> str:
        """``apath`` (absolute) as the path form of ``on_files``: under a folder given as
        ``r``, ``Path(r) / relative path``. Called for every summary sent to the UI, so the
        roots are worked out once (``_display_roots``), not a stat and two ``Path``s per call."""
        for ar, under, shown, is_dir in self._display_roots():
            if apath == ar:
                return shown
            if is_dir and apath.startswith(under):
                rest = apath[len(under):]
                # rest: a normalised relative path (apath is absolute and normalised), which is
                # what Path(shown) / os.path.relpath(apath, ar) spells out
                return rest if shown == "." else shown.rstrip(os.sep) + os.sep + rest
        return apath

    def _display_roots(self) -> list[tuple[str, str, str, bool]]:
        """(absolute root, its prefix with a separator, ``str(Path(root))``, is a folder) per root."""
        if self._roots is None:
            self._roots = []
            for r in self.paths:
                ar = os.path.abspath(r)
                self._roots.append((ar, ar.rstrip(os.sep) + os.sep, str(Path(r)), os.path.isdir(r)))
        return self._roots

    # -- plumbing ------------------------------------------------------------------------------
    def _emit(self, s: Summary, force: bool = False) -> None:
        self._dirty = True
        self.summaries[s.path] = s
        self._pending.append(s)
        now = time.perf_counter()
        if force or now - self._last_flush >= self._batch_every:
            self.flush()
        if self.cache is not None and now - self._last_save >= self._save_every:
            self.save()

    def flush(self) -> None:
        if self._pending:
            batch, self._pending = self._pending, []
            self.on_update(batch)
        self._last_flush = time.perf_counter()

    def save(self, final: bool = False) -> None:
        """Write the index. While indexing, cached entries not yet verified are kept too (a run
        that is interrupted loses nothing); the final save holds exactly the files found."""
        t0 = time.perf_counter()
        if self.cache is not None:
            entries = self.summaries if final else {**self._cached, **self.summaries}
            self.cache.save(list(entries.values()), complete=final)
        # saving writes the whole index: on a large folder, save less often so that the saves
        # stay a small share of the run instead of growing with the square of the folder
        self._last_save = time.perf_counter()
        self._save_every = max(self.SAVE_SECONDS, 20 * (self._last_save - t0))

    def _keep(self, apath: str, report: Any, findings: list) -> None:
        self._reports[apath] = (report, findings)
        self._reports.move_to_end(apath)
        while len(self._reports) > self.KEEP_REPORTS:
            self._reports.popitem(last=False)

    def _report(self, apath: str) -> Any:
        got = self._reports.get(apath)
        if got is not None:
            self._reports.move_to_end(apath)
            return got[0]
        from gxtui.extract import load  # noqa: PLC0415

        self.stats.reloaded += 1
        try:
            report = load(self.display(apath))
        except Exception:  # noqa: BLE001 - changed or vanished meanwhile: no pair
            return None
        self._keep(apath, report, [])
        return report

    # -- the run -------------------------------------------------------------------------------
    def run(self) -> IndexStats:
        from gxtui.audit import batch_gc  # noqa: PLC0415 - the collector kept out, as for a batch

        t0 = self._last_save = self._last_flush = time.perf_counter()
        with batch_gc():
            try:
                self._run()
            finally:
                self.flush()
                unchanged = not self._dirty and self.summaries.keys() == self._cached.keys()
                # an index saved by a pass stopped midway is saved again once one finished
                if self.cache is not None and not self.cancelled() and not (unchanged and self.cache.complete):
                    self.save(final=True)
                    self.stats.cache_problem = self.cache.problem
                self.stats.seconds = time.perf_counter() - t0
        return self.stats

    def _run(self) -> None:
        from gxtui.files import scan_report_files  # noqa: PLC0415

        cached: dict[str, Summary] = {}
        if self.cache is not None:
            for chunk in self.cache.load_chunks():  # the top of the library first: rows at once
                if self.cancelled():
                    return
                self.on_cached(list(chunk.values()))
                cached.update(chunk)
        self._cached = cached
        self.stats.cached = len(cached)
        scan, self._scan = self._scan or scan_report_files(self.paths), None  # a given scan serves once
        files = list(scan.paths)
        self.stats.files = len(files)
        self.stats.skipped = list(scan.skipped)
        # updates in fewer, larger batches on a large folder: each batch costs the UI a pass over
        # its rows (O(folder)), so a fixed 0.1 s made the UI's share grow with the folder squared
        self._batch_every = min(1.0, self.BATCH_SECONDS * max(1.0, len(files) / 1000))
        self.on_files(files)
        todo: list[tuple[str, str, tuple[int, int] | None]] = []
        sidecars = _Sidecars()
        for f in files:
            if self.cancelled():
                return
            apath = os.path.abspath(f)
            key = file_key(apath)
            old = cached.get(apath)
            if old is not None and key is not None and old.key == key \
                    and old.stamp == self.stamp:
                self.stats.reused += 1
                sig = sidecars.sig(apath)
                if sig != old.review.sig:
                    self.stats.reviews += 1
                    self._emit(review_state(old, sig))
                else:
                    self.summaries[apath] = old
            else:
                todo.append((f, apath, key))
        self.flush()
        if self.jobs > 1 and len(todo) >= self.POOL_FROM:
            self._run_pool(todo)
            if not self.cancelled():
                self._peers()
            return
        for f, apath, key in todo:
            if self.cancelled():
                return
            s, report, findings = summarize(f, self.config, key, self.stamp)
            self.stats.checked += 1
            if report is not None:
                self._keep(apath, report, findings)
                self.on_report(f, report, findings)
            self._emit(review_state(s))
            if report is not None:
                self._pair_neighbours(apath)
        self.flush()
        if not todo and self.cache is not None and self.cache.complete and \
                self.summaries.keys() == self._cached.keys():
            # every file as the last complete pass left it (a warm re-open): the pairs it planned
            # and the peer findings it computed stand (planning 10,000 summaries again: ~30 ms)
            return
        self._pairs()
        complete = self.cache is not None and self.cache.complete
        if not self.cancelled() and (self._dirty or self.summaries.keys() != self._cached.keys() or not complete):
            self._peers()  # nothing changed since a complete pass saved the index: its peer findings stand

    CHUNK = 8  # files per worker task (one round trip each); a chunk that fails is retried file by file

    def _run_pool(self, todo: list[tuple[str, str, tuple[int, int] | None]]) -> None:
        """Parse and check in ``jobs`` worker processes (``gxtui.isolate``: under the same memory
        and time limits as ``gxtui check``), then run the cross-year pairs there from the pair
        forms they returned. Files go in chunks of ``CHUNK`` (a round trip per file left the
        workers idle); a chunk over a limit is run again one file per task, so that only the
        file over the limit gets the one-line error."""
        from gxtui.compare.pairing import may_pair  # noqa: PLC0415
        from gxtui.isolate import Pool  # noqa: PLC0415

        _start_resource_tracker()
        # a pair form only for a file that may have a neighbouring year among all the folder's
        # files (the cached ones too): a one-year folder packs none (≈ 0.2 ms a report)
        names = [a for _f, a, _k in todo] + list(self._cached)
        wants = dict(zip(names, may_pair(names)))
        n = self.CHUNK
        chunks = [todo[i:i + n] for i in range(0, len(todo), n)]
        with Pool(_pool_job, self.jobs, self.timeout, self.mem) as pool:
            try:
                failed: list[tuple[str, str, tuple[int, int] | None]] = []
                items = [("summaries", [(f, key, self.stamp, self.config, wants.get(a, True))
                                        for f, a, key in ch]) for ch in chunks]
                for ch, o in zip(chunks, pool.map(items)):
                    if self.cancelled():
                        return
                    if not o.ok:
                        failed.extend(ch)
                        continue
                    for s, payload in o.value:
                        self._take(s, payload)
                if failed:
                    items = [("summaries", [(f, key, self.stamp, self.config, wants.get(a, True))])
                             for f, a, key in failed]
                    for (_f, apath, key), o in zip(failed, pool.map(items)):
                        if self.cancelled():
                            return
                        if o.ok:
                            self._take(*o.value[0])
                        else:
                            k = key or (0, 0)
                            self._take(review_state(Summary(apath, k[0], k[1], self.stamp, error=o.error)), None)
                self.flush()
                self._pairs(pool)
            finally:
                self._forms.clear()

    def _take(self, s: Summary, payload: bytes | None) -> None:
        """A worker's summary (its review state read there, ``_summarize_job``)."""
        self.stats.checked += 1
        if payload is not None:
            self._forms[s.path] = payload
        self._emit(s)

    def _pair_neighbours(self, apath: str) -> None:
        """Check the pairs a just-parsed report forms with the previous or next year of its agency
        while both are still in memory (a folder lists an agency's years together), so that
        ``_pairs`` does not parse them a second time. ``_pairs`` still decides which pairs count:
        a pair checked here that the final plan does not choose is simply checked again there."""
        s = self.summaries[apath]
        if s.series is None or s.year is None:
            return
        for other in list(self._reports):
            o = self.summaries.get(other)
            if other == apath or o is None or o.series != s.series or o.year is None:
                continue
            if o.year == s.year - 1:
                self._check_pair(other, apath)
            elif o.year == s.year + 1:
                self._check_pair(apath, other)

    def _check_pair(self, old: str, new: str) -> None:
        """Cross-year findings of ``new`` against ``old``, recorded on ``new``'s summary."""
        from gxtui.audit import check_pair  # noqa: PLC0415

        ro, rn = self._report(old), self._report(new)
        cross: tuple[Brief, ...] = ()
        if ro is not None and rn is not None:
            try:
                cross = brief(check_pair(ro, rn, self.config))
            except Exception:  # noqa: BLE001 - a failing rule must not stop the library
                cross = ()
        self._record_pair(old, new, cross)

    def _record_pair(self, old: str, new: str, cross: tuple[Brief, ...]) -> None:
        o, n = self.summaries[old], self.summaries[new]
        self.stats.pairs += 1
        self._emit(review_state(replace(n, cross=cross, pair_old=old,
                                        pair_old_key=o.key)))

    def _pairs(self, pool: Any = None) -> None:  # pool: a gxtui.isolate.Pool running _pool_job
        """Cross-year findings for every consecutive pair whose inputs changed and that was not
        already checked while parsing; series by series so that each report is parsed at most
        once more. With a worker ``pool``, the pairs whose both pair forms are at hand are
        checked there (no parse); the others as without a pool."""
        plan = plan_pairs(self.summaries.values())
        todo: dict[str, list[tuple[str, str]]] = {}
        for s in list(self.summaries.values()):
            old = plan.get(s.path)
            if old is None:
                if s.cross or s.pair_old:  # its previous year is gone: drop the old pair findings
                    self._emit(review_state(replace(s, cross=(), pair_old=None, pair_old_key=None)))
                continue
            o = self.summaries[old]
            if s.pair_old == old and s.pair_old_key == o.key:
                continue
            todo.setdefault(s.series or "", []).append((old, s.path))
        if pool is not None:
            self._pool_pairs(pool, [p for pairs in todo.values() for p in sorted(pairs, key=lambda p: p[1])])
            return
        for pairs in todo.values():
            for old, new in sorted(pairs, key=lambda p: p[1]):
                if self.cancelled():
                    return
                self._check_pair(old, new)

    def _pool_pairs(self, pool: Any, pairs: list[tuple[str, str]]) -> None:
        """The cross-year ``pairs`` (old, new) in the worker ``pool``: a side parsed in this run
        goes as its pair form; one whose summary came from the index (unchanged, not parsed) goes
        as its path and the worker parses it (the same limits as any file; was a parse here, one
        pair after another, while the workers sat idle). Pairs go in chunks of ``2 * CHUNK`` in
        series order, so a report in two pairs of one chunk is read once; a chunk that fails is
        run again one pair per task, so that only a pair over a limit loses its findings."""
        def side(path: str) -> bytes | str:
            form = self._forms.get(path)
            return form if form is not None else self.display(path)

        def items(chunk: list[tuple[str, str]]) -> tuple[str, list]:
            args = [(side(old), side(new), self.config) for old, new in chunk]
            self.stats.reloaded += len({x for a in args for x in a[:2] if isinstance(x, str)})
            return ("pairs", args)

        n = 2 * self.CHUNK
        chunks = [pairs[i:i + n] for i in range(0, len(pairs), n)]
        failed: list[tuple[str, str]] = []
        for ch, o in zip(chunks, pool.map(items(ch) for ch in chunks)):
            if self.cancelled():
                return
            if not o.ok:
                failed.extend(ch)
                continue
            for (old, new), cross in zip(ch, o.value):
                self._record_pair(old, new, cross or ())
        for (old, new), o in zip(failed, pool.map(items([p]) for p in failed)):
            if self.cancelled():
                return
            self._record_pair(old, new, (o.value[0] or ()) if o.ok else ())

    def _peers(self) -> None:
        """The folder rule B-1 (far outside the peers of the same year and kind) on the ratios
        every summary keeps, as ``gxtui check`` and ``gxtui report`` run it: no report is read."""
        from gxtui.check import check_folder  # noqa: PLC0415
        from gxtui.compare.peers import ReportRatios, Value, benchmark  # noqa: PLC0415

        rows = [ReportRatios(s.path, s.agency, s.year, s.kind or "department",
                             {k: Value(v, n, d) for k, v, n, d in s.ratios})
                for s in self.summaries.values() if not s.error and s.ratios]
        found: dict[str, list] = {}
        for f in check_folder(benchmark(rows), self.config):
            found.setdefault(f.path or "", []).append(f)
        for s in list(self.summaries.values()):
            got = brief(found.get(s.path, []))
            if got != s.peers:
                self._emit(review_state(replace(s, peers=got)))


def load_for_view(path: str, config: "Config | None",
                  previous: str | None) -> tuple["Report", list["Finding"], list["Finding"]]:
    """The report at ``path``, its own findings and its cross-year findings against ``previous``
    (the previous year) — what the report screen shows. Raises the reader's errors."""
    from gxtui.audit import check_pair, check_report  # noqa: PLC0415
    from gxtui.extract import load  # noqa: PLC0415

    report = load(path)
    own = check_report(report, config)
    cross: list["Finding"] = []
    if previous:
        try:
            cross = check_pair(load(previous), report, config)
        except Exception:  # noqa: BLE001 - the previous year unreadable now: own findings only
            cross = []
    return report, own, cross
