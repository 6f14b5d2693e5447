"""The check path gives the same ``Report`` and findings as when the snapshot was recorded.

``tests/ground_truth/reports.json`` (see ``report_snapshot.py``) pins every cell, section,
section-五 item, anomaly and finding of every corpus, test and generated file. The speed work of
issue 15 rewrote the extractor's inner loops; any change in what a reviewer would see fails here.
An intended change of output is re-recorded with ``python tests/report_snapshot.py`` in the same
commit as the change, with the reason in the commit message.
"""

from __future__ import annotations

import json

import pytest
import report_snapshot as rs

SNAP = json.loads(rs.SNAPSHOT.read_text(encoding="utf-8"))
INPUTS = dict(rs.inputs())


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_report_unchanged(name: str) -> None:
    if name not in SNAP:
        pytest.skip("not in the snapshot (a new input): nothing recorded to compare with")
    data = INPUTS[name]()
    if rs.ds.input_digest(data) != SNAP[name]["input"]:
        pytest.skip("the input's bytes changed since the snapshot (a renderer was edited)")
    got = rs.outcome(name, data)
    assert rs.ds.digest(got) == SNAP[name]["report"], \
        f"{name}: report or findings differ (dump both with tests/report_snapshot.py --dump DIR and diff)"
