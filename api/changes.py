"""Every write goes through here: one dataset version per transaction, a change-log entry per change.

`begin_write` bumps the single dataset row first. The row lock it takes serializes writers, so a
write that then reads, checks its If-Match and changes rows can never interleave with another.
"""

import threading

from flask import Flask, current_app, g, request
from sqlalchemy import event, select, update

from api.extensions import db
from api.models import Change, Dataset
from api.models.api_key import utcnow

VERSION_HEADER = "X-Dataset-Version"
ENVIRON_VERSION = "api.dataset_version"  # read once per request, by the cache layer when it ran


def begin_write() -> int:
    """Start a write transaction: bump the dataset version and hold its lock until commit."""
    version = db.session.execute(
        update(Dataset).where(Dataset.id == 1)
        .values(version=Dataset.version + 1, changed_at=utcnow())
        .returning(Dataset.version)
    ).scalar_one()
    g.dataset_version = version
    return version


def record(resource: str, key, action: str, actor: str, before=None, after=None) -> None:
    db.session.add(Change(
        dataset_version=g.dataset_version, resource=resource, resource_key=str(key),
        action=action, actor=actor, before=before, after=after,
    ))


def commit() -> None:
    db.session.commit()
    g.committed_version = g.dataset_version


def current_version() -> int:
    return db.session.scalar(select(Dataset.version).where(Dataset.id == 1)) or 0


class VersionReader:
    """Reads the version on a connection of its own per thread, in autocommit. On a cached read this
    is the request's only database work, and a session's set-up, checkout and ping cost more than the
    query itself (measured: about 700 µs against 20 µs)."""

    SQL = "SELECT version, changed_at FROM dataset WHERE id = 1"

    def __init__(self, engine):
        self.engine, self.local, self.opened = engine, threading.local(), []
        # Connections kept out of the pool are closed with it, not left to the garbage collector.
        event.listen(engine, "engine_disposed", lambda _engine: self.close())

    def read(self):
        """(version, changed_at), or None when this connection failed (the caller asks the session)."""
        connection = getattr(self.local, "connection", None)
        try:
            if connection is None:
                connection = self.engine.raw_connection()
                if self.engine.dialect.name == "postgresql":
                    connection.driver_connection.autocommit = True  # never left idle in a transaction
                self.local.connection = connection
                self.opened.append(connection)
            cursor = connection.cursor()
            cursor.execute(self.SQL)
            row = cursor.fetchone()
            cursor.close()
            return row
        except Exception:  # noqa: BLE001  any driver error: drop this connection, let the session answer
            self.local.connection = None
            connection is not None and connection.invalidate()
            return None

    def close(self):
        for connection in self.opened:
            try:
                connection.invalidate()
            except Exception:  # noqa: BLE001  already gone
                pass
        self.opened.clear()


def read_version() -> tuple[int, str]:
    """The dataset version and when it last changed (a reset database at version 0 differs by the
    time), read once per request."""
    if "read_version" not in g and ENVIRON_VERSION in request.environ:
        g.read_version = request.environ[ENVIRON_VERSION]
    if "read_version" not in g:
        row = current_app.extensions["version_reader"].read() or db.session.execute(
            select(Dataset.version, Dataset.changed_at).where(Dataset.id == 1)).one_or_none()
        g.read_version = (row[0], str(row[1])) if row else (0, "")
    return g.read_version


def _add_version_header(response):
    # Only successful responses say which version they reflect; a failed write committed nothing.
    if request.path.startswith("/v1/") and response.status_code < 400:
        response.headers[VERSION_HEADER] = str(g.get("committed_version") or read_version()[0])
    return response


def init_app(app: Flask) -> None:
    with app.app_context():
        app.extensions["version_reader"] = VersionReader(db.engine)
    app.after_request(_add_version_header)
