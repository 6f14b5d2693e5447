"""The CLI's terminal text (gxtui.present.terminal): CJK-aware wrapping, progress only on a
terminal's stderr, rich tables at the width."""

from __future__ import annotations

import io

from gxtui.present.terminal import Lines, progress, progress_callback, width, wrap_cells


def test_wrap_cjk_at_the_width_never_before_closing_punctuation():
    text = "存在的主要问题整体照搬上年：本年3条中3条与上年基本相同（100%），属敷衍应付、照搬照抄情形"
    lines = wrap_cells(text, 20)
    assert "".join(lines) == text  # nothing lost, no space added between CJK characters
    assert all(width(x) <= 20 for x in lines)
    assert all(x[0] not in "，。、；：）" for x in lines)
    assert lines[0] == "存在的主要问题整体照"  # 10 CJK characters = 20 cells


def test_wrap_keeps_latin_words_whole_and_cuts_only_a_too_long_word():
    lines = wrap_cells("carried in 3 in 2022, but 2021 carried out 1", 16)
    assert lines == ["carried in 3 in", "2022, but 2021", "carried out 1"]
    assert wrap_cells("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    assert wrap_cells("short", 10) == ["short"]


def test_wrap_moves_the_character_before_a_closing_mark_down():
    # 9 characters fill 18 cells; "。" would start the next line: "九。" goes down together
    lines = wrap_cells("一二三四五六七八九。后面", 18)
    assert lines == ["一二三四五六七八", "九。后面"]


def test_lines_indent_and_entries():
    o = Lines(False, 30)
    o.wrap("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉", "  ")
    o.entries(["* changed", "= same", ">> large change", "? unknown"], "  ", sep="  ")
    out = o.render().splitlines()
    assert all(width(x) <= 30 for x in out)
    assert out[0] == "  甲乙丙丁戊己庚辛壬癸子丑寅卯" and out[1] == "  辰巳午未申酉"
    assert out[2:] == ["  * changed  = same", "  >> large change  ? unknown"]


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal():
    pipe = io.StringIO()
    with progress(10, pipe) as step:
        for _ in range(10):
            step()
    with progress_callback(pipe) as cb:
        for i in range(1, 11):
            cb(i, 10)
    assert pipe.getvalue() == ""
    tty = _Tty()
    with progress_callback(tty) as cb:
        for i in range(1, 11):
            cb(i, 10)
    assert "10/10" in tty.getvalue()


def test_plain_lines_are_what_rich_writes() -> None:
    """``Lines.render`` without colour writes plain lines itself (rich cost ≈ 0.3 ms a report in
    ``gxtui check``): the result is the same as rich's for every kind of line it can hold."""
    import io

    from rich.console import Console
    from rich.text import Text

    from gxtui.present.terminal import Lines

    samples = ["", "  表三 ／ table 三", "    错误 T3-B   合计应为 12，实际 13  ", "a  b   c", "\\x1b[31m escaped",
               "全角　空格", "emoji 🙂 and wide 示例县教育局", " leading", "trailing   ", "x" * 300,
               "\\u202e shown escaped", "mixed ＡＢＣ １２３"]
    lines = Lines(False, 80)
    for s in samples:
        lines.lines.append((s, "error"))
    buf = io.StringIO()
    console = Console(file=buf, width=10_000, color_system=None, force_terminal=False, highlight=False,
                      markup=False, emoji=False, soft_wrap=True)
    for s in samples:
        console.print(Text(s))
    assert lines.render() == buf.getvalue()
