"""A connector's settings, read once from its entity spec and checked before anything is
fetched (``reader.options`` in ``source.yaml``; see :mod:`ingestion.connectors`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ingestion.connectors.errors import ConnectorError

CONNECTOR_KINDS = ("http_json", "sql")


@dataclass(frozen=True)
class ConnectorOptions:
    system: str
    entity: str
    kind: str
    #: the record field (API) or column (SQL) that only grows: the incremental cursor
    cursor_field: str | None
    #: the field(s) that identify a record: de-duplication at the cursor and in staging
    id_fields: tuple[str, ...]
    raw: Mapping[str, Any]

    @property
    def where(self) -> str:
        return f"{self.system}/{self.entity}"


def _names(value: Any, where: str, what: str) -> tuple[str, ...]:
    """``x``, ``{field: x}``, ``{column: x}``, ``{fields: [x, y]}`` or ``{columns: [...]}``."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Mapping):
        for key in ("field", "column", "fields", "columns"):
            if key in value:
                found = value[key]
                names = (found,) if isinstance(found, str) else tuple(found or ())
                if names and all(isinstance(n, str) and n for n in names):
                    return names
    raise ConnectorError(
        f"{where}: reader.options.{what} must name a field, e.g. {{field: updated_at}} "
        f"(or {{column: …}} for SQL); got {value!r}"
    )


def connector_options(system: str, entity: Any) -> ConnectorOptions:
    """The checked options of a connector entity (``ingestion.sources.spec.EntitySpec``)."""
    where = f"{system}/{entity.name}"
    kind = entity.reader.kind
    if kind not in CONNECTOR_KINDS:
        raise ConnectorError(f"{where}: reader kind {kind!r} does not pull")
    options = entity.reader.options
    cursor = _names(options.get("cursor") or None, where, "cursor")
    if len(cursor) > 1:
        raise ConnectorError(f"{where}: reader.options.cursor must name one field")
    ids = _names(options.get("id"), where, "id")
    if cursor and not ids:
        # `>=` pulls the records at the cursor again: only their ids tell which were pulled
        raise ConnectorError(
            f"{where}: an incremental connector needs reader.options.id (the field that "
            "identifies a record, e.g. {field: contact_id}) to skip the records at the cursor "
            "it has already pulled"
        )
    return ConnectorOptions(system, entity.name, kind, cursor[0] if cursor else None, ids, options)
