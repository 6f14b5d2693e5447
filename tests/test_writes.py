"""Issue 9, writes: exports refuse to overwrite unless asked, and every write is atomic (a temp
file in the same folder, then a rename) so a failure leaves the old file intact and no debris."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_bad_inputs as mbi  # noqa: E402

from gxtui.cli import main  # noqa: E402
from gxtui.files import write_atomic  # noqa: E402


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    p = tmp_path / "in" / "report.txt"
    p.parent.mkdir()
    p.write_bytes(mbi.render_txt(mbi.make_spec(3, seed=7, defect_rate=0)))
    return p


def _run(argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    rc = main(argv)
    out, err = capsys.readouterr()
    return rc, out, err


def _debris(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp") or p.name.startswith("."))


@pytest.mark.parametrize("fmt", ["json", "toml", "csv"])
def test_export_writes_new_file(report_file: Path, tmp_path: Path, fmt: str,
                                capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / f"out.{fmt}"
    rc, stdout, err = _run(["export", str(report_file), "-f", fmt, "-o", str(out)], capsys)
    assert rc == 0, err
    assert out.stat().st_size > 0 and stdout == ""
    if fmt == "json":
        assert json.loads(out.read_text(encoding="utf-8"))["report"]["agency"]
    assert _debris(tmp_path) == []


def test_export_refuses_to_overwrite_without_force(report_file: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "out.json"
    out.write_text("precious", encoding="utf-8")
    rc, stdout, err = _run(["export", str(report_file), "-o", str(out)], capsys)
    assert rc == 2
    assert out.read_text(encoding="utf-8") == "precious"
    assert err.startswith("gxtui: ") and "--force" in err and len(err.strip().splitlines()) == 1
    rc, stdout, err = _run(["export", str(report_file), "-o", str(out), "--force"], capsys)
    assert rc == 0, err
    assert json.loads(out.read_text(encoding="utf-8"))["report"]["agency"]
    assert _debris(tmp_path) == []


def test_export_is_atomic_when_rename_fails(report_file: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "out.json"
    out.write_text("old content", encoding="utf-8")

    def boom(src, dst, *a, **k):  # noqa: ANN001, ANN002, ANN003
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    rc, stdout, err = _run(["export", str(report_file), "-o", str(out), "--force"], capsys)
    assert rc == 2
    assert "cannot write" in err and "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "old content"  # target untouched
    assert _debris(tmp_path) == []  # temp file removed


def test_export_new_target_not_created_when_write_fails(report_file: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "new.json"

    def boom(fd):  # noqa: ANN001
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", boom)
    rc, stdout, err = _run(["export", str(report_file), "-o", str(out)], capsys)
    assert rc == 2
    assert not out.exists()
    assert _debris(tmp_path) == []


def test_write_atomic_interrupted_leaves_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "sidecar.gxtui.toml"
    target.write_text("old = 1\n", encoding="utf-8")

    def interrupt(fd):  # noqa: ANN001
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new = 2\n")
    assert target.read_text(encoding="utf-8") == "old = 1\n"
    assert _debris(tmp_path) == []


def test_write_atomic_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    target.write_text("x" * 10_000, encoding="utf-8")
    write_atomic(target, "short")
    assert target.read_text(encoding="utf-8") == "short"
    with pytest.raises(FileExistsError):
        write_atomic(target, "other", overwrite=False)
    assert target.read_text(encoding="utf-8") == "short"


def test_export_into_missing_folder_is_one_line_error(report_file: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    rc, stdout, err = _run(["export", str(report_file), "-o", str(tmp_path / "no" / "such" / "x.json")], capsys)
    assert rc == 2
    assert err.startswith("gxtui: ") and len(err.strip().splitlines()) == 1


def test_paths_in_report_content_are_never_output_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture) -> None:
    """An agency name like ``../../evil`` must not steer where anything is written."""
    spec = mbi.make_spec(3, seed=7, defect_rate=0)
    spec.agency = "../../evil/局"
    src = tmp_path / "work" / "r.txt"
    src.parent.mkdir()
    src.write_bytes(mbi.render_txt(spec))
    monkeypatch.chdir(src.parent)
    before = {p for p in tmp_path.rglob("*")}
    rc, stdout, err = _run(["export", str(src), "-o", "out.json"], capsys)
    assert rc == 0, err
    rc, stdout, err = _run(["check", str(src)], capsys)
    created = {p for p in tmp_path.rglob("*")} - before
    assert created == {src.parent / "out.json"}


def test_report_command_refuses_overwrite(report_file: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture) -> None:
    pytest.importorskip("gxtui.cli.report")
    out = tmp_path / "findings.md"
    out.write_text("keep", encoding="utf-8")
    rc, stdout, err = _run(["report", str(report_file.parent), "-o", str(out)], capsys)
    assert rc == 2 and out.read_text(encoding="utf-8") == "keep"
    rc, stdout, err = _run(["report", str(report_file.parent), "-o", str(out), "--force"], capsys)
    assert rc in (0, 1), err
    assert out.read_text(encoding="utf-8") != "keep"
    assert _debris(tmp_path) == []
