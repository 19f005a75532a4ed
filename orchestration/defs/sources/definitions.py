"""Every source system's lake tables, derived from the source specs
(ingestion/sources/<system>/source.yaml): per table an asset (grouped by system), its blocking
checks (row conservation, expectations) and a file-drop sensor. Adding a source needs no code
here."""

from dagster import Definitions

from ingestion.sources import ENTITIES
from orchestration.lake import file_drop_sensor, lake_assets

defs = Definitions(
    assets=[lake_assets(t) for t in ENTITIES],
    sensors=[file_drop_sensor(t) for t in ENTITIES if t.pattern],
)
