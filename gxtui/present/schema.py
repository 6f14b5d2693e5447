"""The JSON shape of every output, built in one place, and the JSON Schemas that pin them.

One vocabulary (the names of ``gxtui export --format json``) for every output:

* a table is ``table2``/``table3``/``table4``; rows and columns are the export keys
  (``normative``, ``r.total``, ``np``, ``lit_direct``, ``amount_wan_yuan`` …); a cell that pairs
  two different columns across templates also says ``old_col`` and ``new_col``;
* a finding about a list or a section has ``table``/``row``/``col`` null and says where in
  ``section``, ``list``, ``line``; one about a block of table 二 says ``block``;
* a report is named by one identity block ``{path, sha256, agency, year, template}``;
* bilingual text is an object ``{"zh": …, "en": …}``; booleans are booleans;
* fees are ``admin_fees`` (the table-二 cell ``admin_fees``/``amount_wan_yuan``) and
  ``info_fee_yuan``.

Each output carries ``format_version`` (``FORMAT_VERSION``); ``schema(name)`` returns the draft
2020-12 schema shipped in ``gxtui/present/schemas/NAME.json`` (``gxtui schema NAME``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Callable, Iterable

from gxtui.templates import vocab

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.audit import Checked
    from gxtui.compare import Comparison, FeeDelta
    from gxtui.compare.align import CellDelta, Side
    from gxtui.compare.trend import Trend
    from gxtui.model import Finding, Report, Section

FORMAT_VERSION = 2
SCHEMAS = ("export", "check", "diff", "trend", "coverage", "peers")


def bilingual(zh: str | None, en: str | None) -> dict[str, str | None]:
    return {"zh": zh, "en": en}


def number(v: Any) -> Any:
    """Whole floats as ints (``2.0`` → ``2``), the rest unchanged."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


# -- findings ------------------------------------------------------------------------------------

_RELATED_KEYS = ("path", "table", "row", "col", "section", "line", "year", "similarity")


def finding(f: "Finding") -> dict[str, Any]:
    return {"rule": f.rule, "severity": f.severity, "table": f.table, "row": f.row, "col": f.col,
            "block": f.block, "section": f.section, "list": f.list, "line": f.line,
            "expected": number(f.expected), "actual": number(f.actual),
            "message": bilingual(f.message_zh, f.message_en), "fingerprint": f.fingerprint,
            "path": f.path,
            "related": [{k: r.get(k) for k in _RELATED_KEYS if k in r} for r in f.related]}


# -- export --------------------------------------------------------------------------------------

def identity(report: "Report") -> dict[str, Any]:
    return dict(report.identity)


def export(report: "Report", *, text_of: Callable[["Section"], str] | None = None) -> dict[str, Any]:
    """The canonical model (``gxtui export --format json``). A blank cell is null, never 0;
    unknown cells are null too and listed in ``anomalies``. ``text_of``: what stands for a
    section's text instead of the text itself (``to_json`` writes the texts itself)."""
    from gxtui.present.export import table2_dict, table3_dict, table4_dict  # noqa: PLC0415

    s = report.source
    return {
        "format_version": FORMAT_VERSION,
        "report": identity(report),
        "published": report.published.isoformat() if report.published else None,
        "source": {"format": s.format, "encoding": s.encoding},
        "sections": [{"key": x.key, "title": x.title, "text": x.text if text_of is None else text_of(x)}
                     for x in report.sections],
        "table2": table2_dict(report),
        "table3": table3_dict(report),
        "table4": table4_dict(report),
        "fees": {"admin_fees": {"amount_wan_yuan": number(report.admin_fees_wan_yuan)},
                 "info_fee_yuan": number(report.info_fee_yuan)},
        "problems": [i.text for i in report.problems],
        "improvements": [i.text for i in report.improvements],
        "anomalies": [anomaly(a) for a in report.anomalies],
    }


