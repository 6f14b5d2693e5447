"""One file at a time in a worker process with a memory and a wall-clock limit.

The readers count what they materialise against one budget per file (``gxtui.read.budget``), but
a folder collected from many agencies can still hold a file that finds a slow path nobody
budgeted. Batch commands (``gxtui check`` on a folder) and the library therefore read and check
each file in a worker process whose address space is capped (``RLIMIT_AS``, default 1 GiB beyond
what the worker inherits) and whose work on one file is limited in time (default 15 s): a worker
over either limit is stopped and replaced, the file gets a one-line error, and the rest of the
folder is still checked.

    for outcome in run_many(paths, fn, jobs=2, timeout=15, mem=1 << 30):
        outcome.item, outcome.value      # fn(item) when it finished
        outcome.error                    # else: "too complex to read safely: …" (one line)

``fn`` runs in the worker and must return something picklable; with the ``fork`` start method
(the default on Linux while the process has one thread) it may be any callable, with
``forkserver``/``spawn`` it must be importable by name. Results come back in input order.
Exceptions other than ``MemoryError`` are ``fn``'s business (catch them there); one that escapes
becomes the outcome's ``error``. Nothing here knows about reports. Imports only the stdlib.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import select
import signal
import sys
import threading
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Generic, Iterable, Iterator, TypeVar

__all__ = ["DEFAULT_TIMEOUT", "DEFAULT_MEMORY", "Outcome", "Pool", "run_many", "run_one", "limits_text",
           "TimeLimit", "time_limit"]

DEFAULT_TIMEOUT = 15.0  # seconds of wall-clock time per file
DEFAULT_MEMORY = 1 << 30  # bytes of address space per worker

T = TypeVar("T")
R = TypeVar("R")

_PREFIX = "too complex to read safely: "


@dataclass
class Outcome(Generic[T]):
    """What became of one item: ``value`` (``fn(item)``) or a one-line ``error``; ``reason`` is
    "timeout", "memory", "crash" or "error" when it failed; ``seconds`` is the wall time."""

    index: int
    item: Any
    value: Any = None
    error: str | None = None
    reason: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


def _mb(n: int) -> str:
    return f"{n / (1 << 20):,.0f} MB"


def limits_text(timeout: float | None, mem: int | None) -> str:
    """"15 s, 1,024 MB" (for help texts and reports)."""
    return f"{'no time limit' if not timeout else f'{timeout:g} s'}, " \
           f"{'no memory limit' if not mem else _mb(mem)}"


def timeout_message(timeout: float) -> str:
    return f"{_PREFIX}reading and checking it took longer than {timeout:g} s (stopped)"


def memory_message(mem: int) -> str:
    return f"{_PREFIX}reading and checking it needed more than {_mb(mem)} of memory (stopped)"


def crash_message(code: int | None) -> str:
    how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    return f"{_PREFIX}the worker reading it stopped unexpectedly ({how})"


# -- the worker ---------------------------------------------------------------------------------

def _mapped() -> int:
    """The address space this process already uses (bytes; 0 when the system does not say)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit_memory(mem: int | None) -> None:
    """Cap the worker's address space at ``mem`` bytes beyond what it inherited. A fork of a
    large parent (the TUI, a test runner with polars and Textual loaded) can already map more
    than ``mem``: a cap counted from zero then refused the first lazy import (lxml's shared
    object: "failed to map segment") and every HTML or Word file became an internal error."""
    if not mem:
        return
    try:
        import resource  # noqa: PLC0415

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        want = mem + _mapped()
        want = want if hard == resource.RLIM_INFINITY else min(want, hard)
        resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not on this platform
        pass


