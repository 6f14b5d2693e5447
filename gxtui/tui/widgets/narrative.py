"""The report's text panes: paragraphs of a section, the problems and improvements lists of
section 五, and the overview (identity, fee, where decisions are saved, legend, anomalies). Each
``fill_*`` fills an OptionList and returns the source line of every option (None for headings),
which the screen uses to put a finding's cursor on its paragraph."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from rich.text import Text
from textual import events
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from gxtui.tui.i18n import t
from gxtui.tui.widgets.text import clean, fmt_num, txt

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.model import Report


class PaneList(OptionList):
    """An OptionList in a pane of a ``ContentSwitcher`` that keeps its wrapped lines while hidden.

    Textual sends a list a ``Resize`` each time its pane is shown again, and ``OptionList``
    answers every ``Resize`` by dropping the wrapped lines of all its options and wrapping them
    again: on a report's table pane that took ≈ 24 ms, one frame after the pane's first frame
    (``bench.tui_latency``: switching tables and ``n`` into another table). The lines depend on
    the width alone, so a ``Resize`` that leaves the width the lines were wrapped for (the pane
    shown again, or only its height changed) keeps them; any other goes to ``OptionList``."""

    _wrapped_for: int | None = None  # the content width the options' lines were wrapped for

    def _on_resize(self, event: events.Resize) -> None:
        width = self.scrollable_content_region.width
        if width and width == self._wrapped_for:
            event.prevent_default()  # OptionList's own handler would drop and re-wrap every line
            return
        self._wrapped_for = width


def fill_paragraphs(ol: OptionList, paragraphs: Iterable, note_if_empty: bool = False) -> list[int | None]:
    ol.clear_options()
    lines: list[int | None] = []
    for p in paragraphs:
        ol.add_option(Option(txt(p.text)))
        lines.append(p.line)
    if not lines and note_if_empty:
        ol.add_option(Option(txt(t("rep.no_text"), "italic"), disabled=True))
        lines.append(None)
    return lines


def fill_problems(ol: OptionList, r: "Report") -> list[int | None]:
    ol.clear_options()
    lines: list[int | None] = []
    sec = r.section("s5")
    if sec is not None:
        ol.add_option(Option(txt(sec.title, "bold"), disabled=True))
        lines.append(sec.line)
    for head, items in (("rep.problems_head", r.problems), ("rep.improve_head", r.improvements)):
        ol.add_option(Option(txt(t(head), "bold underline"), disabled=True))
        lines.append(None)
        if not items:
            ol.add_option(Option(txt(t("rep.none_listed"), "italic"), disabled=True))
            lines.append(None)
        for it in items:
            ol.add_option(Option(txt(it.text)))
            lines.append(it.line)
    if sec is not None and not r.problems and not r.improvements:
        for p in sec.paragraphs:
            ol.add_option(Option(txt(p.text)))
            lines.append(p.line)
    return lines


def overview_text(r: "Report", store: Any) -> Text:
    s = r.source
    out = Text(t("rep.identity", agency=clean(r.agency or "?"), year=r.year or "?",
                 template=r.template or "?", published=r.published or "?",
                 path=clean(s.path), fmt=s.format, enc=s.encoding or "-"))
    out.append("\n")
    if r.info_fee_yuan is not None:
        out.append(t("rep.fee", fee=fmt_num(r.info_fee_yuan)) + "\n")
    if store is not None:
        out.append(t("rep.review_where", where=clean(str(store.location))) + "\n", style="dim")
    out.append("\n" + t("rep.legend") + "\n", style="italic")
    intro = r.section("intro")
    if intro and intro.paragraphs:
        out.append("\n")
        for p in intro.paragraphs:
            out.append(clean(p.text) + "\n")
    if r.anomalies:
        out.append("\n" + t("rep.anomalies", n=len(r.anomalies)) + "\n", style="bold")
        for a in r.anomalies:
            line = f" ({a.line})" if a.line else ""
            out.append(f"- {clean(a.message)}{line}\n")
    return out
