"""Accuracy on every report with ground truth: cells, error findings, section-五 items, identity.

    python -m bench.accuracy [--only NAME[,NAME…]] [--verbose] [--json PATH]

Ground truth read (never copied into the project):

* ``../shared/corpus/*.expected.json`` and ``../shared/corpus/pages/*.expected.json`` — cells of
  tables 二/三/四, agency, year, template, and (corpus) the problems list; pages say per table-二
  row whether the excerpt holds it ``whole`` / ``truncated`` / ``absent``;
* ``tests/ground_truth/cells/*.json`` — the same shape, for the project's own reports;
* ``tests/ground_truth/errors.toml`` — for each report, every error-level finding that is real
  (read by a person); an error not listed is false, a listed one not found is missed;
* ``tests/ground_truth/section5/*.toml`` — section 五 of each report, item by item, as read;
* ``tests/fixtures/section5_heldout/*.toml`` — a held-out set: short reports written in the styles
  of other provinces (not the corpus), with section 五 item by item, agency and year, written by
  hand before the parser was run on them (the file beside each TOML, same stem);
* ``tests/fixtures/identity_heldout/cases.toml`` — title / intro / closing variants with the
  agency and year a person reads.

Scores (per file and in total):

* cells: **right** (same value, or blank where blank), **wrong** (another value — the worst
  outcome), **unknown** (the reader said it could not tell), **missing** (no cell at all);
  a value for a row the excerpt does not hold (``absent``) counts as wrong (invented).
* error findings: true / false / missed (only for reports listed in ``errors.toml``).
* section 五: problems and improvements matched item by item (one-to-one, similarity ≥ 0.8 on the
  normalised text), precision and recall over both lists.
* identity: agency, year and template right; refused = the file was not read at all.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GROUND = ROOT / "tests" / "ground_truth"
HELDOUT = ROOT / "tests" / "fixtures" / "section5_heldout"
IDENTITY_CASES = ROOT / "tests" / "fixtures" / "identity_heldout" / "cases.toml"
IDENTITY_BODY = ("一、总体情况\n本年度公开了文件。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
                 "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n一是公开不及时。\n"
                 "六、其他需要报告的事项\n无。\n")
RESULTS = Path(__file__).resolve().parent / "results"
MATCH = 0.8
NARRATIVE_RULES = ("C-1", "C-2", "X-1")


@dataclass
class Score:
    """Counts for one file (or the total)."""

    right: int = 0
    wrong: int = 0
    unknown: int = 0
    missing: int = 0
    err_true: int = 0
    err_false: int = 0
    err_missed: int = 0
    s5_gold: int = 0
    s5_pred: int = 0
    s5_hit: int = 0
    # the same, per list: problems (p) and improvements (i)
    s5p_gold: int = 0
    s5p_pred: int = 0
    s5p_hit: int = 0
    s5i_gold: int = 0
    s5i_pred: int = 0
    s5i_hit: int = 0
    identity_ok: int = 0
    identity_n: int = 0
    narr_true: int = 0  # C-1/C-2/X-1 findings on held-out passages that a person would raise too
    narr_false: int = 0
    refused: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, o: "Score") -> None:
        for k in ("right", "wrong", "unknown", "missing", "err_true", "err_false", "err_missed",
                  "s5_gold", "s5_pred", "s5_hit", "s5p_gold", "s5p_pred", "s5p_hit", "s5i_gold", "s5i_pred",
                  "s5i_hit", "identity_ok", "identity_n", "refused", "narr_true", "narr_false"):
            setattr(self, k, getattr(self, k) + getattr(o, k))

    def as_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k != "notes"}
        d["s5_precision"] = _ratio(self.s5_hit, self.s5_pred)
        d["s5_recall"] = _ratio(self.s5_hit, self.s5_gold)
        for x in ("p", "i"):
            d[f"s5{x}_precision"] = _ratio(getattr(self, f"s5{x}_hit"), getattr(self, f"s5{x}_pred"))
            d[f"s5{x}_recall"] = _ratio(getattr(self, f"s5{x}_hit"), getattr(self, f"s5{x}_gold"))
        return d


def _ratio(a: int, b: int) -> float | None:
    return None if b == 0 else round(a / b, 4)


# -- ground truth -------------------------------------------------------------------------------
def report_path(name: str) -> Path:
    """``corpus/x.txt`` and ``pages/…`` live in ../shared; anything else in the project."""
    if name.startswith("corpus/"):
        return SHARED / name
    return ROOT / name


def gold_cells() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    corpus = SHARED / "corpus"
    if corpus.is_dir():
        for p in sorted(corpus.glob("*.expected.json")) + sorted(corpus.glob("pages/*.expected.json")):
            stem = p.name[: -len(".expected.json")]
            src = [q for q in p.parent.iterdir() if q.name.startswith(stem + ".") and not q.name.endswith(".json")]
            if src:
                out[str(src[0].relative_to(SHARED))] = json.loads(p.read_text(encoding="utf-8"))
    cells = GROUND / "cells"
    if cells.is_dir():
        for p in sorted(cells.glob("*.json")):
            d = json.loads(p.read_text(encoding="utf-8"))
            out[d["file"]] = d
    return out


def gold_errors() -> dict[str, set[tuple]]:
    p = GROUND / "errors.toml"
    if not p.exists():
        return {}
    data = tomllib.loads(p.read_text(encoding="utf-8"))
    return {name: {tuple(e) + (None,) * (4 - len(e)) for e in v.get("errors", [])} for name, v in data.items()}


def gold_heldout() -> dict[str, dict[str, Any]]:
    """The held-out section-五 set: {report path relative to the project: its TOML}."""
    out: dict[str, dict[str, Any]] = {}
    if HELDOUT.is_dir():
        for p in sorted(HELDOUT.glob("*.toml")):
            src = [q for q in HELDOUT.iterdir() if q.stem == p.stem and q.suffix != ".toml"]
            if src:
                out[str(src[0].relative_to(ROOT))] = tomllib.loads(p.read_text(encoding="utf-8"))
    return out


def identity_cases() -> list[dict[str, Any]]:
    if not IDENTITY_CASES.exists():
        return []
    return tomllib.loads(IDENTITY_CASES.read_text(encoding="utf-8"))["case"]


def read_identity_case(case: dict[str, Any]) -> Any:
    """The report a held-out identity case stands for: its head, a short body, its tail."""
    from gxtui.extract import extract  # noqa: PLC0415
    from gxtui.read import read_bytes  # noqa: PLC0415

    data = (case["head"] + IDENTITY_BODY + case.get("tail", "")).encode("utf-8")
    return extract(read_bytes(data, "case.txt"), "case.txt", data)


def score_identity_cases() -> tuple[int, int, list[str]]:
    """(right, total, notes) over agency and year of every held-out identity case."""
    ok = n = 0
    notes: list[str] = []
    for case in identity_cases():
        r = read_identity_case(case)
        for attr in ("agency", "year"):
            got, want = getattr(r, attr), case[attr]
            good = _norm_name(got) == _norm_name(want) if attr == "agency" else got == want
            n += 1
            ok += good
            if not good:
                notes.append(f"{case['name']}: {attr} want {want!r}, got {got!r}")
    return ok, n, notes


def gold_section5(cells: dict[str, dict[str, Any]] | None = None) -> dict[str, dict[str, list[str]]]:
    """Section 五 as read, item by item; a corpus ``expected.json`` with a ``problems`` list counts
    for the problems alone where no section-五 file of our own exists."""
    out: dict[str, dict[str, list[str]]] = {}
    for name, gold in (cells or {}).items():
        if isinstance(gold.get("problems"), list):
            out[name] = {"problems": list(gold["problems"])}
    d = GROUND / "section5"
    if d.is_dir():
        for p in sorted(d.glob("*.toml")):
            v = tomllib.loads(p.read_text(encoding="utf-8"))
            out[v["file"]] = {"problems": list(v.get("problems", [])),
                              "improvements": list(v.get("improvements", []))}
    for name, v in gold_heldout().items():
        out[name] = {"problems": list(v.get("problems", [])), "improvements": list(v.get("improvements", []))}
    return out


# -- scoring ------------------------------------------------------------------------------------
def _norm_name(s: str | None) -> str:
    if not s:
        return ""
    from gxtui.normalize import compact  # noqa: PLC0415

    return compact(unicodedata.normalize("NFKC", s), traditional=True)


def _t2_gold(gold: dict[str, Any]) -> dict[tuple[str, str], Any]:
    """Table 二 as {(row, col): value}; accepts the nested export shape and the flat corpus one."""
    out: dict[tuple[str, str], Any] = {}
    flat_cols = {"licensing": "decisions", "penalty": "decisions", "coercion": "decisions"}
    for row, v in (gold.get("table2") or {}).items():
        if isinstance(v, dict):
            for col, x in v.items():
                out[(row, col)] = x
        elif row == "admin_fees_wan_yuan":
            out[("admin_fees", "amount_wan_yuan")] = v
        elif row in flat_cols:
            out[(row, flat_cols[row])] = v
    return out


def _grid_gold(gold: dict[str, Any], table: str, cols: list[str]) -> dict[tuple[str, str], Any]:
    out: dict[tuple[str, str], Any] = {}
    for row, vals in (gold.get(table) or {}).items():
        if isinstance(vals, dict):
            out.update({(row, c): x for c, x in vals.items()})
        else:
            out.update({(row, c): x for c, x in zip(cols, vals)})
    return out


def _same(want: Any, cell: Any) -> str:
    """right / wrong / unknown for one cell against its expected value."""
    if cell.semantic == "unknown":
        return "unknown"
    if want == "na":
        return "right" if cell.semantic == "na" else "wrong"
    if want is None:
        return "right" if cell.value is None and cell.semantic in ("blank", "na") else "wrong"
    if cell.value is None:
        return "wrong"
    return "right" if abs(float(cell.value) - float(want)) < 1e-9 else "wrong"


def score_cells(report: Any, gold: dict[str, Any], s: Score, verbose: bool) -> None:
    from gxtui import templates  # noqa: PLC0415

    tpl = templates.get(report.template or gold.get("template") or "2021")
    t2_key = {(r.key, c.key): (r.key, c.key) for b in tpl.t2_blocks for r in b.rows for c in b.columns}
    rows_state = gold.get("table2_rows") or {}
    expected: list[tuple[str, str, str, Any]] = []
    for (row, col), v in _t2_gold(gold).items():
        if rows_state.get(row, "whole") == "whole":
            expected.append(("table2", *t2_key.get((row, col), (row, col)), v))
    t3_cols = [c.key for c in tpl.t3_columns]
    t4_cols = [c.key for c in tpl.t4_columns]
    expected += [("table3", r, c, v) for (r, c), v in _grid_gold(gold, "table3", t3_cols).items()]
    expected += [("table4", r, c, v) for (r, c), v in _grid_gold(gold, "table4", t4_cols).items()]
    for table, row, col, want in expected:
        cell = report.cell(table, row, col)
        if cell is None:
            s.missing += 1
            if verbose:
                s.notes.append(f"missing {table}/{row}/{col} (want {want})")
            continue
        verdict = _same(want, cell)
        setattr(s, verdict, getattr(s, verdict) + 1)
        if verdict != "right" and verbose:
            s.notes.append(f"{verdict} {table}/{row}/{col}: want {want}, got {cell.value} "
                           f"({cell.semantic}, raw {cell.raw!r})")
    # rows the excerpt does not hold must not get values
    for row, state in rows_state.items():
        if state != "absent":
            continue
        for (r, c), (key, col) in t2_key.items():
            if r != row:
                continue
            cell = report.cell("table2", key, col)
            if cell is not None and cell.value is not None:
                s.wrong += 1
                s.notes.append(f"invented table2/{row}/{col} = {cell.value} (row absent from the excerpt)")


def score_errors(findings: list[Any], gold: set[tuple], s: Score, verbose: bool) -> None:
    got = {(f.rule, f.table or f.section, f.row, f.col) for f in findings if f.severity == "error"}
    s.err_true += len(got & gold)
    s.err_false += len(got - gold)
    s.err_missed += len(gold - got)
    if verbose:
        s.notes += [f"false error {e}" for e in sorted(got - gold, key=str)]
        s.notes += [f"missed error {e}" for e in sorted(gold - got, key=str)]


def match_items(pred: list[str], gold: list[str]) -> int:
    """How many predicted items match a gold item, one-to-one, best pairs first."""
    from gxtui.compare.problems import similarity  # noqa: PLC0415

    pairs = sorted(((similarity(p, g), i, j) for i, p in enumerate(pred) for j, g in enumerate(gold)),
                   reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    hits = 0
    for sim, i, j in pairs:
        if sim < MATCH:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        hits += 1
    return hits


def score_section5(report: Any, gold: dict[str, list[str]], s: Score, verbose: bool) -> None:
    for kind in ("problems", "improvements"):
        if kind not in gold:
            continue
        pred = [i.text for i in getattr(report, kind)]
        want = gold[kind]
        hits = match_items(pred, want)
        s.s5_gold += len(want)
        s.s5_pred += len(pred)
        s.s5_hit += hits
        x = kind[0]
        setattr(s, f"s5{x}_gold", getattr(s, f"s5{x}_gold") + len(want))
        setattr(s, f"s5{x}_pred", getattr(s, f"s5{x}_pred") + len(pred))
        setattr(s, f"s5{x}_hit", getattr(s, f"s5{x}_hit") + hits)
        if verbose and (hits < len(want) or hits < len(pred)):
            s.notes.append(f"section 五 {kind}: {hits} matched of {len(want)} expected, {len(pred)} read")


def evaluate(only: set[str] | None = None, verbose: bool = False) -> dict[str, Score]:
    from gxtui.check import check_report  # noqa: PLC0415
    from gxtui.extract import load  # noqa: PLC0415
    from gxtui.read import ReadError  # noqa: PLC0415

    cells, errors = gold_cells(), gold_errors()
    s5 = gold_section5(cells)
    heldout = gold_heldout()
    names = sorted(set(cells) | set(errors) | set(s5))
    if only:
        names = [n for n in names if any(o in n for o in only)]
    out: dict[str, Score] = {}
    for name in names:
        path = report_path(name)
        if not path.exists():
            continue
        s = Score()
        out[name] = s
        try:
            report = load(path)
        except ReadError as e:
            s.refused = 1
            s.notes.append(f"refused: {e}")
            gold = cells.get(name, {})
            s.missing += len(_t2_gold(gold)) + sum(len(v) for v in (gold.get("table3") or {}).values()) + \
                sum(len(v) for v in (gold.get("table4") or {}).values())
            if name in errors:
                s.err_missed += len(errors[name])
            if name in s5:
                s.s5_gold += sum(len(v) for v in s5[name].values())
            continue
        if name in cells:
            gold = cells[name]
            score_cells(report, gold, s, verbose)
            for attr in ("agency", "year", "template"):
                if attr not in gold:
                    continue
                s.identity_n += 1
                got, want = getattr(report, attr), gold[attr]
                ok = _norm_name(got) == _norm_name(want) if attr == "agency" else str(got) == str(want)
                s.identity_ok += ok
                if not ok:
                    s.notes.append(f"{attr}: want {want!r}, got {got!r}")
        if name in heldout:
            for attr in ("agency", "year"):
                if attr in heldout[name]:
                    s.identity_n += 1
                    got, want = getattr(report, attr), heldout[name][attr]
                    ok = _norm_name(got) == _norm_name(want) if attr == "agency" else got == want
                    s.identity_ok += ok
                    if not ok:
                        s.notes.append(f"{attr}: want {want!r}, got {got!r}")
            # narrative findings on a passage: false unless the passage calls for them (its TOML
            # lists them in `findings`, read by hand: 六 silent on the fee, 五 stating no problem)
            allowed = set(heldout[name].get("findings", []))
            for f in check_report(report):
                if f.rule in NARRATIVE_RULES:
                    if f.rule in allowed:
                        s.narr_true += 1
                    else:
                        s.narr_false += 1
                        s.notes.append(f"false {f.rule} ({f.severity}): {f.message_en}")
        if name in errors:
            score_errors(check_report(report), errors[name], s, verbose)
        if name in s5:
            score_section5(report, s5[name], s, verbose)
    return out


def _fmt(v: float | None) -> str:
    return "-" if v is None else f"{100 * v:.1f}%"


def render(scores: dict[str, Score]) -> str:
    out = _render(scores)
    held = {n: s for n, s in scores.items() if n.startswith("tests/fixtures/section5_heldout/")}
    if held:
        t = Score()
        for s in held.values():
            t.add(s)
        d = t.as_dict()
        out += (f"\nheld-out section 五 ({len(held)} files): problems {t.s5p_hit}/{t.s5p_gold}, {t.s5p_pred} read "
                f"(P {_fmt(d['s5p_precision'])}, R {_fmt(d['s5p_recall'])}); improvements {t.s5i_hit}/{t.s5i_gold}, "
                f"{t.s5i_pred} read (P {_fmt(d['s5i_precision'])}, R {_fmt(d['s5i_recall'])}); all items P "
                f"{_fmt(d['s5_precision'])} R {_fmt(d['s5_recall'])}; agency/year {t.identity_ok}/{t.identity_n}; "
                f"narrative findings (C-1/C-2/X-1) true {t.narr_true}, false {t.narr_false}")
    ok, n, notes = score_identity_cases()
    if n:
        out += f"\nheld-out identity cases: agency/year {ok}/{n} right" + "".join(f"\n    {x}" for x in notes)
    return out


def _render(scores: dict[str, Score]) -> str:
    head = (f"{'file':34} {'right':>6} {'wrong':>5} {'unk':>4} {'miss':>4}  {'err T/F/M':>10}  "
            f"{'五 P':>6} {'五 R':>6}  {'ident':>5}")
    lines = [head, "-" * len(head)]
    total = Score()
    for name, s in scores.items():
        total.add(s)
        d = s.as_dict()
        ref = " REFUSED" if s.refused else ""
        lines.append(f"{name[-34:]:34} {s.right:6} {s.wrong:5} {s.unknown:4} {s.missing:4}  "
                     f"{f'{s.err_true}/{s.err_false}/{s.err_missed}':>10}  {_fmt(d['s5_precision']):>6} "
                     f"{_fmt(d['s5_recall']):>6}  {f'{s.identity_ok}/{s.identity_n}':>5}{ref}")
        lines += [f"    {n}" for n in s.notes]
    d = total.as_dict()
    lines.append("-" * len(head))
    lines.append(f"{'TOTAL (' + str(len(scores)) + ' files)':34} {total.right:6} {total.wrong:5} {total.unknown:4} "
                 f"{total.missing:4}  {f'{total.err_true}/{total.err_false}/{total.err_missed}':>10}  "
                 f"{_fmt(d['s5_precision']):>6} {_fmt(d['s5_recall']):>6}  "
                 f"{f'{total.identity_ok}/{total.identity_n}':>5}  refused {total.refused}")
    lines.append(f"section 五 items: problems {total.s5p_hit}/{total.s5p_gold} read right, {total.s5p_pred} read "
                 f"(P {_fmt(d['s5p_precision'])}, R {_fmt(d['s5p_recall'])}); improvements {total.s5i_hit}/"
                 f"{total.s5i_gold}, {total.s5i_pred} read (P {_fmt(d['s5i_precision'])}, R {_fmt(d['s5i_recall'])})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.accuracy", description=__doc__.split("\n\n")[0])
    p.add_argument("--only", default="", help="comma-separated substrings of file names")
    p.add_argument("--verbose", "-v", action="store_true", help="list every wrong, unknown and false item")
    p.add_argument("--json", default=str(RESULTS / "accuracy.json"))
    a = p.parse_args(argv)
    only = {x for x in a.only.split(",") if x} or None
    scores = evaluate(only, a.verbose)
    if not scores:
        print("no ground truth found (is ../shared beside the project?)")
        return 0
    print(render(scores))
    total = Score()
    for s in scores.values():
        total.add(s)
    if a.json:
        Path(a.json).parent.mkdir(parents=True, exist_ok=True)
        Path(a.json).write_text(json.dumps({"total": total.as_dict(),
                                            "files": {n: s.as_dict() | {"notes": s.notes} for n, s in scores.items()}},
                                           ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
