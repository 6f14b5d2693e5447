"""The ``gxtui`` command (click). One module per subcommand; without a subcommand — or with a
path where the subcommand would be — gxtui opens the TUI (Posting's ``DefaultGroup`` pattern):
``gxtui``, ``gxtui FOLDER``, ``gxtui compare OLD NEW``.

The global options ``--lang``, ``--config`` and ``--no-color`` are accepted before and after the
subcommand (``gxtui --lang en check data`` = ``gxtui check data --lang en``); an option given
after the subcommand wins. Usage errors are one line on stderr and exit 2. Exit codes per
command: README, section "Commands".
"""

from __future__ import annotations

import sys

import click
from click_default_group import DefaultGroup

from gxtui.cli.common import EXIT_INPUT, EXIT_OK, global_options

COMMANDS = ("check", "diff", "export", "report", "review", "rules", "schema", "trend", "coverage",
            "peers", "dataset", "compare", "tui")


class _Group(DefaultGroup):
    """Subcommands are imported when called (``gxtui check`` never imports Textual)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [c for c in COMMANDS if c != "tui"]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        import importlib  # noqa: PLC0415

        return importlib.import_module(f"gxtui.cli.{name}").command

    def resolve_command(self, ctx: click.Context, args: list[str]):  # noqa: ANN201
        # a path where a subcommand would be opens the TUI on it (``gxtui data/``)
        if args and args[0] not in COMMANDS and not args[0].startswith("-"):
            args.insert(0, self.default_cmd_name)
        return super().resolve_command(ctx, args)


@click.group(cls=_Group, default="tui", default_if_no_args=True,
             context_settings={"help_option_names": ["-h", "--help"]},
             help="审阅政府信息公开工作年度报告 / audit government information disclosure annual "
                  "reports. Without a command: the terminal UI on PATH... (default: this folder).")
@global_options
def cli(**_: object) -> None:
    pass


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (never raises for bad input)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        rv = cli.main(args=args, prog_name="gxtui", standalone_mode=False)
    except click.exceptions.Exit as e:
        return int(e.exit_code)
    except click.ClickException as e:
        sys.stderr.write(f"gxtui: {' '.join(e.format_message().split())}\n")
        return EXIT_INPUT
    except (click.Abort, KeyboardInterrupt):
        return 130
    except BrokenPipeError:
        return EXIT_OK
    return int(rv or 0)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
