"""Entry point of the terminal UI (``gxtui [PATH...]`` and ``gxtui compare OLD NEW``, parsed by
``gxtui.cli``).

Kept tiny on purpose: nothing here (nor in the app modules) imports polars, the readers or the
extractor. Files are found and parsed in a worker after the first frame is on screen.
"""

from __future__ import annotations

import os
import sys


def run(paths: list[str], compare: tuple[str, str] | None = None, lang: str | None = None,
        config: str | None = None) -> int:
    """Run the app; returns an exit code (0 ok, 2 input error)."""
    for p in paths:
        if not os.path.exists(p):
            sys.stderr.write(f"gxtui: {p}: no such file or folder\n")
            return 2
    if config and not os.path.exists(config):
        sys.stderr.write(f"gxtui: config file not found: {config}\n")
        return 2
    from gxtui.tui.app import GxtuiApp  # noqa: PLC0415

    # `gxtui FILE` opens that report (the library holds it, one row, for Esc)
    single = compare is None and len(paths) == 1 and os.path.isfile(paths[0])
    app = GxtuiApp(paths=paths, compare=compare, config_path=config, lang=lang, open_single=single)
    rc = app.run()
    return int(rc or 0)
