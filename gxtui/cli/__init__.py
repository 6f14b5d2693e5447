"""The ``gxtui`` command. Subcommands live in their own modules; each exposes
``register(subparsers)`` and a handler. Without a subcommand, gxtui opens the TUI.

Exit codes (all commands): 0 ok, 1 error-level findings, 2 unusable input or usage error.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMANDS = ("check", "diff", "export", "rules", "report", "trend")
EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, no traceback
        sys.stderr.write(f"gxtui: {message}\n")
        raise SystemExit(EXIT_INPUT)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="gxtui", description="审阅政府信息公开工作年度报告 / audit government "
                "information disclosure annual reports")
    p.add_argument("--lang", choices=("zh", "en"), default=os.environ.get("GXTUI_LANG", "zh"))
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    for name in COMMANDS:
        try:
            mod = importlib.import_module(f"gxtui.cli.{name}")
        except ModuleNotFoundError as e:
            if e.name == f"gxtui.cli.{name}":
                continue  # command not built yet
            raise
        mod.register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    first = _first_positional(argv)
    if first is None or first not in COMMANDS + ("compare",):
        if any(a in ("-h", "--help") for a in argv) and first is None:
            build_parser().print_help()
            return EXIT_OK
        return _tui(argv)
    if first == "compare":
        return _tui(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    from gxtui.cli import common  # noqa: PLC0415

    previous = common.LANG
    common.LANG = getattr(args, "lang", None) or previous  # read errors follow --lang too
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    finally:
        common.LANG = previous


_GLOBAL_VALUE_OPTIONS = ("--lang", "--config")


def _first_positional(argv: list[str]) -> str | None:
    """The subcommand (or first path), skipping global options and their values."""
    skip = False
    for a in argv:
        if skip:
            skip = False
            continue
        if a in _GLOBAL_VALUE_OPTIONS:
            skip = True
            continue
        if not a.startswith("-"):
            return a
    return None


def _tui(argv: list[str]) -> int:
    try:
        from gxtui.tui.launch import run  # noqa: PLC0415 - Textual only when the TUI is wanted
    except ModuleNotFoundError:
        sys.stderr.write("gxtui: the terminal UI is not available in this build; try `gxtui check PATH`\n")
        return EXIT_INPUT
    return run(argv)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
