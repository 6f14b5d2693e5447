"""Peer benchmarks: quartiles and percentiles reproduced by hand, ratios read from the right cells,
distributions per year and report kind, and rule B-1 firing only far outside peers with n ≥ 30."""

from __future__ import annotations

import pytest

from conftest import DATA
from gxtui.analytics.peers import (benchmark, benchmark_reports, peer_findings, percentile_rank,
                                   quantile, ratio, ratios_from, report_ratios)
from gxtui.config import Config
from gxtui.extract import load


def test_quantiles_by_hand():
    xs = [1.0, 2.0, 3.0, 4.0]
    # position (n − 1)·p: 0.75 → 1 + 0.75·(2 − 1); 1.5 → 2.5; 2.25 → 3 + 0.25·(4 − 3)
    assert quantile(xs, 0.25) == pytest.approx(1.75)
    assert quantile(xs, 0.5) == pytest.approx(2.5)
    assert quantile(xs, 0.75) == pytest.approx(3.25)
    assert quantile([7.0], 0.25) == 7.0
    # mid-rank: one below, two equal → (1 + 2/2) / 4
    assert percentile_rank([1.0, 2.0, 2.0, 3.0], 2.0) == pytest.approx(50.0)
    assert percentile_rank([1.0, 2.0, 2.0, 3.0], 0.5) == 0.0


def _report(name: str):
    p = DATA / name
    if not p.exists():
        pytest.skip("data/ not available")
    return load(p)


def test_ratios_of_one_report_from_its_cells():
    r = _report("示例县教育局_2021.txt")
    v = report_ratios(r).values
    tot = r.value("table3", "r.total", "tot")
    assert v["disclosed"].value == pytest.approx(r.value("table3", "r.disclosed", "tot") / tot)
    assert v["not_held"].value == pytest.approx(r.value("table3", "r.unable.not_held", "tot") / tot)
    handle = r.value("table3", "new", "tot") + r.value("table3", "carried_in", "tot")
    assert v["carried_over"].value == pytest.approx(r.value("table3", "carried_out", "tot") / handle)
    assert v["review_corrected"].value == pytest.approx(
        r.value("table4", "review", "corrected") / r.value("table4", "review", "total"))
    lit_total = r.value("table4", "lit_direct", "total") + r.value("table4", "lit_after_review", "total")
    assert v["litigation_corrected"].value == pytest.approx(
        (r.value("table4", "lit_direct", "corrected") + r.value("table4", "lit_after_review", "corrected"))
        / lit_total)


def test_undefined_ratios_are_left_out():
    cells = {("table3", "r.disclosed", "tot"): (3, "number"), ("table3", "r.total", "tot"): (0, "zero"),
             ("table3", "r.unable.not_held", "tot"): (None, "unknown"),
             ("table4", "review", "corrected"): (None, "blank"), ("table4", "review", "total"): (4, "number")}
    rr = ratios_from("x", "某局", 2023, "department", lambda t, r, c: cells.get((t, r, c)))
    # 0 denominator, unknown numerator, cells never read: undefined; blank counts as 0
    assert set(rr.values) == {"review_corrected"}
    assert rr.values["review_corrected"].value == 0.0


def test_distribution_of_the_bundled_reports_by_year_and_kind():
    a, b = _report("示例县教育局_2021.txt"), _report("吕梁市教育局_2021.txt")
    c = _report("示例县教育局_2020.txt")
    assert b.value("table3", "r.total", "tot") == 0  # 吕梁 handled no application: undefined
    bench = benchmark_reports([a, b, c])
    d = bench.get(2021, "department", "disclosed")
    va = a.value("table3", "r.disclosed", "tot") / a.value("table3", "r.total", "tot")
    assert (d.n, d.p25, d.p50, d.p75) == (1, pytest.approx(va), pytest.approx(va), pytest.approx(va))
    vc = c.value("table3", "r.disclosed", "tot") / c.value("table3", "r.total", "tot")
    assert bench.get(2020, "department", "disclosed").p50 == pytest.approx(vc)
    assert bench.get(2021, "government", "disclosed") is None
    row = bench.ordered()[0].to_dict()
    assert set(row) == {"year", "kind", "ratio", "n", "p25", "p50", "p75"}


