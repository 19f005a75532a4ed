-- Every file of every lake partition the warehouse was built from: one row per partition x
-- delivered file, from the partitions' manifests (the same ones the row-conservation checks
-- use), with the file's SHA-256 and its rows in / loaded / quarantined.
{{ lake_manifest_files() }}
