"""Golden files: every JSON, CSV and text output of the CLI on data/, pinned in tests/golden/.

``make golden`` (``python scripts/golden.py``) regenerates them; ``python scripts/golden.py
--check`` (and tests/test_golden.py) compares. A deliberate change of an output updates its golden
file in the same commit, so the diff of the commit shows what changed for scripts and readers.

Every output is produced by ``gxtui.cli.main`` in-process from the repository root, with relative
paths, no colour, Chinese as the default language, an empty per-user data folder (no decisions
from this machine) and the time of day of the findings report replaced by ``<time>``.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"

PAIR = ("data/示例县教育局_2021.txt", "data/示例县教育局_2022.txt")
FILES = ("data/吕梁市教育局_2021.txt", "data/示例县教育局_2020.txt", *PAIR)
AGENCY = ("--agency", "示例县教育局")

# golden file name → (argv, JSON schema name or None)
CASES: dict[str, tuple[tuple[str, ...], str | None]] = {
    **{f"export-{Path(f).stem}.{fmt}": (("export", f, "-f", fmt), "export" if fmt == "json" else None)
       for f in FILES for fmt in ("json", "toml", "csv")},
    "check.txt": (("check", "data"), None),
    "check-en.txt": (("check", "data", "--lang", "en", "--width", "80"), None),
    "check-summary.txt": (("check", "data", "--summary"), None),
    "check-no-cross-year.txt": (("check", "data", "--no-cross-year", "--no-peers"), None),
    "check.json": (("check", "data", "-f", "json"), "check"),
    "check.csv": (("check", "data", "-f", "csv"), None),
    "diff.txt": (("diff", *PAIR), None),
    "diff-en.txt": (("diff", *PAIR, "--lang", "en"), None),
    "diff-wide.txt": (("diff", *PAIR, "--width", "140"), None),
    "diff-only-changes.txt": (("diff", *PAIR, "--only-changes"), None),
    "diff.json": (("diff", *PAIR, "-f", "json"), "diff"),
    "diff-folder.txt": (("diff", "data"), None),
    "diff-folder.json": (("diff", "data", "-f", "json"), "diff"),
    "trend.txt": (("trend", "data", *AGENCY), None),
    "trend-plot.txt": (("trend", "data", *AGENCY, "--plot"), None),
    "trend-plot-en.txt": (("trend", "data", *AGENCY, "--plot", "--lang", "en"), None),
    "trend.json": (("trend", "data", *AGENCY, "-f", "json"), "trend"),
    "coverage.txt": (("coverage", "data"), None),
    "coverage-en.txt": (("coverage", "data", "--lang", "en"), None),
    "coverage.json": (("coverage", "data", "-f", "json"), "coverage"),
    "coverage.csv": (("coverage", "data", "-f", "csv"), None),
    "peers.txt": (("peers", "data"), None),
    "peers-en.txt": (("peers", "data", "--lang", "en"), None),
    "peers.json": (("peers", "data", "-f", "json"), "peers"),
    "peers.csv": (("peers", "data", "-f", "csv"), None),
    "report.md": (("report", "data"), None),
    "report-en.md": (("report", "data", "--lang", "en"), None),
    "report.csv": (("report", "data", "-f", "csv"), None),
    "report.html": (("report", "data", "-f", "html"), None),
    "rules.txt": (("rules",), None),
    "rules-en.txt": (("rules", "--lang", "en"), None),
}

_SIGNATURE = re.compile(r"(?<=gxtui-findings-report )sha256=[0-9a-f]{64}")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:\d{2}|Z)?")


@contextlib.contextmanager
def environment():
    """Repository root, no colour, default language, an empty per-user data folder."""
    old_cwd, old_env = os.getcwd(), dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="gxtui-golden-") as home:
        os.chdir(ROOT)
        for k in ("GXTUI_LANG", "COLUMNS", "LINES"):
            os.environ.pop(k, None)
        os.environ.update({"NO_COLOR": "1", "XDG_DATA_HOME": home, "HOME": home,
                           "GXTUI_NO_CACHE": "1"})
        import platformdirs  # noqa: PLC0415

        saved = platformdirs.user_data_dir
        platformdirs.user_data_dir = lambda *a, **k: str(Path(home) / "userdata")  # type: ignore[assignment]
        try:
            yield
        finally:
            platformdirs.user_data_dir = saved  # type: ignore[assignment]
            os.chdir(old_cwd)
            os.environ.clear()
            os.environ.update(old_env)


def produce(argv: tuple[str, ...]) -> tuple[int, str]:
    """(exit code, standard output) of ``gxtui ARGV``, normalised (time of day)."""
    sys.path.insert(0, str(ROOT))
    from gxtui.cli import main  # noqa: PLC0415

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    # the findings report's signature hashes its text, generation time included
    return code, _SIGNATURE.sub("sha256=<sha256>", _TIME.sub("<time>", out.getvalue()))


def outputs() -> dict[str, str]:
    with environment():
        return {name: produce(argv)[1] for name, (argv, _) in CASES.items()}


def main(argv: list[str]) -> int:
    check = "--check" in argv
    got = outputs()
    bad = []
    for name, text in got.items():
        path = GOLDEN / name
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                bad.append(name)
        else:
            GOLDEN.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    stale = sorted(p.name for p in GOLDEN.glob("*") if p.name not in got and p.name != "README.md")
    if check:
        for name in bad:
            print(f"differs: tests/golden/{name}")
        for name in stale:
            print(f"not produced any more: tests/golden/{name}")
        return 1 if bad or stale else 0
    for name in stale:
        (GOLDEN / name).unlink()
    print(f"wrote {len(got)} golden files to {GOLDEN.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
