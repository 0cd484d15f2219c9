"""Migrations: upgrade from empty, downgrade to base, upgrade again; models and migrations agree."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from api.extensions import db
from tests.conftest import empty_database, make_app

TABLES = {
    "sources", "source_notes", "roles", "industries", "skills", "salary_bands", "role_industries", "role_skills",
    "occupations", "career_ladder_steps",
}


def user_tables():
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_round_trip_and_models_match(backend, tmp_path):
    with empty_database(backend, tmp_path) as url:
        app = make_app(url)
        with app.app_context():
            upgrade()
            assert user_tables() == TABLES
            downgrade(revision="base")
            assert user_tables() == set()
            upgrade()
            with db.engine.connect() as connection:
                diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), db.metadata)
            assert diff == []
            db.engine.dispose()
