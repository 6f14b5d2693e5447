"""The findings report: triage order, counts, and the md / html / csv renderings (HTML parsed to
check it is well formed, self-contained, escaped, and carries the decisions and notes)."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from pathlib import Path

from gxtui.audit import Checked

import pytest

from gxtui.present.findings_report import (CSV_COLUMNS, Entry, FolderReview, collect, render_csv, render_html,
                                   render_md)
from gxtui.model import Finding
from gxtui.review import ReviewStore
from test_review_helpers import load_and_check, write_report

EVIL_NOTE = '<script>alert("x")</script> & <b>粗体</b> | [b]markup[/b]\n第二行'
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


@pytest.fixture(autouse=True)
def user_dir(tmp_path, monkeypatch):
    d = tmp_path / "userdata"
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(d))
    return d


@pytest.fixture
def folder(tmp_path) -> Path:
    """Two agencies: 吕梁 (decided, with an evil note, reviewed) and 某县 (untouched)."""
    root = tmp_path / "reports"
    a = write_report(root, "吕梁市教育局_2021.txt")
    write_report(root / "county", "某县教育局_2021.txt", agency="某县教育局")
    report, findings = load_and_check(a)
    s = ReviewStore.for_report(a, report.source.sha256)
    s.decide(findings[0].fingerprint, "confirmed", EVIL_NOTE, finding=findings[0])
    s.decide(findings[1].fingerprint, "follow-up", "请业务科室核实", finding=findings[1])
    s.decide("0123456789abcdef", "dismissed", "孤立的决定")  # an orphan
    s.mark_reviewed()
    s.save()
    return root


class StrictParser(HTMLParser):
    """Fails on unbalanced tags; records tags, attributes and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse_html(text: str) -> StrictParser:
    p = StrictParser()
    p.feed(text)
    p.close()
    assert p.errors == [] and p.stack == [], (p.errors, p.stack)
    return p


def test_collect_ranks_and_attaches(folder):
    fr = collect([folder])
    assert [e.agency for e in fr.entries] == ["某县教育局", "吕梁市教育局"]  # unreviewed errors first
    county, lvliang = fr.entries
    assert county.open_errors > 0 and county.tier() == 0
    assert lvliang.reviewed and lvliang.open_errors == 0
    assert lvliang.status_count("confirmed") == 1 and lvliang.status_count("follow-up") == 1
    assert [d.note for d in lvliang.orphans] == ["孤立的决定"]
    rules = fr.per_rule()
    assert rules == sorted(rules, key=lambda r: (-r["findings"], r["rule"]))
    t3a = next(r for r in rules if r["rule"] == "T3-A")
    assert t3a["reports"] == 2 and t3a["title_zh"]
    agencies = {r["agency"]: r for r in fr.per_agency()}
    assert agencies["吕梁市教育局"]["confirmed"] == 1 and agencies["某县教育局"]["open"] > 0
    tot = fr.totals()
    assert tot["reports"] == 2 and tot["reviewed"] == 1 and tot["orphans"] == 1


def _f(rule: str, severity: str, col: str = "np") -> Finding:
    return Finding(rule, severity, f"{rule} 问题", f"{rule} problem", table="table3", row="r.total", col=col,
                   expected=1, actual=2)


def test_triage_order_errors_then_cross_year_then_warnings():
    def entry(name: str, findings: list[Finding], error: str | None = None) -> Entry:
        return Entry(Path(f"/x/{name}.txt"), Checked(f"/x/{name}.txt", error=error, findings=findings))

    entries = [
        entry("clean", []),
        entry("warn", [_f("S-4", "warning"), _f("S-5", "warning", "biz")]),
        entry("cross", [_f("Y-1", "info"), _f("Y-2", "warning", "biz")]),
        entry("prob", [_f("P-1", "warning"), _f("S-4", "warning")]),
        entry("err1", [_f("T3-A", "error")]),
        entry("err2", [_f("T3-A", "error"), _f("T3-B", "error", "biz")]),
        entry("unreadable", [], error="this is a PNG image, not a report"),
    ]
    ranked = [e.path.stem for e in sorted(entries, key=Entry.rank_key)]
    assert ranked == ["unreadable", "err2", "err1", "cross", "prob", "warn", "clean"]


