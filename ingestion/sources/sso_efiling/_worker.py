"""The helper process that parses half of each large batch of สปส.1-10 files (the second core).

One process for the life of the parent, started on first use as ``python -m`` this module and
fed pickled calls over its stdin/stdout, so its start-up (~1 s of imports) is paid once per run,
not per batch. Not ``multiprocessing``: its ``spawn`` re-runs the parent's main script in the
child (a script without a ``__main__`` guard would recurse), and forking a multithreaded polars
can deadlock. The helper ends when its stdin closes, i.e. when the parent exits or dies.

``LABOUR_PARSE_WORKERS=1`` keeps all parsing in the calling process.
"""

from __future__ import annotations

import atexit
import importlib
import os
import pickle
import struct
import subprocess
import sys
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

WORKERS_ENV = "LABOUR_PARSE_WORKERS"
_HEADER = struct.Struct("<Q")
_REPO = Path(__file__).resolve().parents[3]


class HelperDied(RuntimeError):
    """The helper process ended before it answered (killed, out of memory)."""


def enabled() -> bool:
    """Two processes when the machine has two cores and the environment does not say 1."""
    wanted = os.environ.get(WORKERS_ENV)
    if wanted is not None:
        return int(wanted) > 1
    return (os.cpu_count() or 1) > 1


def split_point(paths: Sequence[Path], min_bytes: int) -> int | None:
    """Index of the first file the helper parses (about half the bytes), or None to parse the
    batch here (too small, one core, or helpers turned off)."""
    if len(paths) < 2 or not enabled():
        return None
    sizes = [os.path.getsize(p) for p in paths]
    total = sum(sizes)
    if total < min_bytes:
        return None
    half, acc = total / 2, 0
    for i, size in enumerate(sizes):
        acc += size
        if acc >= half:
            return min(i + 1, len(paths) - 1)
    return len(paths) - 1


def _send(stream: BinaryIO, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def _receive(stream: BinaryIO) -> Any:
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


class Pending:
    """A call running in the helper; :meth:`result` waits for its answer (once)."""

    def __init__(self, helper: _Helper, sender: threading.Thread) -> None:
        self._helper, self._sender = helper, sender

    def result(self) -> Any:
        try:
            self._sender.join()
            if self._helper.broken:
                raise EOFError
            ok, value = _receive(self._helper.proc.stdout)
        except (EOFError, OSError) as err:
            self._helper.broken = True
            raise HelperDied("the parse helper process ended without an answer") from err
        finally:
            self._helper.lock.release()
        if not ok:
            raise value
        return value


class _Helper:
    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(_REPO), sys.path[0] or "."])}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=_REPO,
        )
        self.lock = threading.Lock()
        self.broken = False

    def submit(self, module: str, name: str, args: tuple) -> Pending:
        self.lock.acquire()
        # Sent from a thread: a request larger than the pipe's buffer would otherwise block
        # this process until the helper has started and reads it (~1 s of imports, the first
        # time), instead of parsing its own half meanwhile.
        sender = threading.Thread(target=self._send, args=((module, name, args),), daemon=True)
        sender.start()
        return Pending(self, sender)

    def _send(self, request: tuple) -> None:
        try:
            _send(self.proc.stdin, request)
        except OSError:
            self.broken = True  # the helper is gone: result() finds no answer and says so

    def close(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()


_LOCK = threading.Lock()
_HELPER: _Helper | None = None


def submit(fn: Any, *args: Any) -> Pending:
    """Start ``fn(*args)`` (a module-level function) in the helper process (a new one if the
    last one died); ``.result()`` gives its value or raises its exception."""
    global _HELPER
    with _LOCK:
        if _HELPER is None or _HELPER.broken or _HELPER.proc.poll() is not None:
            if _HELPER is not None:
                _HELPER.close()
            else:
                atexit.register(shutdown)
            _HELPER = _Helper()
        helper = _HELPER
    return helper.submit(fn.__module__, fn.__qualname__, args)


def warm() -> int:
    """Import the parser (the helper's start-up cost), for callers that start the helper
    before they start a clock (labour_cli.bench_ingest, like the limit's warmed pool)."""
    importlib.import_module("ingestion.sources.sso_efiling.contributions")
    return os.getpid()


def shutdown() -> None:
    global _HELPER
    with _LOCK:
        if _HELPER is not None:
            _HELPER.close()
            _HELPER = None


def _serve(requests: BinaryIO, replies: BinaryIO) -> None:
    while True:
        try:
            module, name, args = _receive(requests)
        except EOFError:
            return
        try:
            reply = (True, getattr(importlib.import_module(module), name)(*args))
        except Exception as err:  # sent back to the caller, who raises it
            reply = (False, err)
        try:
            _send(replies, reply)
        except Exception:  # an answer that does not pickle: say so with the traceback
            _send(replies, (False, RuntimeError(traceback.format_exc())))


if __name__ == "__main__":
    # The pipe is for answers only: anything printed goes to stderr, never into the protocol.
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    _serve(sys.stdin.buffer, answers)
