"""Every reader gives the extractor the same ``Document`` as the readers it replaced.

``tests/ground_truth/documents.json`` was recorded with the pdfplumber / python-docx readers
(see ``document_snapshot.py``); any change in a block, a cell, a line number, ``exact``, the
metadata or the warnings of any corpus or test file fails here. Intended changes are listed in
``INTENDED`` with the reason. Inputs added later (the held-out and layout fixtures) were pinned
with the current readers (``document_snapshot.py --add-new``, which never rewrites an entry).
"""

from __future__ import annotations

import json

import document_snapshot as ds
import pytest

SNAP = json.loads(ds.SNAPSHOT.read_text(encoding="utf-8"))
INPUTS = dict(ds.inputs())
# name -> why the new reader's metadata or warnings differ from the recorded ones, on purpose
# (the blocks must still be identical).
INTENDED: dict[str, str] = {
    "corpus/huaian-szf_2024.pdf": "meta title: pdfminer decoded the UTF-16LE Title as PDFDocEncoding "
    "garbage ('ÿþ?eœ^…'), pdfium reads it ('政府信息公开工作年度报告'); every block is unchanged",
}


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_document_unchanged(name: str) -> None:
    if name not in SNAP:
        pytest.skip("not in the snapshot (a new input): nothing recorded to compare with")
    data = INPUTS[name]()
    if ds.input_digest(data) != SNAP[name]["input"]:
        pytest.skip("the input's bytes changed since the snapshot (a renderer was edited)")
    got = ds.outcome(data)
    assert ds.digest(got.get("blocks")) == SNAP[name]["blocks"], \
        f"{name}: blocks differ (dump both with tests/document_snapshot.py --dump DIR and diff)"
    if name not in INTENDED:
        assert ds.digest(got) == SNAP[name]["document"], f"{name}: metadata or warnings differ"
