"""Where a pull's drop goes and what it is called: by the Asia/Bangkok date of the pull.

``data/sources/<system>/<entity>/<entity>_<YYYYMM>_<YYYYMMDDTHHMMSSffffff>.jsonl``, both parts
in Bangkok wall-clock time (UTC+7 all year, no daylight saving, so names sort in pull order).
``YYYYMM`` is the month of the pull in Bangkok and is the lake partition the drop lands in
(not the month of the records' own timestamps): a pull at 2024-01-31T20:00Z is
2024-02-01 03:00 in Bangkok, so its drop is ``…_202402_20240201T030000000000.jsonl`` and lands in
``month=2024-02``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from ingestion.landing.paths import DataPaths

BANGKOK = ZoneInfo("Asia/Bangkok")


def bangkok(now: dt.datetime | None = None) -> dt.datetime:
    """``now`` (default: the current time) in Bangkok; a naive time is taken as UTC."""
    now = now or dt.datetime.now(dt.UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.UTC)
    return now.astimezone(BANGKOK)


def drop_folder(paths: DataPaths, system: str, entity: str) -> Path:
    return paths.sources / system / entity


def drop_name(entity: str, when: dt.datetime) -> str:
    local = bangkok(when)
    return f"{entity}_{local:%Y%m}_{local:%Y%m%dT%H%M%S%f}.jsonl"


def drop_month(name: str) -> str:
    """The partition (``YYYY-MM``) a drop lands in, from its name."""
    stamp = name.rsplit("_", 2)[-2]
    return f"{stamp[:4]}-{stamp[4:6]}"


def drop_time(name: str) -> dt.datetime:
    """When the pull that wrote a drop ran (Bangkok time), from its name."""
    stamp = name.rsplit("_", 1)[-1].removesuffix(".jsonl")
    return dt.datetime.strptime(stamp, "%Y%m%dT%H%M%S%f").replace(tzinfo=BANGKOK)


def new_drop_path(folder: Path, entity: str, when: dt.datetime) -> Path:
    """A name no drop has yet (a second pull within the same microsecond gets the next one):
    an existing drop is never overwritten."""
    when = bangkok(when)
    while (path := folder / drop_name(entity, when)).exists():
        when += dt.timedelta(microseconds=1)
    return path


def existing_drops(folder: Path, entity: str) -> list[Path]:
    """The connector's drops, oldest first."""
    return sorted(p for p in folder.glob(f"{entity}_*.jsonl") if p.is_file())
