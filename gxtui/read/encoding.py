"""Decode report bytes: BOM, then strict UTF-8, UTF-16 by NUL pattern, GB18030, then detection.

Detection is by content, never by file extension: GBK files are commonly named ``.txt`` just
like UTF-8 ones.
"""

from __future__ import annotations

from gxtui.read.document import ReadError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _utf16_guess(data: bytes) -> str | None:
    """UTF-16 without BOM: CJK and ASCII text has NULs in every other byte for ASCII chars."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    n = len(sample) // 2
    if odd > n * 0.2 and even < n * 0.02:
        return "utf-16-le"
    if even > n * 0.2 and odd < n * 0.02:
        return "utf-16-be"
    return None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding name). Raises ReadError when the bytes are not text."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "-bom")
            except UnicodeDecodeError as e:
                raise ReadError(f"the file starts with a {enc} byte-order mark but is not valid {enc} "
                                f"(byte {e.start})") from None
    guess16 = _utf16_guess(data)
    if guess16:
        try:
            return data.decode(guess16), guess16
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    if declared:
        try:
            return data.decode(declared), declared.lower()
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible_chinese(text):
        return text, "gb18030"
    try:
        from charset_normalizer import from_bytes  # noqa: PLC0415 - rare path

        best = from_bytes(data[:200_000]).best()
    except Exception:  # noqa: BLE001 - detection is best effort
        best = None
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding), best.encoding.replace("_", "-")
        except (UnicodeDecodeError, LookupError):
            pass
    raise ReadError(
        f"the file is not readable text: not UTF-8 (invalid byte at {utf8_error.start}), "
        "not GBK/GB18030, not UTF-16")


def _plausible_chinese(text: str) -> bool:
    """GB18030 decodes almost any byte string; accept it only if the result looks like text."""
    sample = text[:20000]
    if not sample:
        return False
    cjk = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    ctrl = sum(1 for c in sample if ord(c) < 32 and c not in "\t\r\n\f")
    rare = sum(1 for c in sample if "\u3400" <= c <= "\u4dbf" or "\ue000" <= c <= "\uf8ff" or c > "\uffff")
    return cjk >= len(sample) * 0.05 and ctrl <= len(sample) * 0.01 and rare <= max(2, cjk * 0.02)


def looks_binary(text: str) -> bool:
    """Decoded text full of control characters is binary data, not a report."""
    sample = text[:20000]
    if not sample:
        return False
    ctrl = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\r\n\f\x1b") or c == "\ufffd")
    return ctrl > len(sample) * 0.05
