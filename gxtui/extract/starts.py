r"""A compiled pattern's ``finditer``, tried only where a match can begin.

Python's regex engine skips ahead to a possible match start only when the pattern begins with
a literal or a character set; a pattern whose alternatives begin with an optional group
(``(?:[^，。；]{0,6}的)?(?:改进|整改)…``) or a bracket class (``[（(]\s*[一二三]…``) is tried at
every position of the text instead, through the whole alternation. ``Starts`` works out, from
the parsed pattern, a character class every match must begin with, finds those characters with
one C scan and tries the pattern only there: the same matches as ``finditer``, in a fraction of
the time (section 五's lead-in and glued sub-heading patterns: ~57 of ~125 µs a section).
It reads the stdlib's own parse of the pattern (``re._parser``); where that is unavailable or
the pattern cannot be narrowed, ``Starts.finditer`` is the pattern's own ``finditer``.
"""

from __future__ import annotations

import re
from typing import Iterator

__all__ = ["Starts"]

_CATEGORY = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
             "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}
_ZERO_WIDTH = frozenset(("AT", "ASSERT", "ASSERT_NOT"))
_REPEATS = frozenset(("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"))


class _Unbounded(Exception):
    """A match may begin with any character (or with none): no first-character class."""


def _class_item(op: str, av: object) -> str:
    if op == "LITERAL":
        return re.escape(chr(av))  # type: ignore[arg-type]
    if op == "RANGE":
        a, b = av  # type: ignore[misc]
        return f"{re.escape(chr(a))}-{re.escape(chr(b))}"
    if op == "CATEGORY" and str(av) in _CATEGORY:
        return _CATEGORY[str(av)]
    raise _Unbounded


_WIDE = 64  # a window wider than this narrows nothing: no requirement at such an offset


def _width(op: object, av: object) -> int:
    """The most characters the item ``(op, av)`` of a parsed pattern can consume (``_WIDE`` + 1
    for more than ``_WIDE``)."""
    name = str(op)
    if name in ("LITERAL", "NOT_LITERAL", "IN", "ANY"):
        return 1
    if name in _ZERO_WIDTH:
        return 0
    if name == "SUBPATTERN":
        return min(_WIDE + 1, sum(_width(o, a) for o, a in av[3]))  # type: ignore[index]
    if name == "BRANCH":
        return max((min(_WIDE + 1, sum(_width(o, a) for o, a in alt)) for alt in av[1]), default=0)  # type: ignore[index]
    if name in _REPEATS:
        _lo, hi, sub = av  # type: ignore[misc]
        return min(_WIDE + 1, hi * sum(_width(o, a) for o, a in sub))
    return _WIDE + 1


def _firsts(items: list) -> tuple[list[tuple[str, int]], bool]:
    """What a match of the sequence ``items`` must hold near its start — (class item, offset):
    a character of the class at most ``offset`` characters after the match's first (one of the
    requirements holds for every match) — and whether the sequence can match the empty string
    (then what follows it may supply the first character).

    Normally the class items the match may begin with, at offset 0. A sequence whose first
    character may be anything (``(?:[^，。；]{0,6}的)?(?:改进|整改)…``) falls back on the first item
    it cannot skip, at the widest offset the items before it allow (``改`` or ``整`` within 7)."""
    try:
        return _plain_firsts(items)
    except _Unbounded:
        base = 0
        for op, av in items:
            try:
                first, empty = _plain_firsts([(op, av)])
            except _Unbounded:
                first, empty = [], True
            if not empty:  # this item consumes a character in every match
                return [(c, o + base) for c, o in first], False
            base += _width(op, av)
            if base > _WIDE:
                break
        raise


def _plain_firsts(items: list) -> tuple[list[tuple[str, int]], bool]:
    """``_firsts`` when every item that may supply the first character has known ones."""
    out: list[tuple[str, int]] = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            return out + [(_class_item(name, av), 0)], False
        if name == "IN":
            if any(str(o) == "NEGATE" for o, _ in av):
                raise _Unbounded
            return out + [(_class_item(str(o), a), 0) for o, a in av], False
        if name in _ZERO_WIDTH:
            continue  # consumes nothing: the next item supplies the first character
        if name == "SUBPATTERN":
            _group, add_flags, _del_flags, sub = av
            if add_flags:
                raise _Unbounded
            first, empty = _firsts(list(sub))
        elif name == "ATOMIC_GROUP":
            first, empty = _firsts(list(av))
        elif name == "BRANCH":
            first, empty = [], False
            for alt in av[1]:
                f, e = _firsts(list(alt))
                first += f
                empty = empty or e
        elif name in _REPEATS:
            lo, _hi, sub = av
            first, empty = _firsts(list(sub))
            empty = empty or lo == 0
        else:  # ANY, NOT_LITERAL, group references, conditionals: anything may come first
            raise _Unbounded
        if empty and any(o for _, o in first):
            # a requirement inside an item that may match nothing holds only when it matches
            # something; what follows then supplies the match's start: not narrowable here
            raise _Unbounded
        out += first
        if not empty:
            return out, False
    return out, True


