"""Every write goes through here: one dataset version per transaction, a change-log entry per change.

`begin_write` bumps the single dataset row first. The row lock it takes serializes writers, so a
write that then reads, checks its If-Match and changes rows can never interleave with another.
"""

from contextlib import contextmanager

from flask import Flask, current_app, g, request
from flask_smorest import abort
from sqlalchemy import create_engine, event, select, text, update
from sqlalchemy.exc import OperationalError

from api.edge.keys import VERSION
from api.extensions import db
from api.models import Change, Dataset
from api.models.api_key import utcnow

VERSION_HEADER = "X-Dataset-Version"


def begin_write() -> int:
    """Start a write transaction: bump the dataset version and hold its lock until commit.

    The lock is waited for at most WRITE_LOCK_TIMEOUT_MS: a writer queued behind a long import gets
    a 503 with Retry-After at once rather than hanging until a statement or proxy timeout."""
    try:
        with _lock_timeout(current_app.config["WRITE_LOCK_TIMEOUT_MS"]):
            version = db.session.execute(
                update(Dataset)
                .where(Dataset.id == 1)
                .values(version=Dataset.version + 1, changed_at=utcnow())
                .returning(Dataset.version)
            ).scalar_one()
    except OperationalError as error:
        if not _lock_busy(error):
            raise
        db.session.rollback()
        abort(
            503,
            message="Another write (an import, perhaps) holds the write lock; nothing was written. Retry shortly.",
            headers={"Retry-After": str(current_app.config["RETRY_AFTER_SECONDS"])},
        )
    g.dataset_version = version
    return version


@contextmanager
def _lock_timeout(milliseconds: int):
    """PostgreSQL: lock_timeout for this transaction. SQLite: the busy timeout, for this statement only
    (its commit must still wait out readers as long as before)."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        db.session.execute(text("SELECT set_config('lock_timeout', :ms, true)"), {"ms": f"{int(milliseconds)}ms"})
        yield
        db.session.execute(text("SELECT set_config('lock_timeout', '0', true)"))
        return
    if dialect != "sqlite":
        yield
        return
    before = db.session.execute(text("PRAGMA busy_timeout")).scalar()
    db.session.execute(text(f"PRAGMA busy_timeout = {int(milliseconds)}"))
    try:
        yield
    finally:
        db.session.execute(text(f"PRAGMA busy_timeout = {int(before)}"))


def _lock_busy(error: OperationalError) -> bool:
    sqlstate = getattr(error.orig, "sqlstate", None)
    return sqlstate == "55P03" or "database is locked" in str(error.orig)


def record(resource: str, key, action: str, actor: str, before=None, after=None) -> None:
    db.session.add(
        Change(
            dataset_version=g.dataset_version,
            resource=resource,
            resource_key=str(key),
            action=action,
            actor=actor,
            before=before,
            after=after,
        )
    )


def commit() -> None:
    db.session.commit()
    g.committed_version = g.dataset_version


def abandon() -> None:
    """End a write that turned out to change nothing: its version bump is rolled back with the lock."""
    db.session.rollback()
    g.pop("dataset_version", None)


def current_version() -> int:
    return db.session.scalar(select(Dataset.version).where(Dataset.id == 1)) or 0


class VersionReader:
    """Reads the version through a small engine of its own: autocommit, no ping, no reset. On a cached
    read this is the request's only database work, and going through the session (set-up, checkout
    ping, rollback) costs more than the rest of the request (figures: docs/scaling.md)."""

    SQL = "SELECT version, changed_at FROM dataset WHERE id = 1"

    def __init__(self, engine, connect_args: dict):
        self.engine = create_engine(
            engine.url,
            isolation_level="AUTOCOMMIT",
            pool_size=2,
            max_overflow=8,
            pool_timeout=1,
            pool_reset_on_return=None,
            connect_args=connect_args,
        )
        event.listen(engine, "engine_disposed", lambda _engine: self.engine.dispose())

    def read(self):
        """(version, changed_at). A dead pooled connection is replaced once; a database that cannot be
        reached raises OperationalError (a 503), after one connect timeout."""
        errors = self.engine.dialect.loaded_dbapi.Error
        for attempt in range(2):
            try:
                connection = self.engine.raw_connection()
            except errors as error:  # no connection to be had: the database is down
                raise OperationalError(self.SQL, None, error) from error
            try:
                cursor = connection.cursor()
                cursor.execute(self.SQL)
                row = cursor.fetchone()
                cursor.close()
                return row
            except errors as error:
                connection.invalidate()
                if attempt:
                    raise OperationalError(self.SQL, None, error) from error
            finally:
                connection.close()


def read_version() -> tuple[int, str]:
    """The dataset version and when it last changed (a reset database at version 0 differs by the
    time), read once per request."""
    if "read_version" not in g:
        version = request.environ.get(VERSION)
        if version is None:
            row = current_app.extensions["version_reader"].read()
            version = (row[0], str(row[1])) if row else (0, "")
        g.read_version = version
    return g.read_version


def _add_version_header(response):
    # Only successful responses say which version they reflect; a failed write committed nothing.
    if request.path.startswith("/v1/") and response.status_code < 400:
        response.headers[VERSION_HEADER] = str(g.get("committed_version") or read_version()[0])
    return response


def init_app(app: Flask) -> None:
    with app.app_context():
        connect_args = app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("connect_args", {})
        app.extensions["version_reader"] = VersionReader(db.engine, connect_args)
    app.after_request(_add_version_header)
