"""A finding as one line of the findings pane and as the detail under it (report and comparison
screens share these)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from gxtui.templates import vocab
from gxtui.present.i18n import decision_label
from gxtui.tui.i18n import lang, t
from gxtui.tui.widgets.report_tables import SEV_MARK, SEV_STYLE
from gxtui.tui.widgets.text import clean, fmt_num

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.model import Finding

def _lang() -> str:
    return lang()


def finding_where(f: "Finding", template: str | None) -> str:
    """Where a finding points, in words: 表三  （七）总计  自然人, or 五 问题改进  第 110 行."""
    return vocab.where(f, _lang(), template, sep="  ")


def finding_text(f: "Finding", template: str | None, decision: str | None = None,
                 where: bool = True, changed: bool = False, side: str | None = None) -> Text:
    """One line: severity with its mark, rule, decision, where, message. ``side`` (a year, or
    "2021→2022" for a cross-year finding) goes first in the comparison."""
    sev = f.severity
    out = Text()
    if side:
        out.append(f"{side} ", style="bold")
    out.append(f"{t('sev.' + sev)}{SEV_MARK.get(sev, '')}", style=SEV_STYLE.get(sev, ""))
    out.append(" ")
    out.append(f.rule, style="bold")
    out.append(" ")
    if decision:
        out.append(f"[{decision_label(decision, lang())}] ", style="italic")
        if changed:  # decided on another version of the report
            out.append(f"[{t('rep.changed_mark')}] ", style="bold magenta")
    loc = finding_where(f, template) if where else ""
    if loc:
        out.append(clean(loc) + "  ", style="dim")
    out.append(clean(f.message_en if _lang() == "en" else f.message_zh))
    return out


def expected_actual(f: "Finding") -> str:
    """"expected X, actual Y" — or the rule's own wording where its expected value is a bound,
    not an equality (catalogue key ``exp_act.RULE``: P-2 says "at most 0.8, actual 1")."""
    from gxtui.present.i18n import catalogue  # noqa: PLC0415

    key = f"exp_act.{f.rule}"
    return t(key if key in catalogue() else "rep.exp_act", expected=_v(f.expected), actual=_v(f.actual))


def finding_detail(f: "Finding", template: str | None, side: str | None = None) -> Text:
    out = finding_text(f, template, side=side)
    if f.expected is not None or f.actual is not None:
        out.append("\n")
        out.append(expected_actual(f), style="bold")
    return out


def _v(v: Any) -> str:
    return clean(fmt_num(v) if isinstance(v, (int, float)) else ("-" if v is None else v))
