"""The one error a connector raises: a source that cannot be read as agreed."""

from __future__ import annotations


class ConnectorError(RuntimeError):
    """A pull that failed; the message names the source (URL or DSN variable) and what was
    wrong. When it is raised no drop has been written and the cursor has not moved."""
