"""``gxtui diff OLD NEW`` and ``gxtui diff FOLDER``: what changed since last year, and whether
it adds up.

Text output (rich): a legend of the marks, the cross-year findings first, then each table as a
table — mark, row, column, old year, new year, change — whose row and column labels wrap (CJK
aware) at the terminal width while the values are never cut and read at one precision per column;
then the fees, the problems list with markers, and the per-section text reuse. At 120 columns or
more tables 三 and 四 are drawn as grids (``old->new`` in a changed cell). Marks: ``*`` changed,
``=`` same, ``>>`` large change (past the ``[compare]`` thresholds; never ``!``, the TUI's error
mark), ``?`` unknown, ``~`` not comparable, ``-`` old only, ``+`` new only. ``--format json``
gives the same content for scripts.

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
from gxtui.present.i18n import t as t_
from gxtui.present.terminal import Lines as Out
from gxtui.present.terminal import terminal_width, use_color
from gxtui.present.terminal import width as width_of
from gxtui.present.text import dumps_json, safe_text
from gxtui.templates import vocab

MARK = {"changed": "*", "same": "=", "empty": " ", "unknown": "?", "not-comparable": "~",
        "old-only": "-", "new-only": "+"}
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
LEGEND = ("changed", "same", "flagged", "unknown", "not-comparable", "old-only", "new-only")


def legend(lang: str, config: Any = None) -> list[str]:
    """What each mark of the diff means (``>>``: a change past the ``[compare]`` thresholds)."""
    from gxtui.compare.align import thresholds  # noqa: PLC0415

    ratio, min_base = thresholds(config)
    return [t_("diff.marks", lang)] + [
        f"{'>>' if k == 'flagged' else MARK[k]} " + t_(f"diff.mark.{k}", lang, ratio=fmt_number(ratio),
                                                       min_base=fmt_number(min_base))
        for k in LEGEND]


def render_text(cmp: Any, *, width: int = 80, only_changes: bool = False, lang: str = "zh",
                color: bool = False, config: Any = None) -> str:
    """The comparison as terminal text (see the module docstring)."""
    zh = lang == "zh"
    o = Out(color, width)
    p = cmp.pairing
    title = f"{p.old.display} -> {p.new.year if p.new.year is not None else '?'}"
    o.add(t_("diff.title", lang, title=title), "title")
    for side_, ident, rep in (("old", p.old, cmp.old), ("new", p.new, cmp.new)):
        o.add(t_(f"diff.ident.{side_}", lang, name=ident.display, path=ident.path,
                 template=t_("diff.template", lang, template=rep.template or "?")), "dim")
    for n in (p.notes_zh if zh else p.notes_en):
        o.add(t_("diff.note", lang, note=n), "info")
    if not p.same_agency:
        o.add("  " + (p.refusal()[0] if zh else p.refusal()[1]).split("（")[0].split(" (")[0], "warning")
    o.entries(legend(lang, config), "  ", "dim", sep="  ")
    o.add()

    # findings first: what does not add up
    o.add(t_("diff.cross", lang, n=len(cmp.findings)), "head")
    _carry_line(o, cmp, zh)
    if not cmp.findings:
        o.add("  " + t_("diff.nothing", lang), "dim")
    for f in cmp.findings:
        sev = severity_label(f.severity, lang)
        o.wrap(f"[{sev}] {f.rule} " + (f.message_zh if zh else f.message_en), "  ", f.severity)
    o.add()

    for t in cmp.tables:
        _render_table(o, t, cmp, width, only_changes, zh)

    o.add(t_("diff.fees", lang), "head")
    for f in cmp.fees:
        lab = f.label_zh if zh else f.label_en
        if not f.comparable:
            note = t_("diff.not_in_old" if f.old.state == "absent" else "diff.not_in_new", lang)
            o.wrap(f"~ {lab}: {f.old.display(lang)} | {f.new.display(lang)} {f.unit} ({note})", "  ", "dim")
            continue
        dec = max((_decimals(sd.value) for sd in (f.old, f.new) if sd.usable), default=0)
        ch = fmt_change(f.change, f.rel_change) if f.change else ""
        style = "flagged" if f.flagged else ("changed" if f.change else None)
        mark = ">>" if f.flagged else ("*" if f.change else ("?" if f.change is None else "="))
        o.wrap(f"{mark} {lab}: {_num(f.old, dec, lang)} -> {_num(f.new, dec, lang)} {f.unit}"
               + (f" ({ch})" if ch else (" (=)" if f.change == 0 else "")), "  ", style)
    o.add()

    for s in cmp.summaries:
        name = vocab.list_name(s.list, lang)
        names = {k: t_(f"diff.item.{k}", lang) for k in ITEM_MARK}
        o.add(f"{name}: {t_('diff.items_this_year', lang, n=s.new_count)}, "
              + ", ".join(f"{names[k]} {getattr(s, k)}" for k in ("repeated", "reworded", "new", "resolved")),
              "head")
        items = [m for m in cmp.problems if m.list == s.list]
        if not items:
            o.add("  " + t_("diff.none_listed", lang), "dim")
        for m in items:
            tag = names[m.status] + (f" {m.similarity:.2f}" if m.similarity is not None
                                     and m.status in ("repeated", "reworded") else "")
            text = (m.new or m.old).text  # type: ignore[union-attr]
            o.wrap(f"{ITEM_MARK[m.status]} [{tag}] {text}", "  ", m.status)
            if m.status == "reworded" and not only_changes and m.old is not None:
                o.wrap(t_("diff.was", lang, text=m.old.text), "      ", "dim")
        o.add()

    o.add(t_("diff.reuse", lang), "head")
    parts = []
    for r in cmp.reuse:
        if r.share is None:
            continue
        parts.append(f"{vocab.section_title(r.section, lang, short=True)} {r.share:.0%} "
                     f"({r.reused}/{r.sentences})")
    o.add("  " + ("; ".join(parts) if parts else t_("diff.no_text", lang)))
    return o.render()


def _carry_line(o: Out, cmp: Any, zh: bool) -> None:
    """One line for Y-1 whatever its outcome: a reviewer wants to see that it was checked."""
    lang = "zh" if zh else "en"
    rows = cmp.carry_over()
    st = {d["status"] for d in rows}
    if st == {"n/a"}:
        o.wrap(t_("diff.y1.na", lang), "  ", "dim")
        return
    tot = next(d for d in rows if d["col"] == "tot")
    vals = f"{tot['old'].display(lang)} -> {tot['new'].display(lang)}"
    broken = [d for d in rows if d["status"] == "broken"]
    unchecked = [d for d in rows if d["status"] == "unchecked"]
    if broken:
        cols = ", ".join(f"{d['label']} {d['old'].display(lang)}!={d['new'].display(lang)}" for d in broken)
        o.wrap(t_("diff.y1.broken", lang, cols=cols), "  ", "warning")
    elif unchecked:
        cols = ", ".join(d["label"] for d in unchecked)
        o.wrap(t_("diff.y1.partial", lang, cols=cols), "  ", "unknown")
    else:
        o.wrap(t_("diff.y1.holds", lang, vals=vals), "  ", "new")


def _row_label(r: Any) -> str:
    if r.level == 3 and r.group:
        return f"{r.group.split('）')[0]}）{r.label}" if r.group.startswith("（") else f"{r.group} {r.label}"
    return r.label


def _render_table(o: Out, t: Any, cmp: Any, width: int, only_changes: bool, zh: bool) -> None:
    p = cmp.pairing
    years = tuple(str(y) if y is not None else "" for y in (p.old.year, p.new.year))
    counts: dict[str, int] = {}
    for c in t.cells:
        counts[c.status] = counts.get(c.status, 0) + 1
    flagged = sum(1 for c in t.cells if c.flagged)
    lang = "zh" if zh else "en"
    names = {k: t_(f"diff.status.{k}", lang) for k in (*MARK, "flagged")}
    stat = ", ".join(f"{names[k]} {counts[k]}" for k in ("changed", "same", "empty", "unknown",
                                                         "not-comparable", "old-only", "new-only")
                     if counts.get(k))
    if flagged:
        stat += f", {names['flagged']} {flagged}"
    o.wrap(f"{t.title_zh if zh else t.title_en}  ({stat})", "", "head")
    if not t.in_old or not t.in_new:
        which = [t_(f"diff.col_{k}", lang) for k, there in (("old", t.in_old), ("new", t.in_new)) if not there]
        o.add("  " + t_("diff.table_not_read", lang, which=", ".join(which)), "warning")
    if width >= WIDE and t.table in ("table3", "table4"):
        _grid(o, t, only_changes, zh)
    else:
        _stacked(o, t, only_changes, zh, years)
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


def fmt_number(v: float | int) -> str:
    from gxtui.compare import fmt_number as fmt  # noqa: PLC0415

    return fmt(v)


def _decimals(v: float | int | None) -> int:
    if not isinstance(v, float) or v.is_integer():
        return 0
    return min(2, len(f"{v:.6f}".rstrip("0").split(".")[1]))


def _precision(t: Any) -> dict[str, int]:
    """Decimals per column of the table: the most any known value of that column has (at most
    two), so that a column reads at one precision (12.5 -> 13.0, not 12.5 -> 13)."""
    out: dict[str, int] = {}
    for c in t.cells:
        for sd in (c.old, c.new):
            if sd.usable and sd.state == "number":
                out[c.col] = max(out.get(c.col, 0), _decimals(sd.value))
    return out


def _num(sd: Any, dec: int, lang: str) -> str:
    if sd.usable and sd.state == "number" and dec:
        return f"{float(sd.value):.{dec}f}"
    return sd.display(lang)


def _change(c: Any, dec: int) -> str:
    d = c.change
    if d is None:
        return ""
    s = f"{d:+.{dec}f}" if dec else ("+" if d > 0 else "") + fmt_number(d)
    if c.rel_change is not None and d != 0:
        s += f", {c.rel_change:+.0%}"
    return s


def _mark(c: Any) -> str:
    return ">>" if c.flagged else MARK[c.status]


def _cell_row(c: Any, dec: int, lang: str) -> tuple[str, str, str, str | None]:
    """(old, new, change or note, style) of one shown cell."""
    if c.status == "not-comparable":
        return c.old.display(lang), c.new.display(lang), f"({c.note_zh if lang == 'zh' else c.note_en})", "dim"
    if c.status == "old-only":
        return _num(c.old, dec, lang), "--", f"({t_('diff.not_in_new', lang)})", "dim"
    if c.status == "new-only":
        return "--", _num(c.new, dec, lang), f"({t_('diff.not_in_old', lang)})", "dim"
    if c.status == "same":
        return _num(c.old, dec, lang), _num(c.new, dec, lang), "=", None
    style = "flagged" if c.flagged else {"changed": "changed", "unknown": "unknown"}.get(c.status)
    return _num(c.old, dec, lang), _num(c.new, dec, lang), _change(c, dec), style


def _labels(t: Any, r: Any, lang: str) -> str:
    if lang == "zh":
        return _row_label(r)
    return vocab.row_label(t.table, r.key, "en", qualified=True)


def _stacked(o: Out, t: Any, only_changes: bool, zh: bool, years: tuple[str, str] = ("", "")) -> None:
    """One table as a rich table: mark, row, column, old, new, change. Row and column labels
    wrap (CJK aware) at the width; the values are never cut and read at one precision per column."""
    from rich.table import Table  # noqa: PLC0415
    from rich.text import Text  # noqa: PLC0415

    lang = "zh" if zh else "en"
    dec = _precision(t)
    rows: list[tuple[str, str, str, str, str, str, str | None]] = []
    for r in t.rows:
        cells = [c for c in r.cells if _show(c, only_changes)]
        if not cells:
            continue
        label = _labels(t, r, lang)
        if r.note_zh and r.key == "r.other" and any(c.comparable for c in r.cells):
            rows.append(("", f"({r.note_zh if zh else r.note_en})", "", "", "", "", "dim"))
        for i, c in enumerate(cells):
            old, new, change, style = _cell_row(c, dec.get(c.col, 0), lang)
            col = c.col_label if zh else vocab.col_label(t.table, c.col, "en")
            rows.append((_mark(c), label if i == 0 else "", col, old, new, change, style))
    if not rows:
        o.add("  " + t_("diff.no_changes" if only_changes else "diff.all_empty", lang), "dim")
        return
    from gxtui.present.terminal import style as rich_style  # noqa: PLC0415

    color = o.color
    table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), expand=False,
                  header_style="bold" if color else "")
    vw = [max(width_of(x[k]) for x in rows) for k in (3, 4)]
    cw = max([width_of(x[5]) for x in rows if not x[5].startswith("(")] + [1])
    table.add_column("", no_wrap=True, min_width=2)
    table.add_column(t_("diff.col_row", lang), ratio=3, overflow="fold")
    table.add_column(t_("diff.col_col", lang), ratio=2, overflow="fold")
    table.add_column(years[0] or t_("diff.col_old", lang), justify="right", no_wrap=True, min_width=max(vw[0], 4))
    table.add_column(years[1] or t_("diff.col_new", lang), justify="right", no_wrap=True, min_width=max(vw[1], 4))
    table.add_column(t_("diff.col_change", lang), justify="right", min_width=min(cw, 16), overflow="fold")
    for mark, label, col, old, new, change, st in rows:
        s_ = rich_style(st, color)
        table.add_row(*(Text(x, style=s_) for x in (mark, label, col, old, new, change)))
    indent = Out(o.color, o.width - 2)
    indent.block(table)
    o.lines.append(("".join("  " + line + "\n" for line in indent.lines[0][0].splitlines()), indent.lines[0][1]))


def _grid(o: Out, t: Any, only_changes: bool, zh: bool) -> None:
    """Tables 三 and 四 at 120 columns or more: the published grid as a rich table, a changed cell
    as ``old->new`` in its style; the row labels wrap, the values are never cut."""
    from rich.table import Table  # noqa: PLC0415
    from rich.text import Text  # noqa: PLC0415

    from gxtui.present.terminal import style as rich_style  # noqa: PLC0415

    lang = "zh" if zh else "en"
    dec = _precision(t)
    cols = t.columns
    texts: list[tuple[Any, list[tuple[str, str | None]]]] = []
    for r in t.rows:
        if only_changes and not r.changed:
            continue
        row = []
        for key, _ in cols:
            c = next((x for x in r.cells if x.col == key), None)
            d = dec.get(key, 0)
            if c is None:
                row.append(("", None))
            elif c.status in ("changed", "unknown"):
                style = "flagged" if c.flagged else ("changed" if c.status == "changed" else "unknown")
                row.append((f"{_num(c.old, d, lang)}->{_num(c.new, d, lang)}", style))
            elif c.status == "new-only":
                row.append((f"-->{_num(c.new, d, lang)}", "dim"))
            elif c.status == "old-only":
                row.append((f"{_num(c.old, d, lang)}->--", "dim"))
            else:
                row.append((_num(c.new, d, lang), None))
        texts.append((r, row))
    if not texts:
        o.add("  " + t_("diff.no_changes", lang), "dim")
        return
    table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0),
                  header_style="bold" if o.color else "")
    table.add_column("", no_wrap=True, min_width=2)
    table.add_column(t_("diff.col_row", lang), overflow="fold", ratio=1, min_width=12)
    for i, (key, lab) in enumerate(cols):
        head = lab if zh else vocab.col_label(t.table, key, "en")
        table.add_column(head, justify="right", no_wrap=True,
                         min_width=max(width_of(row[i][0]) for _, row in texts))
    for r, row in texts:
        flagged = any(st == "flagged" for _, st in row)
        mark = ">>" if flagged else ("*" if r.changed else "")
        label = _labels(t, r, lang)
        table.add_row(Text(mark, style=rich_style("flagged" if flagged else "changed" if r.changed else None,
                                                  o.color)),
                      Text(label), *(Text(txt, style=rich_style(st, o.color)) for txt, st in row))
        if r.note_zh and r.key == "r.other" and any(c.comparable for c in r.cells):
            table.add_row("", Text(r.note_zh if zh else r.note_en, style=rich_style("dim", o.color)))
    indent = Out(o.color, o.width - 2)
    indent.block(table)
    o.lines.append(("".join("  " + line + "\n" for line in indent.lines[0][0].splitlines()), indent.lines[0][1]))


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
        _emit(render_text(cmp, width=text_width, only_changes=only_changes, lang=lang, color=color,
                          config=config))
    return 1 if cmp.has_errors else 0


def _emit(text: str) -> None:
    sys.stdout.write(safe_text(text) if sys.stdout.isatty() else text)


def _run_folder(folder: str, config: Any, lang: str, fmt: str, only_changes: bool, width: int,
                color: bool) -> int:
    from gxtui.audit import compare_pair  # noqa: PLC0415
    from gxtui.compare.pairing import group_series  # noqa: PLC0415
    from gxtui.cli.common import scan_files  # noqa: PLC0415

    reports = load_all(scan_files([folder], lang), lang)
    series = group_series(reports)
    zh = lang == "zh"
    results = [compare_pair(a, b, config) for s in series for a, b in s.consecutive_pairs()]
    if fmt == "json":
        from gxtui.present.schema import diff_folder  # noqa: PLC0415

        _emit(dumps_json(diff_folder(results, series)) + "\n")
    else:
        chunks = []
        head = Out(color, width)
        head.add(t_("diff.folder", lang, agencies=len(series), pairs=len(results)), "title")
        for s in series:
            head.add(f"  {s.display()}: " + ", ".join(str(y) if y is not None else "?" for y in s.years))
        chunks.append(head.render())
        for c in results:
            chunks.append("=" * min(width, 80) + "\n")
            chunks.append(render_text(c, width=width, only_changes=only_changes, lang=lang, color=color,
                                      config=config))
        _emit("".join(chunks))
    if not results:
        sys.stderr.write("gxtui: " + t_("diff.no_pairs", lang) + "\n")
        return 2
    return 1 if any(c.has_errors for c in results) else 0
