"""Plain-text tables of coverage and peers (``gxtui coverage`` / ``gxtui peers --format text``):
readable at 80 columns and without colour — statuses are words, not colours; only ASCII and CJK
in the layout, no East-Asian-ambiguous characters; long tables split into blocks of years that
fit the width. Every word comes from the catalogue (``coverage.*``, ``peers.*``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size

from gxtui.present.i18n import t
from gxtui.templates import vocab

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.analytics.coverage import Coverage
    from gxtui.analytics.peers import Benchmark

STATUSES = ("present", "late", "unreadable", "missing")


def width(s: str) -> int:
    """Terminal cells of ``s`` (CJK characters take two)."""
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
    if not cov.years:
        return t("coverage.no_year", lang) + "\n"
    marks = {st: t(f"coverage.mark.{st}", lang) for st in STATUSES}
    marks[None] = "."  # type: ignore[index]
    colw = 6
    name_w = max(12, min(max(width(a.agency) for a in cov.agencies) + 1 if cov.agencies else 12,
                         cols - colw * min(len(cov.years), 4)))
    per = max(1, (cols - name_w) // colw)
    counts = cov.counts()
    out = []
    for start in range(0, len(cov.years), per):
        years = cov.years[start:start + per]
        out.append(pad(t("coverage.agency", lang), name_w) + "".join(pad(str(y), colw, True) for y in years))
        for a in cov.agencies:
            out.append(pad(a.agency, name_w) + "".join(pad(marks[a.status(y)], colw, True) for y in years))
        out.append("-" * min(cols, name_w + colw * len(years)))
        for st in STATUSES:
            out.append(pad(t(f"coverage.count.{st}", lang), name_w)
                       + "".join(pad(str(counts[y][st]), colw, True) for y in years))
        out.append("")
    out.append(t("coverage.legend", lang))
    if cov.unplaced:
        out.append(t("coverage.unplaced", lang))
        out += [f"  {p}" for p in cov.unplaced]
    return "\n".join(out) + "\n"


def peers_text(bench: "Benchmark", lang: str = "zh", cols: int = 80) -> str:
    """One line per year, report kind and ratio: n and the quartiles in percent."""
    en = lang == "en"
    labels = {r.key: r.label(lang) for r in bench.catalogue}
    kind_w, ratio_w = (12, 28) if en else (10, 18)
    head = pad(t("peers.year", lang), 6) + pad(t("peers.kind", lang), kind_w) + pad(t("peers.ratio", lang), ratio_w)
    head += pad("n", 6, True) + "".join(pad(q, 9, True) for q in ("P25", "P50", "P75"))
    out = [head, "-" * min(cols, width(head))]
    for d in bench.ordered():
        kind = d.kind if en else vocab.kind_label(d.kind, lang)
        line = pad(str(d.year), 6) + pad(kind, kind_w) + pad(labels.get(d.ratio, d.ratio), ratio_w)
        line += pad(str(d.n), 6, True) + "".join(pad(f"{100 * q:.1f}%", 9, True) for q in (d.p25, d.p50, d.p75))
        out.append(line)
    out.append("")
    out.append(t("peers.note", lang))
    return "\n".join(out) + "\n"
