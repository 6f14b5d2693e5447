"""A document as one searchable string with a map back to source lines.

Every paragraph line and every grid cell is normalised on its own (NFKC, simplified characters,
unified punctuation, whitespace removed except between two digits; a text row's cells in one call
that gives the same pieces) and the pieces are joined with separator characters that keep the
reader's structure:

* ``\\n``  between paragraphs,
* ``\\x1f`` before each grid cell, ``\\x1e`` at the end of a grid row,
* ``\\x1c`` for a cell that is only a rowspan/colspan copy (no text of its own),
* ``\\x1d`` for whitespace between two digits (crawlers sometimes separate cells by spaces).

Labels are searched in this compact string; the line of any offset comes from ``line_at``.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Iterable
from functools import lru_cache, partial

from gxtui.normalize import VOCAB_SWAPS, CharTable, norm_char
from gxtui.read.document import Document, Grid, Paragraph

SEP_PARA, SEP_CELL, SEP_ROW, SPANNED, DIGIT_GAP = "\n", "\x1f", "\x1e", "\x1c", "\x1d"
SEPARATORS = SEP_PARA + SEP_CELL + SEP_ROW + SPANNED + DIGIT_GAP
is_paragraph = Paragraph.__instancecheck__  # ``isinstance(block, Paragraph)`` as a key function

_WS_RUN = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_NUMBERING = re.compile(r"(?<![\d.])(\d{1,2})、")
# Every _NUMBERING match contains a digit and a 、: searched from the 、 (a literal, which the regex
# engine finds with a fast scan) and then looking behind for the digit.
_DIGIT_DUN = re.compile(r"、(?<=\d、)")


def _piece_char(ch: str, traditional: bool) -> str:
    """A character's normal form in a piece: whitespace of any kind becomes one space (the runs
    are squeezed afterwards), anything else its ``norm_char``."""
    return " " if ch.isspace() or ch in "\u3000\u00a0\u200b\ufeff" else norm_char(ch, traditional)


_TABLES = {t: CharTable(partial(_piece_char, traditional=t)) for t in (False, True)}


class _Runs(dict):
    """Normal form of each run of characters that ``_MAY_CHANGE`` finds (mostly one punctuation
    mark: "，", "（", "”"), computed once per distinct run."""

    def __missing__(self, run: str) -> str:
        out = run.translate(_TABLES[False])
        if len(self) < 65536:
            self[run] = out
        return out


_RUNS = _Runs()
# The commonest punctuation of report prose. Those that are their own normal form (、。《》) are
# left in the plain stretches; those that become one plain character (，→, （→( ：→:) are
# replaced first, one C scan each. Both lists come from the translation table itself.
_COMMON_MARKS = "，、。：；（）《》"
# Join the cells of a string grid (NUL) and its rows (SOH) so that the whole grid is normalised in
# one call (``_grid_parts``): both are their own normal form and neither whitespace, a digit, "."
# nor 、, so no rule of ``normalise_piece`` sees across them (the text reader drops every NUL; a
# grid with a cell that holds one of them after all is normalised a cell at a time).
_ROW_GLUE = "\x00"
_GRID_GLUE = "\x01"
_KEPT_MARKS = "".join(c for c in _COMMON_MARKS + _ROW_GLUE + _GRID_GLUE if _TABLES[False][ord(c)] == c)
_SWAPPED_MARKS = tuple((c, _TABLES[False][ord(c)]) for c in _COMMON_MARKS
                       if len(_TABLES[False][ord(c)]) == 1 and "!" <= _TABLES[False][ord(c)] <= "~")
# Simplified CJK ideographs and printable ASCII are their own normal form (no NFKC decomposition,
# no punctuation swap; tests/test_normalize_fast_paths.py checks every one), so only the runs
# between them need translating: a few short runs instead of every character. The run is written
# ``XX*``, not ``X+``: a pattern that opens with a character class lets the regex engine skip to
# the next candidate in one C loop (≈ 3 ns a character); a group opening with a repeat makes it
# try a match at every position (≈ 11 ns a character of plain text).
_MAY_CHANGE_CHAR = f"[^\u4e00-\u9fff!-~{re.escape(_KEPT_MARKS)}]"
_MAY_CHANGE = re.compile(f"({_MAY_CHANGE_CHAR}{_MAY_CHANGE_CHAR}*)")


def _translate(text: str, traditional: bool) -> str:
    """``text.translate(_TABLES[traditional])``, faster for long simplified text: ``str.translate``
    looks every character up in a dict; here the replaces, the split, the lookups and the join
    all stay in C (``str.translate`` maps each character on its own, so the order is free)."""
    if traditional or len(text) < 64:
        return text.translate(_TABLES[traditional])
    for mark, plain in _SWAPPED_MARKS:
        if mark in text:
            text = text.replace(mark, plain)
    parts = _MAY_CHANGE.split(text)  # plain, run, plain, run, …, plain
    if len(parts) == 1:
        return text
    parts[1::2] = map(_RUNS.__getitem__, parts[1::2])
    return "".join(parts)


@lru_cache(maxsize=65536)
def normalise_piece(text: str, traditional: bool = False) -> str:
    """Normalise one paragraph or cell (see module docstring)."""
    return _finish(_translate(text, traditional), traditional)


def normalise_pieces(texts: list[str], traditional: bool = False) -> list[str]:
    """``[normalise_piece(t, traditional) for t in texts]`` for a long run of paragraphs, most of
    them met once (a 16 MB report has tens of thousands): the character mapping of every text in
    one ``_translate`` of the run glued by NUL (its own normal form: ``str.translate`` maps each
    character on its own, so the glued result cut at the NULs is each text's), then the rules of
    ``_finish`` for the texts they can change. Texts holding a NUL are normalised one by one."""
    joined = _ROW_GLUE.join(texts)
    if joined.count(_ROW_GLUE) != len(texts) - 1:
        return [normalise_piece(t, traditional) for t in texts]
    pieces = _translate(joined, traditional).split(_ROW_GLUE)
    if traditional:
        return [_finish(p, True) for p in pieces]
    return [_finish(p, False) if " " in p or "、" in p else p for p in pieces]


def _finish(s: str, traditional: bool) -> str:
    """The rules of ``normalise_piece`` after the character mapping: whitespace (kept only as a
    gap between digits), numbering ``1、`` as ``1.``, traditional-only wording."""
    if " " in s:
        s = _WS_RUN.sub(lambda m: DIGIT_GAP if _between_digits(s, m) else "", s)
    if "、" in s and _DIGIT_DUN.search(s):  # (most texts hold a 、, few after a digit)
        s = _numbered(s)
    if traditional:
        for a, b in VOCAB_SWAPS:
            s = s.replace(a, b)
    return s


def _numbered(s: str) -> str:
    """``_NUMBERING.sub(r"\\1.", s)``: each 、 of a match becomes a full stop.

    _NUMBERING opens with a look-behind, which makes the regex engine try a match at every
    position of ``s`` (≈ 11 ns a character); every match ends at a 、 after a digit, which
    ``_DIGIT_DUN`` finds by a fast scan for the 、. A match ending at such a 、 starts at most two
    characters before it and is the one ``_NUMBERING`` finds in that window (the look-behind
    still sees what precedes it); matches never overlap (each holds one 、, only digits before
    it), so each 、 is decided on its own, on the original text, as ``sub`` does."""
    hits = [m.start() for m in _DIGIT_DUN.finditer(s)
            if _NUMBERING.search(s, max(m.start() - 2, 0), m.start() + 1)]
    if not hits:
        return s
    out: list[str] = []
    done = 0
    for at in hits:
        out += (s[done:at], ".")
        done = at + 1
    out.append(s[done:])
    return "".join(out)


def _between_digits(s: str, m: re.Match) -> bool:
    a, b = m.start() - 1, m.end()
    return a >= 0 and b < len(s) and s[a].isdigit() and s[b].isdigit()


_PIPE_ROW = re.compile(r"\s\|(?:\s|\||$)|\|\s*$")
_WIDE_BARS = re.compile("[\uff5c\u2502]")
_NUMBER_CELL = re.compile(r"^[-+]?\d+(?:\.\d+)?$")


def pipe_cells(text: str) -> list[str] | None:
    """The cells of a paragraph written in a crawl layout: ``label | v | v | v |`` (cells
    separated by `` | ``, no leading pipe, a trailing one), ``a | b`` , filler cells ``|||``, or a
    single cell ending in `` |``. None for ordinary text (a ``|`` with no space around it, as in
    a URL, does not make a row)."""
    # ``in`` is a fast scan; a regex character class costs ~6 ns per character of a long paragraph
    if "\uff5c" in text or "\u2502" in text:  # ``label｜v｜v｜``: a full-width or box-drawing bar is never prose
        t = _WIDE_BARS.sub("|", text).strip()
        if t.count("|") < 2 and not t.endswith("|"):
            return None
    elif "丨" in text and text.count("丨") >= 2:
        # 丨 (a CJK stroke crawlers use as a bar) makes a row only with a number cell or a
        # trailing bar: ``首页丨信息公开丨年度报告`` stays prose
        t = text.replace("丨", "|").strip()
        if not t.endswith("|") and not any(_NUMBER_CELL.match(c.strip()) for c in t.split("|")):
            return None
    elif "|" not in text or not _PIPE_ROW.search(text):
        return None
    else:
        t = text.strip()
    if t.endswith("|"):
        t = t[:-1]
    cells = [c.strip() for c in t.split("|")]
    while len(cells) > 1 and cells[-1] == "":
        cells.pop()
    return cells


_ROW_BREAK = SEP_ROW + _GRID_GLUE + SEP_CELL


def _grid_parts(grid: Grid, traditional: bool, parts: list[str], lines: list[int | None]) -> None:
    """Append a grid's pieces: ``\\x1f`` + cell …, ``\\x1e`` per row.

    A row whose cells are all on the row's line is one piece (``line_at`` gives the same line
    for every offset in it either way): one join instead of two list appends per cell. The text
    reader's grids (strings, one line per row) are normalised in one call for the whole grid and
    cut into their rows' pieces by one ``split``: no Python step per row."""
    norm = normalise_piece
    plain = grid.string_rows()
    if plain is not None and all(plain[0]):  # the text reader's grids: strings, one line per row
        texts, row_lines = plain
        tabbed = grid.tab_rows()
        if tabbed is not None and len(tabbed) == len(texts):  # no cell holds a tab: one replace
            joined = _GRID_GLUE.join(tabbed)
            glued = joined.count(_ROW_GLUE) == 0 and joined.count(_GRID_GLUE) == len(texts) - 1
            joined = joined.replace("\t", _ROW_GLUE)
        else:
            joined = _GRID_GLUE.join(map(_ROW_GLUE.join, texts))
            # one glue character between any two cells: more means a cell holds one
            glued = joined.count(_ROW_GLUE) + joined.count(_GRID_GLUE) == sum(map(len, texts)) - 1
        if glued:
            s = norm(joined, traditional).replace(_ROW_GLUE, SEP_CELL).replace(_GRID_GLUE, _ROW_BREAK)
            parts += (SEP_CELL + s + SEP_ROW).split(_GRID_GLUE)
        else:
            for row in texts:
                parts.append(SEP_CELL + SEP_CELL.join([norm(t, traditional) for t in row]) + SEP_ROW)
        lines += row_lines
        return
    for row in grid.rows:
        line = row[0].line if row else grid.line
        if all(c.line == line for c in row):
            parts.append(SEP_CELL + SEP_CELL.join([SPANNED if c.spanned else norm(c.text, traditional)
                                                   for c in row]) + SEP_ROW if row else SEP_ROW)
            lines.append(line)
            continue
        for cell in row:
            parts.append(SEP_CELL + (SPANNED if cell.spanned else norm(cell.text, traditional)))
            lines.append(cell.line)
        parts.append(SEP_ROW)
        lines.append(line)


