"""Extension instances, created unbound and attached in the app factory."""

import sqlite3

import marshmallow as ma
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

from api.errors import ProblemApi
from api.spec import FinishingPlugin

# Named constraints keep Alembic migrations reproducible, and SQLite batch mode needs them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


@event.listens_for(Engine, "connect")
def _sqlite_enforces_foreign_keys(dbapi_connection, _record):
    # SQLite ignores foreign keys (and their ON DELETE rules) unless asked, per connection. In WAL mode
    # readers go on while a long write (an import) holds the write lock; in the default rollback journal
    # a write that spills to the file locks every reader out until it commits.
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA foreign_keys=ON")
        dbapi_connection.execute("PRAGMA journal_mode=WAL")


migrate = Migrate(render_as_batch=True, compare_type=True)


def schema_name(schema) -> str:
    """Component names: the class name without `Schema`; a PATCH (partial) body adds `Patch`."""
    name = resolve_schema_cls(schema).__name__.removesuffix("Schema")
    return f"{name}Patch" if isinstance(schema, ma.Schema) and schema.partial else name


api = ProblemApi(
    spec_kwargs={
        "marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=schema_name),
        "extra_plugins": [FinishingPlugin()],
    }
)