def _serve(conn: Connection, fn: Callable[[Any], Any], mem: int | None) -> None:
    """Worker loop: receive (index, item), answer (index, "ok"|"memory"|"error", value)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    _limit_memory(mem)
    import gc  # noqa: PLC0415

    # what the worker inherited (modules, the parent's data) is never garbage: keep the
    # collector off it (each full collection walked all of it again)
    gc.freeze()
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        index, item = msg
        try:
            value = fn(item)
        except MemoryError:
            value = None
            try:
                conn.send((index, "memory", None))
            except Exception:  # noqa: BLE001 - nothing left to say it with
                pass
            os._exit(3)  # the heap may be in any state: a fresh worker takes over
        except BaseException as e:  # noqa: BLE001 - reported as the item's error
            conn.send((index, "error", f"{type(e).__name__}: {e}"))
            continue
        try:
            conn.send((index, "ok", value))
        except MemoryError:
            os._exit(3)
        except Exception as e:  # noqa: BLE001 - unpicklable result
            conn.send((index, "error", f"cannot return the result ({type(e).__name__}: {e})"))


class _Worker:
    """One worker process and the items sent to it, oldest first: the first is being worked on
    (since ``started``), the others wait in its pipe so that it never waits for the parent."""

    def __init__(self, ctx: Any, fn: Callable, mem: int | None) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_serve, args=(child, fn, mem), daemon=True)
        self.proc.start()
        child.close()
        self.tasks: deque[tuple[int, Any]] = deque()
        self.started = 0.0

    @property
    def task(self) -> tuple[int, Any] | None:
        """The item being worked on, if any."""
        return self.tasks[0] if self.tasks else None

    def give(self, index: int, item: Any) -> None:
        self.conn.send((index, item))
        if not self.tasks:
            self.started = time.monotonic()
        self.tasks.append((index, item))

    def finished(self, now: float) -> tuple[int, Any]:
        """The first item is answered: the next one (already sent) starts now."""
        done = self.tasks.popleft()
        self.started = now
        return done

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        try:
            self.conn.close()
        except OSError:  # pragma: no cover
            pass

    def close(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(1)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)
        self.conn.close()


def _ready(objects: list[Any], timeout: float | None) -> list[Any]:
    """``multiprocessing.connection.wait`` for pipes and process sentinels, with one
    ``select.poll`` call (wait builds and tears down a selector each time: ≈ 30 µs a call, and
    the parent of a batch calls it once or twice per file)."""
    poll_cls = getattr(select, "poll", None)
    if poll_cls is None:  # pragma: no cover - not on this platform
        return wait(objects, timeout)
    poller = poll_cls()
    by_fd: dict[int, list[Any]] = {}
    for o in objects:
        fd = o if isinstance(o, int) else o.fileno()
        if fd not in by_fd:
            poller.register(fd, select.POLLIN)
        by_fd.setdefault(fd, []).append(o)
    events = poller.poll(None if timeout is None else max(0, int(timeout * 1000 + 0.999)))
    return [o for fd, _ev in events for o in by_fd.get(fd, ())]


def _context(method: str | None) -> Any:
    if method is None:
        # fork is fastest and takes any callable, but forking a process with other threads running
        # (the TUI) can copy a held lock into the child: use forkserver there
        methods = mp.get_all_start_methods()
        if "fork" in methods and threading.active_count() == 1:
            method = "fork"
        elif "forkserver" in methods:
            method = "forkserver"
        else:
            method = "spawn"
    return mp.get_context(method)


class Pool:
    """Workers kept between calls of ``map`` (so that a worker can keep what it read for a later
    item, e.g. reports for the cross-year pairs); ``close`` (or ``with``) stops them."""

    # items sent to a worker ahead: the next ones wait in its pipe, so the worker goes on while
    # the parent is busy (on two cores the parent shares a core with the workers); a worker that
    # stops hands its waiting items back, and an item's time limit counts from when it starts
    DEPTH = 6
    # With that many queued, the parent need not wake for every answer: it sleeps (at most GATHER
    # seconds, and never so long that a worker could run out of items) and takes the answers that
    # arrived meanwhile in one go. Each wake-up of the parent costs it ≈ 0.1 ms of CPU beside
    # busy workers (a cold cache and a context switch), more than handling an answer does; on two
    # cores that CPU is taken from the workers.
    GATHER = 0.010

    def __init__(self, fn: Callable[[Any], Any], jobs: int = 1, timeout: float | None = DEFAULT_TIMEOUT,
                 mem: int | None = DEFAULT_MEMORY, *, method: str | None = None) -> None:
        self.fn, self.jobs, self.timeout, self.mem = fn, max(1, jobs), timeout or None, mem or None
        self._ctx = _context(method)
        self._workers: list[_Worker] = []

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for w in self._workers:
            if w.tasks:
                w.stop()
            else:
                w.close()
        self._workers = []

    def _drop(self, w: _Worker, *, at_work: bool = True) -> list[tuple[int, Any]]:
        """Stop ``w``; returns the items it had not started (all of them unless ``at_work``:
        the first is the one it was working on)."""
        waiting = list(w.tasks)[1:] if at_work else list(w.tasks)
        w.tasks.clear()
        w.stop()
        self._workers.remove(w)
        return waiting

    def map(self, items: Iterable[T]) -> Iterator[Outcome[T]]:
        """An ``Outcome`` per item, in input order (see ``run_many``)."""
        items = list(items)
        timeout, mem = self.timeout, self.mem
        jobs = min(self.jobs, len(items)) if items else 0
        depth = self.DEPTH if len(items) > jobs else 1
        pending = list(enumerate(items))
        pending.reverse()  # pop() from the end in input order
        done: dict[int, Outcome] = {}
        nxt = 0
        workers = self._workers

        def give_back(waiting: list[tuple[int, Any]]) -> None:
            pending.extend(reversed(waiting))  # they go out again first, in order

        def assign() -> None:
            idle = sum(1 for w in workers if not w.tasks)
            while len(workers) < jobs and idle < len(pending):
                workers.append(_Worker(self._ctx, self.fn, mem))
                idle += 1
            for level in range(depth):  # one item to every worker before a second to any
                for w in list(workers):
                    if len(w.tasks) == level and pending:
                        i, item = pending.pop()
                        try:
                            w.give(i, item)
                        except (OSError, EOFError):  # the worker died (on the item it had, if any)
                            first = w.tasks[0] if w.tasks else (i, item)
                            if w.tasks:
                                pending.append((i, item))
                            done[first[0]] = Outcome(first[0], first[1],
                                                     error=crash_message(w.proc.exitcode), reason="crash")
                            give_back(self._drop(w))

        item_time = 0.0  # running mean of an item's wall time (what a worker's queue lasts)
        try:
            while nxt < len(items):
                assign()
                busy = [w for w in workers if w.tasks]
                if busy:
                    wait_for = None
                    if timeout:
                        wait_for = max(0.0, min(w.started + timeout for w in busy) - time.monotonic())
                    if depth > 1 and item_time:
                        # half of what the shortest queue holds beyond its running item
                        nap = min(self.GATHER, (min(len(w.tasks) for w in busy) - 1) * item_time / 2,
                                  wait_for if wait_for is not None else self.GATHER)
                        if nap > 0.0005:
                            time.sleep(nap)
                            if wait_for is not None:
                                wait_for = max(0.0, wait_for - nap)
                    ready = _ready([w.conn for w in busy] + [w.proc.sentinel for w in busy], wait_for)
                    now = time.monotonic()
                    for w in busy:
                        if w.conn in ready or w.proc.sentinel in ready:
                            while w.tasks:
                                i, item = w.tasks[0]
                                broken = False
                                try:
                                    got = w.conn.recv() if _ready([w.conn], 0) else None
                                except (EOFError, OSError):
                                    got, broken = None, True
                                if got is None:
                                    if not broken and w.proc.sentinel not in ready and w.proc.is_alive():
                                        break  # answered what it had; still at work
                                    w.proc.join(5)  # died without an answer
                                    done[i] = Outcome(i, item, error=crash_message(w.proc.exitcode),
                                                      reason="crash", seconds=now - w.started)
                                    give_back(self._drop(w))
                                    break
                                _, status, value = got
                                o = Outcome(i, item, seconds=now - w.started)
                                if status == "ok":
                                    o.value = value
                                elif status == "memory":
                                    o.error, o.reason = memory_message(mem or 0), "memory"
                                else:
                                    o.error, o.reason = f"internal error ({value})", "error"
                                done[i] = o
                                item_time = o.seconds if not item_time else 0.8 * item_time + 0.2 * o.seconds
                                w.finished(now)
                                if status == "memory":  # it stopped after saying so
                                    give_back(self._drop(w, at_work=False))
                                    break
                        elif timeout and now - w.started >= timeout:
                            i, item = w.tasks[0]
                            done[i] = Outcome(i, item, error=timeout_message(timeout), reason="timeout",
                                              seconds=now - w.started)
                            give_back(self._drop(w))
                # the next items go out before the caller handles these results (prints them, say):
                # the workers do not wait for the caller
                assign()
                while nxt in done:
                    yield done.pop(nxt)
                    nxt += 1
        finally:
            for w in list(workers):  # abandoned midway: stop what is still running
                if w.tasks:
                    self._drop(w)


def run_many(items: Iterable[T], fn: Callable[[T], R], jobs: int = 1,
             timeout: float | None = DEFAULT_TIMEOUT, mem: int | None = DEFAULT_MEMORY, *,
             method: str | None = None) -> Iterator[Outcome[T]]:
    """``fn(item)`` for every item, each in a worker process limited to ``mem`` bytes of address
    space and ``timeout`` seconds (``None``/0: no limit); at most ``jobs`` workers at once.
    Yields an ``Outcome`` per item in input order, as soon as it and all before it are done. A
    worker over a limit, or one that dies, is replaced; the remaining items still run."""
    items = list(items)
    if not items:
        return
    with Pool(fn, jobs, timeout, mem, method=method) as pool:
        yield from pool.map(items)


class TimeLimit(BaseException):
    """Raised inside the code run under ``time_limit`` when its time is up; ``str()`` is the
    one-line message ("too complex to read safely: … took longer than N s (stopped)"). A
    ``BaseException``, like ``KeyboardInterrupt``: the broad ``except Exception`` of a reader
    cannot swallow it."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Stop the Python code inside after ``seconds`` (``TimeLimit``), in this process: for the
    commands that keep every report they read (``gxtui diff FOLDER``, ``trend``, ``coverage``,
    ``peers``, ``dataset``) and would pay to ship each one back from a worker. A timer signal
    interrupts pure-Python work (the row solver on glued digits, say) between bytecodes; it does
    not bound memory (the readers' budget does) and cannot stop a C call midway. Only in the main
    thread of a process with ``SIGALRM``; elsewhere (a TUI worker thread) it does nothing."""
    usable = bool(seconds) and hasattr(signal, "setitimer") and \
        threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:  # noqa: ARG001
        raise TimeLimit(timeout_message(seconds))  # type: ignore[arg-type]

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)  # type: ignore[arg-type]
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_one(item: T, fn: Callable[[T], R], timeout: float | None = DEFAULT_TIMEOUT,
            mem: int | None = DEFAULT_MEMORY, *, method: str | None = None) -> Outcome[T]:
    """``run_many`` for a single item."""
    return next(iter(run_many([item], fn, 1, timeout, mem, method=method)))


if __name__ == "__main__":  # pragma: no cover
    sys.exit("gxtui.isolate is a library module")
