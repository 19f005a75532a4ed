from tests.superset.fixtures import superset_server  # noqa: F401  (session fixture)
