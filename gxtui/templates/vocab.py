"""The one place that answers "what is this called": tables, sections, rows, columns, lists, fees.

Names are data: the Chinese labels are the published ones (``layouts.toml``), everything else —
table names, short section titles, the table → section map, the section order, English labels —
is in ``names.toml``. Rules, the comparison, the CLI, the TUI and the findings report ask here
instead of keeping their own tables, so that a label is fixed in one place and every output
names a cell the same way.

``lang`` is always passed explicitly ("zh" or "en"); ``template`` ("2019"/"2021") picks the
template's own labels where the two differ (规范性文件 / 行政规范性文件) and defaults to 2021
with 2019 as fallback for keys only the older template has.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from gxtui import templates

TABLES = ("table2", "table3", "table4")
LISTS = ("problems", "improvements")
FEES = ("admin_fees", "info_fee_yuan")


@lru_cache(maxsize=1)
def names() -> dict[str, Any]:
    data = resources.files(__package__).joinpath("names.toml").read_bytes()
    return tomllib.loads(data.decode("utf-8"))


def _en(lang: str) -> bool:
    return lang == "en"


def _templates(template: str | None) -> list[templates.Template]:
    first = template if template in templates.TEMPLATES else "2021"
    return [templates.get(first)] + [templates.get(v) for v in templates.TEMPLATES if v != first]


# -- tables and sections -------------------------------------------------------------------------

@lru_cache(maxsize=1)
def table_sections() -> dict[str, str]:
    """{"table2": "s2", ...}: the section that holds each table."""
    return {t: d["section"] for t, d in names()["tables"].items()}


def section_of_table(table: str | None) -> str | None:
    return table_sections().get(table or "")


def table_of_section(section: str | None) -> str | None:
    return next((t for t, s in table_sections().items() if s == section), None)


@lru_cache(maxsize=1)
def section_order() -> tuple[str, ...]:
    """intro, s1 … s6, closing: the order of the parts of a report."""
    return tuple(names()["section_order"])


def section_rank(section: str | None) -> int:
    order = section_order()
    return order.index(section) if section in order else len(order)


def table_name(table: str, lang: str = "zh", *, long: bool = False) -> str:
    """``表三`` / ``table 3``; ``long`` adds the title (``表三 收到和处理…`` / ``table 3 (…)``)."""
    d = names()["tables"].get(table)
    if d is None:
        return table
    if not long:
        return d["en" if _en(lang) else "zh"]
    if _en(lang):
        return f"{d['en']} ({d['title_en']})"
    return f"{d['zh']} {d['title_zh']}"


def table_tab(table: str, lang: str = "zh") -> str:
    """The short label of a table's tab in the TUI (``表三 依申请公开`` / ``Table 3``)."""
    d = names()["tables"].get(table)
    return d["tab_en" if _en(lang) else "tab_zh"] if d else table


def section_title(section: str | None, lang: str = "zh", *, short: bool = False) -> str:
    """The heading of a part: ``五、存在的主要问题及改进情况`` / ``section 5 (problems and
    improvements)``; ``short``: ``五 问题改进`` / ``5 problems``."""
    if not section:
        return ""
    d = names()["sections"].get(section)
    if d is None:
        return section
    if short:
        return d["short_en" if _en(lang) else "short_zh"]
    if _en(lang):
        return d["en"]
    if "zh" in d:
        return d["zh"]
    tpl = templates.get("2021")
    return next((s.title for s in tpl.sections if s.key == section), section)


def list_name(name: str | None, lang: str = "zh") -> str:
    """``存在的主要问题`` / ``problems list`` for the section-五 lists."""
    d = names()["lists"].get(name or "")
    return (d["en" if _en(lang) else "zh"]) if d else (name or "")


def kind_label(kind: str | None, lang: str = "zh") -> str:
    """``部门报告`` / ``department / own office`` for a report kind (``department``/``government``)."""
    d = names()["kinds"].get(kind or "")
    return (d["en" if _en(lang) else "zh"]) if d else (kind or "")


def fee(key: str) -> dict[str, Any]:
    """The fee ``key`` (``admin_fees`` or ``info_fee_yuan``): labels, unit, where it is read."""
    return names()["fees"][key]


def fee_label(key: str, lang: str = "zh") -> str:
    d = names()["fees"].get(key)
    return (d["en" if _en(lang) else "zh"]) if d else key


# -- rows and columns ----------------------------------------------------------------------------

def _gloss(table: str, kind: str, key: str) -> str | None:
    return names()["en"].get(table, {}).get(kind, {}).get(key)


def is_block(table: str | None, key: str | None) -> bool:
    """True when ``key`` names a block of table 二 (``art20_1``), not a row."""
    return table == "table2" and key in _block_keys()