def anomaly(a: Any) -> dict[str, Any]:
    """An extractor anomaly, located as findings are: a block of table 二 in ``block`` (its
    ``row`` null), the whole table-四 data row of the 2019 template as the table alone."""
    row, block = a.row, None
    if vocab.is_block(a.table, row):
        row, block = None, row
    elif row is not None and row == a.table:
        row = None
    return {"kind": a.kind, "message": bilingual(*_split(a.message)), "line": a.line,
            "table": a.table, "row": row, "col": a.col, "block": block}


def _split(message: str) -> tuple[str, str]:
    """Extractor anomaly messages are "中文 / English" (one half when there is no separator)."""
    zh, sep, en = message.partition(" / ")
    return (zh.strip(), en.strip()) if sep else (message, message)


# -- check ---------------------------------------------------------------------------------------

def checked(c: "Checked") -> dict[str, Any]:
    return {"report": c.identity, "error": c.error, "pair_old": c.pair_old,
            "findings": [finding(f) for f in c.findings]}


def check(results: Iterable["Checked"], *, cross_year: bool, pairs: int,
          peers: int | None = None) -> dict[str, Any]:
    """``gxtui check --format json``: every input file, whether the cross-year rules ran (on how
    many pairs) and whether the peer rule B-1 ran (``peers``: its number of findings, None: not
    run)."""
    return {"format_version": FORMAT_VERSION,
            "cross_year": {"run": cross_year, "pairs": pairs},
            "peers": {"run": peers is not None, "findings": peers or 0},
            "reports": [checked(c) for c in results]}


# -- diff ----------------------------------------------------------------------------------------

def side(s: "Side") -> Any:
    return number(s.value) if s.usable else None


def cell(c: "CellDelta") -> dict[str, Any]:
    rel = c.rel_change
    return {"table": c.table, "row": c.row, "col": c.col, "old_col": c.old_col, "new_col": c.new_col,
            "old": side(c.old), "new": side(c.new), "old_state": c.old.state, "new_state": c.new.state,
            "change": number(c.change), "rel_change": None if rel is None else round(rel, 4),
            "comparable": c.comparable, "status": c.status, "flagged": c.flagged,
            "row_label": bilingual(c.row_label, vocab.row_label(c.table, c.row, "en")),
            "col_label": bilingual(c.col_label, vocab.col_label(c.table, c.col, "en")),
            "note": bilingual(c.note_zh, c.note_en) if c.note_zh or c.note_en else None}


def fee(f: "FeeDelta") -> dict[str, Any]:
    rel = f.rel_change
    where = vocab.fee(f.key)
    return {"table": where.get("table"), "row": where.get("row"), "col": where.get("col"),
            "section": where.get("section"), "label": bilingual(f.label_zh, f.label_en),
            "unit": f.unit, "old": side(f.old), "new": side(f.new), "old_state": f.old.state,
            "new_state": f.new.state, "change": number(f.change),
            "rel_change": None if rel is None else round(rel, 4), "comparable": f.comparable,
            "flagged": f.flagged}