# The characters ``pipe_cells`` looks for: a run of paragraphs holding none of them has no pipe row.
_BARS = ("|", "\uff5c", "\u2502", "丨")
# Those of them that ``_PARA_MAY_CHANGE`` finds (neither printable ASCII nor a simplified
# ideograph): ``_run_text`` looks for them in the run's few translated stretches only.
_WIDE_BARS_CHARS = ("\uff5c", "\u2502")
_TEXT = operator.attrgetter("text")
_LINE = operator.attrgetter("line")
_LONG_RUN = 32  # paragraphs in a row from which ``_paragraph_parts`` normalises the run as one text
# ``_MAY_CHANGE`` for paragraphs glued by newlines (``_run_text``): the newline is kept (it is the
# glue, and no paragraph holds one), the grid glue characters are not (a paragraph holding one
# has it translated like any other character).
_PARA_KEPT = "".join(c for c in _COMMON_MARKS if _TABLES[False][ord(c)] == c) + SEP_PARA
_PARA_MAY_CHANGE_CHAR = f"[^\u4e00-\u9fff!-~{re.escape(_PARA_KEPT)}]"
_PARA_MAY_CHANGE = re.compile(f"({_PARA_MAY_CHANGE_CHAR}{_PARA_MAY_CHANGE_CHAR}*)")
_PLUS_ONE = (1).__add__


