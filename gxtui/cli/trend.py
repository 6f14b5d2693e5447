"""``gxtui trend FOLDER --agency NAME``: one agency's key figures year by year."""

from __future__ import annotations

import argparse
import json
import sys

from gxtui.cli.common import safe_text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("trend", help="one agency's key figures across years")
    p.add_argument("folder")
    p.add_argument("--agency", "-a", required=True, help="agency name (or file-name stem)")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from gxtui.cli.diff import _load_all, pad, width_of  # noqa: PLC0415
    from gxtui.compare.pairing import group_series, matches_agency  # noqa: PLC0415
    from gxtui.compare.trend import trend  # noqa: PLC0415
    from gxtui.files import iter_report_files  # noqa: PLC0415

    zh = getattr(args, "lang", "zh") == "zh"
    series = group_series(_load_all(iter_report_files([args.folder])))
    hits = [s for s in series if matches_agency(s, args.agency)]
    if not hits:
        names = "、".join(s.display() for s in series) or "-"
        sys.stderr.write(safe_text(f"gxtui: {'未找到机构' if zh else 'agency not found'} "
                                   f"“{args.agency}”; {'可选' if zh else 'available'}: {names}") + "\n")
        return 2
    if len(hits) > 1:
        exact = [s for s in hits if s.display() == args.agency]
        if len(exact) != 1:
            names = "、".join(s.display() for s in hits)
            sys.stderr.write(safe_text(f"gxtui: {'机构名称不唯一' if zh else 'ambiguous agency'}: {names}") + "\n")
            return 2
        hits = exact
    t = trend(hits[0])
    if args.format == "json":
        out = json.dumps(t.to_dict(), ensure_ascii=False, indent=2)
        sys.stdout.write((safe_text(out) if sys.stdout.isatty() else out) + "\n")
        return 0
    lang = "zh" if zh else "en"
    lines = [safe_text(f"{t.agency}  " + ("年度报告关键数据" if zh else "key figures by year"))]
    years = [str(y) if y is not None else "?" for y in t.years]
    colw = [max(6, max(width_of(s.values[i].display(lang)) for s in t.series) + 1)
            for i in range(len(years))]
    labw = max(width_of(f"{s.label_zh if zh else s.label_en}（{s.unit}）") for s in t.series) + 1
    lines.append(pad("", labw) + "".join(pad(y, w, right=True) for y, w in zip(years, colw)))
    for s in t.series:
        lab = f"{s.label_zh if zh else s.label_en}（{s.unit}）"
        lines.append(pad(lab, labw) + "".join(pad(v.display(lang), w, right=True)
                                              for v, w in zip(s.values, colw)))
    lines.append("")
    lines.append(("注：未知 = 原文数值缺失；-- = 该年模板无此项；缺失 = 未读到" if zh else
                  "note: unknown = value lost in the source; -- = not in that year's template; "
                  "missing = not read"))
    if len(t.years) < 3:
        lines.append("注：少于三个年度" if zh else "note: fewer than three years")
    sys.stdout.write("\n".join(safe_text(x) for x in lines) + "\n")
    return 0
