"""Issue 14, items 5, 6, 8: folder scans do not follow links out of the folder, gxtui's own
outputs are recognised by an exact signature and listed when skipped, file names and report text
are neutralised in every line of CLI text (a newline in a name is shown escaped)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from gxtui.cli import main
from gxtui.files import SKIP_LINK_OUT, SKIP_OWN, is_own_output, scan_report_files, sign_own_output
from gxtui.present.text import safe_text

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
GOOD = DATA / "示例县教育局_2021.txt"


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GXTUI_NO_CACHE", "1")
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(tmp_path / "userdata"))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    outside = tmp_path / "outside"
    (root / "sub").mkdir(parents=True)
    outside.mkdir()
    shutil.copy(GOOD, root / "a.txt")
    shutil.copy(GOOD, outside / "secret.txt")
    os.symlink(outside / "secret.txt", root / "leak.txt")
    os.symlink(outside, root / "leakdir")
    os.symlink("..", root / "sub" / "up")  # a loop
    os.symlink(root / "a.txt", root / "sub" / "alias.txt")  # inside: kept
    os.symlink(root / "sub", root / "subalias")  # a folder inside: scanned where it is
    os.mkfifo(root / "pipe.txt")
    return root


def names(files: list[Path], root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in files)


def test_links_out_of_the_folder_are_skipped_and_listed(tree: Path) -> None:
    scan = scan_report_files([tree])
    assert names(scan.files, tree) == ["a.txt", "pipe.txt", "sub/alias.txt"]
    assert sorted((Path(p).name, r) for p, r in scan.skipped) == [("leak.txt", SKIP_LINK_OUT),
                                                                   ("leakdir", SKIP_LINK_OUT)]


def test_follow_links_follows_them_once(tree: Path) -> None:
    scan = scan_report_files([tree], follow_links=True)
    assert names(scan.files, tree) == ["a.txt", "leak.txt", "leakdir/secret.txt", "pipe.txt", "sub/alias.txt"]
    assert scan.skipped == []


def test_a_file_given_directly_is_always_read(tree: Path) -> None:
    assert scan_report_files([tree / "leak.txt"]).files == [tree / "leak.txt"]


def test_check_lists_skipped_links_and_reads_special_files_as_errors(tree: Path,
                                                                      capsys: pytest.CaptureFixture) -> None:
    rc = main(["--lang", "en", "check", str(tree)])
    out, err = capsys.readouterr()
    assert rc == 2
    assert f"gxtui: left out {tree / 'leak.txt'}: a symbolic link leading out of the folder (use --follow-links " \
           "to follow it)" in err.splitlines()
    assert f"gxtui: {tree / 'pipe.txt'}: this is a named pipe (FIFO), not a file: only regular files are read" \
        in err.splitlines()
    assert "secret" not in out
    rc = main(["--lang", "en", "check", str(tree), "--follow-links"])
    out, err = capsys.readouterr()
    assert "leakdir/secret.txt" in out and "left out" not in err


# -- own outputs ------------------------------------------------------------------------------------

def test_signature_is_exact(tmp_path: Path) -> None:
    body = "# 审阅结果\n\n内容\n"
    own = tmp_path / "own.md"
    own.write_text(sign_own_output(body), encoding="utf-8")
    assert is_own_output(own)
    html = tmp_path / "own.html"
    html.write_text(sign_own_output("<!DOCTYPE html>\n<html><body>x</body></html>\n"), encoding="utf-8")
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>\n<!-- gxtui-findings-report sha256=")
    assert is_own_output(html)
    edited = tmp_path / "edited.md"
    edited.write_text(sign_own_output(body) + "reviewer's addition\n", encoding="utf-8")
    assert not is_own_output(edited)
    quoting = tmp_path / "quoting.txt"  # a report that mentions the marker (issue 14, case 12)
    quoting.write_text("<!-- gxtui-findings-report -->\n" + GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    assert not is_own_output(quoting)
    forged = tmp_path / "forged.md"
    forged.write_text("<!-- gxtui-findings-report sha256=" + "0" * 64 + " -->\n" + body, encoding="utf-8")
    assert not is_own_output(forged)


def test_report_mentioning_the_marker_is_checked_and_own_outputs_are_listed(tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "quoting.md").write_text("<!-- gxtui-findings-report -->\n" + GOOD.read_text(encoding="utf-8"),
                                       encoding="utf-8")
    assert main(["report", str(folder), "-o", str(folder / "findings.md")]) == 0
    capsys.readouterr()
    rc = main(["--lang", "en", "report", str(folder), "-f", "md"])
    out, err = capsys.readouterr()
    assert rc == 0 and "quoting.md" in out
    assert f"gxtui: left out {folder / 'findings.md'}: {SKIP_OWN} (it carries gxtui's signature)" in err.splitlines()
    assert "## Files left out" in out and "findings.md" in out.split("## Files left out")[1]
    main(["--lang", "en", "check", str(folder)])
    out, err = capsys.readouterr()
    assert "quoting.md" in out and "left out" in err and "findings.md" in err


# -- text safety --------------------------------------------------------------------------------------

@pytest.mark.parametrize("ch", ["\u202e", "\u2066", "\u200b", "\u200d", "\u2060", "\ufeff", "\u2028", "\u2029",
                                "\x1b", "\x85", "\u061c"])
def test_sanitiser_neutralises(ch: str) -> None:
    assert ch not in safe_text(f"a{ch}b") and ch not in safe_text(f"a{ch}b", one_line=True)
    assert safe_text("a\nb\tc") == "a\nb\tc" and safe_text("a\nb\tc", one_line=True) == "a\\nb\\tc"


def test_a_newline_in_a_file_name_cannot_forge_a_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    forged = "x.txt\n    错误 T3-A 伪造的发现\u202e.txt"
    shutil.copy(GOOD, folder / forged)
    main(["check", str(folder)])
    out, err = capsys.readouterr()
    assert not any(line.startswith("    错误 T3-A 伪造") for line in out.splitlines())
    assert "x.txt\\n    错误 T3-A 伪造的发现\\u202e.txt" in out
    main(["check", str(folder), "--summary"])
    out, _ = capsys.readouterr()
    assert "\u202e" not in out and not any(line.startswith("    错误 T3-A 伪造") for line in out.splitlines())


def test_bidi_and_zero_width_in_the_agency_never_reach_the_output(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "r.txt"
    text = GOOD.read_text(encoding="utf-8")
    path.write_text(text.replace("示例县教育局", "示例县\u202e局育教\u200b\u2028县", 1), encoding="utf-8")
    for argv in (["check", str(path)], ["check", str(path), "--summary"], ["report", str(tmp_path)]):
        main(argv)
        out, err = capsys.readouterr()
        for ch in ("\u202e", "\u200b", "\u2028"):
            assert ch not in out and ch not in err, (argv, ch)


@pytest.mark.parametrize("argv", [["diff", "{tree}"], ["trend", "{tree}", "--agency", "x"],
                                  ["coverage", "{tree}"], ["peers", "{tree}"],
                                  ["dataset", "{tree}", "-o", "{out}"]],
                         ids=lambda a: a[0])
def test_every_folder_command_lists_what_it_left_out(argv: list[str], tree: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture) -> None:
    """Not only check and report: no folder command drops a file silently (issue 14 item 5)."""
    args = [a.format(tree=tree, out=tmp_path / "ds") for a in argv]
    rc = main(["--lang", "en", *args])
    _, err = capsys.readouterr()
    assert rc <= 2
    assert f"gxtui: left out {tree / 'leak.txt'}: a symbolic link leading out of the folder" in err
    assert "secret" not in err.replace("leak.txt", "")


def test_scan_order_is_paths_own_order(tmp_path: Path) -> None:
    """The scan sorts by a key (for speed); the order is still ``sorted(Path)``: parts compared in
    turn, so ``a/b.txt`` comes before ``a-c.txt`` although "-" sorts before "/" in a string."""
    from gxtui.files import scan_report_files

    for rel in ("a/b.txt", "a-c.txt", "a/z/1.txt", "a.txt", "B.txt", "b.txt", "示例/甲.txt",
                "示例-乙.txt", "a/b/c.txt", "a/b.c.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    got = scan_report_files([tmp_path]).files
    assert got == sorted(got) and len(got) == 10
    assert [str(p.relative_to(tmp_path)) for p in got].index("a/b.txt") < \
        [str(p.relative_to(tmp_path)) for p in got].index("a-c.txt")


def test_scan_paths_are_the_strings_of_their_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan walks strings: each is what ``str(Path)`` gives (``.`` as the folder gives bare
    names, as ``Path("./a.txt")`` does), in ``sorted(Path)`` order also for a folder without
    subfolders (sorted as strings there), and ``files`` are the same as Paths."""
    from gxtui.files import scan_report_files

    names = ["a.txt", "a-b.txt", "a b.txt", "a.b.txt", "A.TXT", "x.docx", "y.gxtui.toml", "README.md",
             ".hidden.txt", "z.", "甲.txt", "notes.md"]
    for n in names:
        (tmp_path / n).write_text("x", encoding="utf-8")
    scan = scan_report_files([tmp_path])
    want = sorted(p for p in tmp_path.iterdir() if p.name in
                  {"a.txt", "a-b.txt", "a b.txt", "a.b.txt", "A.TXT", "x.docx", "甲.txt", "notes.md"})
    assert scan.files == want
    assert scan.paths == [str(p) for p in want]
    monkeypatch.chdir(tmp_path)
    assert scan_report_files(["."]).paths == [p.name for p in want]
    assert scan_report_files(["./"]).paths == [p.name for p in want]