def _run_text(texts: list[str]) -> tuple[str, list[int]] | None:
    """``"\n".join([normalise_piece(t) for t in texts])`` for simplified text, and the length of
    each normal form; None when a text holds a newline or a character ``pipe_cells`` looks for.

    The run is translated as one text glued by newlines, which the scan keeps (so each text's
    translation lies between two of them: ``str.translate`` maps each character on its own), and
    the rules of ``_finish`` are applied to the texts they can change only, those holding a space
    or a 、 after a digit, found by one search of the whole run each. No string is made per text:
    the lengths are the texts', corrected where a translated stretch or ``_finish`` changed one."""
    joined = SEP_PARA.join(texts)
    if "|" in joined or "丨" in joined or any(map(operator.contains, texts, itertools.repeat(SEP_PARA))):
        return None
    s = joined
    for mark, plain in _SWAPPED_MARKS:
        if mark in s:
            s = s.replace(mark, plain)
    lens = list(map(len, texts))
    parts = _PARA_MAY_CHANGE.split(s)  # plain, run, plain, run, …, plain
    if len(parts) > 1:
        runs = parts[1::2]
        glued = "".join(runs)
        if any(bar in glued for bar in _WIDE_BARS_CHARS):
            return None
        normed = list(map(_RUNS.__getitem__, runs))
        if not all(map(operator.eq, map(len, runs), map(len, normed))):
            _add_run_changes(lens, parts, normed)
        parts[1::2] = normed
        s = "".join(parts)
    return _finish_run(s, lens)


