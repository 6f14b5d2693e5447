"""Which reports belong together: agency identity, report year, consecutive-year pairs.

Two reports are of the same agency when their normalised agency names are equal, or equal but
for what one year's text does and the other's does not carry (``tolerated``): a parent-region
prefix (``X市Y区人民政府`` / ``Y区人民政府`` — the shorter name must still name its own region),
Markdown or heading marks (``# …``), or one character misread by the extraction when everything
else matches (a character pair of ``templates/agency_aliases.toml`` ``[confusable]``, or the same
file-name stem). The pairing notes say what was tolerated; different agencies are still refused. When one of
them has no usable agency name (the extractor found none, or what it found is clearly not a
name, e.g. ``2023年度政府信息公开工作报告.doc``), the file-name stems decide instead
(``hebei-gxt_2022.txt`` → ``hebei-gxt``), and the pairing says so in its notes. The year comes
from the report, or from the file name when the text has none.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from gxtui.model import Report
from gxtui.normalize import to_simplified

# Trailing qualifiers that do not change who the agency is (format.md §6.8 keeps the
# own-office / aggregate distinction in Report.kind, not in the name).
_TRAILING = re.compile(r"[(（\[【](?:本级|机关本级|本部|机关|汇总|部门)[)）\]】]$|(?:本级|机关本级)$")
_BOGUS = re.compile(r"政府信息公开|年度报告|工作报告|\.(?:docx?|pdf|html?|txt|wps)|^\d|[<>/\\|]")
_YEAR_IN_STEM = re.compile(r"(?:^|[_\-\s.])((?:19|20)\d{2})(?=$|[_\-\s.年])|((?:19|20)\d{2})年?$")
_MARKS = re.compile(r"^[#*>【\[]+|[*】\]]+$")
# A parent region in front of a name: 省 / 自治区 / 市 / 州 / 盟 / 地区 (one or two levels).
_PARENT = re.compile(r"^(?:[\u4e00-\u9fff]{1,9}?(?:省|自治区|市|自治州|州|盟|地区)){1,2}$")
# The shorter name still names its own region: a place before the agency type.
_OWN_REGION = re.compile(r"^[\u4e00-\u9fff]{1,9}?(?:市|县|区|旗|自治县|乡|镇|街道|新区|开发区|实验区)")
_YEAR_SUFFIX = re.compile(r"[_\-\s.]*(?:19|20)\d{2}年?(?:度)?$")


def normalize_agency(name: str | None) -> str | None:
    """The comparable form of an agency name: NFKC, simplified characters, no whitespace, no
    trailing （本级） or similar qualifier. None when the name is missing or not a name."""
    if not name:
        return None
    s = unicodedata.normalize("NFKC", name)
    s = "".join(ch for ch in s if not ch.isspace())
    s = _MARKS.sub("", s)
    s = to_simplified(s)
    prev = None
    while prev != s:
        prev = s
        s = _TRAILING.sub("", s)
    if not s or _BOGUS.search(s):
        return None
    return _expand_aliases(s)


@lru_cache(maxsize=1)
def _aliases() -> tuple[tuple[str, str], ...]:
    """(short, full) pairs from templates/agency_aliases.toml, longest short form first."""
    import tomllib  # noqa: PLC0415
    from importlib import resources  # noqa: PLC0415

    data = tomllib.loads(resources.files("gxtui.templates").joinpath("agency_aliases.toml")
                        .read_text(encoding="utf-8"))
    pairs = [(a["short"], a["full"]) for a in data.get("alias", [])]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def _expand_aliases(name: str) -> str:
    """河北省人社厅 → 河北省人力资源和社会保障厅: one canonical spelling for known short forms."""
    for short, full in _aliases():
        if name.endswith(short) and not name.endswith(full):
            return name[: -len(short)] + full
    return name


def file_stem(path: str | Path) -> str:
    """The file name without extension and without a trailing year: ``hebei-gxt_2022.txt`` →
    ``hebei-gxt``; ``平潭2023年.txt`` → ``平潭``."""
    stem = Path(str(path)).name
    stem = stem.split(".", 1)[0] if not stem.startswith(".") else stem
    out = _YEAR_SUFFIX.sub("", stem)
    return out or stem


def file_year(path: str | Path) -> int | None:
    stem = Path(str(path)).name.split(".", 1)[0]
    m = None
    for m in _YEAR_IN_STEM.finditer(stem):
        pass
    if m is None:
        return None
    return int(m.group(1) or m.group(2))


def may_pair(paths: Sequence[str]) -> list[bool]:
    """Whether each file could have a previous or next year among ``paths``, judged from the
    years of the file names alone (``file_year``; a name without one could be any year): a
    folder of one year's reports then keeps no pair form. A wrong name only costs time — a pair
    without its forms parses the files again — never a finding."""
    years = [file_year(p) for p in paths]
    present = set(years)
    if None in present:
        return [True] * len(years)
    return [y - 1 in present or y + 1 in present for y in years]  # type: ignore[operator]


def year_of(report: Report) -> int | None:
    """The report's year: from the text, else from the file name."""
    return report.year if report.year is not None else file_year(report.source.path)


