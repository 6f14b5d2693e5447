"""Snapshots of the ``Document`` every reader makes of every corpus and test file.

The readers were rewritten for speed (pdfium instead of pdfplumber, lxml walks instead of
python-docx); the extractor must see exactly what it saw before. ``tests/ground_truth/documents.json``
holds, per input, the sha256 of the input bytes and of a canonical form of its ``Document`` (or of
the read error), recorded with the readers as they were; ``test_document_snapshots.py`` checks the
current readers against it.

    python tests/document_snapshot.py             # (re)write the snapshot file
    python tests/document_snapshot.py --check     # list the inputs whose Document differs
    python tests/document_snapshot.py --add-new   # pin inputs added since, never rewriting one
    python tests/document_snapshot.py --dump D    # also write each canonical Document as JSON into D

An input whose bytes changed since the snapshot (a renderer was edited) is skipped by the test with
a message, not failed: the snapshot says nothing about bytes it has not seen.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SNAPSHOT = HERE / "ground_truth" / "documents.json"
for p in (str(ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

from gxtui.read import ReadError, read_bytes  # noqa: E402
from gxtui.read.document import Document, Grid  # noqa: E402

_DETAIL = re.compile(r"\s*\(.*$")


def canonical(doc: Document) -> dict:
    """Everything the extractor can see of a Document, as plain JSON."""
    blocks = []
    for b in doc.blocks:
        if isinstance(b, Grid):
            blocks.append({"grid": [[[c.text, c.line, c.spanned] for c in r] for r in b.rows],
                           "line": b.line, "exact": b.exact})
        else:
            blocks.append({"p": b.text, "line": b.line})
    return {"format": doc.format, "encoding": doc.encoding, "meta": dict(sorted(doc.meta.items())),
            "warnings": list(doc.warnings), "blocks": blocks}


def outcome(data: bytes) -> dict:
    """The canonical Document, or the read error without its library-specific detail in "(…)"."""
    try:
        return canonical(read_bytes(data))
    except ReadError as e:
        return {"error": _DETAIL.sub("", str(e))}


def input_digest(data: bytes) -> str:
    """sha256 of the input; for a ZIP (DOCX) of its parts, less docProps/core.xml and the ZIP
    timestamps, which python-docx sets to the time of rendering."""
    if data.startswith(b"PK\x03\x04"):
        import io  # noqa: PLC0415
        import zipfile  # noqa: PLC0415

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                h = hashlib.sha256()
                for n in sorted(z.namelist()):
                    if n != "docProps/core.xml":
                        h.update(n.encode() + b"\0" + z.read(n))
                return h.hexdigest()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            pass
    return hashlib.sha256(data).hexdigest()


def digest(obj: object) -> str:
    return hashlib.sha256(json.dumps(obj, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def _files() -> Iterator[tuple[str, Callable[[], bytes]]]:
    if CORPUS.is_dir():
        for p in sorted([*CORPUS.iterdir(), *(CORPUS / "pages").iterdir()]):
            if p.is_file() and p.suffix not in (".json", ".tsv"):
                yield f"corpus/{p.relative_to(CORPUS)}", p.read_bytes
    for folder in ("data", "tests/bad_inputs", "tests/fixtures"):
        for p in sorted((ROOT / folder).rglob("*")):
            if p.is_file() and p.suffix in (".txt", ".html", ".md", ".docx", ".pdf"):
                yield str(p.relative_to(ROOT)), p.read_bytes


def _rendered() -> Iterator[tuple[str, Callable[[], bytes]]]:
    """Renderings the tests and benchmarks make: tests/render_formats, make_pdf_fixture, bench.gen."""
    from reportlab import rl_config  # noqa: PLC0415

    rl_config.invariant = 1  # no timestamps: the same source gives the same bytes
    import make_pdf_fixture as fx  # noqa: PLC0415
    import render_formats as rf  # noqa: PLC0415

    from bench import gen  # noqa: PLC0415

    def fixture_pdf() -> bytes:
        import tempfile  # noqa: PLC0415

        with tempfile.TemporaryDirectory() as d:
            return fx.build(Path(d) / "f.pdf").read_bytes()

    yield "render/make_pdf_fixture.pdf", fixture_pdf
    for src in sorted((ROOT / "data").glob("*.txt")):
        text = src.read_text(encoding="utf-8")
        yield f"render/{src.stem}.html", lambda t=text: rf.to_html(t).encode("utf-8")
        yield f"render/{src.stem}.docx", lambda t=text: rf.to_docx(t)
        yield f"render/{src.stem}.pdf", lambda t=text: rf.to_pdf(t)
        yield f"render/{src.stem}.tw.pdf", lambda t=text: rf.to_pdf(rf.to_traditional(t))
    for n in range(8):
        spec = gen.make_spec(n, seed=99)
        for fmt in ("html", "docx"):
            yield f"gen/{n}.{fmt}", lambda s=spec, f=fmt: gen.RENDER[f](s)
        yield f"gen/{n}.pdf", lambda s=spec, c=n % 2 == 0: gen.render_pdf(s, compress=c)


def inputs() -> Iterator[tuple[str, Callable[[], bytes]]]:
    yield from _files()
    yield from _rendered()


def record_inputs(items: Iterator[tuple[str, Callable[[], bytes]]],
                  result_of: Callable[[str, bytes], tuple[dict, dict[str, str]]],
                  dump: Path | None = None) -> dict[str, dict[str, str]]:
    """``{name: {"input": input digest, **digests}}`` for every input, where ``result_of(name,
    data)`` gives the canonical result and its digests; with ``dump``, each result as JSON there."""
    out = {}
    for name, make in items:
        data = make()
        result, digests = result_of(name, data)
        out[name] = {"input": input_digest(data), **digests}
        if dump is not None:
            path = dump / (name.replace("/", "__") + ".json")
            path.write_text(json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    return out


def record(dump: Path | None = None) -> dict[str, dict[str, str]]:
    def result_of(_name: str, data: bytes) -> tuple[dict, dict[str, str]]:
        result = outcome(data)
        return result, {"document": digest(result), "blocks": digest(result.get("blocks"))}

    return record_inputs(inputs(), result_of, dump)


def main(argv: list[str], record_fn: Callable[[Path | None], dict[str, dict[str, str]]], snapshot: Path,
         key: str, *, fail_on_differ: bool) -> int:
    """The snapshot command line: no argument (re)writes ``snapshot``; ``--check`` lists the inputs
    whose ``key`` digest differs (exit 1 when ``fail_on_differ``); ``--add-new`` pins inputs not
    yet in it and never rewrites an entry; ``--dump DIR`` also writes each result as JSON into DIR.
    Anything else is refused (it used to rewrite the snapshot)."""
    args = list(argv)
    dump = None
    if "--dump" in args:
        i = args.index("--dump")
        if i + 1 >= len(args):
            print("--dump needs a folder", file=sys.stderr)
            return 2
        dump = Path(args.pop(i + 1))
        args.pop(i)
        dump.mkdir(parents=True, exist_ok=True)
    if len(args) > 1 or (args and args[0] not in ("--check", "--add-new")):
        print(f"usage: {Path(sys.argv[0]).name} [--check | --add-new] [--dump DIR]", file=sys.stderr)
        return 2
    if args == ["--check"]:
        old = json.loads(snapshot.read_text(encoding="utf-8"))
        new = record_fn(dump)
        bad = [k for k, v in new.items() if k in old and old[k]["input"] == v["input"] and old[k][key] != v[key]]
        for k in bad:
            print("DIFFERS", k)
        print(f"{len(new)} inputs, {len(bad)} differ")
        return 1 if bad and fail_on_differ else 0
    if args == ["--add-new"]:
        old = json.loads(snapshot.read_text(encoding="utf-8"))
        snap = {**record_fn(dump), **old}
        print(f"{len(snap) - len(old)} new inputs recorded")
    else:
        snap = record_fn(dump)
    snapshot.write_text(json.dumps(snap, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(snap)} inputs -> {snapshot}")
    return 0


if __name__ == "__main__":
    # a known, listed difference (INTENDED in test_document_snapshots.py) stays: --check exits 0
    sys.exit(main(sys.argv[1:], record, SNAPSHOT, "document", fail_on_differ=False))
