"""Decode report bytes: BOM, then strict UTF-8, UTF-16 by NUL pattern, GB18030, then detection.

Detection is by content, never by file extension: GBK files are commonly named ``.txt`` just
like UTF-8 ones.
"""

from __future__ import annotations

import re

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


_TAIL_REASONS = ("unexpected end of data", "incomplete multibyte sequence", "truncated data")


def _decode_cut(data: bytes, enc: str) -> str:
    """Strict decode that tolerates one incomplete character at the very end.

    A file cut short (an interrupted download, a truncated crawl) usually ends in the middle of
    a multi-byte character; refusing the whole report for that last byte helps nobody. Any other
    invalid byte still raises ``UnicodeDecodeError``. ``truncated_tail`` tells the caller."""
    try:
        return data.decode(enc)
    except UnicodeDecodeError as e:
        if e.reason in _TAIL_REASONS and e.start >= len(data) - 3 and e.start > 0:
            return data[:e.start].decode(enc)
        raise


def truncated_tail(data: bytes, enc: str) -> bool:
    """True when ``data`` ends in the middle of a character of ``enc`` (the file was cut short)."""
    enc = enc.replace("-bom", "-sig")
    if enc in ("utf-8", "utf-8-sig"):  # O(1): look at the last lead byte only
        tail = data[-4:]
        for back in range(1, len(tail) + 1):
            b = tail[-back]
            if 0x80 <= b <= 0xBF:
                continue
            need = 2 if 0xC2 <= b <= 0xDF else 3 if 0xE0 <= b <= 0xEF else 4 if 0xF0 <= b <= 0xF4 else 1
            return back < need
        return False
    try:
        data.decode(enc)
    except UnicodeDecodeError as e:
        return e.reason in _TAIL_REASONS and e.start >= len(data) - 3
    except LookupError:
        return False
    return False


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding name). Raises ReadError when the bytes are not text."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = _decode_cut(data, enc)
                # utf-16-le/-be keep the mark as U+FEFF (utf-8-sig drops it): drop it too
                return (text[1:] if text.startswith("\ufeff") else text), enc.replace("-sig", "-bom")
            except UnicodeDecodeError as e:
                raise ReadError(f"the file starts with a {enc} byte-order mark but is not valid {enc} "
                                f"(byte {e.start})") from None
    guess16 = _utf16_guess(data)
    if guess16:
        try:
            return _decode_cut(data, guess16), guess16
        except UnicodeDecodeError:
            pass
    try:
        return _decode_cut(data, "utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    for enc in ("utf-16-le", "utf-16-be"):  # UTF-16 without a BOM and with few ASCII characters
        try:
            text = _decode_cut(data, enc)
        except UnicodeDecodeError:
            continue
        if _plausible_utf16(text):
            return text, enc
    if declared:
        try:
            return _decode_cut(data, declared), declared.lower()
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        text = _decode_cut(data, "gb18030")
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
        try:  # a UTF-16 file cut at an odd byte reads like a cut UTF-8 one (with a warning)
            return _decode_cut(data, best.encoding), best.encoding.replace("_", "-")
        except (UnicodeDecodeError, LookupError):
            pass
    raise ReadError(
        f"the file is not readable text: not UTF-8 (invalid byte at {utf8_error.start}), "
        "not GBK/GB18030, not UTF-16")


_UTF16_TEXT = re.compile("[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u0020-\u007e\t\r\n\u2010-\u201f]")


def _plausible_utf16(text: str) -> bool:
    """Bytes of another encoding read as UTF-16 give characters spread over the whole BMP (a
    third of them CJK); real Chinese UTF-16 text is almost only CJK, ASCII and punctuation."""
    sample = text[:4000]
    return len(sample) >= 2 and len(_UTF16_TEXT.findall(sample)) >= 0.95 * len(sample)


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
    ctrl = len(_BINARY_CHARS.findall(sample))  # a C loop: the per-character genexpr cost ~1 ms/report
    return ctrl > len(sample) * 0.05


# C0 controls except tab, LF, FF, CR and ESC, plus the replacement character.
_BINARY_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\ufffd]")