@dataclass
class Identity:
    """Who and when a report is, and where each part of that came from."""

    path: str
    agency: str | None  # as published (None when unusable)
    key: str  # what pairing compares: the normalised name, or "file:<stem>"
    year: int | None
    agency_from: str  # "report" or "file"
    year_from: str  # "report", "file" or "none"

    @property
    def display(self) -> str:
        who = self.agency or self.key.removeprefix("file:")
        return f"{who} {self.year if self.year is not None else '?'}"


def identity(report: Report) -> Identity:
    name = normalize_agency(report.agency)
    stem = file_stem(report.source.path)
    year = year_of(report)
    year_from = "report" if report.year is not None else ("file" if year is not None else "none")
    if name:
        return Identity(report.source.path, report.agency, name, year, "report", year_from)
    return Identity(report.source.path, None, f"file:{stem}", year, "file", year_from)


def file_identity(path: str | Path) -> Identity:
    """The identity of a file that could not be read: its file-name stem and year only (an
    unreadable ``hebei-gxt_2021.txt`` still belongs to the series of ``hebei-gxt_2022.txt``)."""
    year = file_year(path)
    return Identity(str(path), None, f"file:{file_stem(path)}", year, "file",
                    "file" if year is not None else "none")


@dataclass
class Pairing:
    """The result of putting two reports side by side (``old`` is the earlier year)."""

    old: Identity
    new: Identity
    same_agency: bool
    consecutive: bool
    swapped: bool = False  # the caller gave them newest first; they were put in order
    notes_zh: list[str] = field(default_factory=list)
    notes_en: list[str] = field(default_factory=list)

    def refusal(self) -> tuple[str, str]:
        a, b = self.old.display, self.new.display
        return (f"两份报告不属于同一机构：{a} 与 {b}（如确需比较，请加 --force）",
                f"the two reports are of different agencies: {a} vs {b} (use --force to compare anyway)")


@lru_cache(maxsize=1)
def _confusable() -> frozenset[frozenset[str]]:
    """Character pairs that PDF/OCR extraction confuses (沐/沭), from agency_aliases.toml."""
    import tomllib  # noqa: PLC0415
    from importlib import resources  # noqa: PLC0415

    data = tomllib.loads(resources.files("gxtui.templates").joinpath("agency_aliases.toml")
                        .read_text(encoding="utf-8"))
    return frozenset(frozenset(p) for p in data.get("confusable", {}).get("pairs", []) if len(p) == 2)


def parent_prefix(a: str, b: str) -> str | None:
    """The parent region one name has in front of the other (``X市Y区人民政府`` / ``Y区人民政府`` →
    ``X市``), when the shorter name still names its own region; else None."""
    long, short = (a, b) if len(a) > len(b) else (b, a)
    if len(long) == len(short) or not long.endswith(short) or not _OWN_REGION.match(short):
        return None
    prefix = long[: len(long) - len(short)]
    return prefix if _PARENT.match(prefix) else None


def one_char(a: str, b: str, same_stem: bool = False) -> tuple[str, str] | None:
    """The one character in which two names of at least five characters differ, when it is a
    known extraction confusion (or the files share a stem); else None."""
    if len(a) != len(b) or len(a) < 5:
        return None
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    if len(diff) != 1:
        return None
    x, y = diff[0]
    if not ("\u4e00" <= x <= "\u9fff" and "\u4e00" <= y <= "\u9fff"):
        return None
    return (x, y) if same_stem or frozenset((x, y)) in _confusable() else None


