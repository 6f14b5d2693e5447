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

import argparse
import os
import shutil
import sys
import unicodedata
from pathlib import Path
from typing import Any, Iterable

from gxtui.cli.common import dumps_json, load_or_fail, safe_text

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
SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SECTION_ZH = {"s1": "一 总体情况", "s2": "二 主动公开", "s3": "三 依申请", "s4": "四 复议诉讼",
              "s5": "五 问题改进", "s6": "六 其他事项"}
SECTION_EN = {"s1": "1 overview", "s2": "2 proactive", "s3": "3 applications", "s4": "4 review",
              "s5": "5 problems", "s6": "6 other"}
_COLORS = {"title": "1", "head": "1;36", "changed": "33", "flagged": "1;31", "error": "31",
           "warning": "33", "info": "2", "dim": "2", "new": "32", "resolved": "2", "repeated": "1;31",
           "reworded": "33", "unknown": "35"}
WIDE = 120


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("diff", help="compare two years of one agency (or every consecutive pair in a folder)")
    p.add_argument("old", metavar="OLD|FOLDER")
    p.add_argument("new", metavar="NEW", nargs="?")
    p.add_argument("--only-changes", action="store_true", help="show changed cells only")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p.add_argument("--force", action="store_true", help="compare even if the agencies differ")
    p.add_argument("--width", type=int, default=None, help="output width (default: terminal width)")
    p.add_argument("--config", help="gxtui.toml with [compare] thresholds")
    p.set_defaults(handler=run)


