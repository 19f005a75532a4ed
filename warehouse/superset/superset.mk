# Superset serving layer: included from the top-level Makefile
#   include warehouse/superset/superset.mk
# Targets: superset-install, superset-up, superset-down, soak, browser-deps.
SUPERSET_DIR := warehouse/superset
BROWSER_DIR := tests/browser

.PHONY: superset-install superset-up superset-down soak browser-deps

# Superset 6.1 in its own venv from the hashed lock (no-op when the lock is unchanged).
superset-install:
	@$(SUPERSET_DIR)/install.sh

# Superset (init, gunicorn on 127.0.0.1:8088, bundle import, roles, demo users) + Dagster UI
# on 127.0.0.1:3000. Needs a published warehouse (labour run).
superset-up: superset-install
	$(UV) run python -c "from labour_cli.dashboards import serve; serve()"

superset-down:
	-$(UV) run python -c "from labour_cli.dashboards import stop; stop()"

# Load during refresh, against the Superset of `make up` (127.0.0.1:8088): SOAK_CLIENTS (20)
# clients ask for every dashboard chart for SOAK_SECONDS (120) while the warehouse is published
# again every SOAK_PUBLISH_EVERY (5) s. Fails on any error; appends to docs/benchmarks.md.
soak: install
	$(UV) run python -m warehouse.serving.soak

# Debian chromium + Thai fonts (apt-get only when missing) and playwright-core from the lock.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-thai-tlwg >/dev/null 2>&1; then \
		echo "installing Debian chromium + fonts-thai-tlwg"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium fonts-thai-tlwg; \
	fi
	@if [ ! -d $(BROWSER_DIR)/node_modules/playwright-core ] || [ $(BROWSER_DIR)/package-lock.json -nt $(BROWSER_DIR)/node_modules/.package-lock.json ]; then \
		cd $(BROWSER_DIR) && npm ci --no-audit --no-fund --silent; \
	fi
