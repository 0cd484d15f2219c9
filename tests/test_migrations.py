"""Migrations: upgrade from empty, downgrade to base, upgrade again; models and migrations agree."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from api.extensions import db
from api.models import Dataset
from tests.conftest import empty_database, make_app

TABLES = {
    "sources",
    "source_notes",
    "roles",
    "industries",
    "skills",
    "salary_bands",
    "role_industries",
    "role_skills",
    "occupations",
    "career_ladder_steps",
    "api_keys",
    "changes",
    "dataset",
    "areas",
    "market_wages",
}


def user_tables():
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


# SQLite cannot reflect expression indexes (the midpoint sort's, on salary_min + salary_max), so its comparison
# leaves those out and says so; PostgreSQL's compares them.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
def test_round_trip_and_models_match(backend, tmp_path):
    with empty_database(backend, tmp_path) as url:
        app = make_app(url)
        with app.app_context():
            try:
                upgrade()
                assert user_tables() == TABLES
                downgrade(revision="base")
                assert user_tables() == set()
                upgrade()
                with db.engine.connect() as connection:
                    context = MigrationContext.configure(connection, opts={"compare_type": True})
                    assert compare_metadata(context, db.metadata) == []
                assert db.session.get(Dataset, 1).version == 0  # the migration creates the one dataset row
            finally:
                db.session.remove()
                db.engine.dispose()
