"""Entry point of the terminal UI (``gxtui [PATH...]`` and ``gxtui compare OLD NEW``, parsed by
``gxtui.cli``).

Kept tiny on purpose: nothing here (nor in the app modules) imports polars, the readers or the
extractor. Files are found and parsed in a worker after the first frame is on screen; ``gxtui
compare`` computes its comparison in a forked process started before Textual is imported
(``ForkedAudit``).
"""

from __future__ import annotations

import os
import sys
from typing import Any


class ForkedAudit:
    """``gxtui compare OLD NEW``: both years read, parsed and audited (``gxtui.audit.audit_pair``)
    in a child process forked before Textual is imported, so that the domain work runs on the
    other core while this process starts the TUI, instead of sharing its interpreter lock (issue
    15: the imports, the two loads and the audit cost about as much as Textual's whole start).

    The child sends the pickled ``PairAudit`` (or the error line the comparison worker would
    show) through a pipe and exits; ``result`` reads it. The comparison is the one the thread path
    (``gxtui.tui.app._Preload`` then ``audit_pair``) computes: same loads, the same configuration
    (``Config.load`` of the same file, the defaults when it is broken, as the app does), in the
    same order — only in another process. Where ``os.fork`` is missing, threads run already (a
    fork would copy their locks) or GXTUI_NO_FORK is set, ``start`` returns None and the app
    takes the thread path."""

    def __init__(self, old: str, new: str, config_path: str | None, pid: int, fd: int) -> None:
        self.paths = (old, new)
        self.config_path = config_path
        self.pid = pid
        self._fd = fd
        self._got: tuple[Any, str | None] | None = None
        self._done = False

    @classmethod
    def start(cls, old: str, new: str, config_path: str | None) -> "ForkedAudit | None":
        import threading  # noqa: PLC0415

        if not hasattr(os, "fork") or threading.active_count() > 1 or os.environ.get("GXTUI_NO_FORK"):
            return None
        r, w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            return None
        if pid == 0:  # the child: never returns
            os.close(r)
            _child(w, old, new, config_path)
        os.close(w)
        return cls(old, new, config_path, pid, r)

    def ready(self, timeout: float = 0.0) -> bool:
        """The child has its result (it writes only once the audit is pickled), waiting at most
        ``timeout`` seconds."""
        if self._done:
            return True
        import select  # noqa: PLC0415

        return bool(select.select([self._fd], [], [], timeout)[0])

    def result(self) -> tuple[Any, str | None] | None:
        """(the ``PairAudit``, None), or (None, the error line the worker would show); waits for
        the child. None when the child gave no result (it died, or its result did not pickle):
        the app then computes the comparison itself."""
        if self._done:
            return self._got
        self._done = True
        import pickle  # noqa: PLC0415

        chunks = []
        try:
            while True:
                b = os.read(self._fd, 1 << 20)
                if not b:
                    break
                chunks.append(b)
        finally:
            os.close(self._fd)
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
        data = b"".join(chunks)
        try:
            self._got = pickle.loads(data) if data else None
        except Exception:  # noqa: BLE001 - cut short: computed here instead
            self._got = None
        return self._got


def _child(fd: int, old: str, new: str, config_path: str | None) -> None:
    """The forked child of ``ForkedAudit.start``: audit the pair, write the pickled result to
    ``fd``, exit without running the parent's exit handlers (nothing of the parent is flushed
    twice). Its standard streams go to /dev/null: the terminal belongs to the parent."""
    code = 0
    try:
        import gc  # noqa: PLC0415

        gc.disable()  # a short life ended by os._exit: its cycles are never worth a pass
        null = os.open(os.devnull, os.O_RDWR)
        for std in (0, 1, 2):
            os.dup2(null, std)
        import pickle  # noqa: PLC0415

        got: tuple[Any, str | None]
        try:
            got = (_audit(old, new, config_path), None)
        except Exception as e:  # noqa: BLE001 - the comparison screen shows it
            got = (None, getattr(e, "message", None) or f"{type(e).__name__}: {e}")
        data = pickle.dumps(got, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except BaseException:  # noqa: BLE001 - the parent reads no result and says so
        code = 1
    finally:
        os._exit(code)


def _audit(old: str, new: str, config_path: str | None) -> Any:
    """What the app's comparison worker does on the thread path: load both years, the
    configuration (the defaults when it is broken), audit the pair."""
    from gxtui.audit import audit_pair  # noqa: PLC0415
    from gxtui.config import Config, ConfigError  # noqa: PLC0415
    from gxtui.extract import load  # noqa: PLC0415

    ro, rn = load(old), load(new)
    try:
        config = Config.load(config_path)
    except ConfigError:
        config = Config()
    return audit_pair(ro, rn, config)


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
    early = ForkedAudit.start(*compare, config) if compare is not None else None
    import gc  # noqa: PLC0415

    # paused while Textual starts: its imports and widgets allocate ~100,000 objects, none of
    # them garbage, and the collector's passes over them (a full one during the first layout)
    # cost ~25 ms before the first frame; the app resumes it once the first data is shown
    paused = gc.isenabled()
    if paused:
        gc.disable()
    from gxtui.tui.app import GxtuiApp  # noqa: PLC0415

    # `gxtui FILE` opens that report (the library holds it, one row, for Esc)
    single = compare is None and len(paths) == 1 and os.path.isfile(paths[0])
    app = GxtuiApp(paths=paths, compare=compare, config_path=config, lang=lang, open_single=single,
                   early=early, gc_paused=paused)
    rc = app.run()
    return int(rc or 0)
