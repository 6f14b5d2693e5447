"""``model.row_cells`` builds cells without calling the class: it must give what the constructor
gives, field for field (a field added to ``Cell`` and not set there fails here)."""

from __future__ import annotations

import dataclasses

from gxtui.model import Cell, row_cells


def test_row_cells_equal_the_constructor() -> None:
    parsed = [(3, "number", None), (None, "blank", None), (1.5, "number", "万元")]
    got = row_cells("table2", "admin_fees", ["a", "b", "c"], ["3", None, "1.5万元"], parsed, 12, True)
    want = [Cell("table2", "admin_fees", col, raw, v, sem, 12, True, (), unit)
            for col, raw, (v, sem, unit) in zip(["a", "b", "c"], ["3", None, "1.5万元"], parsed)]
    assert got == want
    for c in got:  # every field is set (an unset slot raises AttributeError)
        assert dataclasses.astuple(c) == tuple(getattr(c, f.name) for f in dataclasses.fields(Cell))


def test_cell_pickles_every_field() -> None:
    """``Cell.__reduce__`` lists the fields by hand: a field added to the class but not there
    would be lost in the library's worker round trip."""
    import dataclasses
    import pickle

    from gxtui.model import Cell

    c = Cell("table3", "r.total", "np", " 12 ", 12, "number", 7, True, (1, 2), "件")
    back = pickle.loads(pickle.dumps(c))
    assert [getattr(back, f.name) for f in dataclasses.fields(Cell)] == \
        [getattr(c, f.name) for f in dataclasses.fields(Cell)]
    assert len(c.__reduce__()[1]) == len(dataclasses.fields(Cell))
