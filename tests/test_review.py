"""Reviewer decisions: they survive quitting, re-checking, config changes and report edits; saving
is atomic with a backup; damaged or newer sidecars are never overwritten; read-only folders fall
back to the per-user data folder."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from gxtui.config import Config
from gxtui.model import Finding
from gxtui import review
from gxtui.review import (BACKUP_SUFFIX, FORMAT_VERSION, ReviewReadOnly, ReviewStore, fallback_path,
                          sidecar_path)
from test_review_helpers import load_and_check, t3_findings, write_report

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def user_dir(tmp_path, monkeypatch):
    """Never touch the real per-user data folder."""
    d = tmp_path / "userdata"
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(d))
    return d


def _decide_all(store: ReviewStore, findings: list[Finding]) -> dict[str, tuple[str, str]]:
    statuses = ("confirmed", "dismissed", "follow-up")
    want = {}
    for i, f in enumerate(findings):
        status, note = statuses[i % 3], f"备注 {i}: {f.rule} <b>见原文</b>"
        store.decide(f.fingerprint, status, note, finding=f)
        want[f.fingerprint] = (status, note)
    return want


def test_sidecar_name_and_content(tmp_path):
    path = write_report(tmp_path / "reports")
    report, findings = load_and_check(path)
    store = ReviewStore.for_report(path, report.source.sha256)
    assert store.location == path.with_name("吕梁市教育局_2021.txt.gxtui.toml")
    assert store.error is None and not store.reviewed and store.loaded_from is None
    f = t3_findings(findings)[0]
    store.decide(f.fingerprint, "confirmed", "合计错误", finding=f)
    store.mark_reviewed()
    assert store.save() == store.location
    import tomllib

    doc = tomllib.loads(store.location.read_text(encoding="utf-8"))
    assert doc["format_version"] == FORMAT_VERSION
    assert doc["format_version"] == 2 and doc["report"]["sha256"] == report.source.sha256
    assert doc["report"]["path"] == Path(report.source.path).name and "report_sha256" not in doc
    assert doc["reviewed"] is True and "reviewed_at" in doc
    d = doc["decisions"][f.fingerprint]
    assert d["status"] == "confirmed" and d["note"] == "合计错误"
    assert (d["rule"], d["table"], d["row"], d["col"]) == (f.rule, f.table, f.row, f.col)
    assert d["expected"] == f.expected and d["actual"] == f.actual
    assert d["message"] == {"zh": f.message_zh, "en": f.message_en}
    assert d["report_sha256"] == report.source.sha256


def test_decide_quit_reopen_every_decision_back(tmp_path):
    path = write_report(tmp_path)
    original = path.read_bytes()
    report, findings = load_and_check(path)
    assert len(findings) >= 4
    store = ReviewStore.for_report(path, report.source.sha256)
    want = _decide_all(store, findings)
    store.mark_reviewed()
    store.save()
    del store  # quit

    report2, findings2 = load_and_check(path)  # re-open: new parse, new check, new store
    store2 = ReviewStore.for_report(path, report2.source.sha256)
    assert store2.reviewed and not store2.reviewed_report_changed
    res = store2.attach(findings2)
    assert res.orphans == [] and res.undecided == []
    for f, d in res.pairs:
        assert (d.status, d.note) == want[f.fingerprint]
        assert not d.report_changed
    assert path.read_bytes() == original  # the report itself is never written


def test_reopen_in_a_new_process(tmp_path):
    """Come back the next day: a fresh interpreter finds every decision on its finding."""
    path = write_report(tmp_path)
    report, findings = load_and_check(path)
    store = ReviewStore.for_report(path, report.source.sha256)
    want = _decide_all(store, findings)
    store.save()
    code = textwrap.dedent(f"""
        import json, sys
        from gxtui.extract import load
        from gxtui.check import check_report
        from gxtui.review import ReviewStore
        r = load({str(path)!r})
        s = ReviewStore.for_report(r.source.path, r.source.sha256)
        res = s.attach(check_report(r))
        print(json.dumps({{"got": {{f.fingerprint: [d.status, d.note] for f, d in res.pairs if d}},
                          "orphans": len(res.orphans), "error": s.error}}))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert out.returncode == 0, out.stderr
    import json

    data = json.loads(out.stdout)
    assert data["error"] is None and data["orphans"] == 0
    assert {k: tuple(v) for k, v in data["got"].items()} == want