def _add_run_changes(lens: list[int], parts: list[str], normed: list[str]) -> None:
    """Add to ``lens`` (each text's length) the change of length of each translated stretch:
    ``parts`` is the glued run split at its stretches, ``normed`` their translations."""
    ends = list(itertools.accumulate(map(_PLUS_ONE, lens)))  # where each text's successor starts
    at = 0
    for plain, run, new in zip(parts[::2], parts[1::2], normed):
        at += len(plain)
        if len(new) != len(run):  # (a stretch holds no glue: it lies inside one text)
            lens[bisect.bisect_right(ends, at)] += len(new) - len(run)
        at += len(run)


def _finish_run(s: str, lens: list[int]) -> tuple[str, list[int]]:
    """``s`` (translated texts glued by newlines, ``lens`` their lengths) with ``_finish`` applied
    to each text, and the new lengths. ``_finish`` changes only a text holding a space, or a 、
    after a digit (the glue is neither a digit nor a space, so each search of the whole run finds
    what the texts' own searches would)."""
    space = s.find(" ")
    dun = [m.start() for m in _DIGIT_DUN.finditer(s)]
    if space < 0 and not dun:
        return s, lens
    ends = list(itertools.accumulate(map(_PLUS_ONE, lens)))
    todo = {bisect.bisect_right(ends, at) for at in dun}
    while space >= 0:
        k = bisect.bisect_right(ends, space)
        todo.add(k)
        space = s.find(" ", ends[k])
    chunks: list[str] = []
    done = 0  # the end of what ``chunks`` holds
    for k in sorted(todo):
        start = ends[k - 1] if k else 0
        old = s[start:start + lens[k]]
        new = _finish(old, False)
        if new != old:
            chunks += (s[done:start], new)
            done = start + lens[k]
            lens[k] = len(new)
    if chunks:
        chunks.append(s[done:])
        s = "".join(chunks)
    return s, lens