# File names that say nothing about who published the report (crawled pages, downloads).
_GENERIC_STEM = re.compile(r"^(?:index|page|default|content|article|detail|view|main|show|doc|file|report|"
                           r"nianbao|ndbg|t\d+|\d+|[a-z]|年报|年度报告|报告|政府信息公开工作年度报告)$", re.I)


def _telling_stem(stem: str) -> bool:
    return len(stem) >= 2 and not _GENERIC_STEM.match(stem)


def tolerated(a: Identity, b: Identity) -> tuple[str, str] | None:
    """(note zh, note en) when two differently normalised names are one agency (see module doc)."""
    if a.agency_from != "report" or b.agency_from != "report" or a.key == b.key:
        return None
    p = parent_prefix(a.key, b.key)
    if p:
        return (f"一份报告的机构名称带上级地区“{p}”、另一份不带，视为同一机构：{a.agency} / {b.agency}",
                f"one name carries the parent region '{p}' and the other does not; taken as one agency: "
                f"{a.agency} / {b.agency}")
    stem = file_stem(a.path)
    c = one_char(a.key, b.key, _telling_stem(stem) and stem == file_stem(b.path))
    if c:
        return (f"机构名称仅一字不同（“{c[0]}”/“{c[1]}”，疑为提取错误），其余相同，视为同一机构：{a.agency} / {b.agency}",
                f"the names differ in one character only ('{c[0]}'/'{c[1]}', likely an extraction error); "
                f"taken as one agency: {a.agency} / {b.agency}")
    return None


def same_agency(a: Identity, b: Identity) -> tuple[bool, str]:
    """(same?, how decided: "name", "tolerated" or "file")."""
    if a.agency_from == "report" and b.agency_from == "report":
        if a.key == b.key:
            return True, "name"
        return (True, "tolerated") if tolerated(a, b) else (False, "name")
    sa, sb = file_stem(a.path), file_stem(b.path)
    return bool(sa) and sa == sb, "file"


def pair(old: Report, new: Report) -> Pairing:
    """Identify two reports, order them oldest first, and say whether they make a pair."""
    a, b = identity(old), identity(new)
    swapped = False
    if a.year is not None and b.year is not None and a.year > b.year:
        a, b = b, a
        swapped = True
    same, how = same_agency(a, b)
    consecutive = a.year is not None and b.year is not None and b.year == a.year + 1
    p = Pairing(a, b, same, consecutive, swapped)
    for ident in (a, b):
        name = Path(ident.path).name
        if ident.agency_from == "file":
            p.notes_zh.append(f"{name} 未识别出机构名称，按文件名“{file_stem(ident.path)}”配对")
            p.notes_en.append(f"{name}: no agency name found; paired by file name "
                              f"'{file_stem(ident.path)}'")
        if ident.year_from == "file":
            p.notes_zh.append(f"{name} 正文未写明年度，年度取自文件名（{ident.year}）")
            p.notes_en.append(f"{name}: no year in the text; year {ident.year} taken from the file name")
        elif ident.year_from == "none":
            p.notes_zh.append(f"{name} 无法确定年度")
            p.notes_en.append(f"{name}: the report year could not be determined")
    if swapped:
        p.notes_zh.append("已按年度先后调整为旧->新")
        p.notes_en.append("reports reordered oldest first")
    if how == "tolerated":
        zh, en = tolerated(a, b)  # type: ignore[misc]
        p.notes_zh.append(zh)
        p.notes_en.append(en)
    elif same and how == "name" and a.agency and b.agency and a.agency != b.agency:
        p.notes_zh.append(f"机构名称写法不同但视为同一机构：{a.agency} / {b.agency}")
        p.notes_en.append(f"agency names differ in spelling but match: {a.agency} / {b.agency}")
    if a.year is not None and b.year is not None and not consecutive:
        p.notes_zh.append(f"年度不相邻（{a.year}->{b.year}），跨年勾稽规则（Y-1…Y-4）不适用")
        p.notes_en.append(f"years are not consecutive ({a.year}->{b.year}); the cross-year "
                          "identities Y-1…Y-4 do not apply")
    return p


