"""The dataset version and the change log: who changed what, when, before and after."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.extensions import db
from api.models.api_key import utcnow

ACTIONS = ("create", "update", "delete", "link", "unlink", "import", "seed")


class Dataset(db.Model):
    """One row: the version every write bumps, in the write's own transaction."""

    __tablename__ = "dataset"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Change(db.Model):
    __tablename__ = "changes"
    __table_args__ = (CheckConstraint(f"action IN {ACTIONS!r}", name="action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_version: Mapped[int] = mapped_column(index=True)
    resource: Mapped[str] = mapped_column(String(40), index=True)
    resource_key: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(10))
    actor: Mapped[str] = mapped_column(String(80))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