def test_config_change_keeps_decisions_attached(tmp_path):
    path = write_report(tmp_path)
    report, findings = load_and_check(path)
    store = ReviewStore.for_report(path, report.source.sha256)
    want = _decide_all(store, findings)
    store.save()

    # every rule that fired changes severity: fingerprints do not depend on severity
    flipped = {f.rule: {"severity": "info" if f.severity != "info" else "error"} for f in findings}
    report2, findings2 = load_and_check(path, Config(rules=flipped))
    before = {f.fingerprint: f.severity for f in findings}
    assert all(before[f.fingerprint] != f.severity for f in findings2)
    res = ReviewStore.for_report(path, report2.source.sha256).attach(findings2)
    assert res.orphans == [] and res.undecided == []
    assert {f.fingerprint: (d.status, d.note) for f, d in res.pairs} == want

    # a rule switched off: its decisions are orphans, kept and listed, never deleted
    off = t3_findings(findings)[0].rule
    _, findings3 = load_and_check(path, Config(rules={off: {"enabled": False}}))
    store3 = ReviewStore.for_report(path, report.source.sha256)
    res3 = store3.attach(findings3)
    assert {d.rule for d in res3.orphans} == {off}
    assert len(res3.orphans) == sum(1 for f in findings if f.rule == off)
    store3.save()
    assert len(ReviewStore.for_report(path, report.source.sha256).decisions) == len(want)


def test_edit_a_number_keeps_unaffected_and_orphans_affected(tmp_path):
    path = write_report(tmp_path, new_np=5, carried_biz=3)
    report, findings = load_and_check(path)
    t3 = t3_findings(findings)
    store = ReviewStore.for_report(path, report.source.sha256)
    want = _decide_all(store, findings)
    store.save()

    # the agency corrects 上年结转·商业企业 3 → 4 in (a copy of) the same file
    path.write_text(path.read_text(encoding="utf-8").replace(
        "二、上年结转政府信息公开申请数量\t\t0\t3\t", "二、上年结转政府信息公开申请数量\t\t0\t4\t"), encoding="utf-8")
    report2, findings2 = load_and_check(path)
    assert report2.source.sha256 != report.source.sha256
    store2 = ReviewStore.for_report(path, report2.source.sha256)
    res = store2.attach(findings2)

    affected = {f.fingerprint for f in t3 if f.col == "biz" or f.row == "carried_in"}
    unaffected = {f.fingerprint for f in findings} - affected
    assert affected and unaffected
    assert {d.fingerprint for d in res.orphans} == affected
    for fp in unaffected:
        d = res.by_fingerprint[fp]
        assert d.report_changed and (d.status, d.note) == want[fp]
    assert all(d.note for d in res.orphans) and all(d.rule and d.message_zh for d in res.orphans)
    # the new findings on the corrected cells are undecided
    assert {f.fingerprint for f in res.undecided} == {f.fingerprint for f in findings2} - unaffected

    # saving (e.g. after a new decision) keeps the orphans in the file
    new = res.undecided[0]
    store2.decide(new.fingerprint, "dismissed", "已更正", finding=new)
    store2.save()
    again = ReviewStore.for_report(path, report2.source.sha256)
    assert set(again.decisions) == set(want) | {new.fingerprint}
    assert not again.decision(new.fingerprint).report_changed
    assert again.decision(next(iter(unaffected))).report_changed


def test_backup_keeps_previous_sidecar(tmp_path):
    path = write_report(tmp_path)
    report, findings = load_and_check(path)
    f1, f2 = findings[:2]
    s = ReviewStore.for_report(path, report.source.sha256)
    s.decide(f1.fingerprint, "confirmed", "first", finding=f1)
    s.save()
    first = s.location.read_bytes()
    s.decide(f2.fingerprint, "dismissed", "second", finding=f2)
    s.save()
    bak = Path(str(s.location) + ".bak")
    assert bak.name.endswith(BACKUP_SUFFIX) and bak.read_bytes() == first
    assert ReviewStore.for_report(path, report.source.sha256).decision(f2.fingerprint).note == "second"


def test_crash_during_save_leaves_previous_sidecar(tmp_path, monkeypatch):
    path = write_report(tmp_path)
    report, findings = load_and_check(path)
    s = ReviewStore.for_report(path, report.source.sha256)
    s.decide(findings[0].fingerprint, "confirmed", "kept", finding=findings[0])
    s.save()
    before = s.location.read_bytes()

    s.decide(findings[1].fingerprint, "dismissed", "lost in the crash", finding=findings[1])

    def boom(src, dst):
        raise OSError(5, "Input/output error (simulated crash)")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        s.save()
    monkeypatch.undo()
    assert s.location.read_bytes() == before
    again = ReviewStore.for_report(path, report.source.sha256)
    assert again.error is None and again.decision(findings[0].fingerprint).note == "kept"
    assert again.decision(findings[1].fingerprint) is None
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # temp cleaned up


