"""Report → JSON / TOML / CSV (``gxtui export``). The JSON shape is a contract that scripts rely
on, and its names are the vocabulary of every other output (``gxtui.present.schema``):

top level ``format_version, report{path, sha256, agency, year, template}, published,
source{format, encoding}, sections[{key, title, text}], table2, table3, table4,
fees{admin_fees{amount_wan_yuan}, info_fee_yuan}, problems, improvements, anomalies``; a blank
cell is ``null``, never 0; unknown cells are ``null`` too and listed in ``anomalies``.
The CSV has one row per cell with the same table/row/col names; booleans are ``true``/``false``.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import operator
from typing import Any

from gxtui import templates
from gxtui.model import Report
from gxtui.present.text import UNSAFE_RANGES, escape_unsafe_json


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
    present = {r for t, r, _ in report.cells if t == "table3"}
    rows = [r.key for r in tpl.t3_rows if r.key in present or not tpl.collapsed_in(present)]
    rows += [k for k in tpl.collapsed_in(present) if k not in rows]  # a 2019 row in a 2021 table
    return _grid_dict(report, "table3", rows, [c.key for c in tpl.t3_columns])


def table4_dict(report: Report) -> dict[str, Any]:
    if report.template is None or not report.has_table("table4"):
        return {}
    tpl = templates.get(report.template)
    return _grid_dict(report, "table4", [g.key for g in tpl.t4_groups], [c.key for c in tpl.t4_columns])


def to_dict(report: Report) -> dict[str, Any]:
    from gxtui.present.schema import export  # noqa: PLC0415

    return export(report)


def to_json(report: Report) -> str:
    """``json.dumps(to_dict(report), ensure_ascii=False, indent=2)`` with unsafe characters
    escaped (``escape_unsafe_json``), byte for byte.

    The sections' texts are nearly all of a long report's JSON, so each is written on its own
    (``_json_text``): the document is dumped and escaped with a placeholder for every section's
    text, and the placeholders are replaced by the texts' JSON."""
    from gxtui.present.schema import export  # noqa: PLC0415

    out = _dumps(export(report, text_of=_placeholder))
    pieces = out.split(_PLACEHOLDER_JSON)
    if len(pieces) != len(report.sections) + 1:  # another string holds the placeholder: the plain way
        return _dumps(to_dict(report))
    joined = [pieces[0]]
    for sec, piece in zip(report.sections, pieces[1:]):
        joined += _json_text([p.text for p in sec.paragraphs])
        joined.append(piece)
    return "".join(joined)  # (no concatenation before: one copy of each text, in this join)


def _placeholder(_section: object) -> str:
    return _PLACEHOLDER


def _json_text(texts: list[str]) -> tuple[str, ...]:
    """``"\\n".join(texts)`` as the dump writes it (``json`` then ``escape_unsafe_json``), in pieces.

    Usually no paragraph holds anything to escape: the JSON is the paragraphs joined by ``\\n``
    between quotes. That is proved on the joined body itself by one scan (``_plain_body``: no
    character to escape but backslashes) and on the texts by a search for a backslash in each
    (a fast search; counting the body's, which should be the separators' own, is a slower loop
    over every character: 3.1 against 1.8 ms for the 16 MB report's section 一), instead of
    joining the text with newlines, scanning it and replacing its newlines."""
    body = "\\n".join(texts)
    if texts and not any(map(operator.contains, texts, itertools.repeat("\\"))) and _plain_body(body):
        return '"', body, '"'
    return escape_unsafe_json(json.dumps("\n".join(texts), ensure_ascii=False)),


def _dumps(d: dict[str, Any]) -> str:
    return escape_unsafe_json(json.dumps(d, ensure_ascii=False, indent=2))


# Every character ``json.dumps(ensure_ascii=False)`` or ``escape_unsafe_json`` escapes but the
# backslash (the C0 controls, newline and tab among them, the quote, and the unsafe ones); U+0000
# first.
_ESCAPED = "".join(chr(c) for a, b in UNSAFE_RANGES for c in range(a, b + 1)) + '\t\n"'
# ``codecs`` encoding map of exactly those characters (a map has 256 places; U+FFFE fills the rest
# and maps nothing)
_ESCAPED_MAP = codecs.charmap_build(_ESCAPED + "\ufffe" * (256 - len(_ESCAPED)))


def _plain_body(text: str) -> bool:
    """Whether ``text`` holds none of the characters in ``_ESCAPED``.

    ``codecs.charmap_encode`` with the "ignore" handler keeps only the characters the map holds,
    in one C loop that looks each one up in a three-level table: the output is empty when there
    are none. ≈ 2.4 ns a character of CJK text, against ≈ 3.1 for the regex engine's scan for a
    character class (16 MB report's section 一: 17.4 → 13.9 ms)."""
    return not codecs.charmap_encode(text, "ignore", _ESCAPED_MAP)[0]


# Stands for a section's text in the dumped document; found again in its JSON form.
_PLACEHOLDER = "\x00gxtui:section-text\x00"
_PLACEHOLDER_JSON = json.dumps(_PLACEHOLDER)


def _drop_none(x: Any) -> Any:
    """TOML has no null: omit null values (a missing key means blank/unknown)."""
    if isinstance(x, dict):
        return {k: _drop_none(v) for k, v in x.items() if v is not None}
    if isinstance(x, list):
        return [_drop_none(v) for v in x if v is not None]
    return x


def to_toml(report: Report) -> str:
    import tomli_w  # noqa: PLC0415

    d = _drop_none(to_dict(report))
    # TOML keys with dots must be quoted; tomli-w does that for us. Control and bidi characters
    # only occur inside basic strings, where \uXXXX is a valid, lossless escape.
    return escape_unsafe_json(tomli_w.dumps(d))


CSV_FIELDS = ("path", "sha256", "agency", "year", "template", "table", "row", "col", "raw", "value",
              "semantic", "line", "recovered")


def to_csv(report: Report) -> str:
    """One row per table cell, in template order."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for (t, r, c), cell in report.cells.items():
        w.writerow([report.source.path, report.source.sha256, report.agency or "", report.year or "",
                    report.template or "", t, r, c, cell.raw if cell.raw is not None else "",
                    "" if cell.value is None else cell.value, cell.semantic,
                    cell.line if cell.line is not None else "", csv_bool(cell.recovered)])
    return buf.getvalue()


def csv_bool(v: bool) -> str:
    """Booleans in every CSV gxtui writes."""
    return "true" if v else "false"


FORMATS = {"json": to_json, "toml": to_toml, "csv": to_csv}
