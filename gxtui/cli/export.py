"""``gxtui export FILE --format json|toml|csv [-o OUT|-] [--force]``. Exit 0 written, 2 unusable
input or output."""

from __future__ import annotations

import click

from gxtui.cli.common import Options, command, load_or_fail, output_options, write_output


@command("export", help="export one report's canonical model (JSON, TOML or CSV)")
@click.argument("file")
@click.option("--format", "-f", "fmt", type=click.Choice(("json", "toml", "csv")), default="json")
@output_options
def command(opts: Options, file: str, fmt: str, output: str | None, force: bool) -> int:  # noqa: F811
    from gxtui.present.export import FORMATS  # noqa: PLC0415

    report = load_or_fail(file, opts.lang)
    if report is None:
        return 2
    # JSON and TOML are already escaped; CSV has no escape syntax, so controls become visible
    return 0 if write_output(output, FORMATS[fmt](report), force, always_safe=fmt == "csv") else 2
