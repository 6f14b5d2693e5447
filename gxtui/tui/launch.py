"""Entry point of the terminal UI: ``gxtui [PATH...]`` and ``gxtui compare OLD NEW``.

Kept tiny on purpose: nothing here (nor in the app modules) imports polars, the readers or the
extractor. Files are found and parsed in a worker after the first frame is on screen.
"""

from __future__ import annotations

import argparse
import os
import sys


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        sys.stderr.write(f"gxtui: {message}\n")
        raise SystemExit(2)


def parse(argv: list[str]) -> argparse.Namespace:
    p = _Parser(prog="gxtui", description="审阅政府信息公开工作年度报告 / review annual reports "
                "in the terminal. `gxtui [PATH...]` or `gxtui compare OLD NEW`.")
    p.add_argument("--lang", choices=("zh", "en"), default=None)
    p.add_argument("--config", default=None, help="gxtui.toml with rule settings")
    p.add_argument("paths", nargs="*", help="report files or folders (default: current folder)")
    ns = p.parse_args(argv)
    ns.compare = None
    if ns.paths and ns.paths[0] == "compare":
        if len(ns.paths) != 3:
            p.error("compare needs two files: gxtui compare OLD NEW")
        ns.compare = (ns.paths[1], ns.paths[2])
        ns.paths = [ns.paths[1], ns.paths[2]]
    return ns


def run(argv: list[str] | None = None) -> int:
    """Parse ``argv``, run the app, return an exit code (0 ok, 2 usage or input error)."""
    ns = parse(list(sys.argv[1:] if argv is None else argv))
    lang = ns.lang or os.environ.get("GXTUI_LANG", "zh")
    from gxtui.tui import i18n  # noqa: PLC0415

    i18n.set_lang(lang)
    for p in ns.paths:
        if not os.path.exists(p):
            sys.stderr.write(f"gxtui: {p}: no such file or folder\n")
            return 2
    if ns.config and not os.path.exists(ns.config):
        sys.stderr.write(f"gxtui: config file not found: {ns.config}\n")
        return 2
    from gxtui.tui.app import GxtuiApp  # noqa: PLC0415

    app = GxtuiApp(paths=ns.paths or ["."], compare=ns.compare, config_path=ns.config)
    rc = app.run()
    return int(rc or 0)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(run())
