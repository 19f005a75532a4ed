"""Workmen's Compensation Fund: a spec-only CSV source (see source.yaml)."""
