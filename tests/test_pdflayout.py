"""Units of ``pdflayout`` whose fast paths must give what the plain rules give: ligatures spelt
out in words, lines and cells; edges snapped to their mean and joined; cells sharing a corner
grouped into tables in reading order."""

from __future__ import annotations

from gxtui.read.pdflayout import Char, Edge, cell_text, merge_edges, tables, text_lines, words


def _chars(text: str, x: float = 10.0, top: float = 100.0, width: float = 5.0) -> list[Char]:
    return [Char(ch, x + k * width, x + (k + 1) * width, top, top + 10, True, 10.0, 1) for k, ch in enumerate(text)]


def test_ligatures_are_spelt_out_in_words_lines_and_cells() -> None:
    chars = _chars("ﬁle ﬂow，公开")  # a ligature among ASCII, CJK and full-width text
    assert [w.text for w in words(chars)] == ["file", "flow，公开"]
    assert [ln.text for ln in text_lines(chars)] == ["file flow，公开"]
    assert cell_text(chars) == "file flow，公开"
    assert cell_text(_chars("ﬃ")) == "ffi"
    assert cell_text(_chars("政府信息公开")) == "政府信息公开"  # nothing to spell: as it was


def test_edges_snap_to_their_mean_and_join_within_three_points() -> None:
    edges = [Edge("h", 0.0, 50.0, 100.0, 100.0), Edge("h", 52.0, 80.0, 102.0, 102.0),  # snapped to 101, joined
             Edge("h", 90.0, 120.0, 101.0, 101.0),  # 10 pt after the joined one: its own edge
             Edge("h", 0.0, 2.0, 300.0, 300.0),  # shorter than 3 pt once merged: dropped
             Edge("v", 10.0, 10.0, 0.0, 40.0), Edge("v", 12.0, 12.0, 41.0, 90.0),
             Edge("v", 500.0, 500.0, 0.0, 0.5)]  # shorter than the 1 pt prefilter
    assert merge_edges(edges) == [Edge("h", 0.0, 80.0, 101.0, 101.0), Edge("h", 90.0, 120.0, 101.0, 101.0),
                                  Edge("v", 11.0, 11.0, 0.0, 90.0)]
    assert edges[1] == Edge("h", 52.0, 80.0, 102.0, 102.0)  # the page's edges are left as they were


def test_cells_sharing_a_corner_form_tables_in_reading_order() -> None:
    lower = [(0.0, 200.0, 10.0, 210.0), (10.0, 200.0, 20.0, 210.0)]
    upper = [(50.0, 0.0, 60.0, 10.0), (60.0, 0.0, 70.0, 10.0), (50.0, 10.0, 60.0, 20.0)]
    alone = [(300.0, 300.0, 310.0, 310.0)]
    # the last upper cell meets the first two only through their corners
    assert tables(lower + alone + upper) == [upper, lower]
    # a bridge found late joins two groups made earlier: one table
    left, right, bridge = (0.0, 0.0, 10.0, 10.0), (20.0, 0.0, 30.0, 10.0), (10.0, 10.0, 20.0, 20.0)
    assert tables([left, right, bridge]) == [[left, right, bridge]]
