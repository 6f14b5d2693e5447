"""Peer benchmarks of a folder: the distributions (``gxtui.compare.peers``, which the B-1 rule reads)
and the findings B-1 gives on them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gxtui.compare.peers import (KINDS, Benchmark, Distribution, Ratio, ReportRatios, Value, benchmark,
                                 benchmark_reports, percentile_rank, quantile, ratio, ratios, ratios_from,
                                 report_lookup, report_ratios)

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.config import Config
    from gxtui.model import Finding

__all__ = ["KINDS", "Benchmark", "Distribution", "Ratio", "ReportRatios", "Value", "benchmark",
           "benchmark_reports", "peer_findings", "percentile_rank", "quantile", "ratio", "ratios",
           "ratios_from", "report_lookup", "report_ratios"]


def peer_findings(bench: Benchmark, config: "Config | None" = None) -> list["Finding"]:
    """The B-1 findings of a folder: ``gxtui.rules.peers`` through ``gxtui.check.check_folder``,
    which honours the config's switch and severity for B-1."""
    from gxtui.check import check_folder  # noqa: PLC0415

    return check_folder(bench, config)
