"""Plain-text tables of coverage and peers for ``--format text``: readable at 80 columns and
without colour (statuses are words, not colours; only ASCII and CJK in the layout, no
East-Asian-ambiguous characters), long tables split into blocks of years that fit the width.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.analytics.coverage import Coverage
    from gxtui.analytics.peers import Benchmark

MARK_ZH = {"present": "有", "late": "迟", "unreadable": "坏", "missing": "缺", None: "."}
MARK_EN = {"present": "ok", "late": "LATE", "unreadable": "BAD", "missing": "MISS", None: "."}


def width(s: str) -> int:
    """Terminal cells of ``s`` (CJK characters take two; rich's table)."""
    return cell_len(s)


def clip(s: str, w: int) -> str:
    if cell_len(s) <= w:
        return s
    return set_cell_size(s, max(0, w - 2)).rstrip() + ".."


def pad(s: str, w: int, right: bool = False) -> str:
    s = clip(s, w)
    fill = " " * max(0, w - width(s))
    return fill + s if right else s + fill


def coverage_text(cov: "Coverage", lang: str = "zh", cols: int = 80) -> str:
    """The matrix (one row per agency, one column per year), counts per year, a legend."""
    marks = MARK_EN if lang == "en" else MARK_ZH
    zh = lang != "en"
    if not cov.years:
        return ("未找到可识别年度的报告" if zh else "no report with a known year") + "\n"
    colw = 6
    name_w = max(12, min(max(width(a.agency) for a in cov.agencies) + 1 if cov.agencies else 12,
                         cols - colw * min(len(cov.years), 4)))
    per = max(1, (cols - name_w) // colw)
    counts = cov.counts()
    out = []
    for start in range(0, len(cov.years), per):
        years = cov.years[start:start + per]
        out.append(pad("机构" if zh else "agency", name_w) + "".join(pad(str(y), colw, True) for y in years))
        for a in cov.agencies:
            out.append(pad(a.agency, name_w) + "".join(pad(marks[a.status(y)], colw, True) for y in years))
        out.append("-" * min(cols, name_w + colw * len(years)))
        for st in ("present", "late", "unreadable", "missing"):
            label = {"present": "已发布", "late": "逾期", "unreadable": "无法读取", "missing": "缺报"}[st] \
                if zh else st
            out.append(pad(label, name_w) + "".join(pad(str(counts[y][st]), colw, True) for y in years))
        out.append("")
    legend = ("有 = 已发布  迟 = 逾期发布（D-1）  坏 = 文件无法读取  缺 = 应有而无  . = 不要求" if zh else
              "ok = published  LATE = after the deadline (D-1)  BAD = unreadable\n"
              "MISS = due, not found  . = not due")
    out.append(legend)
    if cov.unplaced:
        out.append("无法确定年度的文件：" if zh else "files with no year:")
        out += [f"  {p}" for p in cov.unplaced]
    return "\n".join(out) + "\n"


def peers_text(bench: "Benchmark", lang: str = "zh", cols: int = 80) -> str:
    """One line per year, report kind and ratio: n and the quartiles in percent."""
    from gxtui.analytics.peers import KINDS  # noqa: PLC0415

    zh = lang != "en"
    labels = {r.key: r.label(lang) for r in bench.catalogue}
    kind_w, ratio_w = (10, 18) if zh else (12, 28)
    head = (pad("年度", 6) + pad("类型", kind_w) + pad("比例", ratio_w) if zh else
            pad("year", 6) + pad("kind", kind_w) + pad("ratio", ratio_w))
    head += pad("n", 6, True) + "".join(pad(q, 9, True) for q in ("P25", "P50", "P75"))
    out = [head, "-" * min(cols, width(head))]
    for d in bench.ordered():
        kind = KINDS.get(d.kind, (d.kind, d.kind))[0] if zh else d.kind
        line = pad(str(d.year), 6) + pad(kind, kind_w) + pad(labels.get(d.ratio, d.ratio), ratio_w)
        line += pad(str(d.n), 6, True) + "".join(pad(f"{100 * q:.1f}%", 9, True) for q in (d.p25, d.p50, d.p75))
        out.append(line)
    out.append("")
    out.append("口径见 gxtui/templates/ratios.toml；四分位数按线性插值；\nn 为该比例有定义的报告数" if zh else
               "definitions: gxtui/templates/ratios.toml; quartiles by linear interpolation;\n"
               "n counts the reports where the ratio is defined")
    return "\n".join(out) + "\n"
