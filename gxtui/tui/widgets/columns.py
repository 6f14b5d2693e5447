"""Column widths for the tables of the report and comparison screens, from the room there is and
the content (pure functions: no widget here).

Rules: a value is never cut (a column is at least as wide as its widest value); a header takes
at most two lines — full words when there is room (at 120 columns and more), else the first
characters of each line, never two columns that read the same; the label column takes what is
left, between ``LABEL_MIN`` and the width of its longest label, and is abbreviated, never the
numbers. When even that does not fit, the table scrolls sideways (DataTable) rather than cutting.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len

PAD = 2  # DataTable's cell padding: one cell each side
LABEL_MIN = 12
NARROW_LABEL = 18  # below 120 columns, full-word headers only if the label keeps this much
WIDE = 120  # from this terminal width on, headers are full words


def wrap_cells(s: str, width: int) -> list[str]:
    """``s`` in lines of at most ``width`` cells, breaking between characters (CJK labels have no
    spaces) but never inside a run of ASCII digits/letters."""
    out: list[str] = []
    line, w = "", 0
    for tok in _tokens(s):
        tw = cell_len(tok)
        if w + tw > width and line:
            out.append(line)
            line, w = "", 0
        if tw > width:  # a token wider than the line: split it anyway
            for ch in tok:
                cw = cell_len(ch)
                if w + cw > width and line:
                    out.append(line)
                    line, w = "", 0
                line += ch
                w += cw
            continue
        line += tok
        w += tw
    if line or not out:
        out.append(line)
    return out


def _tokens(s: str) -> list[str]:
    toks: list[str] = []
    for ch in s:
        if toks and (ch.isascii() and (ch.isalnum() or ch in ".,%+-:/")) and \
                toks[-1][-1:].isascii() and (toks[-1][-1:].isalnum() or toks[-1][-1:] in ".,%+-:/"):
            toks[-1] += ch
        else:
            toks.append(ch)
    return toks


def header_width(label: str, full: bool, floor: int = 1) -> int:
    """The narrowest column (≥ ``floor``) that shows ``label`` over two lines: whole when
    ``full``, else its first characters (at most 4 cells a line)."""
    need = cell_len(label)
    if need == 0:
        return floor
    if not full:
        return max(floor, min(4, need))
    w = max(floor, need if need <= 4 else -(-need // 2))
    while len(wrap_cells(label, w)) > 2:
        w += 1
    return w


def header_lines(label: str, width: int, lines: int = 2) -> list[str]:
    """At most ``lines`` lines of ``label`` in ``width`` cells (the end dropped if it does not fit)."""
    got = wrap_cells(label, width)
    return got[:lines]


def distinct(labels: list[str], widths: list[int] | int) -> list[str]:
    """Two-line headers (``\\n``-joined) for ``labels`` in ``widths`` cells; where two would read
    the same, each shows its label from the first character that differs
    (本年制发件数/本年废止件数 in 4 cells → 制发件数/废止件数, not 本年/本年)."""
    ws = [widths] * len(labels) if isinstance(widths, int) else list(widths)
    shown = ["\n".join(header_lines(s, w)) for s, w in zip(labels, ws)]
    for i in range(len(shown)):
        twins = [j for j in range(len(shown)) if shown[j] == shown[i] and labels[j] != labels[i]]
        if not twins or not labels[i]:
            continue
        group = [labels[i]] + [labels[j] for j in twins]
        k = 0
        while all(len(g) > k for g in group) and len({g[k] for g in group}) == 1:
            k += 1
        for j in [i] + twins:
            shown[j] = "\n".join(header_lines(labels[j][k:] or labels[j], ws[j]))
    return shown


@dataclass
class Fit:
    label: int  # width of the label column
    cols: list[int]  # width of each value column
    full: bool  # headers in full words

    @property
    def total(self) -> int:
        return self.label + PAD + sum(w + PAD for w in self.cols)


def fit(avail: int, label_need: int, headers: list[str], values: list[int], wide: bool,
        extra: list[list[str]] | None = None) -> Fit:
    """Widths for a table in ``avail`` cells: value columns as wide as their widest value
    (``values``) and their header (``headers``, and ``extra`` labels per column such as table
    二's block headings) — full words over two lines when they fit without starving the label
    (from 120 columns on the label keeps at least ``LABEL_MIN``, below at least ``NARROW_LABEL``),
    else the first characters; the label column gets what is left (at least ``LABEL_MIN``, at
    most ``label_need``)."""
    extra = extra or [[] for _ in headers]

    def cols(full: bool) -> list[int]:
        return [max([header_width(h, full, max(v, 1))] + [header_width(x, full, 1) for x in xs])
                for h, v, xs in zip(headers, values, extra)]

    keep = min(label_need, LABEL_MIN if wide else NARROW_LABEL)
    ws = cols(True)
    room = avail - PAD - sum(w + PAD for w in ws)
    if room < keep:
        ws = cols(False)
        room = avail - PAD - sum(w + PAD for w in ws)
        full = False
    else:
        full = True
    label = max(min(label_need, room), min(LABEL_MIN, label_need))
    return Fit(label, ws, full)


def crop(s: str, width: int) -> str:
    """``s`` cut to ``width`` cells with an ellipsis when it is longer."""
    if cell_len(s) <= width:
        return s
    out, w = "", 0
    for ch in s:
        cw = cell_len(ch)
        if w + cw > width - 1:
            break
        out += ch
        w += cw
    return out + "…"