@pytest.mark.parametrize("kill_at", [1, 2])
def test_writer_killed_between_write_and_rename(tmp_path, kill_at):
    """A real crash: the saving process is SIGKILLed at the rename of the backup (1) or of the
    sidecar itself (2). The previous sidecar is intact and readable either way."""
    path = write_report(tmp_path)
    report, findings = load_and_check(path)
    s = ReviewStore.for_report(path, report.source.sha256)
    s.decide(findings[0].fingerprint, "confirmed", "before the crash", finding=findings[0])
    s.save()
    before = s.location.read_bytes()
    code = textwrap.dedent(f"""
        import os, signal
        from gxtui.review import ReviewStore
        s = ReviewStore.for_report({str(path)!r}, {report.source.sha256!r})
        s.decide("feedfacefeedface", "follow-up", "never saved")
        calls = []
        real = os.replace
        def replace(a, b):
            calls.append(b)
            if len(calls) == {kill_at}:
                os.kill(os.getpid(), signal.SIGKILL)
            real(a, b)
        os.replace = replace
        s.save()
    """)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert out.returncode == -9, out.stderr
    assert s.location.read_bytes() == before
    again = ReviewStore.for_report(path, report.source.sha256)
    assert again.error is None
    assert again.decision(findings[0].fingerprint).note == "before the crash"
    assert again.decision("feedfacefeedface") is None


@pytest.mark.parametrize("content", [
    b"format_version = 1\n[decisions\n",  # not TOML
    b"\xff\xfe\x00garbage",  # not UTF-8
    b'format_version = "one"\n',  # wrong type
    b'format_version = 1\n[decisions.abc]\nstatus = "maybe"\n',  # unknown status
    b"reviewed = true\n",  # no version
])
def test_corrupt_sidecar_clear_error_and_untouched(tmp_path, content):
    path = write_report(tmp_path)
    report, findings = load_and_check(path)
    side = sidecar_path(path)
    side.write_bytes(content)
    stat = side.stat()
    s = ReviewStore.for_report(path, report.source.sha256)
    assert s.read_only and s.error
    assert str(side) in s.error and ("损坏" in s.error and "damaged" in s.error)
    assert s.attach(findings).orphans == []
    with pytest.raises(ReviewReadOnly):
        s.decide(findings[0].fingerprint, "confirmed")
    with pytest.raises(ReviewReadOnly):
        s.mark_reviewed()
    with pytest.raises(ReviewReadOnly):
        s.clear("x")
    with pytest.raises(ReviewReadOnly):
        s.save()
    assert side.read_bytes() == content and side.stat().st_mtime_ns == stat.st_mtime_ns
    assert not Path(str(side) + ".bak").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, side.name])


def test_newer_format_version_is_read_only_and_untouched(tmp_path):
    path = write_report(tmp_path)
    report, findings = load_and_check(path)
    content = (f'format_version = {FORMAT_VERSION + 1}\nnew_field = "x"\n'
               '[decisions.abc]\nstatus = "confirmed"\n').encode()
    side = sidecar_path(path)
    side.write_bytes(content)
    s = ReviewStore.for_report(path, report.source.sha256)
    assert s.read_only and "newer" in s.error and "更新版本" in s.error
    with pytest.raises(ReviewReadOnly):
        s.decide(findings[0].fingerprint, "dismissed")
    with pytest.raises(ReviewReadOnly):
        s.save()
    assert side.read_bytes() == content


def test_corrupt_error_points_to_backup(tmp_path):
    path = write_report(tmp_path)
    report, findings = load_and_check(path)
    s = ReviewStore.for_report(path, report.source.sha256)
    s.decide(findings[0].fingerprint, "confirmed", finding=findings[0])
    s.save()
    s.save()  # now a .bak exists
    s.location.write_bytes(b"\x00\x00 truncated")
    bad = ReviewStore.for_report(path, report.source.sha256)
    assert bad.read_only and str(bad.location) + ".bak" in bad.error


