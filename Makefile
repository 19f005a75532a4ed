# Two commands on a fresh machine: `make up` and `make test`. Both install what they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_LINK_MODE ?= copy

# uv from PATH, or installed from PyPI with the machine's python3 (the only registry we reach).
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
export UV

include warehouse/superset/superset.mk
include ingestion/connectors/connectors.mk

.PHONY: help uv install up down run test lint bench clean

help:
	@echo "make up     install, generate demo data, run every asset, publish the warehouse"
	@echo "make test   install and run the whole test suite"
	@echo "make lint   ruff + sqlfluff"
	@echo "make bench  time the pipeline at two scales, append to docs/benchmarks.md"

uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || \
		python3 -m pip install --quiet --disable-pip-version-check uv

install: uv
	@$(UV) sync --frozen --quiet

up: install superset-install
	$(UV) run labour up

down: superset-down

run: install
	$(UV) run labour run

lint: install
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run sqlfluff lint dbt_project/models --disable-progress-bar

test: install superset-install browser-deps test-deps
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run sqlfluff lint dbt_project/models --disable-progress-bar
	$(UV) run pytest -q

bench: install
	$(UV) run labour bench --scale 0.001 --scale 0.01 --months 3

clean:
	rm -rf data/lake data/warehouse data/dagster dbt_project/target
