"""Short and long forms of one agency's name pair up (templates/agency_aliases.toml)."""

from gxtui.compare.pairing import normalize_agency


def test_short_forms_are_expanded():
    full = "河北省人力资源和社会保障厅"
    assert normalize_agency("河北省人社厅") == full
    assert normalize_agency("河北省人力资源社会保障厅") == full
    assert normalize_agency(full) == full
    assert normalize_agency("示例县政府办公室") == normalize_agency("示例县人民政府办公室")


def test_other_names_are_left_alone():
    assert normalize_agency("吕梁市教育局") == "吕梁市教育局"
    assert normalize_agency("河北省人社厅") != normalize_agency("河北省人社局")