class Starts:
    """``finditer`` of a compiled pattern, tried only where a match can begin (see above); the
    pattern's own ``finditer`` when nothing narrows where a match can begin."""

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        self.first: re.Pattern[str] | None = None  # the offset-0 requirements, as one class
        self.near: list[tuple[re.Pattern[str], int]] = []  # (class, offset) of the others
        try:
            from re import _parser  # noqa: PLC0415 - the stdlib's own parse of the pattern

            reqs, empty = _firsts(list(_parser.parse(rx.pattern, rx.flags)))
            if empty or not reqs or rx.flags & re.IGNORECASE:
                raise _Unbounded
            by_offset: dict[int, list[str]] = {}
            for c, o in reqs:
                by_offset.setdefault(o, []).append(c)
            classes = {o: re.compile("[" + "".join(dict.fromkeys(cs)) + "]") for o, cs in by_offset.items()}
            self.first = classes.pop(0, None)
            self.near = [(cls, o) for o, cls in sorted(classes.items())]
        except (_Unbounded, ImportError, AttributeError, TypeError, ValueError, re.error):
            self.first, self.near = None, []

    @property
    def narrowed(self) -> bool:
        return self.first is not None or bool(self.near)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """What ``self.rx.finditer(text)`` yields: the leftmost match, then the next one from its
        end (no match of these patterns is empty: ``_firsts`` refuses a pattern that can be).
        A position is tried when a character of ``first`` is there or a character of a ``near``
        class lies within its offset after it."""
        if not self.narrowed:
            yield from self.rx.finditer(text)
            return
        match, n = self.rx.match, len(text)
        if not self.near:  # one class at offset 0 (the usual case): each of its characters in turn
            search = self.first.search  # type: ignore[union-attr]
            pos = 0
            while (c := search(text, pos)) is not None:
                at = c.start()
                m = match(text, at)
                if m is None:
                    pos = at + 1
                    continue
                yield m
                pos = m.end()
            return
        reqs = ([(self.first, 0)] if self.first is not None else []) + self.near
        nxt = [-1] * len(reqs)  # the next occurrence of each class at or after ``pos``
        pos = 0
        while pos < n:
            at = n
            for k, (cls, off) in enumerate(reqs):
                if nxt[k] < pos:
                    c = cls.search(text, pos)
                    nxt[k] = c.start() if c is not None else n + off + 1
                at = min(at, max(pos, nxt[k] - off))
            if at >= n:
                return
            m = match(text, at)
            if m is None:
                pos = at + 1
                continue
            yield m
            pos = m.end()


def unrolled(rx: re.Pattern[str]) -> re.Pattern[str]:
    """``rx`` with a leading repeat of one character class written out once (``(?P<o>\\d{1,2})…``
    as ``(?P<o>\\d\\d{0,1})…``): the same matches and groups, but the regex engine now sees the
    class every match begins with and skips to its characters in C, where a pattern opening with
    a repeat is tried through at every position of the text. Compiled from the stdlib's parse of
    the pattern, so the result's ``pattern`` is None; ``rx`` itself when nothing is to be gained
    or the parse is unavailable."""
    try:
        from re import _compiler, _parser  # noqa: PLC0415 - the stdlib's own parse and compiler

        parsed = _parser.parse(rx.pattern, rx.flags)
        if not _unroll_first(parsed, _parser):
            return rx
        return _compiler.compile(parsed, rx.flags)
    except (ImportError, AttributeError, TypeError, ValueError, IndexError, re.error):
        return rx


def _unroll_first(sub, _parser) -> bool:  # noqa: ANN001 - a re._parser.SubPattern and the module
    """Rewrite the first item of ``sub``, in place, when it is (inside plain groups) a repeat of
    one literal or class at least once; whether it was."""
    if not len(sub):
        return False
    op, av = sub[0]
    if op is _parser.SUBPATTERN:
        _group, add_flags, del_flags, inner = av
        return not add_flags and not del_flags and _unroll_first(inner, _parser)
    if op in (_parser.MAX_REPEAT, _parser.MIN_REPEAT):
        lo, hi, item = av
        if lo < 1 or len(item) != 1 or item[0][0] not in (_parser.IN, _parser.LITERAL):
            return False
        sub[0] = item[0]
        if hi == _parser.MAXREPEAT or hi > 1:
            sub.insert(1, (op, (lo - 1, hi if hi == _parser.MAXREPEAT else hi - 1, item)))
        return True
    return False
