"""The 2019 and 2021 report layouts, loaded from ``layouts.toml``.

This package is the single source of knowledge about which sections, rows and columns a report
has. The extractor, the rules, the comparison and the TUI all read the layout from here.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources

from gxtui.normalize import compact

TEMPLATES = ("2019", "2021")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "count"
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    level: int = 1
    group: str | None = None
    short: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        return self.short or self.label

    @cached_property
    def match_labels(self) -> tuple[str, ...]:
        return (compact(self.label),) + tuple(compact(a) for a in self.aliases)


@dataclass(frozen=True)
class Block:
    """A block of table 二: one 第二十条第（X）项 caption with its rows and columns."""

    key: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Section:
    key: str
    ordinal: str
    title: str
    keywords: tuple[str, ...]
    titles: tuple[str, ...] = ()  # the canonical title and variants seen in real reports


@dataclass(frozen=True)
class Template:
    """One template version: everything the extractor needs to read a report of that year."""

    version: str
    sections: tuple[Section, ...]
    t2_blocks: tuple[Block, ...]
    t3_rows: tuple[Row, ...]
    t3_columns: tuple[Column, ...]
    t4_groups: tuple[Column, ...]
    t4_columns: tuple[Column, ...]
    markers: tuple[str, ...] = field(default=())
    # (row of the other template, keys of this template's rows it stands for)
    t3_collapsed: tuple[tuple[Row, tuple[str, ...]], ...] = field(default=())

    # -- convenience lookups -------------------------------------------------------------
    def t3_row(self, key: str) -> Row:
        """The row ``key``; StopIteration for an unknown key (callers rely on that)."""
        row = self._t3_row_index.get(key)
        return row if row is not None else next(r for r in self.t3_rows if r.key == key)

    @cached_property
    def _t3_row_index(self) -> dict[str, Row]:
        """Row by key, first occurrence (rules name rows in every message they build)."""
        out: dict[str, Row] = {}
        for r in self.t3_rows:
            out.setdefault(r.key, r)
        return out

    # The lookups below are asked for once per report by the extractor and the rules; a template
    # never changes after loading, so each is computed once (``cached_property`` writes to the
    # instance dict, which a frozen dataclass allows).
    @cached_property
    def t3_outcome_keys(self) -> tuple[str, ...]:
        """Rows that are summed by T3-B: every 办理结果 row except （七）总计."""
        return tuple(r.key for r in self.t3_rows if r.key.startswith("r.") and r.key != "r.total")

    def outcome_keys_for(self, present: set[str] | frozenset[str]) -> tuple[str, ...]:
        """The outcome rows T3-B sums for a report whose table 三 has the rows ``present``: a
        collapsed row (``r.other`` in a 2021 table) stands in for the rows it replaces when it is
        there and they are not."""
        keys = list(self.t3_outcome_keys)
        for row, replaces in self.t3_collapsed:
            if row.key in present and not any(k in present for k in replaces):
                at = min(keys.index(k) for k in replaces if k in keys)
                keys = [k for k in keys if k not in replaces]
                keys.insert(at, row.key)
        return tuple(keys)

    def collapsed_in(self, present: set[str] | frozenset[str]) -> dict[str, tuple[str, ...]]:
        """Collapsed rows of ``present`` and the rows each one replaces."""
        return {row.key: replaces for row, replaces in self.t3_collapsed
                if row.key in present and not any(k in present for k in replaces)}

    @cached_property
    def t2_cells(self) -> tuple[tuple[str, str, Column], ...]:
        """(row key, column key, column) for every cell of table 二 (row keys are unique within a
        template: the block is known from the row)."""
        out = []
        for b in self.t2_blocks:
            for r in b.rows:
                for c in b.columns:
                    out.append((r.key, c.key, c))
        return tuple(out)

    def table_keys(self, table: str) -> tuple[tuple[str, str], ...]:
        """Every (row, col) of ``table`` in template order — the cells ``export`` lists."""
        if table == "table2":
            return tuple((r, c) for r, c, _ in self.t2_cells)
        if table == "table3":
            return tuple((r.key, c.key) for r in self.t3_rows for c in self.t3_columns)
        if table == "table4":
            return tuple((g.key, c.key) for g in self.t4_groups for c in self.t4_columns)
        return ()

    def t2_block(self, key: str) -> Block:
        return next(b for b in self.t2_blocks if b.key == key)

    @cached_property
    def _t2_block_index(self) -> dict[str, Block]:
        out: dict[str, Block] = {}
        for b in self.t2_blocks:
            out[b.key] = b
            for r in b.rows:
                out[r.key] = b
        return out

    def t2_block_of(self, key: str) -> Block | None:
        """The block of table 二 holding row ``key`` (or the block whose key ``key`` is)."""
        return self._t2_block_index.get(key)


_LEGACY_TABLE = {"table2": "t2", "table3": "t3", "table4": "t4"}


def legacy_location(table: str | None, row: str | None) -> tuple[str | None, str | None]:
    """(table, row) in the names gxtui used before format 2 (``t3``; table-二 rows as
    ``art20_1.normative``), so that decisions saved under those names are found again."""
    if table not in _LEGACY_TABLE:
        return table, row
    if table == "table2" and row:
        for v in TEMPLATES:
            b = get(v).t2_block_of(row)
            if b is not None and b.key != row:
                return "t2", f"{b.key}.{row}"
    return _LEGACY_TABLE[table], row


def _col(d: dict) -> Column:
    return Column(d["key"], d["label"], d.get("kind", "count"), tuple(d.get("aliases", ())))


def _row(d: dict) -> Row:
    return Row(d["key"], d["label"], d.get("level", 1), d.get("group"), d.get("short"),
               tuple(d.get("aliases", ())))


@lru_cache(maxsize=1)
def raw_layouts() -> dict:
    data = resources.files(__package__).joinpath("layouts.toml").read_bytes()
    return tomllib.loads(data.decode("utf-8"))


@lru_cache(maxsize=4)
def get(version: str) -> Template:
    """The template for ``version`` ("2019" or "2021")."""
    if version not in TEMPLATES:
        raise KeyError(f"unknown template {version!r}")
    d = raw_layouts()
    sections = tuple(Section(s["key"], s["ordinal"], s["title"], tuple(s["keywords"]),
                             tuple(s.get("titles", ())))
                     for s in d["sections"])
    blocks = tuple(
        Block(b["key"], b["caption"], tuple(_col(c) for c in b["columns"]),
              tuple(_row(r) for r in b["rows"]))
        for b in d["table2"]["blocks"] if b["template"] == version
    )
    rows = tuple(_row(r) for r in d["table3"]["rows"] if version in r["templates"])
    collapsed = tuple(
        (next(_row(r) for r in d["table3"]["rows"] if r["key"] == c["key"] and c["from"] in r["templates"]),
         tuple(c["replaces"]))
        for c in d["table3"].get("collapsed", ()) if c["template"] == version)
    return Template(
        version=version,
        sections=sections,
        t2_blocks=blocks,
        t3_rows=rows,
        t3_columns=tuple(_col(c) for c in d["table3"]["columns"]),
        t4_groups=tuple(_col(c) for c in d["table4"]["groups"]),
        t4_columns=tuple(_col(c) for c in d["table4"]["columns"]),
        markers=tuple(d["detect"][f"markers_{version}"]),
        t3_collapsed=collapsed,
    )


def expected_template(year: int | None) -> str | None:
    """The template a report of ``year`` must use (format.md §1.3)."""
    if year is None:
        return None
    return "2019" if year <= 2020 else "2021"


@lru_cache(maxsize=1)
def narrative() -> dict:
    """Wordings of the narrative parts (section-五 markers and lead-ins, fee wordings, scope
    words), from ``narrative.toml``."""
    data = resources.files(__package__).joinpath("narrative.toml").read_bytes()
    return tomllib.loads(data.decode("utf-8"))
