"""The domain layer never imports Textual (the TUI is a thin layer on top)."""

import subprocess
import sys


def test_domain_does_not_import_textual() -> None:
    code = ("import sys\n"
            "import gxtui.extract, gxtui.check, gxtui.compare, gxtui.export, gxtui.cli\n"
            "import gxtui.analytics.coverage, gxtui.analytics.peers, gxtui.analytics.series\n"
            "import gxtui.analytics.svg, gxtui.analytics.plot, gxtui.analytics.dataset\n"
            "from gxtui.check import check_report\n"
            "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
            "assert not bad, bad\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_tui_launcher_is_light() -> None:
    """Importing the launcher and the app does not load polars, the readers or the extractor."""
    code = ("import sys\n"
            "import gxtui.tui.launch, gxtui.tui.app, gxtui.tui.screens.library\n"
            "heavy = [m for m in ('polars', 'gxtui.read', 'gxtui.extract', 'gxtui.compare') "
            "if m in sys.modules]\n"
            "assert not heavy, heavy\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_analytics_loads_polars_and_plotext_only_when_used() -> None:
    """Importing the analytics modules costs no polars/plotext (the TUI imports them early)."""
    code = ("import sys\n"
            "import gxtui.analytics.coverage, gxtui.analytics.peers, gxtui.analytics.series\n"
            "import gxtui.analytics.svg, gxtui.analytics.plot, gxtui.analytics.dataset\n"
            "heavy = [m for m in ('polars', 'plotext', 'textual') if m in sys.modules]\n"
            "assert not heavy, heavy\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