def _paragraph_parts(paras: list[Paragraph], traditional: bool, parts: list[str],
                     lines: list[int | None], runs: list[tuple[int, list[int]]]) -> int:
    """Append the pieces of a run of consecutive paragraphs; returns how many each has.

    A run without any bar character (most of every report) has no pipe row: its pieces are made
    by ``map`` over the run, and the four bar tests are four scans of the joined run instead of
    four per paragraph. A long run of simplified text is two parts, a separator and the normal
    forms of its paragraphs joined by separators (``_run_text``), and one piece per paragraph
    whose size is recorded in ``runs`` (with the index of its first part): ``Stream`` places the
    pieces by those sizes, so no string is made per paragraph. In a long run of traditional text,
    each paragraph is two pieces, the separator (no line of its own: ``line_at`` goes on to the
    paragraph's) and its normal form (``normalise_pieces``). The few paragraphs between two tables
    stay one piece each (on a short run, setting up the other forms costs more than it saves)."""
    norm = normalise_piece
    texts = list(map(_TEXT, paras))
    if len(texts) >= _LONG_RUN and not traditional:
        run = _run_text(texts)
        if run is not None:
            runs.append((len(parts), list(map(_PLUS_ONE, run[1]))))
            parts += (SEP_PARA, run[0])
            lines += map(_LINE, paras)
            return 1
    joined = "\n".join(texts)
    if not ("|" in joined or "\uff5c" in joined or "\u2502" in joined or "丨" in joined):  # (_BARS)
        if len(texts) < _LONG_RUN:
            parts += map(SEP_PARA.__add__, map(norm, texts, itertools.repeat(traditional)))
            lines += map(_LINE, paras)
            return 1
        normed = normalise_pieces(texts, traditional)
        parts += itertools.chain.from_iterable(zip(itertools.repeat(SEP_PARA), normed))
        lines += itertools.chain.from_iterable(zip(itertools.repeat(None), map(_LINE, paras)))
        return 2
    for text in texts:
        cells = pipe_cells(text)
        if cells is None:
            parts.append(SEP_PARA + norm(text, traditional))
        elif len(cells) == 1:  # one cell per line ending in " |"; " |" alone: a blank cell
            parts.append(SEP_PARA + (norm(cells[0], traditional) or SPANNED))
        else:  # ``label | v | v |``: a grid row whose cells the crawler separated (one line)
            parts.append(SEP_PARA + SEP_CELL + SEP_CELL.join([norm(c, traditional) for c in cells]) + SEP_ROW)
    lines += map(_LINE, paras)
    return 1


class Stream:
    """The compact, searchable form of a ``Document``."""

    def __init__(self, doc: Document, traditional: bool = False) -> None:
        parts: list[str] = []
        lines: list[int | None] = []  # the line of each piece (``line_at``)
        block_pieces: list[int] = []  # the piece index each block ends at (the next one starts there)
        runs: list[tuple[int, list[int]]] = []  # long runs: (index of the first part, piece sizes)
        for is_para, group in itertools.groupby(doc.blocks, is_paragraph):
            if is_para:  # each paragraph is ``step`` pieces: the run's blocks end every step pieces
                paras = list(group)
                n = len(lines)
                step = _paragraph_parts(paras, traditional, parts, lines, runs)
                block_pieces += range(n + step, n + step * len(paras) + 1, step)
                continue
            for block in group:
                if isinstance(block, Grid):
                    _grid_parts(block, traditional, parts, lines)
                block_pieces.append(len(lines))
        parts.append(SEP_PARA)
        lines.append(None)
        starts = [0, *itertools.accumulate(_piece_sizes(parts, runs))]
        self.text = "".join(parts)
        self._starts = starts[:-1]
        # the line of each piece, a piece without one taking the next piece's that has one (its
        # separator opens what follows): worked out once here, not walked to at each ``line_at``
        self._lines = _resolved(lines) if lines.count(None) > 1 else lines
        # where each block ends (the next one starts there): ints, not a pair per block, which
        # would be one more object per paragraph for the collector to walk
        self.block_ends = [starts[b] for b in block_pieces]

    def line_at(self, offset: int) -> int | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        return self._lines[i] if i >= 0 else None

    def find(self, needle: str, start: int = 0, end: int | None = None) -> int:
        return self.text.find(needle, start, len(self.text) if end is None else end)


def _resolved(lines: list[int | None]) -> list[int | None]:
    """``lines`` with each None replaced by the first line after it that is not None (None when
    there is none)."""
    out = lines[:]
    line = None
    for i in range(len(out) - 1, -1, -1):
        if out[i] is None:
            out[i] = line
        else:
            line = out[i]
    return out


def _piece_sizes(parts: list[str], runs: list[tuple[int, list[int]]]) -> Iterable[int]:
    """The length of each piece: each part is one, but for the two parts of a long run, which are
    the pieces whose sizes ``runs`` holds (see ``_paragraph_parts``)."""
    if not runs:
        return map(len, parts)
    sizes: list[int] = []
    done = 0
    for first, run_sizes in runs:
        sizes += map(len, parts[done:first])
        sizes += run_sizes
        done = first + 2
    sizes += map(len, parts[done:])
    return sizes
