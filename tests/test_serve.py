"""``gxtui serve``: the TUI in a browser (textual-serve), loopback by default.

The end-to-end test starts ``gxtui serve data`` on a free loopback port and drives it in headless
Debian ``chromium`` through Playwright (``executable_path``: no browser download): the library
appears, Enter opens a report, and a failing cell (``17!``) is on screen. xterm.js draws on a
canvas, so the test reads what the browser received over the page's websocket (the terminal
output it rendered) and keeps a screenshot. It skips, saying why, where no browser is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gxtui.cli import main
from gxtui.cli.serve import app_command, is_loopback

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[A-Za-z~]|\x1b[()][A-Z0-9]|\x1b[=>]")


def test_loopback_addresses() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("127.5.6.7") and is_loopback("::1")
    assert is_loopback("localhost") and is_loopback("[::1]")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10") and not is_loopback("example.org")


class FakeServer:
    made: list = []

    def __init__(self, command: str, host: str, port: int, **kw) -> None:
        FakeServer.made.append((command, host, port, kw))

    def serve(self) -> None:
        pass


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch):
    import textual_serve.server

    FakeServer.made = []
    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    return FakeServer


def test_serve_binds_loopback_by_default(fake_server, capsys) -> None:
    assert main(["serve", str(DATA), "--lang", "en"]) == 0
    (command, host, port, kw), = fake_server.made
    assert (host, port) == ("127.0.0.1", 8000)
    assert "--lang en" in command and command.endswith(str(DATA)) and " tui -- " in command
    assert "WARNING" not in capsys.readouterr().err


def test_non_loopback_needs_public_and_warns(fake_server, capsys) -> None:
    assert main(["serve", str(DATA), "--host", "0.0.0.0"]) == 2
    assert "--public" in capsys.readouterr().err and not fake_server.made
    assert main(["serve", str(DATA), "--host", "0.0.0.0", "--port", "8123", "--public"]) == 0
    err = capsys.readouterr().err
    assert "WARNING" in err and "authentication" in err
    assert fake_server.made[-1][1:3] == ("0.0.0.0", 8123)


def test_serve_refuses_a_missing_path(fake_server, capsys) -> None:
    assert main(["serve", "/no/such/folder"]) == 2
    assert "no such file" in capsys.readouterr().err and not fake_server.made


def test_app_command_quotes_paths(tmp_path: Path) -> None:
    d = tmp_path / "带 空格's"
    d.mkdir()
    cmd = app_command([str(d)], "zh", None)
    import shlex

    assert shlex.split(cmd)[-1] == str(d) and shlex.split(cmd)[:3] == [sys.executable, "-m", "gxtui"]


def _browser() -> str | None:
    for name in ("chromium", "chromium-browser"):
        p = shutil.which(name)
        if p:
            return p
    return "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"gxtui serve exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gxtui serve did not listen on port {port} in {seconds} s")


@pytest.mark.slow
def test_browser_library_report_failing_cell(tmp_path: Path) -> None:
    browser = _browser()
    if browser is None:
        pytest.skip("no chromium installed (apt-get install chromium) — the browser test needs one")
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not (DATA / "示例县教育局_2021.txt").exists():
        pytest.skip("data/ not available")
    port = _free_port()
    env = dict(os.environ, GXTUI_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.Popen([sys.executable, "-m", "gxtui", "serve", str(DATA), "--port", str(port)],
                            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        _wait_port(port, proc)
        received: list[bytes] = []

        def screen_text() -> str:
            return ANSI.sub("", b"".join(received).decode("utf-8", "ignore"))

        def wait_for(page, needle: str, seconds: float = 60) -> bool:
            for _ in range(int(seconds * 4)):
                if needle in screen_text():
                    return True
                page.wait_for_timeout(250)
            return False

        with playwright.sync_playwright() as pw:
            b = pw.chromium.launch(executable_path=browser, headless=True, args=["--no-sandbox"])
            try:
                page = b.new_page(viewport={"width": 1400, "height": 900})
                page.on("websocket", lambda ws: ws.on(
                    "framereceived", lambda f: received.append(f if isinstance(f, bytes) else b"")))
                page.goto(f"http://127.0.0.1:{port}/")
                # the library: its rows, counted per agency
                assert wait_for(page, "示例县教育局_2021.txt"), screen_text()[-2000:]
                assert wait_for(page, "吕梁市教育局")
                page.screenshot(path=str(tmp_path / "library.png"))
                page.mouse.click(700, 450)  # focus the terminal
                received.clear()
                # the rows are in triage order: move to 2021 (errors first) by searching for it
                for key in ("/", "2", "0", "2", "1", "Enter"):
                    page.keyboard.press(key)
                    page.wait_for_timeout(150)
                page.wait_for_timeout(500)
                received.clear()
                page.keyboard.press("Enter")  # opens the report
                assert wait_for(page, "示例县教育局 2021"), screen_text()[-2000:]
                page.keyboard.press("n")  # the first finding: 表三 （七）总计 / 自然人
                assert wait_for(page, "17!"), screen_text()[-3000:]
                page.screenshot(path=str(tmp_path / "report.png"))
                assert (tmp_path / "report.png").stat().st_size > 10_000
            finally:
                b.close()
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def test_global_options_before_and_after(fake_server, tmp_path) -> None:
    good = tmp_path / "good.toml"
    good.write_text("[rules.X-1]\nenabled = false\n", encoding="utf-8")
    for argv in (["--lang", "en", "--config", str(good), "serve", str(DATA)],
                 ["serve", str(DATA), "--lang", "en", "--config", str(good)],
                 ["--lang", "zh", "serve", str(DATA), "--lang", "en"]):  # after wins
        assert main(argv) == 0, argv
        command = fake_server.made[-1][0]
        assert "--lang en" in command
    assert f"--config {good}" in fake_server.made[0][0]
