"""The global options ``--lang``, ``--config``, ``--no-color`` before and after every subcommand,
and ``-o -`` as standard output wherever ``-o`` exists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gxtui.cli import COMMANDS, main

DATA = Path(__file__).resolve().parent.parent / "data"
PAIR = [str(DATA / "示例县教育局_2021.txt"), str(DATA / "示例县教育局_2022.txt")]

# subcommand → (arguments, a word of its English output on stdout or stderr)
RUNS = {
    "check": ([str(DATA)], "report(s) checked"),
    "diff": (PAIR, "Cross-year checks"),
    "export": ([PAIR[0], "-f", "csv"], "table"),  # CSV heads are the same in both languages
    "report": ([str(DATA)], "Findings"),
    "rules": ([], "per column"),
    "schema": (["check"], "gxtui check"),
    "trend": ([str(DATA), "--agency", "示例县教育局"], "key figures by year"),
    "coverage": ([str(DATA)], "published"),
    "peers": ([str(DATA)], "disclosed share"),
    "dataset": ([str(DATA), "-o", "{tmp}/ds"], "dataset written"),
    "review": ([PAIR[0], "--list"], "open findings"),  # --list only reads
}


@pytest.fixture(autouse=True)
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(tmp_path / "userdata"))


def test_every_command_is_covered():
    assert set(RUNS) == set(COMMANDS) - {"compare", "tui"}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_lang_and_config_before_and_after(name, tmp_path, capsys):
    args, english = RUNS[name]
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    good = tmp_path / "good.toml"
    good.write_text("[rules.X-1]\nenabled = false\n", encoding="utf-8")
    for argv in (["--lang", "en", "--config", str(good), name, *args],
                 [name, *args, "--lang", "en", "--config", str(good)],
                 ["--lang", "zh", name, *args, "--lang", "en", "--no-color"]):  # after wins
        code = main(argv)
        got = capsys.readouterr()
        assert code in (0, 1), (argv, got.err)
        assert english in got.out + got.err, argv
        assert "\x1b[" not in got.out
    bad = tmp_path / "bad.toml"
    bad.write_text('[rules.D-1]\nseverity = "fatal"\n', encoding="utf-8")
    if name in ("export", "schema"):  # these read no configuration
        return
    for argv in (["--config", str(bad), name, *args], [name, *args, "--config", str(bad)]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert "bad.toml:2:" in err and "rules.D-1.severity" in err


@pytest.mark.parametrize("argv", [
    ["export", PAIR[0], "-o", "-"],
    ["report", str(DATA), "-f", "csv", "-o", "-"],
    ["coverage", str(DATA), "-f", "json", "-o", "-"],
    ["peers", str(DATA), "-f", "json", "-o", "-"],
])
def test_dash_is_standard_output(argv, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.strip()
    if "json" in argv or argv[0] == "export":
        assert json.loads(out)["format_version"] == 2
    assert not (tmp_path / "-").exists()
