"""The cyclic garbage collector kept out of a read that makes many objects and no cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the block, then on again (left as it is when it is off
    already, e.g. inside ``audit.batch_gc``).

    A PDF page makes an object or more per character, a long text a paragraph per line: they are
    freed by reference count or stay alive with the document, yet the collections their
    allocations trigger walk them again and again (≈ 4 % of a PDF read, ≈ 5–10 ms of a 16 MB
    export). Anything cyclic made meanwhile is collected once the collector is back on."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