# ------------------------------------------------------------------------------- helpers
def width_of(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


def clip(s: str, w: int) -> str:
    if width_of(s) <= w:
        return s
    out, used = [], 0
    for ch in s:
        cw = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if used + cw > w - 3:
            break
        out.append(ch)
        used += cw
    return "".join(out) + "..."


def pad(s: str, w: int, right: bool = False) -> str:
    s = clip(s, w)
    fill = " " * max(0, w - width_of(s))
    return fill + s if right else s + fill


def fmt_change(d: float | int | None, rel: float | None) -> str:
    from gxtui.compare import fmt_number  # noqa: PLC0415

    if d is None:
        return ""
    sign = "+" if d > 0 else ""
    s = f"{sign}{fmt_number(round(d, 6) if isinstance(d, float) else d)}"
    if rel is not None and d != 0:
        s += f", {rel:+.0%}"
    return s


class Out:
    """Lines with a style each; report text made terminal-safe, colour only when wanted."""

    def __init__(self, color: bool, width: int) -> None:
        self.lines: list[tuple[str, str | None]] = []
        self.color = color
        self.width = width

    def add(self, text: str = "", style: str | None = None, clip_line: bool = True) -> None:
        text = safe_text(text)
        self.lines.append((clip(text, self.width) if clip_line else text, style))

    def wrap(self, text: str, indent: str, style: str | None = None) -> None:
        """Wrap a long report text at the width (CJK aware), continuation lines indented."""
        text = safe_text(" ".join(text.split()))
        first = True
        avail = max(20, self.width - width_of(indent))
        while text:
            cut, used = 0, 0
            for i, ch in enumerate(text):
                cw = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
                if used + cw > avail:
                    break
                used += cw
                cut = i + 1
            if cut < len(text) and text[cut].isascii() and text[cut - 1].isascii():
                sp = text.rfind(" ", max(0, cut - 20), cut)  # do not split a Latin word
                if sp > 0:
                    cut = sp + 1
            self.lines.append(((indent if first else " " * width_of(indent)) + text[:cut], style))
            text = text[cut:]
            first = False

    def render(self) -> str:
        out = []
        for text, style in self.lines:
            if self.color and style in _COLORS:
                out.append(f"\x1b[{_COLORS[style]}m{text}\x1b[0m")
            else:
                out.append(text)
        return "\n".join(out) + "\n"


def use_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


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
        sev = SEV_ZH.get(f.severity, f.severity) if zh else f.severity
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
        name = ("存在的主要问题" if s.list == "problems" else "改进措施") if zh else \
               ("Problems" if s.list == "problems" else "Improvement measures")
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
        parts.append(f"{(SECTION_ZH if zh else SECTION_EN)[r.section]} {r.share:.0%} ({r.reused}/{r.sentences})")
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
def _config(args: argparse.Namespace) -> Any:
    from gxtui.config import Config, ConfigError  # noqa: PLC0415

    try:
        return Config.load(args.config)
    except ConfigError as e:
        sys.stderr.write(f"gxtui: {e}\n")
        return None


def _width(args: argparse.Namespace) -> int:
    if args.width:
        return max(40, args.width)
    if sys.stdout.isatty():
        return shutil.get_terminal_size((80, 24)).columns
    return 80


def _emit(text: str) -> None:
    sys.stdout.write(text)


def run(args: argparse.Namespace) -> int:
    config = _config(args)
    if config is None:
        return 2
    lang = getattr(args, "lang", "zh")
    if args.new is None:
        if not Path(args.old).is_dir():
            sys.stderr.write("gxtui: diff needs OLD NEW, or a FOLDER\n")
            return 2
        return _run_folder(args, config, lang)
    for p in (args.old, args.new):
        if Path(p).is_dir():
            sys.stderr.write(f"gxtui: {safe_text(p)}: is a folder; use `gxtui diff FOLDER` alone\n")
            return 2
    old = load_or_fail(args.old)
    new = load_or_fail(args.new)
    if old is None or new is None:
        return 2
    from gxtui.compare import compare  # noqa: PLC0415
    from gxtui.compare.pairing import pair  # noqa: PLC0415

    p = pair(old, new)
    if not p.same_agency and not args.force:
        zh_msg, en_msg = p.refusal()
        sys.stderr.write(f"gxtui: {safe_text(zh_msg if lang == 'zh' else en_msg)}\n")
        return 2
    cmp = compare(old, new, config)
    if args.format == "json":
        out = dumps_json(cmp.to_dict())
        _emit((safe_text(out) if sys.stdout.isatty() else out) + "\n")
    else:
        _emit(render_text(cmp, width=_width(args), only_changes=args.only_changes, lang=lang,
                          color=use_color()))
    return 1 if cmp.has_errors else 0


def _load_all(paths: Iterable[Path]) -> list[Any]:
    out = []
    for f in paths:
        r = load_or_fail(str(f))
        if r is not None:
            out.append(r)
    return out


def _run_folder(args: argparse.Namespace, config: Any, lang: str) -> int:
    from gxtui.compare import compare  # noqa: PLC0415
    from gxtui.compare.pairing import group_series, year_of  # noqa: PLC0415
    from gxtui.files import iter_report_files  # noqa: PLC0415

    reports = _load_all(iter_report_files([args.old]))
    series = group_series(reports)
    zh = lang == "zh"
    results = []
    skipped: list[str] = []
    for s in series:
        pairs = s.consecutive_pairs()
        years = [y for y in s.years]
        if not pairs:
            skipped.append(f"{s.display()} {years}")
        for a, b in pairs:
            results.append(compare(a, b, config))
    if args.format == "json":
        out = dumps_json({"pairs": [c.to_dict() for c in results],
                          "series": [{"agency": s.display(), "key": s.key, "years": s.years,
                                      "paths": [r.source.path for r in s.reports]} for s in series]})
        _emit((safe_text(out) if sys.stdout.isatty() else out) + "\n")
    else:
        width = _width(args)
        chunks = []
        head = Out(use_color(), width)
        head.add((f"{len(series)} 个机构，{len(results)} 组相邻年度" if zh else
                  f"{len(series)} agencies, {len(results)} consecutive-year pairs"), "title")
        for s in series:
            head.add(f"  {s.display()}: " + ", ".join(str(y) if y is not None else "?" for y in s.years))
        chunks.append(head.render())
        for c in results:
            chunks.append("=" * min(width, 80) + "\n")
            chunks.append(render_text(c, width=width, only_changes=args.only_changes, lang=lang,
                                      color=use_color()))
        _emit("".join(chunks))
    if not results:
        sys.stderr.write("gxtui: " + ("文件夹中没有同一机构的相邻年度报告" if zh else
                                      "no consecutive years of one agency in this folder") + "\n")
        return 2
    del year_of, skipped
    return 1 if any(c.has_errors for c in results) else 0