@lru_cache(maxsize=1)
def _block_keys() -> frozenset[str]:
    return frozenset(b.key for v in templates.TEMPLATES for b in templates.get(v).t2_blocks)


@lru_cache(maxsize=1)
def _t4_groups() -> dict[str, str | None]:
    return {g["key"]: g.get("group") for g in templates.raw_layouts()["table4"]["groups"]}


def block_label(block: str, lang: str = "zh", template: str | None = None) -> str:
    if _en(lang):
        return _gloss("table2", "blocks", block) or block
    for tpl in _templates(template):
        b = next((x for x in tpl.t2_blocks if x.key == block), None)
        if b is not None:
            return b.caption
    return block


def row_label(table: str, row: str | None, lang: str = "zh", template: str | None = None, *,
              qualified: bool = False) -> str:
    """The label of a row as published (short form where the template has one); ``qualified``
    prefixes the heading it sits under (（三）不予公开1.属于国家秘密, 行政诉讼·复议后起诉,
    第二十条第（一）项规章). English: the gloss of ``names.toml``. Unknown keys come back as is."""
    if not row:
        return ""
    if is_block(table, row):
        return block_label(row, lang, template)
    if _en(lang):
        return _gloss(table, "rows", row) or row
    for tpl in _templates(template):
        if table == "table3":
            try:
                r = tpl.t3_row(row)
            except StopIteration:
                continue
            return f"{r.group}{r.display}" if qualified and r.level == 3 and r.group else r.display
        if table == "table4":
            g = next((x for x in tpl.t4_groups if x.key == row), None)
            if g is None:
                continue
            group = _t4_groups().get(row)
            return f"{group}·{g.label}" if qualified and group else g.label
        if table == "table2":
            b = tpl.t2_block_of(row)
            if b is None:
                continue
            label = next(r.label for r in b.rows if r.key == row)
            return f"{b.caption}{label}" if qualified else label
    return row


def row_group(table: str, row: str, template: str | None = None) -> str | None:
    """The heading a row sits under in the published table (its rowspan cell), if any."""
    for tpl in _templates(template):
        if table == "table3":
            try:
                return tpl.t3_row(row).group
            except StopIteration:
                continue
        if table == "table4":
            if any(g.key == row for g in tpl.t4_groups):
                return _t4_groups().get(row)
        if table == "table2":
            b = tpl.t2_block_of(row)
            if b is not None:
                return b.caption
    return None


def col_label(table: str, col: str | None, lang: str = "zh", template: str | None = None,
              row: str | None = None) -> str:
    """The header of a column as published (English: the gloss). Table 二's columns depend on
    the block: ``row`` narrows the search to the row's block."""
    if not col:
        return ""
    if _en(lang):
        return _gloss(table, "cols", col) or col
    for tpl in _templates(template):
        if table == "table3":
            cols = tpl.t3_columns
        elif table == "table4":
            cols = tpl.t4_columns
        elif table == "table2":
            b = tpl.t2_block_of(row) if row else None
            cols = b.columns if b is not None else tuple(c for x in tpl.t2_blocks for c in x.columns)
        else:
            return col
        hit = next((c.label for c in cols if c.key == col), None)
        if hit is not None:
            return hit
    return col


# -- where a finding points ----------------------------------------------------------------------

def line_text(line: int | None, lang: str = "zh") -> str:
    if line is None:
        return ""
    return f"line {line}" if _en(lang) else f"第 {line} 行"


def where(finding: Any, lang: str = "zh", template: str | None = None, sep: str = " · ") -> str:
    """Where a finding (or a saved decision) points, as a reviewer reads it:
    ``表三 · （七）总计 · 自然人``, ``表二 · 第二十条第（一）项``, ``五 问题改进 · 存在的主要问题 · 第 3 行``,
    ``section 6 (other matters) · line 40``. Reads ``table``/``row``/``col``/``block``/``list``/
    ``section``/``line`` from the object (missing attributes count as None). ``sep`` joins the
    parts (the TUI passes two spaces: "·" is East-Asian ambiguous width in some terminals)."""
    get = lambda k: getattr(finding, k, None)  # noqa: E731
    table, row, col, block = get("table"), get("row"), get("col"), get("block")
    if table:
        parts = [table_name(table, lang)]
        if block:
            parts.append(block_label(block, lang, template))
        if row:
            parts.append(row_label(table, row, lang, template))
        if col:
            parts.append(col_label(table, col, lang, template, row))
        return sep.join(p for p in parts if p)
    parts = []
    if get("section"):
        parts.append(section_title(get("section"), lang, short=True))
    if get("list"):
        parts.append(list_name(get("list"), lang))
    if get("line") is not None:
        parts.append(line_text(get("line"), lang))
    return sep.join(parts) or "-"