def _peers(values: list[float], year: int = 2023, kind: str = "department"):
    """Reports whose disclosed share is ``values[i]`` (out of 100 handled applications)."""
    rows = []
    for i, v in enumerate(values):
        cells = {("table3", "r.disclosed", "tot"): (round(100 * v), "number"),
                 ("table3", "r.total", "tot"): (100, "number")}
        rows.append(ratios_from(f"r{i}.txt", f"机构{i}", year, kind, lambda t, r, c, cells=cells: cells.get((t, r, c))))
    return rows


def test_b1_fires_far_outside_peers_with_n_at_least_30():
    rows = _peers([0.50 + 0.01 * i for i in range(30)] + [0.05])  # n = 31, one far below
    found = peer_findings(benchmark(rows))
    assert [(f.rule, f.severity, f.path) for f in found] == [("B-1", "info", "r30.txt")]
    f = found[0]
    assert (f.table, f.row, f.col, f.actual) == ("table3", "r.disclosed", "tot", 0.05)
    # lowest of 31: mid-rank 0.5/31 = 1.6 % → percentile 2; median 0.645 (the 16th value)
    assert "5.0%" in f.message_zh and "第 2 百分位" in f.message_zh and "n=31" in f.message_zh
    assert "中位数 64.0%" in f.message_zh or "中位数 65.0%" in f.message_zh
    assert "percentile 2" in f.message_en


def test_b1_silent_below_n_inside_the_fences_and_when_switched_off():
    assert peer_findings(benchmark(_peers([0.50 + 0.01 * i for i in range(28)] + [0.05]))) == []  # n = 29
    assert peer_findings(benchmark(_peers([0.50 + 0.01 * i for i in range(31)]))) == []  # nobody far out
    far = _peers([0.50 + 0.01 * i for i in range(30)] + [0.05])
    assert peer_findings(benchmark(far), Config(rules={"B-1": {"enabled": False}})) == []
    assert peer_findings(benchmark(far), Config(rules={"B-1": {"min_n": 40}})) == []
    # peers are the same year and kind only: 30 departments do not make 1 government an outlier
    mixed = far[:30] + _peers([0.05], kind="government")
    assert peer_findings(benchmark(mixed)) == []


def test_b1_min_gap_keeps_near_zero_folders_quiet():
    """Nearly everyone at 0 (IQR 0): a share of 4 % is beyond the fence but not 10 points away."""
    rows = _peers([0.0] * 30 + [0.04, 0.40])
    found = peer_findings(benchmark(rows))
    assert [f.path for f in found] == ["r31.txt"]
    assert peer_findings(benchmark(rows), Config(rules={"B-1": {"min_gap": 0.5}})) == []


def test_ratio_catalogue_is_data():
    r = ratio("litigation_corrected")
    assert r.numerator == (("table4", "lit_direct", "corrected"), ("table4", "lit_after_review", "corrected"))
    assert r.denominator == (("table4", "lit_direct", "total"), ("table4", "lit_after_review", "total"))


def test_peers_text_and_csv():
    from gxtui.present.folder_text import peers_text  # noqa: PLC0415

    bench = benchmark(_peers([0.2, 0.4, 0.6, 0.8]))
    line = next(x for x in peers_text(bench, "en").splitlines() if "disclosed" in x)
    # (n − 1)·p: 0.75 → 0.2 + 0.75·0.2 = 0.35; 1.5 → 0.5; 2.25 → 0.65
    assert line.split()[-4:] == ["4", "35.0%", "50.0%", "65.0%"]
    assert max(len(x) for x in peers_text(bench, "en").splitlines()) <= 80
    assert "2023,department,disclosed,4,0.35,0.5,0.65" in bench.to_csv()
