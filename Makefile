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
	@echo "make up     install, generate demo data, run every asset, publish the warehouse,"
	@echo "           serve Superset + the Dagster UI, start the dagster-daemon (sensors, schedules)"
	@echo "make down   stop the dagster-daemon, the Dagster UI and Superset"
	@echo "make test   install and run the whole test suite"
	@echo "make lint   ruff + sqlfluff"
	@echo "make bench  ingestion vs the raw-parse limit, the pipeline, a new month, a rerun (SCALE=, MONTHS=)"

uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || \
		python3 -m pip install --quiet --disable-pip-version-check uv

install: uv
	@$(UV) sync --frozen --quiet

up: install superset-install
	$(UV) run labour up

# the dagster-daemon, the Dagster UI and Superset
down:
	-$(UV) run labour down

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

# make bench SCALE=1.0 MONTHS=12 for the national year (see labour_cli/bench.py; CHARTS=1 also
# times every chart on the `make up` Superset; WORKDIR=dir keeps the generated deliveries there
# and reuses them next time: a national month takes ~14 min to generate)
SCALE ?= 0.05
MONTHS ?= 3
bench: install
	$(UV) run labour bench --scale $(SCALE) --months $(MONTHS) $(if $(CHARTS),--charts,) \
		$(if $(WORKDIR),--workdir $(WORKDIR) --keep --reuse,)

clean:
	rm -rf data/lake data/warehouse data/dagster dbt_project/target
