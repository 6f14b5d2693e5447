"""``gxtui schema export|check|diff|trend|coverage|peers``: the JSON Schema (draft 2020-12) of a JSON
output."""

from __future__ import annotations

import json
import sys

import click

from gxtui.cli.common import Options, command
from gxtui.present.schema import SCHEMAS


@command("schema", help="print the JSON Schema of a JSON output (export, check, diff, trend, coverage, peers)")
@click.argument("name", type=click.Choice(SCHEMAS))
def command(opts: Options, name: str) -> int:  # noqa: F811
    from gxtui.present.schema import schema  # noqa: PLC0415

    sys.stdout.write(json.dumps(schema(name), ensure_ascii=False, indent=2) + "\n")
    return 0