def test_markdown(folder):
    md = render_md(collect([folder]))
    assert md.startswith("<!-- gxtui-findings-report sha256=")
    assert "请业务科室核实" in md and "孤立的决定" in md and "确认问题" in md and "需跟进" in md
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "\\| \\[b\\]markup\\[/b\\]<br>第二行" in md  # no table break, no new line
    for line in md.splitlines():
        if line.startswith("|") and "请业务科室核实" in line:
            assert line.count(" | ") == 8  # 9 columns of the findings table
    en = render_md(collect([folder]), "en")
    assert "confirmed" in en and "needs follow-up" in en


def test_html_well_formed_self_contained_and_escaped(folder):
    text = render_html(collect([folder]))
    p = parse_html(text)
    tags = [t for t, _ in p.tags]
    assert text.startswith("<!DOCTYPE html>") and "style" in tags and '<meta charset="utf-8">' in text
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    for tag, attrs in p.tags:  # no external resource of any kind
        for k, v in attrs.items():
            assert not (v or "").lower().startswith(("http:", "https:", "//", "javascript:")), (tag, k, v)
        if tag == "a":
            assert attrs["href"].startswith("#")
    body = "".join(p.text)
    assert EVIL_NOTE in body  # the note reads exactly as written, as text
    assert "请业务科室核实" in body and "孤立的决定" in body
    assert "确认问题" in body and "需跟进" in body and "某县教育局" in body
    assert "<b>粗体</b>" not in text and "&lt;b&gt;粗体&lt;/b&gt;" in text
    ids = {a.get("id") for _, a in p.tags if a.get("id")}
    assert all(a["href"][1:] in ids for t, a in p.tags if t == "a")


def test_html_report_changed_and_sidecar_error(folder):
    target = folder / "吕梁市教育局_2021.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("一年来", "这一年来"), encoding="utf-8")
    (folder / "county" / "某县教育局_2021.txt.gxtui.toml").write_text("not = [toml", encoding="utf-8")
    fr = collect([folder])
    lv = next(e for e in fr.entries if e.agency == "吕梁市教育局")
    assert lv.changed == 2 and not lv.reviewed  # reviewed before the edit: needs a look again
    body = "".join(parse_html(render_html(fr)).text)
    assert "报告在作出决定后已修改" in body and "已审阅（报告其后有修改）" in body
    assert "审阅记录文件已损坏" in body


def test_csv(folder):
    out = render_csv(collect([folder]))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0].keys()) == list(CSV_COLUMNS)
    notes = {r["note"]: r for r in rows}
    assert notes["请业务科室核实"]["decision"] == "follow-up"
    assert notes["孤立的决定"]["kind"] == "orphan" and notes["孤立的决定"]["decision"] == "dismissed"
    assert EVIL_NOTE in notes
    assert {r["kind"] for r in rows} == {"finding", "orphan"}
    county = [r for r in rows if r["agency"] == "某县教育局"]
    assert county and all(r["decision"] == "open" for r in county)
    assert all(r["expected"].lstrip("-").replace(".", "").isdigit() for r in rows if r["expected"])


def test_csv_formula_guard():
    e = Entry(Path("/x/a.txt"), Checked("/x/a.txt", findings=[Finding(
        "T3-A", "error", "=HYPERLINK(\"http://x\")", "=1+1", table="table3", expected=-3, actual="-")]))
    text = render_csv(FolderReview([e], ["/x"], __import__("datetime").datetime.now()))
    row = list(csv.DictReader(io.StringIO(text)))[0]
    assert row["message_zh"].startswith("'=") and row["message_en"].startswith("'=") and row["expected"] == "-3" and row["actual"] == "'-"


def test_unreadable_and_own_output_files(folder):
    (folder / "notes.txt").write_text("hello, not a report", encoding="utf-8")
    (folder / "findings.html").write_text(render_html(collect([folder])), encoding="utf-8")
    (folder / "findings.md").write_text(render_md(collect([folder])), encoding="utf-8")
    fr = collect([folder])
    names = [e.path.name for e in fr.entries]
    assert "findings.html" not in names and "findings.md" not in names
    bad = next(e for e in fr.entries if e.path.name == "notes.txt")
    assert bad.error and bad.tier() == 0
    parse_html(render_html(fr))
    assert "unreadable" in render_csv(fr)
