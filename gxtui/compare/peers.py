"""Peer benchmarks: how an agency's ratios compare with reports of the same year and kind.

The ratios are data (``templates/ratios.toml``): 予以公开 share of （七）总计, 本机关不掌握 share,
结转 share, 纠正 share of 复议 and of 诉讼. Reports are compared only with reports of the same
year and the same kind (format.md §6.8: a department's or office's own report against a
government's report, which counts a whole region, differ by orders of magnitude — ``Report.kind``).

Figures, all reproducible by hand:

- quartiles P25 / P50 / P75 by linear interpolation between order statistics (the "type 7"
  definition of numpy, R and Excel's PERCENTILE.INC): with the values sorted, the p-quantile sits
  at position ``(n − 1)·p`` counted from 0;
- an agency's percentile is its mid-rank: ``100 · (below + equal / 2) / n`` — the share of peers
  below it, ties counted half;
- ``n`` counts the reports whose ratio is defined (see ``ratios.toml`` for when it is not).

Only where ``n`` is at least ``min_n`` (default 30) is an agency called far outside its peers
(rule ``B-1`` in ``gxtui.rules.peers``): beyond Tukey's fences ``P25 − k·IQR`` /
``P75 + k·IQR`` (``k = fence``, default 3, "far out") and at least ``min_gap`` (default 0.10) from
the median. All three are set in ``[rules.B-1]`` of ``gxtui.toml``.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable

from gxtui.templates import vocab

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.config import Config
    from gxtui.model import Finding, Report

CellKey = tuple[str, str, str]
# (value for arithmetic, semantic) of one cell, or None when the cell was not read
Lookup = Callable[[str, str, str], "tuple[float | int | None, str] | None"]

# kind → (zh, en) label, from gxtui/templates/names.toml [kinds]
KINDS = {k: (d["zh"], d["en"]) for k, d in vocab.names()["kinds"].items()}


@dataclass(frozen=True)
class Ratio:
    key: str
    zh: str
    en: str
    zh_long: str
    en_long: str
    numerator: tuple[CellKey, ...]
    denominator: tuple[CellKey, ...]

    def label(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def evaluate(self, get: Lookup) -> "tuple[float, float, float] | None":
        """(ratio, numerator, denominator), or None when the ratio is undefined."""
        num = _sum(get, self.numerator)
        den = _sum(get, self.denominator)
        if num is None or den is None or den <= 0:
            return None
        return num / den, num, den


def _sum(get: Lookup, keys: tuple[CellKey, ...]) -> float | None:
    total = 0.0
    for k in keys:
        got = get(*k)
        if got is None:
            return None
        value, semantic = got
        if semantic in ("blank", "na"):
            continue
        if semantic not in ("number", "zero") or value is None:
            return None  # unknown or text: the source lost the number
        total += value
    return total


@lru_cache(maxsize=1)
def ratios() -> tuple[Ratio, ...]:
    """The ratio catalogue from ``templates/ratios.toml``."""
    import tomllib  # noqa: PLC0415
    from importlib import resources  # noqa: PLC0415

    data = tomllib.loads(resources.files("gxtui.templates").joinpath("ratios.toml")
                         .read_text(encoding="utf-8"))

    def keys(xs: list[str]) -> tuple[CellKey, ...]:
        out = []
        for x in xs:
            t, r, c = x.split("/")
            out.append((t, r, c))
        return tuple(out)

    return tuple(Ratio(d["key"], d["zh"], d["en"], d["zh_long"], d["en_long"], keys(d["numerator"]),
                       keys(d["denominator"])) for d in data["ratio"])


def ratio(key: str) -> Ratio:
    return next(r for r in ratios() if r.key == key)


def report_lookup(report: "Report") -> Lookup:
    def get(t: str, r: str, c: str) -> "tuple[float | int | None, str] | None":
        cell = report.cell(t, r, c)
        return None if cell is None else (cell.value, cell.semantic)
    return get


# -- one report ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Value:
    value: float
    numerator: float
    denominator: float


@dataclass
class ReportRatios:
    """The defined ratios of one report, with what places it among its peers."""

    path: str
    agency: str | None
    year: int | None
    kind: str
    values: dict[str, Value] = field(default_factory=dict)


def report_ratios(report: "Report") -> ReportRatios:
    from gxtui.compare.pairing import year_of  # noqa: PLC0415

    return ratios_from(report.source.path, report.agency, year_of(report), report.kind,
                       report_lookup(report))


def ratios_from(path: str, agency: str | None, year: int | None, kind: str,
                get: Lookup) -> ReportRatios:
    """The ratios of a report known only through a cell lookup (e.g. rows of cells.parquet)."""
    out = ReportRatios(path, agency, year, kind)
    for r in ratios():
        got = r.evaluate(get)
        if got is not None:
            out.values[r.key] = Value(*got)
    return out


# -- distributions ---------------------------------------------------------------------------------

def quantile(sorted_values: list[float], p: float) -> float:
    """The p-quantile by linear interpolation (type 7); ``sorted_values`` ascending, not empty."""
    h = (len(sorted_values) - 1) * p
    lo = math.floor(h)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo])


def percentile_rank(sorted_values: list[float], v: float) -> float:
    """Mid-rank percentile of ``v`` among ``sorted_values`` (ties counted half)."""
    import bisect  # noqa: PLC0415

    below = bisect.bisect_left(sorted_values, v)
    equal = bisect.bisect_right(sorted_values, v) - below
    return 100.0 * (below + equal / 2) / len(sorted_values)


@dataclass
class Distribution:
    """One ratio among the reports of one year and kind."""

    year: int
    kind: str
    ratio: str
    values: list[float]  # ascending

    @property
    def n(self) -> int:
        return len(self.values)

    # computed once: the folder rule asks each of a distribution's reports for its quartiles
    @cached_property
    def p25(self) -> float:
        return quantile(self.values, 0.25)

    @cached_property
    def p50(self) -> float:
        return quantile(self.values, 0.5)

    @cached_property
    def p75(self) -> float:
        return quantile(self.values, 0.75)

    def percentile(self, v: float) -> float:
        return percentile_rank(self.values, v)

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "kind": self.kind, "ratio": self.ratio, "n": self.n,
                "p25": self.p25, "p50": self.p50, "p75": self.p75}


@dataclass
class Benchmark:
    """Every distribution of a folder, and the reports it was built from."""

    distributions: dict[tuple[int, str, str], Distribution]  # (year, kind, ratio key)
    reports: list[ReportRatios]
    catalogue: tuple[Ratio, ...] = field(default_factory=lambda: ratios())

    def get(self, year: int | None, kind: str, key: str) -> Distribution | None:
        return self.distributions.get((year, kind, key)) if year is not None else None

    def ordered(self) -> list[Distribution]:
        order = {r.key: i for i, r in enumerate(self.catalogue)}
        return sorted(self.distributions.values(),
                      key=lambda d: (d.year, d.kind, order.get(d.ratio, 99)))

    def position(self, rr: ReportRatios, key: str) -> tuple[Value, Distribution] | None:
        """An agency's value for ``key`` and the distribution it belongs to."""
        v = rr.values.get(key)
        d = self.get(rr.year, rr.kind, key)
        return (v, d) if v is not None and d is not None else None

    def to_dict(self) -> dict[str, Any]:
        return {"ratios": [{"key": r.key, "label_zh": r.zh, "label_en": r.en,
                            "definition_zh": r.zh_long, "definition_en": r.en_long}
                           for r in self.catalogue],
                "distributions": [d.to_dict() for d in self.ordered()]}

    def to_csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(("year", "kind", "ratio", "n", "p25", "p50", "p75"))
        for d in self.ordered():
            w.writerow((d.year, d.kind, d.ratio, d.n, _r(d.p25), _r(d.p50), _r(d.p75)))
        return buf.getvalue()


def _r(x: float) -> float:
    return round(x, 6)


def benchmark(rows: Iterable[ReportRatios]) -> Benchmark:
    """Distributions per (year, kind, ratio) of ``rows`` (reports without a year are left out)."""
    rows = list(rows)
    buckets: dict[tuple[int, str, str], list[float]] = {}
    for rr in rows:
        if rr.year is None:
            continue
        for key, v in rr.values.items():
            buckets.setdefault((rr.year, rr.kind, key), []).append(v.value)
    dists = {k: Distribution(k[0], k[1], k[2], sorted(vs)) for k, vs in buckets.items()}
    return Benchmark(dists, rows)


def benchmark_reports(reports: Iterable["Report"]) -> Benchmark:
    return benchmark(report_ratios(r) for r in reports)
