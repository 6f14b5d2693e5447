"""Review decisions on the report screen (gxtui.review): confirm, dismiss, follow up, note,
mark reviewed. A mixin of ``ReportScreen``: it needs ``store``, ``store_error``, ``findings``,
``entry`` and ``_fill_findings``; saved decisions are told to the app by a ``DecisionSaved``
message. Labels are the catalogue's ``decision.*`` (the same words as the CLI and the findings
report)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from gxtui.tui import messages
from gxtui.present.i18n import decision_label
from gxtui.tui.i18n import lang, t
from gxtui.tui.widgets.findings import finding_detail
from gxtui.tui.widgets.text import clean

if TYPE_CHECKING:  # pragma: no cover
    from gxtui.model import Finding


class ReviewActions:
    store: Any
    store_error: str | None
    findings: list

    @property
    def read_only(self) -> bool:
        """Decisions cannot be saved: the sidecar is corrupt, newer, or unreadable."""
        return bool(self.store_error) or bool(getattr(self.store, "read_only", False))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Decision keys are shown disabled (and do nothing) while the review file is read-only;
        the banner above the findings says why."""
        if action in ("decide", "note", "reviewed") and self.read_only:
            return None
        return True

    def _attach_decisions(self) -> None:
        """Decisions whose finding no longer exists (orphans): kept and listed, never dropped."""
        self.orphans = []
        if self.store is None or self.read_only:
            return
        try:
            self.orphans = list(self.store.attach(self.findings).orphans)
        except Exception:  # noqa: BLE001
            self.orphans = []

    def _decision_obj(self, f: "Finding") -> Any:
        if self.store is None:
            return None
        try:
            return self.store.decision(f.fingerprint)
        except Exception:  # noqa: BLE001
            return None

    def decision(self, f: "Finding") -> str | None:
        d = self._decision_obj(f)
        if d is None:
            return None
        return getattr(d, "status", d if isinstance(d, str) else None)

    def finding_detail(self, f: "Finding") -> Text:
        """A finding's detail, with a warning when its decision predates a change of the report."""
        out = finding_detail(f, self.report.template)
        if self.decision_changed(f):
            out.append("\n" + t("rep.changed_detail"), style="bold magenta")
        return out

    def decision_changed(self, f: "Finding") -> bool:
        """The decision on ``f`` was taken on another version of the report."""
        return bool(getattr(self._decision_obj(f), "report_changed", False))

    def _need_store(self) -> bool:
        if self.store is None or self.read_only:
            msg = t("rep.review_error", err=self.store_error) if self.store_error else t("rep.review_missing")
            self.notify(msg, severity="warning")
            return False
        return True

    def action_decide(self, status: str, note: str | None = None) -> None:
        f = self.current_finding()
        if f is None:
            self.notify(t("rep.no_finding_sel"), severity="warning")
            return
        if not self._need_store():
            return
        try:
            if note is None:
                prev = self.store.decision(f.fingerprint)
                note = getattr(prev, "note", "") or ""
            self.store.decide(f.fingerprint, status, note, finding=f)
            self.store.save()
        except Exception as e:  # noqa: BLE001
            self.notify(t("rep.review_error", err=getattr(e, "message", e)), severity="error")
            return
        self.notify(t("rep.decided", status=decision_label(status, lang()), where=clean(str(self.store.location))))
        self._fill_findings()
        self.post_message(messages.DecisionSaved(self.entry.path, self.store))

    def action_note(self) -> None:
        from gxtui.tui.widgets.export import PromptDialog  # noqa: PLC0415

        f = self.current_finding()
        if f is None:
            self.notify(t("rep.no_finding_sel"), severity="warning")
            return
        if not self._need_store():
            return
        status = self.decision(f) or "follow-up"
        old = ""
        try:
            d = self.store.decision(f.fingerprint)
            old = getattr(d, "note", "") or ""
        except Exception:  # noqa: BLE001
            pass

        def done(text: str | None) -> None:
            if text is not None:
                self.action_decide(status, note=text)

        self.app.push_screen(PromptDialog(t("rep.note_prompt"), old), done)

    def action_reviewed(self) -> None:
        if not self._need_store():
            return
        new = not self.entry.reviewed
        try:
            self.store.mark_reviewed(new)
            self.store.save()
        except Exception as e:  # noqa: BLE001
            self.notify(t("rep.review_error", err=getattr(e, "message", e)), severity="error")
            return
        self.notify(t("rep.marked_reviewed", where=clean(str(self.store.location))) if new else t("rep.unmarked_reviewed"))
        self.post_message(messages.DecisionSaved(self.entry.path, self.store))
