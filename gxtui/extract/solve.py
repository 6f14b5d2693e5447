"""Choosing among candidate row readings with the table's own exact identities.

Only identities that must hold exactly (format.md §5.1, severity E) are used: T3-C within a row,
T3-A and T3-B across rows, T4-A within table 四. A row read directly is never changed, even when it
breaks an identity — that is for the rules to report. An ambiguous row is resolved only when every
reading that satisfies the identities agrees on a cell; otherwise the cell stays unknown and its
candidates are listed. Nothing here guesses.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Callable, Sequence

from gxtui.extract.rowread import RowReading
from gxtui.extract.values import parse_value

MAX_COMBINATIONS = 200_000

Nums = tuple[float | int | None, ...]


def nums(cand: Sequence[str | None]) -> Nums:
    # the candidates of a row are placements of the same few tokens (hundreds for a short row
    # of table 四): their values are looked up in the cache in one pass, parsed only when new
    # (a missing token raises: no scan of the values for a sentinel, whose comparison with each
    # number cost as much as the lookups)
    try:
        return tuple(map(_CACHED, cand))
    except KeyError:
        return tuple(_num(c) for c in cand)


_NUM_CACHE: dict[str | None, float | int | None] = {None: None}
_CACHED = _NUM_CACHE.__getitem__


def _num(c: str | None) -> float | int | None:
    v = _NUM_CACHE.get(c, _MISSING)
    if v is _MISSING:
        v = parse_value(c)[0]
        if len(_NUM_CACHE) < 100_000:
            _NUM_CACHE[c] = v
    return v


_MISSING = object()


@dataclass(slots=True)
class Resolved:
    """The outcome for one row: per cell a token (str/None) or UNKNOWN with candidates."""

    key: str
    cells: list[str | None | "Unknown"]
    recovered: bool  # the row was ambiguous and is now fully determined
    note: str | None
    options: tuple = ()  # when several readings remain: those readings (joint, per cell a token)

    @property
    def unknown(self) -> bool:
        """Whether some cell is ``Unknown`` (asked several times for every row)."""
        return Unknown in map(type, self.cells)  # (stops at the first; no set of the types)


class Unknown:
    __slots__ = ("candidates",)

    def __init__(self, candidates: tuple) -> None:
        self.candidates = candidates

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Unknown{self.candidates}"


def resolve(readings: list[RowReading],
            row_ok: Callable[[Nums], bool] | None = None,
            table_ok: Callable[[dict[str, Nums]], bool] | None = None) -> dict[str, Resolved]:
    """Resolve ambiguous rows; see module docstring."""
    if all(r.direct and len(r.candidates) == 1 for r in readings):
        # every row read without a choice (the common case): nothing to filter or combine
        return {r.key: Resolved(r.key, list(r.candidates[0]), False, r.note) for r in readings}
    filtered: dict[str, list[tuple]] = {}
    for r in readings:
        if r.direct or not r.candidates:
            filtered[r.key] = r.candidates  # only read below: no copy
            continue
        keep = [c for c in r.candidates if row_ok is None or row_ok(nums(c))]
        filtered[r.key] = keep
    ambiguous = [r.key for r in readings if not r.direct and len(filtered[r.key]) > 1]
    solutions: list[dict[str, tuple]] | None = None
    if ambiguous and table_ok is not None:
        if all(len(filtered[r.key]) >= 1 for r in readings):
            total = 1
            for k in ambiguous:
                total *= len(filtered[k])
            if total <= MAX_COMBINATIONS:
                assign = {r.key: nums(filtered[r.key][0]) for r in readings
                          if len(filtered[r.key]) == 1}
                parsed = [[(c, nums(c)) for c in filtered[k]] for k in ambiguous]
                solutions = _by_sums(table_ok, assign, ambiguous, parsed)
                if solutions is None:
                    solutions = []
                    for combo in itertools.product(*parsed):
                        for k, (_, v) in zip(ambiguous, combo):
                            assign[k] = v
                        if table_ok(assign):
                            solutions.append({k: c for k, (c, _) in zip(ambiguous, combo)})
                if not solutions:
                    solutions = None  # the table is inconsistent elsewhere: fall back to rows
    out: dict[str, Resolved] = {}
    chosen = set(ambiguous) if solutions is not None else ()
    for r in readings:
        if r.key in chosen:
            out[r.key] = _consensus(r, list(dict.fromkeys(s[r.key] for s in solutions)))
        else:
            out[r.key] = _consensus(r, filtered[r.key])
    return out


def _by_sums(table_ok: Callable, fixed: dict[str, Nums], ambiguous: list[str],
             parsed: list[list[tuple[tuple, Nums]]]) -> list[dict[str, tuple]] | None:
    """The combinations of the ambiguous rows' readings that satisfy linear identities (an
    identity object with ``weights``, integer cells), in ``itertools.product`` order — what
    testing every combination gives, without testing every combination. None: not applicable,
    the caller tests each combination.

    Each reading becomes one integer: its weighted cells, every (identity, column) residual in
    its own field of ``W`` bits, wide enough that a sum of fields never carries into the next
    (so a sum is 0 exactly when every residual is). A combination is a solution when its
    readings' integers add up to minus the fixed rows' sum; the sets of sums the remaining rows
    can reach prune every prefix that cannot be completed, so the walk visits only prefixes of
    solutions."""
    weights_of = getattr(table_ok, "weights", None)
    if weights_of is None or len(set(ambiguous)) != len(ambiguous):
        return None
    ncols = table_ok.columns
    keys = set(fixed) | set(ambiguous)
    weights = weights_of(keys)
    rows = list(fixed.values()) + [v for opts in parsed for _, v in opts]
    top = 0
    for v in rows:
        if len(v) < ncols:
            return None
        for x in v[:ncols]:
            if x is None:
                continue
            if type(x) is not int:
                return None  # decimals: sums of floats are left to the identities themselves
            if x > top or -x > top:
                top = abs(x)
    bound = sum(abs(a) + abs(b) for a, b in weights.values()) * top
    width = (2 * bound + 1).bit_length() + 1
    shifts = [width * i for i in range(2 * ncols)]

    def pack(key: str, v: Nums) -> int:
        wa, wb = weights[key]
        if not wa and not wb:
            return 0
        total = 0
        for c in range(ncols):
            x = v[c]
            if x:
                total += (wa * x << shifts[c]) + (wb * x << shifts[ncols + c])
        return total

    need = -sum(pack(k, v) for k, v in fixed.items() if k not in ambiguous)
    packed = [[pack(k, v) for _, v in opts] for k, opts in zip(ambiguous, parsed)]
    reach: list[set[int]] = [set() for _ in packed] + [{0}]  # sums rows i.. can reach
    for i in range(len(packed) - 1, 0, -1):
        reach[i] = {p + s for p in set(packed[i]) for s in reach[i + 1]}
    solutions: list[dict[str, tuple]] = []
    chosen: list[tuple] = []
    # the last row completes a prefix only with the readings whose sum is exactly what is left:
    # those readings by sum, in their order (one look-up instead of a test per reading)
    last = len(packed) - 1
    by_sum: dict[int, list[tuple]] = {}
    for (c, _), p in zip(parsed[last], packed[last]):
        by_sum.setdefault(p, []).append(c)

    def walk(i: int, rest: int) -> None:
        if i == last:
            for c in by_sum.get(rest, ()):
                chosen.append(c)
                solutions.append(dict(zip(ambiguous, chosen)))
                chosen.pop()
            return
        nxt = reach[i + 1]
        for (c, _), p in zip(parsed[i], packed[i]):
            if rest - p in nxt:
                chosen.append(c)
                walk(i + 1, rest - p)
                chosen.pop()

    walk(0, need)
    return solutions


def _consensus(r: RowReading, options: list[tuple]) -> Resolved:
    if not options:
        cells = [Unknown(()) for _ in range(r.n)]
        return Resolved(r.key, cells, False, r.note or "no reading satisfies the table identities")
    if len(options) == 1:
        return Resolved(r.key, list(options[0]), not r.direct, r.note)
    cells: list = []
    for column in itertools.islice(zip(*options), r.n):
        vals = list(dict.fromkeys(column))
        cells.append(vals[0] if len(vals) == 1 else Unknown(tuple(vals)))
    return Resolved(r.key, cells, False, r.note, tuple(options))


# ---------------------------------------------------------------- identities used for solving

def _n(v: float | int | None) -> float | int:
    return 0 if v is None else v


def t3_row_ok(v: Nums) -> bool:
    """T3-C: 总计 = sum of the six applicant columns (a blank 总计 is not checked)."""
    if v[6] is None:
        return True
    six = v[:6]
    # (a long glued row tests every reading of it: the sum in C when no cell is blank)
    return (sum(six) if None not in six else sum(_n(x) for x in six)) == v[6]


_T3_A = ("new", "carried_in", "r.total", "carried_out")


class T3Identities:
    """T3-A (new + carried in = total + carried out) and T3-B (the outcome rows add up to
    （七）总计), column by column, over a ``{row: Nums}`` mapping; an identity whose rows are not
    all there is not checked. Both are linear in the cells, so ``weights`` also gives them as one
    weight per row, which lets ``resolve`` search the combinations of ambiguous rows by sums
    instead of testing each combination."""

    __slots__ = ("outcome_keys",)
    columns = 7

    def __init__(self, outcome_keys: Sequence[str]) -> None:
        self.outcome_keys = tuple(outcome_keys)

    def __call__(self, rows: dict[str, Nums]) -> bool:
        outcome_keys = self.outcome_keys
        has_a = all(k in rows for k in _T3_A)
        has_b = "r.total" in rows and all(k in rows for k in outcome_keys)
        outs = [rows[k] for k in outcome_keys] if has_b else []
        for col in range(7):
            if has_a:
                a = _n(rows["new"][col]) + _n(rows["carried_in"][col])
                if a != _n(rows["r.total"][col]) + _n(rows["carried_out"][col]):
                    return False
            if has_b:
                s = 0
                for o in outs:
                    v = o[col]
                    if v is not None:
                        s += v
                if s != _n(rows["r.total"][col]):
                    return False
        return True

    def weights(self, keys: set[str] | frozenset[str]) -> dict[str, tuple[int, int]]:
        """Per row of ``keys``: its weight in T3-A's and in T3-B's residual (0 when the identity
        is not checked for this set of rows). A table satisfies both exactly when, in every
        column, the weighted sums of its rows' cells are 0."""
        out = {k: (0, 0) for k in keys}
        if all(k in keys for k in _T3_A):
            for k, w in zip(_T3_A, (1, 1, -1, -1)):
                out[k] = (out[k][0] + w, out[k][1])
        if "r.total" in keys and all(k in keys for k in self.outcome_keys):
            for k in self.outcome_keys:
                out[k] = (out[k][0], out[k][1] + 1)
            out["r.total"] = (out["r.total"][0], out["r.total"][1] - 1)
        return out


def make_t3_table_ok(outcome_keys: Sequence[str]) -> T3Identities:
    return T3Identities(outcome_keys)


def t4_row_ok(v: Nums) -> bool:
    """T4-A for the 15 cells of table 四 read as one row."""
    for g in (0, 5, 10):  # (loops, not a generator per group: a short row has hundreds of readings)
        total = v[g + 4]
        if total is not None:
            s = 0
            for x in v[g:g + 4]:
                if x is not None:
                    s += x
            if s != total:
                return False
    return True
