# Test dependencies of the connectors: PostgreSQL from Debian's packages (the SQL connector's
# tests start a throw-away server with initdb/pg_ctl as a non-root user, on a free port).
# Include from the Makefile (`include ingestion/connectors/connectors.mk`) and make `test`
# depend on `test-deps`.
.PHONY: test-deps

test-deps:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { \
		echo "installing PostgreSQL (Debian package) for the SQL connector tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	}
