"""``gxtui.triage.open_counts``: the shortcut taken without decisions counts as the general loop."""

from __future__ import annotations

from typing import NamedTuple

from hypothesis import given, strategies as st

from gxtui.triage import Open, open_counts


class F(NamedTuple):
    fingerprint: str
    rule: str | None
    severity: str


findings = st.lists(st.builds(F, st.text("ab", max_size=2),
                              st.sampled_from(["T3-A", "Y-1", "P-2", "X-1", "", None, "YP", "S-1"]),
                              st.sampled_from(["error", "warning", "info"])), max_size=12)


@given(findings, st.booleans(), st.booleans(), st.integers(0, 3))
def test_without_decisions_the_counts_are_the_general_loops(fs: list[F], reviewed: bool, unreadable: bool,
                                                            orphans: int) -> None:
    fast = open_counts(fs, reviewed=reviewed, unreadable=unreadable, orphans=orphans)
    general = open_counts(fs, status=lambda f: None, reviewed=reviewed, unreadable=unreadable, orphans=orphans)
    assert fast == general


def test_counts_by_kind() -> None:
    fs = [F("1", "T3-A", "error"), F("2", "Y-1", "warning"), F("3", "P-1", "error"), F("4", "X-1", "warning"),
          F("5", "S-1", "info"), F("6", "P-2", "info")]
    assert open_counts(fs) == Open(False, 2, 2, 1, 0, 0)
    assert open_counts(fs, reviewed=True) == Open()
    decided = {"1": "accepted", "4": "follow-up"}
    assert open_counts(fs, status=lambda f: decided.get(f.fingerprint)) == Open(False, 1, 2, 0, 1, 0)