def comparison(cmp: "Comparison") -> dict[str, Any]:
    """``gxtui diff --format json`` for one pair."""
    p = cmp.pairing

    def pairing_side(i: Any) -> dict[str, Any]:
        return {"agency_key": i.key, "agency_from": i.agency_from, "year_from": i.year_from}

    old, new = identity(cmp.old), identity(cmp.new)
    old["year"], new["year"] = p.old.year, p.new.year  # the year pairing settled on
    out = {
        "format_version": FORMAT_VERSION,
        "old": old, "new": new,
        "pairing": {"same_agency": p.same_agency, "consecutive": p.consecutive,
                    "old": pairing_side(p.old), "new": pairing_side(p.new),
                    "notes": [bilingual(zh, en) for zh, en in zip(p.notes_zh, p.notes_en)]},
        "cells": [cell(c) for c in cmp.cells],
        "stats": cmp.stats(),
        "carry_over": [{"table": "table3", "old_row": "carried_out", "new_row": "carried_in",
                        "col": d["col"], "old": side(d["old"]), "new": side(d["new"]),
                        "old_state": d["old"].state, "new_state": d["new"].state,
                        "status": d["status"]} for d in cmp.carry_over()],
        "fees": {f.key: fee(f) for f in cmp.fees},
        "problems": [{"list": m.list, "status": m.status,
                      "old": None if m.old is None else m.old.text,
                      "new": None if m.new is None else m.new.text,
                      "old_line": None if m.old is None else m.old.line,
                      "new_line": None if m.new is None else m.new.line,
                      "similarity": m.similarity} for m in cmp.problems],
        "problem_summary": [{"list": s.list, "old_count": s.old_count, "new_count": s.new_count,
                             "repeated": s.repeated, "reworded": s.reworded, "new": s.new,
                             "resolved": s.resolved,
                             "repeated_share": None if s.repeated_share is None
                             else round(s.repeated_share, 4)} for s in cmp.summaries],
        "reuse": [{"section": r.section, "sentences": r.sentences, "reused": r.reused,
                   "share": None if r.share is None else round(r.share, 4),
                   "char_share": None if r.char_share is None else round(r.char_share, 4)}
                  for r in cmp.reuse],
        "findings": [finding(f) for f in cmp.findings],
    }
    if cmp.evidence:  # cells the older year's report fixed (only then: older outputs unchanged)
        out["evidence"] = [anomaly(a) for a in cmp.evidence]
    return out


def diff_folder(results: list["Comparison"], series: list[Any]) -> dict[str, Any]:
    """``gxtui diff FOLDER --format json``: every consecutive pair and the series found."""
    return {"format_version": FORMAT_VERSION,
            "pairs": [comparison(c) for c in results],
            "series": [{"agency": s.display(), "key": s.key, "years": s.years,
                        "reports": [identity(r) for r in s.reports]} for s in series]}


# -- trend ---------------------------------------------------------------------------------------

def trend(t: "Trend") -> dict[str, Any]:
    """``gxtui trend --format json``: one agency's key cells year by year."""
    return {"format_version": FORMAT_VERSION, "agency": t.agency, "years": t.years,
            "reports": [identity(r) for r in t.reports],
            "series": [{"table": s.table, "row": s.row, "col": s.col, "fee": s.fee,
                        "label": bilingual(s.label_zh, s.label_en), "unit": s.unit,
                        "values": [side(v) for v in s.values],
                        "states": [v.state for v in s.values]} for s in t.series]}


# -- folders: coverage and peers ----------------------------------------------------------------

def coverage(cov: Any) -> dict[str, Any]:
    """``gxtui coverage --format json``: the shape of issue 17 (``years``; ``agencies`` with the
    inner years as strings) plus ``counts`` per year and the ``unplaced`` files."""
    return {"format_version": FORMAT_VERSION, **cov.to_dict()}


def _cells(keys: Iterable[tuple[str, str, str]]) -> list[dict[str, str]]:
    return [{"table": t, "row": r, "col": c} for t, r, c in keys]


def peers(bench: Any, findings: Iterable["Finding"] = ()) -> dict[str, Any]:
    """``gxtui peers --format json``: the ratios (defined as sums of export cells), their
    distributions per year and report kind (P25/P50/P75 and n), and the B-1 findings."""
    return {"format_version": FORMAT_VERSION,
            "ratios": [{"key": r.key, "label": bilingual(r.zh, r.en),
                        "definition": bilingual(r.zh_long, r.en_long),
                        "numerator": _cells(r.numerator), "denominator": _cells(r.denominator)}
                       for r in bench.catalogue],
            "distributions": [{"year": d.year, "kind": d.kind, "ratio": d.ratio, "n": d.n,
                               "p25": round(d.p25, 6), "p50": round(d.p50, 6), "p75": round(d.p75, 6)}
                              for d in bench.ordered()],
            "findings": [finding(f) for f in findings]}


# -- schemas -------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of output ``name`` (one of ``SCHEMAS``)."""
    if name not in SCHEMAS:
        raise KeyError(name)
    data = resources.files(__package__).joinpath("schemas", f"{name}.json").read_bytes()
    return json.loads(data.decode("utf-8"))
