"""Loading a large file: ``gxtui.read.Digest`` gives the same sha256 whether it hashes here or on
its own thread, and ``load`` leaves the garbage collector as it found it."""

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


def test_load_of_a_large_file_leaves_the_collector_as_it_was(tmp_path):
    from bench.export_cost import big_report  # noqa: PLC0415
    from gxtui.extract import LARGE_BYTES, load  # noqa: PLC0415

    p = tmp_path / "big_2021.txt"
    p.write_bytes(big_report(1.5))
    assert p.stat().st_size >= LARGE_BYTES
    assert gc.isenabled()
    load(p)
    assert gc.isenabled()
    gc.disable()
    try:
        load(p)
        assert not gc.isenabled()
    finally:
        gc.enable()