def test_read_only_folder_falls_back_to_user_folder(tmp_path, monkeypatch, user_dir):
    path = write_report(tmp_path / "ro")
    report, findings = load_and_check(path)
    monkeypatch.setattr(review, "folder_writable", lambda folder: False)
    s = ReviewStore.for_report(path, report.source.sha256)
    assert s.location == fallback_path(path) and s.in_user_folder
    assert str(s.location).startswith(str(user_dir))
    assert s.location.name.startswith(path.name)
    s.decide(findings[0].fingerprint, "follow-up", "转法制科", finding=findings[0])
    s.save()
    assert s.location.exists() and not sidecar_path(path).exists()
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    again = ReviewStore.for_report(path, report.source.sha256)
    assert again.location == s.location and again.decision(findings[0].fingerprint).note == "转法制科"
    # another report with the same name in another folder gets its own file
    other = write_report(tmp_path / "ro2")
    assert fallback_path(other) != fallback_path(path)


def test_read_only_folder_with_existing_sidecar(tmp_path, monkeypatch):
    """Decisions made when the folder was writable are read; new saves go to the user folder."""
    path = write_report(tmp_path)
    report, findings = load_and_check(path)
    s = ReviewStore.for_report(path, report.source.sha256)
    s.decide(findings[0].fingerprint, "confirmed", "old", finding=findings[0])
    s.save()
    before = s.location.read_bytes()
    monkeypatch.setattr(review, "folder_writable", lambda folder: False)
    ro = ReviewStore.for_report(path, report.source.sha256)
    assert ro.loaded_from == sidecar_path(path) and ro.location == fallback_path(path)
    assert ro.decision(findings[0].fingerprint).note == "old"
    ro.decide(findings[1].fingerprint, "dismissed", "new", finding=findings[1])
    ro.save()
    assert sidecar_path(path).read_bytes() == before
    later = ReviewStore.for_report(path, report.source.sha256)
    assert later.decision(findings[0].fingerprint).note == "old"
    assert later.decision(findings[1].fingerprint).note == "new"


def test_permission_error_on_save_falls_back(tmp_path, monkeypatch):
    """The folder looked writable but refused the write (e.g. ACLs): save in the user folder."""
    path = write_report(tmp_path)
    report, findings = load_and_check(path)
    s = ReviewStore.for_report(path, report.source.sha256)
    real = review.ReviewStore._save_to

    def refuse_next_to_report(self, p):
        if p == sidecar_path(path):
            raise PermissionError(13, "Permission denied")
        return real(self, p)

    monkeypatch.setattr(review.ReviewStore, "_save_to", refuse_next_to_report)
    s.decide(findings[0].fingerprint, "confirmed", finding=findings[0])
    assert s.save() == fallback_path(path) == s.location


def test_real_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    path = write_report(folder)
    report, findings = load_and_check(path)
    folder.chmod(0o555)
    try:
        probe = folder / ".probe"
        try:
            probe.write_bytes(b"")
            probe.unlink()
            pytest.skip("this user can write into a 0555 folder (root)")
        except PermissionError:
            pass
        s = ReviewStore.for_report(path, report.source.sha256)
        assert s.in_user_folder
        s.decide(findings[0].fingerprint, "confirmed", finding=findings[0])
        s.save()
        assert ReviewStore.for_report(path, report.source.sha256).decision(findings[0].fingerprint)
    finally:
        folder.chmod(0o755)


def test_clear_and_mark_unreviewed(tmp_path):
    path = write_report(tmp_path)
    report, findings = load_and_check(path)
    s = ReviewStore.for_report(path, report.source.sha256)
    _decide_all(s, findings)
    s.mark_reviewed()
    s.save()
    s.clear(findings[0].fingerprint)
    s.mark_reviewed(False)
    s.save()
    again = ReviewStore.for_report(path, report.source.sha256)
    assert again.decision(findings[0].fingerprint) is None
    assert len(again.decisions) == len(findings) - 1
    assert not again.reviewed and again.reviewed_at is None


def test_decide_validates(tmp_path):
    path = write_report(tmp_path)
    report, findings = load_and_check(path)
    s = ReviewStore.for_report(path, report.source.sha256)
    with pytest.raises(ValueError):
        s.decide(findings[0].fingerprint, "ok")
    with pytest.raises(ValueError):
        s.decide("0000000000000000", "confirmed", finding=findings[0])
    # re-deciding without the finding keeps what was known about it
    s.decide(findings[0].fingerprint, "confirmed", "a", finding=findings[0])
    d = s.decide(findings[0].fingerprint, "dismissed", "b")
    assert d.rule == findings[0].rule and d.message_zh == findings[0].message_zh and d.note == "b"


