"""Issue 16's run-through, retried: layout from the terminal width (no starved data columns,
full-word headers from 120 columns, distinguishable headers at 80, reflow on resize, numbers never
cut), help and palette in gxtui's words only, details that say what they mean, and the smaller
items (gxtui FILE opens the report, where an export goes, no stray detail on opening)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("textual")

from rich.console import Console  # noqa: E402
from rich.text import Text  # noqa: E402

from gxtui.tui.app import GxtuiApp  # noqa: E402
from gxtui.tui.widgets.columns import distinct, fit, header_width, wrap_cells  # noqa: E402
from gxtui.tui.widgets.text import OneLine, Wrapped  # noqa: E402
from tui_support import _own_cache, sync  # noqa: E402, F401 - _own_cache: autouse here

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
Y2021 = DATA / "示例县教育局_2021.txt"
Y2022 = DATA / "示例县教育局_2022.txt"
T3 = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]

needs_data = pytest.mark.skipif(not Y2022.exists(), reason="data/ not available")






async def until(pilot, cond, n: int = 1200) -> None:
    for _ in range(n):
        if cond():
            return
        await pilot.pause(0.05)


async def report(pilot, app, name: str):
    from gxtui.tui.screens.report import ReportScreen

    await until(pilot, lambda: app.scan_done)
    app.open_report(next(p for p in app.library.rows if p.endswith(name)))
    await until(pilot, lambda: isinstance(app.screen, ReportScreen))
    await pilot.pause()
    return app.screen


def render(renderable, width: int) -> list[str]:
    c = Console(width=width, record=True, color_system=None, legacy_windows=False)
    with c.capture() as cap:
        c.print(renderable)
    return cap.get().splitlines()


# -- pure layout rules ----------------------------------------------------------------------------
def test_wrapping_never_splits_a_number() -> None:
    lines = wrap_cells("应约为453，实为12345", 10)
    assert lines == ["应约为453", "，实为", "12345"]
    out = render(Wrapped(Text("差额应约为4530，实为3")), 12)
    assert not any(line.rstrip().endswith("45") for line in out) and "4530" in "".join(out)


def test_one_line_cuts_at_draw_width() -> None:
    t = OneLine(Text("错误! T3-B 表三 （七）总计 自然人 应为 18，实际 17"))
    assert len(render(t, 20)) == 1 and len(render(t, 80)) == 1
    assert "实际 17" in render(t, 80)[0] and "…" in render(t, 20)[0]


def test_headers_full_words_when_wide_and_distinct_when_narrow() -> None:
    for label in T3:
        w = header_width(label, True)
        assert "".join(wrap_cells(label, w)[:2]) == label  # whole, in two lines at most
    narrow = distinct(["本年制发件数", "本年废止件数", "现行有效件数"], 4)
    assert len(set(narrow)) == 3  # never two columns that read the same
    f = fit(62, 40, T3, [2] * 7, wide=False)
    assert f.total <= 62 and f.label >= 12
    f = fit(88, 40, T3, [2] * 7, wide=True)
    assert f.full and f.total <= 88
    f = fit(40, 40, T3, [6] * 7, wide=True)  # no room: values keep their width, the table scrolls
    assert all(w >= 6 for w in f.cols)


# -- the report screen ------------------------------------------------------------------------------
def _table_fits(screen, key: str) -> bool:
    dt = screen.query_one(f"#tbl-{key}")
    return dt.virtual_size.width <= dt.size.width


@needs_data
@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
@sync
async def test_report_tables_show_every_column(size) -> None:
    app = GxtuiApp(paths=[str(DATA)])
    async with app.run_test(size=size) as pilot:
        screen = await report(pilot, app, "示例县教育局_2021.txt")
        for key in ("table3", "table4"):
            await pilot.press(key[-1])
            await pilot.pause()
            assert _table_fits(screen, key), (key, size)
        dt = screen.query_one("#tbl-table3")
        heads = [c.label.plain.replace("\n", "") for c in list(dt.columns.values())[1:]]
        if size[0] >= 120:
            assert heads == T3  # full words over two lines
        else:
            assert len(set(heads)) == len(heads)


@needs_data
@sync
async def test_report_reflows_on_resize() -> None:
    app = GxtuiApp(paths=[str(DATA)])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await report(pilot, app, "示例县教育局_2021.txt")
        dt = screen.query_one("#tbl-table3")
        narrow = [c.label.plain.replace("\n", "") for c in list(dt.columns.values())[1:]]
        assert narrow != T3
        await pilot.resize_terminal(200, 50)
        await pilot.pause(0.2)
        wide = [c.label.plain.replace("\n", "") for c in list(dt.columns.values())[1:]]
        assert wide == T3
        label_w = list(dt.columns.values())[0].width
        await pilot.resize_terminal(100, 30)
        await pilot.pause(0.2)
        assert list(dt.columns.values())[0].width < label_w


@needs_data
@sync
async def test_no_stray_detail_when_a_report_opens() -> None:
    app = GxtuiApp(paths=[str(DATA)])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await report(pilot, app, "示例县教育局_2020.txt")
        assert "行政复议" not in screen.detail_text.plain


@needs_data
@sync
async def test_bound_rules_say_at_most() -> None:
    from gxtui.tui.widgets.findings import finding_detail

    app = GxtuiApp(paths=[str(Y2021), str(Y2022)], compare=(str(Y2021), str(Y2022)))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: getattr(app.screen, "comparison", None) is not None)
        f = next(f for f in app.screen.findings if f.rule == "P-2")
        text = finding_detail(f, "2021").plain
        assert "应不超过 0.8" in text and "应为 0.8" not in text


@needs_data
@sync
async def test_dropped_problem_says_what_the_cli_says() -> None:
    from gxtui.present.i18n import t

    assert t("cmp.status.resolved", "zh") == "已删除"  # gxtui diff: 已删除
    assert t("cmp.status.resolved", "en") == "dropped"


# -- help and palette -------------------------------------------------------------------------------
@needs_data
@sync
async def test_help_lists_gxtui_keys_only_and_names_each_part() -> None:
    app = GxtuiApp(paths=[str(Y2021), str(Y2022)], compare=(str(Y2021), str(Y2022)))
    async with app.run_test(size=(100, 45)) as pilot:
        await until(pilot, lambda: getattr(app.screen, "comparison", None) is not None)
        await pilot.press("question_mark")
        plain = app.screen.help_plain
        for english in ("Focus Previous", "Focus Next", "shift+tab", "Quit"):
            assert english not in plain
        assert "跳到第N部分" not in plain
        assert "跳到表三 依申请公开" in plain and "跳到收费" in plain


@needs_data
@sync
async def test_palette_lists_no_textual_defaults() -> None:
    app = GxtuiApp(paths=[str(DATA)])
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.scan_done)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert not {"Keys", "Maximize", "Screenshot", "Theme"} & set(titles)
        assert "对比上年" in titles and "退出" in titles


# -- smaller items ------------------------------------------------------------------------------------
@needs_data
@sync
async def test_gxtui_file_opens_the_report(monkeypatch: pytest.MonkeyPatch) -> None:
    import gxtui.tui.app as app_mod
    from gxtui.tui.screens.report import ReportScreen

    seen = {}

    class Probe(app_mod.GxtuiApp):
        def __init__(self, **kw):
            seen.update(kw)
            super().__init__(**kw)

        def run(self, *a, **kw):  # the launch decides; the app opens it once indexed
            return 0

    monkeypatch.setattr(app_mod, "GxtuiApp", Probe)
    from gxtui.cli import main

    assert main([str(Y2021)]) == 0 and seen["open_single"] is True
    assert main([str(DATA)]) == 0 and seen["open_single"] is False
    app = GxtuiApp(paths=[str(Y2021)], open_single=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReportScreen))
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("escape")
        assert app.screen is app.library and len(app.library.rows) == 1


@needs_data
@sync
async def test_export_says_where_and_toast_keeps_the_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = GxtuiApp(paths=[str(DATA)])
    async with app.run_test(size=(80, 24)) as pilot:
        await report(pilot, app, "示例县教育局_2021.txt")
        await pilot.press("x")
        where = app.screen.query_one("#dialog-where").render()
        assert str(tmp_path) in str(getattr(where, "plain", where))
        await pilot.press("enter")
        await pilot.pause()
        assert (tmp_path / "示例县教育局_2021.json").exists()
        msgs = [n.message for n in app._notifications]
        assert any("示例县教育局_2021.json" in m.splitlines()[0] for m in msgs)


def test_one_precision_for_values_shown_together() -> None:
    from gxtui.tui.widgets.text import decimals, fmt_num

    dp = decimals([9116.36, 5949.088667, -3167.271333])
    assert dp == 4
    assert [fmt_num(v, dp) for v in (9116.36, 5949.088667)] == ["9116.3600", "5949.0887"]
    assert decimals([18651.06, 4166.24]) == 2 and decimals([3.0, 4, None]) is None
    assert fmt_num(21.0) == "21"  # counts stay whole


def test_decision_labels_are_the_clis() -> None:
    from gxtui.present.i18n import decision_label
    from gxtui.tui.widgets.findings import finding_text
    from gxtui.model import Finding

    f = Finding("T3-B", "error", "总计不符", "total off", table="table3", row="r.total", col="np")
    for status, zh in (("confirmed", "确认问题"), ("dismissed", "不是问题"), ("follow-up", "需跟进")):
        assert decision_label(status, "zh") == zh
        assert f"[{zh}]" in finding_text(f, "2021", status).plain


@needs_data
@sync
async def test_table2_headings_whole_at_80_columns_when_there_is_room() -> None:
    from textual.coordinate import Coordinate

    app = GxtuiApp(paths=[str(DATA)])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await report(pilot, app, "示例县教育局_2020.txt")
        await pilot.press("2")
        dt = screen.query_one("#tbl-table2")
        heads = [dt.get_cell_at(Coordinate(0, j)).plain.replace("\n", "") for j in range(1, 4)]
        assert heads == ["本年新制作数量", "本年新公开数量", "对外公开总数量"]  # 2019 template, block 第二十条第（一）项
        assert _table_fits(screen, "table2")
