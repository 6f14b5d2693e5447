"""``gxtui serve [PATH...]``: the same terminal UI in a web browser (textual-serve).

Every browser tab that opens the page starts its own ``gxtui`` process on PATH... on this
machine, with this user's rights. There is no authentication: the server binds to the loopback
address (127.0.0.1) unless ``--host`` names another address, and then only with ``--public``,
after a warning on stderr. Exit codes: 0 stopped with Ctrl+C, 2 bad input.
"""

from __future__ import annotations

import ipaddress
import os
import shlex
import sys

import click

from gxtui.cli.common import EXIT_INPUT, EXIT_OK, Options, command

LOOPBACK_NAMES = ("localhost", "ip6-localhost", "ip6-loopback")


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and localhost; every other address (0.0.0.0 too) is reachable from
    elsewhere."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def app_command(paths: list[str], lang: str, config: str | None) -> str:
    """The shell command textual-serve runs for each browser session: this Python, this gxtui."""
    parts = [sys.executable, "-m", "gxtui", "--lang", lang]
    if config:
        parts += ["--config", os.path.abspath(config)]
    parts += ["tui", "--", *[os.path.abspath(p) for p in paths]]
    return " ".join(shlex.quote(p) for p in parts)


@command("serve", help="the terminal UI in a web browser (textual-serve); loopback only unless "
                       "--host ADDRESS --public (no authentication)")
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="port to listen on")
@click.option("--public", is_flag=True, help="allow a non-loopback --host (anyone who can reach "
                                             "it can read the reports: there is no login)")
def command(opts: Options, paths: tuple[str, ...], host: str, port: int, public: bool) -> int:  # noqa: F811
    paths_ = list(paths) or ["."]
    for p in paths_:
        if not os.path.exists(p):
            sys.stderr.write(f"gxtui: {p}: no such file or folder\n")
            return EXIT_INPUT
    if opts.config_path and not os.path.exists(opts.config_path):
        sys.stderr.write(f"gxtui: config file not found: {opts.config_path}\n")
        return EXIT_INPUT
    if not is_loopback(host):
        if not public:
            sys.stderr.write(f"gxtui: --host {host} is reachable from other machines and gxtui serve "
                             "has no authentication; add --public to serve there anyway\n")
            return EXIT_INPUT
        sys.stderr.write(f"gxtui: WARNING: serving on {host}:{port} without authentication: anyone "
                         "who can reach this address can open the reports and save review "
                         "decisions\n")
    try:
        from textual_serve.server import Server  # noqa: PLC0415
    except ImportError:  # pragma: no cover - a dependency of gxtui
        sys.stderr.write("gxtui: serve needs textual-serve (pip install textual-serve)\n")
        return EXIT_INPUT
    url_host = f"[{host}]" if ":" in host else host
    server = Server(app_command(paths_, opts.lang, opts.config_path), host=host, port=port,
                    title="gxtui", public_url=f"http://{url_host}:{port}")
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    except OSError as e:
        sys.stderr.write(f"gxtui: cannot listen on {host}:{port}: {e.strerror or e}\n")
        return EXIT_INPUT
    return EXIT_OK