@dataclass
class Series:
    """All years found for one agency in a folder, oldest first."""

    key: str
    agency: str | None  # the most common published name, if any
    reports: list[Report]

    @property
    def years(self) -> list[int | None]:
        return [year_of(r) for r in self.reports]

    def consecutive_pairs(self) -> list[tuple[Report, Report]]:
        out = []
        for a, b in zip(self.reports, self.reports[1:]):
            ya, yb = year_of(a), year_of(b)
            if ya is not None and yb is not None and yb == ya + 1:
                out.append((a, b))
        return out

    def display(self) -> str:
        return self.agency or self.key.removeprefix("file:")


def group_identities(ids: Sequence[Identity]) -> list[list[int]]:
    """Indices of ``ids`` grouped by agency (see ``same_agency``), each group sorted by year then
    path. Grouping is transitive: an identity without a name joins the group of a named one with
    the same file stem. Shared by ``group_series`` and the coverage matrix (which also places
    unreadable files, known only by their file name)."""
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(members: list[int]) -> None:
        for m in members[1:]:
            parent[find(m)] = find(members[0])

    # ``same_agency`` without comparing every pair (a folder may hold thousands of reports): two
    # named identities match by key; an unnamed one matches every identity with its file stem,
    # so a stem shared with at least one unnamed identity joins all of its holders.
    by_key: dict[str, list[int]] = {}
    by_stem: dict[str, list[int]] = {}
    for i, ident in enumerate(ids):
        if ident.agency_from == "report":
            by_key.setdefault(ident.key, []).append(i)
        stem = file_stem(ident.path)
        if stem:
            by_stem.setdefault(stem, []).append(i)
    for members in by_key.values():
        union(members)
    _union_tolerated(ids, by_key, union)
    for members in by_stem.values():
        if any(ids[i].agency_from != "report" for i in members):
            union(members)
    groups: dict[int, list[int]] = {}
    for i in range(len(ids)):
        groups.setdefault(find(i), []).append(i)
    out = list(groups.values())
    for members in out:
        members.sort(key=lambda i: (ids[i].year if ids[i].year is not None else 0, ids[i].path))
    return out


def _union_tolerated(ids: Sequence[Identity], by_key: dict[str, list[int]], union) -> None:
    """Join the key buckets that ``tolerated`` pairs, without comparing every pair of keys: a
    key's parent-prefixed forms are looked up by suffix, one-character variants by a wildcard."""
    keys = list(by_key)
    for k in keys:
        for cut in range(1, len(k) - 1):
            short = k[cut:]
            if short in by_key and parent_prefix(k, short):
                union(by_key[k] + by_key[short])
    wild: dict[str, list[str]] = {}
    for k in keys:
        if len(k) >= 5:
            for i in range(len(k)):
                wild.setdefault(k[:i] + "\0" + k[i + 1:], []).append(k)
    for group in wild.values():
        for x in group:
            for y in group:
                if x < y:
                    ix, iy = by_key[x][0], by_key[y][0]
                    if tolerated(ids[ix], ids[iy]):
                        union(by_key[x] + by_key[y])


def group_name(ids: Sequence[Identity]) -> tuple[str, str | None]:
    """(pairing key, most common published name) of one group of identities."""
    names = [i.agency for i in ids if i.agency]
    agency = max(set(names), key=names.count) if names else None
    keys = [i.key for i in ids if i.agency_from == "report"]
    return (keys[0] if keys else ids[0].key), agency


def group_series(reports: Iterable[Report]) -> list[Series]:
    """Group reports by agency (``group_identities``). Series are sorted by display name; reports
    within a series by year."""
    reps = list(reports)
    ids = [identity(r) for r in reps]
    out = []
    for members in group_identities(ids):
        key, agency = group_name([ids[i] for i in members])
        out.append(Series(key, agency, [reps[i] for i in members]))
    out.sort(key=lambda s: s.display())
    return out


def matches_agency(series: Series, query: str) -> bool:
    """``gxtui trend --agency NAME``: the normalised name equals or contains the query, or the
    file stem equals it."""
    q = normalize_agency(query) or "".join(query.split())
    if series.key == q or series.key == f"file:{q}":
        return True
    names = {normalize_agency(r.agency) for r in series.reports} - {None}
    stems = {file_stem(r.source.path) for r in series.reports}
    return q in stems or any(q in n for n in names)  # type: ignore[operator]