def test_reviewed_flag_stale_after_report_edit(tmp_path):
    path = write_report(tmp_path)
    report, _ = load_and_check(path)
    s = ReviewStore.for_report(path, report.source.sha256)
    s.mark_reviewed()
    s.save()
    assert not ReviewStore.for_report(path, report.source.sha256).reviewed_report_changed
    assert ReviewStore.for_report(path, "0" * 64).reviewed_report_changed


def test_two_sessions_do_not_erase_each_other(tmp_path):
    path = write_report(tmp_path)
    report, findings = load_and_check(path)
    a = ReviewStore.for_report(path, report.source.sha256)
    b = ReviewStore.for_report(path, report.source.sha256)
    a.decide(findings[0].fingerprint, "confirmed", "from a", finding=findings[0])
    a.save()
    b.decide(findings[1].fingerprint, "dismissed", "from b", finding=findings[1])
    b.save()
    c = ReviewStore.for_report(path, report.source.sha256)
    assert c.decision(findings[0].fingerprint).note == "from a"
    assert c.decision(findings[1].fingerprint).note == "from b"
    # a clearing in one session is not undone by merging
    b.clear(findings[0].fingerprint)
    b.save()
    assert ReviewStore.for_report(path, report.source.sha256).decision(findings[0].fingerprint) is None


def test_unknown_keys_are_preserved(tmp_path):
    path = write_report(tmp_path)
    report, findings = load_and_check(path)
    sidecar_path(path).write_text(
        'format_version = 1\nteam = "法制科"\n[decisions.abcdef]\nstatus = "confirmed"\n'
        'note = "hand-written"\nticket = 42\n', encoding="utf-8")
    s = ReviewStore.for_report(path, report.source.sha256)
    assert s.error is None and s.decision("abcdef").note == "hand-written"
    s.decide(findings[0].fingerprint, "confirmed", finding=findings[0])
    s.save()
    text = sidecar_path(path).read_text(encoding="utf-8")
    assert 'team = "法制科"' in text and "ticket = 42" in text
    assert ReviewStore.for_report(path, report.source.sha256).attach(findings).orphans[0].fingerprint == "abcdef"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=st.text(max_size=60))
def test_any_note_round_trips(tmp_path, note):
    path = tmp_path / "r.txt"
    if not path.exists():
        path.write_text("x", encoding="utf-8")
    f = Finding("T3-A", "error", "表三 <b>[x]</b>", "table3", table="table3", row="r.total", col="np",
                expected=5, actual=4.5)
    s = ReviewStore.for_report(path, "abc")
    s.decide(f.fingerprint, "confirmed", note, finding=f)
    s.save()
    d = ReviewStore.for_report(path, "abc").decision(f.fingerprint)
    assert d.note == note and d.expected == 5 and d.actual == 4.5 and d.message_zh == f.message_zh


def test_decisions_saved_under_the_old_names_are_found_again(tmp_path):
    """Sidecars written before table ids became ``table3`` and table-二 rows lost their block prefix
    (``t2`` / ``art20_1.normative``) keyed decisions by the old fingerprint: they attach to the same
    finding, move to the new key at the next save, and the old key is not merged back."""
    path = write_report(tmp_path / "reports")
    report, findings = load_and_check(path)
    f = t3_findings(findings)[0]
    t2 = Finding("T2-A", "error", "x", "x", table="table2", row="normative", col="issued", actual=-1)
    assert f.legacy_fingerprint != f.fingerprint
    assert Finding("T2-A", "error", "x", "x", table="t2", row="art20_1.normative", col="issued",
                   actual=-1).fingerprint == t2.legacy_fingerprint
    old_fp = f.legacy_fingerprint
    sidecar = sidecar_path(path)
    sidecar.write_text(textwrap.dedent(f"""\
        format_version = 1
        reviewed = false
        [decisions.{old_fp}]
        status = "dismissed"
        note = "旧版记录"
        rule = "{f.rule}"
        table = "t3"
        row = "{f.row}"
        """), encoding="utf-8")
    store = ReviewStore.for_report(path, report.source.sha256)
    att = store.attach(findings)
    d = att.decision_for(f)
    assert d is not None and (d.status, d.note, d.table) == ("dismissed", "旧版记录", "table3")
    assert att.orphans == []
    store.save()
    import tomllib

    saved = tomllib.loads(sidecar.read_text(encoding="utf-8"))["decisions"]
    assert list(saved) == [f.fingerprint]
