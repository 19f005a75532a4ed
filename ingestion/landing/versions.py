"""Versioned partitions behind one atomic pointer.

Every landing of a partition writes a new, immutable *version*: a small lake of its own,

    lake/versions/<source>/<entity>/month=YYYY-MM/<version>/
        raw/<source>/<entity>/month=YYYY-MM/part-*.parquet
        quarantine/<source>/<entity>/month=YYYY-MM/part-*.parquet
        manifests/<source>/<entity>/month=YYYY-MM.json

laid out like the lake itself, so the quality checks run on it unchanged *before* anyone can
see it. Readers see the version that ``lake/versions/<source>/<entity>/month=YYYY-MM/current``
points to, through three fixed links made once:

    lake/raw/<source>/<entity>/month=YYYY-MM        -> …/current/raw/<source>/<entity>/month=…
    lake/quarantine/<source>/<entity>/month=YYYY-MM -> …/current/quarantine/…
    lake/manifests/<source>/<entity>/month=YYYY-MM.json -> …/current/manifests/…

Publishing a version is one ``rename`` of the ``current`` symlink: data, quarantine and manifest
change together, and a reader (dbt, an analyst) sees the old version or the new one, never a
partition that is missing or half written. All links are relative, so the data root can move.
A version whose checks fail is never pointed to; it is kept (renamed ``*.rejected``) so a
person can look at what was refused, until the next landing of the partition.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from ingestion.landing.paths import DataPaths

CURRENT = "current"
REJECTED = ".rejected"
#: how long a run waits for another run landing the same partition before giving up
LOCK_TIMEOUT_S = float(os.environ.get("LABOUR_LOCK_TIMEOUT", "900"))


class PartitionLockedError(RuntimeError):
    """Another run holds the partition (or the warehouse) and did not let go in time."""


@dataclass(frozen=True)
class Version:
    """One landing of a partition: a lake-shaped folder (``root``) of its own."""

    paths: DataPaths
    source: str
    entity: str
    month: str
    name: str

    @property
    def root(self) -> Path:
        return partition_versions(self.paths, self.source, self.entity, self.month) / self.name

    @property
    def layout(self) -> DataPaths:
        """Paths inside the version: a DataPaths whose ``lake`` is the version folder."""
        return _VersionPaths(self.root)

    def raw(self) -> Path:
        return self.layout.raw(self.source, self.entity, self.month)

    def quarantine(self) -> Path:
        return self.layout.quarantine(self.source, self.entity, self.month)

    def manifest(self) -> Path:
        return self.layout.manifest(self.source, self.entity, self.month)


class _VersionPaths(DataPaths):
    """DataPaths whose lake is a version folder (its ``root`` is unused)."""

    def __init__(self, lake: Path) -> None:
        super().__init__(lake)

    @property
    def lake(self) -> Path:
        return self.root


def partition_versions(paths: DataPaths, source: str, entity: str, month: str) -> Path:
    return paths.lake / "versions" / source / entity / f"month={month}"


def new_version(paths: DataPaths, source: str, entity: str, month: str, load_id: str) -> Version:
    """A fresh, empty version folder (unique even when two landings have the same inputs)."""
    # names sort by creation time (nanoseconds), which is what garbage collection keeps by
    name = f"{time.time_ns():020d}-{load_id[:12]}-{uuid.uuid4().hex[:6]}"
    version = Version(paths, source, entity, month, name)
    for d in (version.raw(), version.quarantine(), version.manifest().parent):
        d.mkdir(parents=True, exist_ok=True)
    return version


def current_version(paths: DataPaths, source: str, entity: str, month: str) -> Version | None:
    pointer = partition_versions(paths, source, entity, month) / CURRENT
    if not pointer.is_symlink():
        return None
    return Version(paths, source, entity, month, os.readlink(pointer))


def commit(version: Version) -> None:
    """Make ``version`` the one readers see: one atomic rename of the ``current`` link."""
    from ingestion.faults import fault_point

    base = version.root.parent
    tmp = base / f".{CURRENT}.{uuid.uuid4().hex[:8]}"
    os.symlink(version.name, tmp)
    fault_point("landing.before_swap")
    os.replace(tmp, base / CURRENT)
    _fsync_dir(base)
    fault_point("landing.after_swap")
    ensure_links(version)


def reject(version: Version) -> Path:
    """Keep a refused version for inspection, out of the way of readers and of GC's count."""
    target = version.root.with_name(version.name + REJECTED)
    os.replace(version.root, target)
    return target


