"""Windows-874 (cp874) decoding with errors that name the line.

Thai government files are Windows-874. Python's ``tis-620`` codec must never be used for them:
it silently maps the bytes 0x80–0x9F (where Windows-874 has €, …, curly quotes and dashes) to
invisible C1 control characters. ``cp874`` decodes those correctly and raises on the bytes that
Windows-874 leaves undefined, which is what lets a file in another encoding be caught.
"""

from __future__ import annotations

from ingestion.readers.errors import FileRejected

ENCODING = "cp874"
#: Decode big files in slices so that peak memory stays near the output size. Windows-874 is a
#: single-byte encoding, so any byte offset is a character boundary.
_CHUNK = 64 << 20
UTF8_BOM = b"\xef\xbb\xbf"


def utf8_problem(*, bom: bool, utf8: bool) -> str | None:
    """Why a file expected in Windows-874 is not, when it is (or starts as) UTF-8; else None.

    ``bom``: the file starts with a UTF-8 byte-order mark; ``utf8``: the whole file is valid
    UTF-8 and not plain ASCII. Those bytes would decode as Windows-874 too (as mojibake, a BOM
    as the Thai letters ``๏ป฿``), so they are caught here, with a message that says which case
    it is: a UTF-8 export, or Windows-874 text behind a stray BOM.
    """
    if utf8:
        with_bom = " (with a byte-order mark)" if bom else ""
        return f"file is UTF-8{with_bom}, expected Windows-874 (cp874); re-export as cp874"
    if bom:
        return (
            "file starts with a UTF-8 byte-order mark (BOM, bytes EF BB BF) but the rest is not "
            "UTF-8; expected Windows-874 (cp874) without a BOM: re-export as cp874"
        )
    return None


def _looks_like_utf8(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _check_not_utf8(data: bytes, file: str) -> None:
    problem = utf8_problem(bom=data.startswith(UTF8_BOM), utf8=_looks_like_utf8(data))
    if problem is not None:
        raise FileRejected(file, None, None, problem)


def decode_cp874(data: bytes, file: str) -> str:
    """Decode Windows-874 bytes; raise :class:`FileRejected` naming the line of a bad byte.

    A file that is valid UTF-8 (and not plain ASCII) is rejected as such even when its bytes
    happen to decode as Windows-874, because the result would be mojibake.
    """
    _check_not_utf8(data, file)
    if len(data) <= _CHUNK:
        try:
            return data.decode(ENCODING)
        except UnicodeDecodeError as err:
            _raise_bad_byte(data, err.start, file)
    parts: list[str] = []
    for start in range(0, len(data), _CHUNK):
        piece = data[start : start + _CHUNK]
        try:
            parts.append(piece.decode(ENCODING))
        except UnicodeDecodeError as err:
            _raise_bad_byte(data, start + err.start, file)
    return "".join(parts)


def decode_cp874_to_utf8(data: bytes, file: str) -> bytes:
    """Like :func:`decode_cp874` but returns UTF-8 bytes (what polars reads), slice by slice,
    so a big file never exists as one Python ``str``."""
    _check_not_utf8(data, file)
    parts: list[bytes] = []
    for start in range(0, max(len(data), 1), _CHUNK):
        piece = data[start : start + _CHUNK]
        try:
            parts.append(piece.decode(ENCODING).encode("utf-8"))
        except UnicodeDecodeError as err:
            _raise_bad_byte(data, start + err.start, file)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _raise_bad_byte(data: bytes, offset: int, file: str) -> None:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    raise FileRejected(
        file,
        line,
        None,
        f"byte 0x{data[offset]:02X} at byte {column} of the line is not valid Windows-874 "
        "(cp874); the file is in another encoding or corrupt",
    )
