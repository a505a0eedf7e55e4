from pilotbase.catalogue.tests.db_fixtures import filed  # noqa: F401 - shared fixture