def ensure_links(version: Version) -> None:
    """The three fixed links from the lake's usual places into ``current`` (made once, and
    made again by any later landing if a run was killed between the swap and here; a
    partition from before versions existed is moved aside first)."""
    paths, s, e, m = version.paths, version.source, version.entity, version.month
    current = partition_versions(paths, s, e, m) / CURRENT
    for public, inside in (
        (paths.raw(s, e, m), version.raw()),
        (paths.quarantine(s, e, m), version.quarantine()),
        (paths.manifest(s, e, m), version.manifest()),
    ):
        target = os.path.relpath(current / inside.relative_to(version.root), public.parent)
        if public.is_symlink() and os.readlink(public) == target:
            continue
        public.parent.mkdir(parents=True, exist_ok=True)
        if public.exists() and not public.is_symlink():
            _retire_legacy(public)
        tmp = public.with_name(f".{public.name}.link-{uuid.uuid4().hex[:8]}")
        os.symlink(target, tmp)
        os.replace(tmp, public)


def _retire_legacy(path: Path) -> None:
    """A partition folder or manifest written before versions existed: out of the way."""
    aside = path.with_name(f".{path.name}.legacy-{uuid.uuid4().hex[:8]}")
    os.replace(path, aside)
    if aside.is_dir():
        shutil.rmtree(aside, ignore_errors=True)
    else:
        aside.unlink(missing_ok=True)


def collect_garbage(paths: DataPaths, source: str, entity: str, month: str, keep: int = 2) -> None:
    """Remove old versions: keep the current one and the ``keep - 1`` before it (a reader that
    started before the last swap may still be reading the previous one), and only the newest
    rejected version. Call with the partition lock held."""
    base = partition_versions(paths, source, entity, month)
    if not base.is_dir():
        return
    current = current_version(paths, source, entity, month)
    versions = sorted(
        (d for d in base.iterdir() if d.is_dir() and not d.is_symlink()),
        key=lambda d: d.name,
        reverse=True,
    )
    kept_good = 1 if current else 0
    kept_rejected = 0
    for d in versions:
        if current and d.name == current.name:
            continue
        if d.name.endswith(REJECTED):
            if kept_rejected < 1:
                kept_rejected += 1
                continue
        elif not d.name.startswith(".") and kept_good < keep and _older(d, current):
            kept_good += 1
            continue
        shutil.rmtree(d, ignore_errors=True)
    for d in base.iterdir():  # half-made links of a killed commit
        if d.name.startswith(f".{CURRENT}.") and d.is_symlink():
            d.unlink(missing_ok=True)


def _older(d: Path, current: Version | None) -> bool:
    return current is None or d.name < current.name


@contextmanager
def partition_lock(paths: DataPaths, source: str, entity: str, month: str) -> Iterator[None]:
    """Only one run lands a partition at a time; the next one waits, then finds the inputs
    unchanged and skips. The lock is the kernel's (flock): a killed run releases it."""
    lock_file = paths.lake / "locks" / source / entity / f"month={month}.lock"
    with hold(lock_file, f"lake partition {source}/{entity} {month}"):
        yield


@contextmanager
def hold(lock_file: Path, what: str, timeout: float | None = None) -> Iterator[None]:
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_file))
    try:
        lock.acquire(timeout=LOCK_TIMEOUT_S if timeout is None else timeout)
    except Timeout:
        raise PartitionLockedError(
            f"{what} is held by another run (lock {lock_file}); waited "
            f"{LOCK_TIMEOUT_S if timeout is None else timeout:.0f} s. Wait for that run to "
            "finish, or set LABOUR_LOCK_TIMEOUT."
        ) from None
    try:
        yield
    finally:
        lock.release()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
