"""First-frame time of the TUI against a bare Textual app (Header, DataTable, Footer), measured in
the same run, alternating, in a real pseudo-terminal.

A run starts the program under a pty of 80x24 and stops the clock when the first *data* is on
the terminal, not the first frame: for ``gxtui data/`` the first library row (an agency of
``data/``, "示例县教育局", which is in every row of that folder, from the file list or the parsed
report), for ``gxtui compare A B`` the comparison's summary line ("处数值变化", shown once the
comparison is computed, not its loading line), and for the bare app (Header, DataTable, Footer)
its one data row holding the same text. The column header times are recorded too
(``header``). Several runs each, alternating; medians and ratios are written to
bench/results/tui_start.json. Target (issue 15): first data row ≤ 1.3× the bare app.

    python bench/tui_start.py [--runs 7]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import platform
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# a bare Textual app (Header, DataTable, Footer) whose ``fill`` puts the one data row in
_BARE_APP = r'''
import sys
from textual.app import App
from textual.widgets import DataTable, Footer, Header
class Bare(App):
    TITLE = "gxtui"
    def compose(self):
        yield Header()
        yield DataTable(id="t")
        yield Footer()
    def on_mount(self):
        t = self.query_one(DataTable)
        for c in ("状态", "机关", "年度"):
            t.add_column(c)
        self.fill(t)
'''
BARE = _BARE_APP + r'''
    def fill(self, t):
        t.add_row("未读", "示例县教育局", "2021")
Bare().run()
'''
# the same bare app doing the comparison's own work before it shows its row: import the domain,
# read and parse both years, audit the pair (rules + comparison) in a thread: the floor of a
# one-process ``gxtui compare``. gxtui computes it in a child forked before Textual is imported
# (gxtui.tui.launch.ForkedAudit), on the other core, so it can come in under this floor when that
# core is free; on a busy machine the two processes share one core and it cannot
BARE_COMPARE = _BARE_APP + r'''
    def fill(self, t):
        self.run_worker(self.work, thread=True)
    def work(self):
        from gxtui.audit import audit_pair
        from gxtui.config import Config
        from gxtui.extract import load
        audit = audit_pair(load(sys.argv[1]), load(sys.argv[2]), Config.load(None))
        self.call_from_thread(self.query_one(DataTable).add_row, "处数值变化", str(len(audit.items)), "")
Bare().run()
'''


def first_frame(cmd: list[str], marker: str, timeout: float = 20.0) -> float:
    """Seconds from spawn until ``marker`` has been written to the terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="80", LINES="24")
    env.pop("TEXTUAL", None)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env,
                            start_new_session=True)
    os.close(slave)
    buf = b""
    want = marker.encode("utf-8")
    elapsed = float("nan")
    try:
        while time.perf_counter() - t0 < timeout:
            r, _, _ = select.select([master], [], [], 0.05)
            if r:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                buf += chunk
                if want in buf:
                    elapsed = time.perf_counter() - t0
                    break
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        os.close(master)
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    py = sys.executable
    data = ROOT / "data"
    pair = [str(data / "示例县教育局_2021.txt"), str(data / "示例县教育局_2022.txt")]
    row = "示例县教育局"
    cases = {
        "bare": ([py, "-c", BARE], row),
        "library": ([py, "-m", "gxtui", str(data)], row),
        "compare": ([py, "-m", "gxtui", "compare", *pair], "处数值变化"),
        "compare floor": ([py, "-c", BARE_COMPARE, *pair], "处数值变化"),
        "bare header": ([py, "-c", BARE], "机关"),
        "library header": ([py, "-m", "gxtui", str(data)], "机关"),
    }
    times: dict[str, list[float]] = {k: [] for k in cases}
    # gxtui's bytecode, as an installed program has it: pip compiles Textual's at install, but an
    # editable install compiles gxtui's on first import only where PYTHONDONTWRITEBYTECODE is
    # unset (it is set on this machine: every start compiled ~45 modules, ≈ 0.1–0.2 s)
    subprocess.run([py, "-m", "compileall", "-q", str(ROOT / "gxtui")], check=False)
    for name, (cmd, marker) in cases.items():  # warm-up (page cache)
        first_frame(cmd, marker)
    for _ in range(args.runs):
        for name, (cmd, marker) in cases.items():
            times[name].append(first_frame(cmd, marker))
    med = {k: statistics.median(v) for k, v in times.items()}
    result = {
        "what": "seconds from process start to first frame on an 80x24 pty",
        "runs": args.runs,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "times": times,
        "median": med,
        "ratio_library_vs_bare": med["library"] / med["bare"],
        "ratio_compare_vs_bare": med["compare"] / med["bare"],
        "ratio_compare_vs_floor": med["compare"] / med["compare floor"],
        "ratio_library_header_vs_bare_header": med["library header"] / med["bare header"],
        "target_ratio": 1.3,
        "markers": {k: m for k, (_c, m) in cases.items()},
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "tui_start.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for k in cases:
        print(f"{k:15s} median {med[k] * 1000:7.1f} ms  runs {[round(x * 1000) for x in times[k]]}")
    print(f"baseline (same run): bare Textual app, first data row {med['bare'] * 1000:.0f} ms")
    print(f"first data row: library/bare {result['ratio_library_vs_bare']:.2f}  "
          f"compare/bare {result['ratio_compare_vs_bare']:.2f}  (target <= 1.3); "
          f"compare/compare floor {result['ratio_compare_vs_floor']:.2f}; "
          f"column header only: library/bare {result['ratio_library_header_vs_bare_header']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
