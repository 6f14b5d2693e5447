"""Report → JSON / TOML / CSV. The JSON shape is a contract that scripts rely on (issue 2):

top level ``agency, year, template, published, source{path, sha256, format, encoding}, sections
[{key, title, text}], table2, table3, table4, fees, problems, improvements, anomalies``; a blank
cell is ``null``, never 0; unknown cells are ``null`` too and listed in ``anomalies``.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from gxtui import templates
from gxtui.model import Report


def _v(report: Report, table: str, row: str, col: str) -> Any:
    c = report.cell(table, row, col)
    if c is None or c.value is None:
        return None
    return c.value


def table2_dict(report: Report) -> dict[str, Any]:
    if report.template is None or not report.has_table("table2"):
        return {}
    tpl = templates.get(report.template)
    out: dict[str, Any] = {}
    for b in tpl.t2_blocks:
        for r in b.rows:
            out[r.key] = {c.key: _v(report, "table2", r.key, c.key) for c in b.columns}
    return out


def _grid_dict(report: Report, table: str, rows: list[str], cols: list[str]) -> dict[str, Any]:
    """``{row: {col: value}}`` for a table with one column set (三 and 四)."""
    return {r: {c: _v(report, table, r, c) for c in cols} for r in rows}


def table3_dict(report: Report) -> dict[str, Any]:
    if report.template is None or not report.has_table("table3"):
        return {}
    tpl = templates.get(report.template)
    return _grid_dict(report, "table3", [r.key for r in tpl.t3_rows], [c.key for c in tpl.t3_columns])


def table4_dict(report: Report) -> dict[str, Any]:
    if report.template is None or not report.has_table("table4"):
        return {}
    tpl = templates.get(report.template)
    return _grid_dict(report, "table4", [g.key for g in tpl.t4_groups], [c.key for c in tpl.t4_columns])


def to_dict(report: Report) -> dict[str, Any]:
    s = report.source
    return {
        "agency": report.agency,
        "year": report.year,
        "template": report.template,
        "published": report.published.isoformat() if report.published else None,
        "source": {"path": s.path, "sha256": s.sha256, "format": s.format, "encoding": s.encoding},
        "sections": [{"key": x.key, "title": x.title, "text": x.text} for x in report.sections],
        "table2": table2_dict(report),
        "table3": table3_dict(report),
        "table4": table4_dict(report),
        "fees": {"admin_fees_wan_yuan": report.admin_fees_wan_yuan,
                 "info_fee_yuan": report.info_fee_yuan},
        "problems": [i.text for i in report.problems],
        "improvements": [i.text for i in report.improvements],
        "anomalies": [{"kind": a.kind, "message": a.message, "line": a.line} for a in report.anomalies],
    }


def to_json(report: Report) -> str:
    from gxtui.cli.common import escape_unsafe_json  # noqa: PLC0415

    return escape_unsafe_json(json.dumps(to_dict(report), ensure_ascii=False, indent=2))


def _drop_none(x: Any) -> Any:
    """TOML has no null: omit null values (a missing key means blank/unknown)."""
    if isinstance(x, dict):
        return {k: _drop_none(v) for k, v in x.items() if v is not None}
    if isinstance(x, list):
        return [_drop_none(v) for v in x if v is not None]
    return x


def to_toml(report: Report) -> str:
    import tomli_w  # noqa: PLC0415

    from gxtui.cli.common import escape_unsafe_json  # noqa: PLC0415

    d = _drop_none(to_dict(report))
    # TOML keys with dots must be quoted; tomli-w does that for us. Control and bidi characters
    # only occur inside basic strings, where \uXXXX is a valid, lossless escape.
    return escape_unsafe_json(tomli_w.dumps(d))


CSV_FIELDS = ("agency", "year", "template", "table", "row", "col", "raw", "value", "semantic",
              "line", "recovered")


def to_csv(report: Report) -> str:
    """One row per table cell, in template order."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for (t, r, c), cell in report.cells.items():
        w.writerow([report.agency or "", report.year or "", report.template or "", t, r, c,
                    cell.raw if cell.raw is not None else "",
                    "" if cell.value is None else cell.value, cell.semantic,
                    cell.line if cell.line is not None else "", "yes" if cell.recovered else ""])
    return buf.getvalue()


FORMATS = {"json": to_json, "toml": to_toml, "csv": to_csv}
