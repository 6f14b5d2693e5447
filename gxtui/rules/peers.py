"""B-1: an agency far outside its peers on one of the benchmark ratios (info).

A folder-scope rule: it reads a ``gxtui.compare.peers.Benchmark`` (ratios of every report,
distributions per year and report kind), not one report. Only distributions with at least
``min_n`` reports count — below that a quartile says little — and a value is *far outside* when it
lies beyond Tukey's fences ``P25 − k·IQR`` / ``P75 + k·IQR`` (``k = fence``) and at least
``min_gap`` from the median (so that a folder where nearly everyone has 0 does not flag every 0.02).

The finding points at the numerator cell(s) and carries the agency's own ratio as ``actual``; the
quartiles are in the message only, so that adding reports to the folder does not change the
finding's fingerprint (and a reviewer's decision on it stays attached).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

from gxtui.model import Finding
from gxtui.rules.registry import rule

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.compare.peers import Benchmark, Distribution, Ratio, ReportRatios, Value
    from gxtui.config import Config

DEFAULTS = {"min_n": 30, "fence": 3.0, "min_gap": 0.10}


def settings(config: "Config | None" = None) -> dict[str, float]:
    """``min_n``, ``fence`` and ``min_gap`` from ``[rules.B-1]`` of gxtui.toml, else the defaults."""
    conf: Any = config.rules.get("B-1", {}) if config is not None else {}
    conf = conf if isinstance(conf, dict) else {}
    out: dict[str, float] = {}
    for k, default in DEFAULTS.items():
        v = conf.get(k, default)
        out[k] = float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else default
    return out


@dataclass(frozen=True)
class Outlier:
    report: "ReportRatios"
    ratio: "Ratio"
    value: "Value"
    distribution: "Distribution"
    percentile: float
    low: bool  # below the lower fence (else above the upper one)


def outliers(bench: "Benchmark", config: "Config | None" = None) -> list[Outlier]:
    """Reports far outside their peers, in the benchmark's report order."""
    s = settings(config)
    out = []
    for rr in bench.reports:
        for r in bench.catalogue:
            pos = bench.position(rr, r.key)
            if pos is None:
                continue
            v, d = pos
            if d.n < s["min_n"]:
                continue
            iqr = d.p75 - d.p25
            lo, hi = d.p25 - s["fence"] * iqr, d.p75 + s["fence"] * iqr
            if (v.value < lo or v.value > hi) and abs(v.value - d.p50) >= s["min_gap"]:
                out.append(Outlier(rr, r, v, d, d.percentile(v.value), v.value < lo))
    return out


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _location(r: "Ratio") -> tuple[str, str | None, str | None]:
    """The (first) numerator cell's table, and its row and column when all numerator cells share
    them."""
    rows = {k[1] for k in r.numerator}
    cols = {k[2] for k in r.numerator}
    return (r.numerator[0][0], rows.pop() if len(rows) == 1 else None, cols.pop() if len(cols) == 1 else None)


def finding(o: Outlier) -> Finding:
    d, v, r = o.distribution, o.value, o.ratio
    from gxtui.templates.vocab import kind_label  # noqa: PLC0415

    kind_zh = kind_label(d.kind, "zh")
    side_zh, side_en = ("低", "low") if o.low else ("高", "high")
    table, row, col = _location(r)
    return Finding(
        "B-1", "info",
        f"{r.zh}为 {pct(v.value)}（{_n(v.numerator)}/{_n(v.denominator)}），明显{side_zh}于同类报告"
        f"（{d.year}年{kind_zh}，n={d.n}），位于第 {o.percentile:.0f} 百分位；"
        f"P25 {pct(d.p25)}、中位数 {pct(d.p50)}、P75 {pct(d.p75)}。口径：{r.zh_long}",
        f"{r.en} is {pct(v.value)} ({_n(v.numerator)}/{_n(v.denominator)}), far {side_en} among "
        f"peers ({d.year}, {d.kind} reports, n={d.n}): percentile {o.percentile:.0f}; "
        f"P25 {pct(d.p25)}, median {pct(d.p50)}, P75 {pct(d.p75)}. Definition: {r.en_long}",
        table=table, row=row, col=col, actual=round(v.value, 4), path=o.report.path)


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


@rule("B-1", "info", "比例明显偏离同年度同类报告", "ratio far outside its peers (same year and kind)",
      scope="folder", group="peers", options={"min_n": "int", "fence": "number", "min_gap": "share"})
def b_1(bench: "Benchmark", config: "Config | None" = None) -> Iterator[Finding]:
    for o in outliers(bench, config):
        yield finding(o)
