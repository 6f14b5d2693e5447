"""Typed configuration: every misspelling in gxtui.toml is an error naming its line; rule
options are declared by the rules; ``[keymap]`` maps the TUI's binding ids to keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from gxtui.audit import load_config
from gxtui.cli import main
from gxtui.config import Config, ConfigError, binding_ids, bindings, valid_key

DATA = Path(__file__).resolve().parent.parent / "data"


def _conf(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "gxtui.toml"
    p.write_text(text, encoding="utf-8")
    return p


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as e:
        load_config(_conf(tmp_path, text))
    return str(e.value)


@pytest.mark.parametrize("text,line,words", [
    ('[rules.T3-Z]\nenabled = false\n', 1, ['unknown rule "T3-Z"', "did you mean"]),
    ('# comment\n\n[rules.D-1]\nseverity = "warn"\n', 4, ["rules.D-1.severity", "'warn'", "did you mean warning"]),
    ('[rules.B-1]\nmin_n = 30\nfenc = 2\n', 3, ["unknown option fenc of rule B-1", "did you mean fence", "min_gap"]),
    ('[rules.B-1]\nmin_n = "thirty"\n', 2, ["rules.B-1.min_n must be a whole number"]),
    ('[rules.X-1]\nenabled = "no"\n', 2, ["rules.X-1.enabled must be true or false"]),
    ('rules.X-1.enabled = 1\n', 1, ["rules.X-1.enabled must be true or false"]),
    ('[deadline]\ndepartment = [1, 31]\n', 1, ["unknown table [deadline]", "did you mean deadlines"]),
    ('[deadlines]\ndepartment = [2, 30]\n', 2, ["deadlines.department must be [month, day]"]),
    ('[deadlines]\ndepartmnt = [1, 31]\n', 2, ["unknown report kind departmnt", "did you mean department"]),
    ('[deadlines.province."湖北省"]\ngovernment = [13, 1]\n', 2, ["deadlines.province.湖北省.government"]),
    ('[compare]\nratio = 5\nrepeated = 1.5\n', 3, ["compare.repeated must be a number from 0 to 1"]),
    ('[compare]\nratoi = 5\n', 2, ["unknown option ratoi in [compare]", "did you mean ratio"]),
    ('[keymap]\nconfrm = "C"\n', 2, ['unknown binding "confrm"', "did you mean confirm"]),
    ('[keymap]\nconfirm = "ctrl+"\n', 2, ['"ctrl+" is not a key']),
    ('[keymap]\nconfirm = "C, hyperspace"\n', 2, ['"hyperspace" is not a key']),
    ('[keymap]\nquit = 5\n', 2, ["keymap.quit must be a string of keys"]),
    ('[keymap]\nconfirm = "d"\n', 2, ['"d" would be both confirm and dismiss on the report screen']),
    ('[keymap]\nsearch = "q"\n', 2, ['"q" would be both quit and search']),
    ('[keymap]\nconfirm = "3"\n', 2, ['"3" would be both a fixed key and confirm on the report screen']),
])
def test_errors_name_the_line(tmp_path, text, line, words):
    msg = _error(tmp_path, text)
    assert msg.startswith(f"{tmp_path / 'gxtui.toml'}:{line}: "), msg
    for w in words:
        assert w in msg, msg


def test_a_valid_config_is_typed_and_applied(tmp_path):
    c = load_config(_conf(tmp_path, '''
[rules.X-1]
enabled = false
[rules.D-1]
severity = "info"
[rules.B-1]
min_n = 40
fence = 2.5
[rules.T2-FEE]
max_wan_yuan_department = 5
[deadlines]
department = [2, 28]
[deadlines.province."湖北省"]
government = [3, 1]
[compare]
ratio = 4
reworded = 0.6
[keymap]
confirm = "C"
quit = "q,ctrl+q"
dismiss = "shift+d"
'''))
    assert not c.enabled("X-1") and c.enabled("T3-A")
    assert c.severity("D-1", "warning") == "info" and c.severity("T3-A", "error") == "error"
    assert c.option("B-1", "min_n", 30) == 40 and c.option("B-1", "min_gap", 0.1) == 0.1
    assert c.keymap == {"confirm": "C", "quit": "q,ctrl+q", "dismiss": "shift+d"}
    assert c.deadlines["province"]["湖北省"]["government"] == [3, 1]


def test_rule_ids_are_checked_only_with_the_catalogue(tmp_path):
    p = _conf(tmp_path, "[rules.NOPE]\nenabled = false\n")
    assert Config.load(p).rules == {"NOPE": {"enabled": False}}  # the domain without the rules
    with pytest.raises(ConfigError):
        load_config(p)


def test_every_option_a_rule_reads_is_declared():
    from gxtui.rules.registry import catalogue  # noqa: PLC0415
    from gxtui.rules.peers import DEFAULTS  # noqa: PLC0415

    cat = catalogue()
    assert set(cat["B-1"]) == set(DEFAULTS)
    assert set(cat["T2-FEE"]) == {"max_wan_yuan_department", "max_wan_yuan_government"}


def test_cli_refuses_a_misspelt_config_with_the_line(tmp_path, capsys):
    p = _conf(tmp_path, '[rules.D-1]\nseverity = "eror"\n')
    for args in (["check", str(DATA), "--config", str(p)], ["--config", str(p), "diff", str(DATA)],
                 ["coverage", str(DATA), "--config", str(p)], ["rules", "--config", str(p)]):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert err.startswith("gxtui: ") and ":2: rules.D-1.severity" in err and len(err.splitlines()) == 1


def test_bindings_data_matches_the_tui():
    """bindings.toml lists every binding with an id of the TUI, with its default key and action."""
    import importlib  # noqa: PLC0415
    import inspect  # noqa: PLC0415
    import pkgutil  # noqa: PLC0415

    from textual.binding import Binding  # noqa: PLC0415

    import gxtui.tui as tui  # noqa: PLC0415

    found: dict[tuple[str, str], tuple[str, str]] = {}
    for m in pkgutil.walk_packages(tui.__path__, "gxtui.tui."):
        mod = importlib.import_module(m.name)
        for cls in vars(mod).values():
            if inspect.isclass(cls) and cls.__module__ == m.name:
                for b in cls.__dict__.get("BINDINGS", []):
                    if isinstance(b, Binding) and b.id:
                        found[(m.name.rsplit(".", 1)[-1], b.id)] = (b.key, b.action)
    data = {(screen, bid): (spec["key"], spec["action"]) for screen, table in bindings().items()
            if screen not in ("keys", "reserved") for bid, spec in table.items()}
    assert data == found
    # the reserved keys are those of each screen's fixed (id-less) bindings
    for screen, cls_name in (("report", "ReportScreen"), ("compare", "CompareScreen"), ("library", "LibraryScreen")):
        cls = getattr(importlib.import_module(f"gxtui.tui.screens.{screen}"), cls_name)
        fixed = {b.key for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding) and not b.id}
        assert set(bindings()["reserved"][screen]) == fixed, screen
    assert "confirm" in binding_ids() and binding_ids()["search"] == ["library", "report", "compare"]
    assert all(valid_key(k) for k, _ in found.values())
    assert not valid_key("ctrl+ctrl+a") and not valid_key("") and valid_key("ctrl+shift+f5")
