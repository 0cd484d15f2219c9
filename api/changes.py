"""Every write goes through here: one dataset version per transaction, a change-log entry per change.

`begin_write` bumps the single dataset row first. The row lock it takes serializes writers, so a
write that then reads, checks its If-Match and changes rows can never interleave with another.
"""

from flask import Flask, g, request
from sqlalchemy import select, update

from api.extensions import db
from api.models import Change, Dataset
from api.models.api_key import utcnow

VERSION_HEADER = "X-Dataset-Version"


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


def _add_version_header(response):
    # Only successful responses say which version they reflect; a failed write committed nothing.
    if request.path.startswith("/v1/") and response.status_code < 400:
        response.headers[VERSION_HEADER] = str(g.get("committed_version") or current_version())
    return response


def init_app(app: Flask) -> None:
    app.after_request(_add_version_header)
