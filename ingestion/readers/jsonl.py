"""Strict JSON-lines reading: one JSON object per line, nothing corrupted or split in silence.

* Lines end at ``\\n`` only (a ``\\r`` before it is dropped). Never ``str.splitlines``: it also
  splits at U+2028, U+0085, \\x1c… which are legal inside a JSON string, so one record would
  become two broken lines.
* Each line is decoded as UTF-8 **strictly**; a line that is not UTF-8 is quarantined with the
  offending byte, never "repaired" with replacement characters.
* Every physical line is accounted for (``rows_in`` = physical lines): a line is either an
  object or comes back with a reason a person understands:

  - ``empty line`` (empty or only spaces: counted and quarantined, never dropped in silence);
  - ``truncated: …`` the last line has no line end: the file was cut off (or is still being
    written), so even if it parses, it may be half a record;
  - ``not UTF-8: …``, ``not valid JSON: …``, ``a JSON array, not an object``,
    ``key 'x' appears twice``, ``NaN is not a JSON number``.

* A UTF-8 byte-order mark at the very start of the file is an encoding marker, not data: it is
  skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BOM = b"\xef\xbb\xbf"

_KINDS = {list: "a JSON array", str: "a JSON string", bool: "true/false", type(None): "null"}


@dataclass(frozen=True, slots=True)
class JsonLine:
    """One physical line: its object, or why it has none."""

    line: int  # 1-based physical line number
    data: bytes  # the line's bytes, without its line end
    value: dict[str, Any] | None
    error: str | None

    @property
    def text(self) -> str:
        """The line as text for a person (bytes that are not UTF-8 shown as ``\\xNN``)."""
        return self.data.decode("utf-8", errors="backslashreplace")


class _Reject(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _Reject(f"key '{k}' appears twice")
        out[k] = v
    return out


def _no_constants(name: str) -> Any:
    raise _Reject(f"{name} is not a JSON number")


def parse_line(data: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """``(object, None)`` or ``(None, reason)`` for one line's bytes (without its line end)."""
    if not data.strip():
        return None, "empty line"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, (
            f"not UTF-8: byte 0x{data[exc.start]:02X} at byte {exc.start + 1} of the line "
            "cannot be decoded"
        )
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except _Reject as exc:
        return None, str(exc)
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON: {exc.msg.removesuffix(' at')} at character {exc.pos + 1}"
    except RecursionError:
        return None, "not valid JSON: nested too deeply"
    if not isinstance(value, dict):
        kind = _KINDS.get(type(value), "a JSON number")
        return None, f"{kind}, not an object (one JSON object per line is expected)"
    return value, None


def iter_json_lines(path: Path | str) -> Iterator[JsonLine]:
    """Every physical line of the file, in order, streamed (memory: one line)."""
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):  # binary files split at b"\n" only
            data = raw[len(BOM) :] if number == 1 and raw.startswith(BOM) else raw
            if not data.endswith(b"\n"):
                yield JsonLine(
                    number,
                    data,
                    None,
                    "truncated: the file ends in the middle of this line (no line end); "
                    "it may have been cut off",
                )
                return
            data = data[:-1].removesuffix(b"\r")
            value, error = parse_line(data)
            yield JsonLine(number, data, value, error)


def count_physical_lines(data: bytes) -> int:
    """Physical lines of a text file's bytes: line ends, plus a last line without one."""
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
