"""``gxtui diff OLD NEW`` and ``gxtui diff FOLDER``: what changed since last year, and whether
it adds up.

Text output reads at 80 columns: one line per cell, ``row | column: old -> new (+x)``; at 120
columns or more tables 三 and 四 are drawn side by side as grids (``old->new`` in a changed
cell). Cross-year findings come first, then the tables, the fees, the problems list with
markers, and the per-section text reuse. ``--format json`` gives the same content for scripts.

Exit codes: 0 nothing at error level, 1 error-level cross-year findings (e.g. P-2), 2 unusable
input, or two reports of different agencies without ``--force``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterable

import click

from gxtui.cli.common import Options, command, load_all, load_or_fail
from gxtui.present.i18n import severity_label
from gxtui.present.terminal import Lines as Out
from gxtui.present.terminal import clip, pad, terminal_width, use_color
from gxtui.present.terminal import width as width_of
from gxtui.present.text import dumps_json, safe_text
from gxtui.templates import vocab

MARK = {"changed": "*", "same": "=", "empty": " ", "unknown": "?", "not-comparable": "~",
        "old-only": "-", "new-only": "+"}
STATUS_ZH = {"changed": "变化", "same": "相同", "empty": "均为零或空", "unknown": "未知",
             "not-comparable": "不可比", "old-only": "仅上年", "new-only": "仅本年", "flagged": "变化过大"}
STATUS_EN = {"changed": "changed", "same": "same", "empty": "zero/blank in both", "unknown": "unknown",
             "not-comparable": "not comparable", "old-only": "old only", "new-only": "new only",
             "flagged": "large change"}
ITEM_ZH = {"repeated": "重复", "reworded": "改写", "new": "新增", "resolved": "已删除"}
ITEM_EN = {"repeated": "repeated", "reworded": "reworded", "new": "new", "resolved": "dropped"}
ITEM_MARK = {"repeated": "=", "reworded": "~", "new": "+", "resolved": "-"}
WIDE = 120


def fmt_change(d: float | int | None, rel: float | None) -> str:
    from gxtui.compare import fmt_number  # noqa: PLC0415

    if d is None:
        return ""
    sign = "+" if d > 0 else ""
    s = f"{sign}{fmt_number(round(d, 6) if isinstance(d, float) else d)}"
    if rel is not None and d != 0:
        s += f", {rel:+.0%}"
    return s


# ------------------------------------------------------------------------------- text
def render_text(cmp: Any, *, width: int = 80, only_changes: bool = False, lang: str = "zh",
                color: bool = False) -> str:
    """The comparison as terminal text (see the module docstring)."""
    zh = lang == "zh"
    o = Out(color, width)
    p = cmp.pairing
    title = f"{p.old.display} -> {p.new.year if p.new.year is not None else '?'}"
    o.add(("对比 " if zh else "diff ") + title, "title")
    for lab, ident, rep in (("旧" if zh else "old", p.old, cmp.old), ("新" if zh else "new", p.new, cmp.new)):
        o.add(f"  {lab}: {ident.display} [{rep.template or '?'}{'版' if zh else ''}] {ident.path}", "dim")
    for n in (p.notes_zh if zh else p.notes_en):
        o.add(f"  {'注' if zh else 'note'}: {n}", "info")
    if not p.same_agency:
        o.add("  " + (p.refusal()[0] if zh else p.refusal()[1]).split("（")[0].split(" (")[0], "warning")
    o.add()

    # findings first: what does not add up
    o.add(("跨年核对" if zh else "Cross-year checks") + f" ({len(cmp.findings)})", "head")
    _carry_line(o, cmp, zh)
    if not cmp.findings:
        o.add("  " + ("未发现问题" if zh else "nothing found"), "dim")
    for f in cmp.findings:
        sev = severity_label(f.severity, "zh" if zh else "en")
        o.wrap(f"[{sev}] {f.rule} " + (f.message_zh if zh else f.message_en), "  ", f.severity)
    o.add()

    for t in cmp.tables:
        _render_table(o, t, cmp, width, only_changes, zh)

    o.add(("收费" if zh else "Fees"), "head")
    for f in cmp.fees:
        lab = f.label_zh if zh else f.label_en
        if not f.comparable:
            note = ("（上年模板无此项）" if f.old.state == "absent" else "（本年模板无此项）") if zh else \
                   (" (not in the older template)" if f.old.state == "absent" else " (not in the newer template)")
            o.wrap(f"~ {lab}: {f.old.display(lang)} | {f.new.display(lang)} {f.unit}{note}", "  ", "dim")
            continue
        ch = fmt_change(f.change, f.rel_change) if f.change else ""
        style = "flagged" if f.flagged else ("changed" if f.change else None)
        mark = "!" if f.flagged else ("*" if f.change else ("?" if f.change is None else "="))
        o.wrap(f"{mark} {lab}: {f.old.display(lang)} -> {f.new.display(lang)} {f.unit}"
               + (f" ({ch})" if ch else (" (=)" if f.change == 0 else "")), "  ", style)
    o.add()

    for s in cmp.summaries:
        name = vocab.list_name(s.list, "zh" if zh else "en")
        names = ITEM_ZH if zh else ITEM_EN
        o.add(f"{name}: {('本年' if zh else 'this year ')}{s.new_count}{'条' if zh else ''}, "
              + ", ".join(f"{names[k]} {getattr(s, k)}" for k in ("repeated", "reworded", "new", "resolved")),
              "head")
        items = [m for m in cmp.problems if m.list == s.list]
        if not items:
            o.add("  " + ("（未列出）" if zh else "(none listed)"), "dim")
        for m in items:
            tag = names[m.status] + (f" {m.similarity:.2f}" if m.similarity is not None
                                     and m.status in ("repeated", "reworded") else "")
            text = (m.new or m.old).text  # type: ignore[union-attr]
            o.wrap(f"{ITEM_MARK[m.status]} [{tag}] {text}", "  ", m.status)
            if m.status == "reworded" and not only_changes and m.old is not None:
                o.wrap(("上年: " if zh else "was: ") + m.old.text, "      ", "dim")
        o.add()

    o.add(("各部分文字与上年重复率" if zh else "Text reused from last year, by section"), "head")
    parts = []
    for r in cmp.reuse:
        if r.share is None:
            continue
        parts.append(f"{vocab.section_title(r.section, 'zh' if zh else 'en', short=True)} {r.share:.0%} "
                     f"({r.reused}/{r.sentences})")
    o.add("  " + ("; ".join(parts) if parts else ("无可比文字" if zh else "no narrative text")))
    return o.render()


def _carry_line(o: Out, cmp: Any, zh: bool) -> None:
    """One line for Y-1 whatever its outcome: a reviewer wants to see that it was checked."""
    rows = cmp.carry_over()
    st = {d["status"] for d in rows}
    if st == {"n/a"}:
        o.add("  Y-1 " + ("年度不相邻，不核对结转" if zh else "years not consecutive; carry-over not checked"), "dim")
        return
    tot = next(d for d in rows if d["col"] == "tot")
    lang = "zh" if zh else "en"
    vals = f"{tot['old'].display(lang)} -> {tot['new'].display(lang)}"
    broken = [d for d in rows if d["status"] == "broken"]
    unchecked = [d for d in rows if d["status"] == "unchecked"]
    if broken:
        cols = ", ".join(f"{d['label']} {d['old'].display(lang)}!={d['new'].display(lang)}" for d in broken)
        o.add("  Y-1 " + (f"结转不一致（上年结转下年度 -> 本年上年结转）：{cols}" if zh else
                          f"carry-over broken (last year's carried out -> carried in): {cols}"), "warning")
    elif unchecked:
        cols = ", ".join(d["label"] for d in unchecked)
        o.add("  Y-1 " + (f"结转部分无法核对（{cols}）；可核对的列一致" if zh else
                          f"carry-over partly unchecked ({cols}); the other columns hold"), "unknown")
    else:
        o.add("  Y-1 " + (f"结转一致：上年结转下年度 = 本年上年结转（总计 {vals}）" if zh else
                          f"carry-over holds: last year's carried out = carried in (total {vals})"), "new")


def _row_label(r: Any) -> str:
    if r.level == 3 and r.group:
        return f"{r.group.split('）')[0]}）{r.label}" if r.group.startswith("（") else f"{r.group} {r.label}"
    return r.label


def _render_table(o: Out, t: Any, cmp: Any, width: int, only_changes: bool, zh: bool) -> None:
    counts: dict[str, int] = {}
    for c in t.cells:
        counts[c.status] = counts.get(c.status, 0) + 1
    flagged = sum(1 for c in t.cells if c.flagged)
    names = STATUS_ZH if zh else STATUS_EN
    stat = ", ".join(f"{names[k]} {counts[k]}" for k in ("changed", "same", "empty", "unknown",
                                                         "not-comparable", "old-only", "new-only")
                     if counts.get(k))
    if flagged:
        stat += f", {names['flagged']} {flagged}"
    o.wrap(f"{t.title_zh if zh else t.title_en}  ({stat})", "", "head")
    if not t.in_old or not t.in_new:
        which = [("上年" if zh else "old") for _ in [0] if not t.in_old] + \
                [("本年" if zh else "new") for _ in [0] if not t.in_new]
        o.add("  " + ("未读到该表：" if zh else "table not read in: ") + ", ".join(which), "warning")
    if width >= WIDE and t.table in ("table3", "table4"):
        _grid(o, t, only_changes, zh)
    else:
        _stacked(o, t, only_changes, zh)
    o.add()


def _show(c: Any, only_changes: bool) -> bool:
    if "missing" in (c.old.state, c.new.state) and c.table != "table2":
        # the whole table was not read on one side: show only what the other side says
        present = c.new if c.old.state == "missing" else c.old
        return not only_changes and present.usable and not present.empty
    if only_changes:
        return c.status == "changed"
    if c.status == "empty":
        return False
    if c.status in ("old-only", "new-only"):
        side = c.old if c.status == "old-only" else c.new
        return not side.empty and side.state not in ("missing",)
    return True


def _stacked(o: Out, t: Any, only_changes: bool, zh: bool) -> None:
    lang = "zh" if zh else "en"
    shown = 0
    for r in t.rows:
        cells = [c for c in r.cells if _show(c, only_changes)]
        if not cells:
            continue
        label = _row_label(r)
        if r.note_zh and r.key == "r.other" and any(c.comparable for c in r.cells):
            o.add(f"  ({r.note_zh if zh else r.note_en})", "dim")
        for c in cells:
            mark = "!" if c.flagged else MARK[c.status]
            if c.status == "not-comparable":
                body = f"{c.old.display(lang)} | {c.new.display(lang)}  " + \
                       (f"({c.note_zh})" if zh else f"({c.note_en})")
            elif c.status == "old-only":
                body = f"{c.old.display(lang)} -> --  ({'本年模板无此项' if zh else 'not in the newer template'})"
            elif c.status == "new-only":
                body = f"-- -> {c.new.display(lang)}  ({'上年模板无此项' if zh else 'not in the older template'})"
            elif c.status == "same":
                body = f"{c.new.display(lang)} (=)"
            else:
                ch = fmt_change(c.change, c.rel_change)
                body = f"{c.old.display(lang)} -> {c.new.display(lang)}" + (f" ({ch})" if ch else "")
            style = "flagged" if c.flagged else {"changed": "changed", "unknown": "unknown",
                                                 "not-comparable": "dim", "old-only": "dim",
                                                 "new-only": "dim", "same": None}.get(c.status)
            tail = f" | {c.col_label}: "
            avail = o.width - width_of(body) - width_of(tail) - 4
            o.add(f"  {mark} " + clip(label, max(10, avail)) + tail + body, style)
            shown += 1
    if not shown:
        o.add("  " + (("无变化" if only_changes else "全部为零或空") if zh else
                      ("no changes" if only_changes else "all zero or blank")), "dim")


def _grid(o: Out, t: Any, only_changes: bool, zh: bool) -> None:
    lang = "zh" if zh else "en"
    cols = t.columns
    texts: list[tuple[Any, list[tuple[str, str | None]]]] = []
    for r in t.rows:
        if only_changes and not r.changed:
            continue
        if all(c.status == "empty" for c in r.cells) and only_changes:
            continue
        row = []
        for key, _ in cols:
            c = next((x for x in r.cells if x.col == key), None)
            if c is None:
                row.append(("", None))
            elif c.status == "changed":
                row.append((f"{c.old.display(lang)}->{c.new.display(lang)}", "flagged" if c.flagged else "changed"))
            elif c.status == "new-only":
                row.append((f"-->{c.new.display(lang)}", "dim"))
            elif c.status == "old-only":
                row.append((f"{c.old.display(lang)}->--", "dim"))
            elif c.status == "unknown":
                row.append((f"{c.old.display(lang)}->{c.new.display(lang)}", "unknown"))
            else:
                row.append((c.new.display(lang), None))
        texts.append((r, row))
    if not texts:
        o.add("  " + ("无变化" if zh else "no changes"), "dim")
        return
    colw = [max([width_of(lab) for _, lab in [cols[i]]] + [width_of(row[i][0]) for _, row in texts]) + 1
            for i in range(len(cols))]
    labw = max(16, min(44, o.width - sum(colw) - 4))
    o.add("  " + pad("", labw) + "".join(pad(lab, w, right=True) for (_, lab), w in zip(cols, colw)), "dim")
    for r, row in texts:
        style = "flagged" if any(s == "flagged" for _, s in row) else ("changed" if r.changed else None)
        mark = "!" if style == "flagged" else ("*" if r.changed else " ")
        line = mark + " " + pad(_row_label(r), labw) + "".join(pad(txt, w, right=True)
                                                              for (txt, _), w in zip(row, colw))
        o.add(line, style, clip_line=False)
        if r.note_zh and r.key == "r.other" and any(c.comparable for c in r.cells):
            o.add("    " + (r.note_zh if zh else r.note_en), "dim")


# ------------------------------------------------------------------------------- run
@command("diff", help="compare two years of one agency (or every consecutive pair in a folder). "
         "Exit 0 nothing at error level, 1 error-level cross-year findings, 2 unusable input or "
         "different agencies without --force")
@click.argument("old", metavar="OLD|FOLDER")
@click.argument("new", required=False, metavar="[NEW]")
@click.option("--only-changes", is_flag=True, help="show changed cells only")
@click.option("--format", "-f", "fmt", type=click.Choice(("text", "json")), default="text")
@click.option("--force", is_flag=True, help="compare even if the agencies differ")
@click.option("--width", type=int, default=None, help="output width (default: terminal width)")
def command(opts: Options, old: str, new: str | None, only_changes: bool, fmt: str,  # noqa: F811
            force: bool, width: int | None) -> int:
    config = opts.config()
    if config is None:
        return 2
    lang = opts.lang
    color = use_color(sys.stdout, opts.no_color)
    text_width = terminal_width(sys.stdout, width)
    if new is None:
        if not Path(old).is_dir():
            sys.stderr.write("gxtui: diff needs OLD NEW, or a FOLDER\n")
            return 2
        return _run_folder(old, config, lang, fmt, only_changes, text_width, color)
    for p in (old, new):
        if Path(p).is_dir():
            sys.stderr.write(f"gxtui: {safe_text(p)}: is a folder; use `gxtui diff FOLDER` alone\n")
            return 2
    r_old, r_new = load_or_fail(old, lang), load_or_fail(new, lang)
    if r_old is None or r_new is None:
        return 2
    from gxtui.audit import compare_pair  # noqa: PLC0415
    from gxtui.compare.pairing import pair  # noqa: PLC0415

    p = pair(r_old, r_new)
    if not p.same_agency and not force:
        zh_msg, en_msg = p.refusal()
        sys.stderr.write(f"gxtui: {safe_text(zh_msg if lang == 'zh' else en_msg)}\n")
        return 2
    cmp = compare_pair(r_old, r_new, config)
    if fmt == "json":
        from gxtui.present.schema import comparison  # noqa: PLC0415

        _emit(dumps_json(comparison(cmp)) + "\n")
    else:
        _emit(render_text(cmp, width=text_width, only_changes=only_changes, lang=lang, color=color))
    return 1 if cmp.has_errors else 0


def _emit(text: str) -> None:
    sys.stdout.write(safe_text(text) if sys.stdout.isatty() else text)


def _run_folder(folder: str, config: Any, lang: str, fmt: str, only_changes: bool, width: int,
                color: bool) -> int:
    from gxtui.audit import compare_pair  # noqa: PLC0415
    from gxtui.compare.pairing import group_series  # noqa: PLC0415
    from gxtui.files import iter_report_files  # noqa: PLC0415

    reports = load_all(iter_report_files([folder]), lang)
    series = group_series(reports)
    zh = lang == "zh"
    results = [compare_pair(a, b, config) for s in series for a, b in s.consecutive_pairs()]
    if fmt == "json":
        from gxtui.present.schema import diff_folder  # noqa: PLC0415

        _emit(dumps_json(diff_folder(results, series)) + "\n")
    else:
        chunks = []
        head = Out(color, width)
        head.add((f"{len(series)} 个机构，{len(results)} 组相邻年度" if zh else
                  f"{len(series)} agencies, {len(results)} consecutive-year pairs"), "title")
        for s in series:
            head.add(f"  {s.display()}: " + ", ".join(str(y) if y is not None else "?" for y in s.years))
        chunks.append(head.render())
        for c in results:
            chunks.append("=" * min(width, 80) + "\n")
            chunks.append(render_text(c, width=width, only_changes=only_changes, lang=lang, color=color))
        _emit("".join(chunks))
    if not results:
        sys.stderr.write("gxtui: " + ("文件夹中没有同一机构的相邻年度报告" if zh else
                                      "no consecutive years of one agency in this folder") + "\n")
        return 2
    return 1 if any(c.has_errors for c in results) else 0
