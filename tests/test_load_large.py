"""Large inputs: ``gxtui.read.Digest`` gives the same sha256 whether it hashes here or on its own
thread, and the text reader leaves the garbage collector as it found it."""

from __future__ import annotations

import gc
import hashlib

from gxtui.read import DIGEST_THREAD_BYTES, Digest


def test_small_and_large_inputs_give_hashlib_digest():
    for data in (b"x", b"a" * (DIGEST_THREAD_BYTES - 1), bytes(range(256)) * (DIGEST_THREAD_BYTES // 256 + 3)):
        d = Digest(data)
        assert d.hexdigest() == hashlib.sha256(data).hexdigest()
        assert d.hexdigest() == hashlib.sha256(data).hexdigest()  # asked twice: the same


def test_load_records_the_file_digest(tmp_path):
    from bench.export_cost import big_report  # noqa: PLC0415
    from gxtui.extract import load  # noqa: PLC0415

    data = big_report(1.5)  # past the size hashed on a thread
    assert len(data) >= DIGEST_THREAD_BYTES
    p = tmp_path / "big_2021.txt"
    p.write_bytes(data)
    assert load(p).source.sha256 == hashlib.sha256(data).hexdigest()


def test_reading_a_long_text_leaves_the_collector_as_it_was():
    from gxtui.read.text import MANY_LINES, parse_text  # noqa: PLC0415

    text = "\n".join(f"第{i}段。" for i in range(MANY_LINES + 10))
    assert gc.isenabled()
    doc = parse_text(text)
    assert gc.isenabled() and len(doc.blocks) == MANY_LINES + 10
    gc.disable()
    try:
        assert parse_text(text) == doc
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_no_thread_to_be_had_hashes_here(monkeypatch):
    """Under a worker's memory limit a thread may not start: the digest is then made at once."""
    import threading  # noqa: PLC0415

    def refuse(self):  # noqa: ANN001
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    data = b"z" * (DIGEST_THREAD_BYTES + 5)
    assert Digest(data).hexdigest() == hashlib.sha256(data).hexdigest()
