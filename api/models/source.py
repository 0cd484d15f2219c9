"""Where the data comes from: a published source and the notes quoted from it."""

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.domain.geography import MAX_LENGTH as GEOGRAPHY_LENGTH
from api.extensions import db

NOTE_TOPICS = ("market", "demand", "channel", "metric", "work", "trend", "career", "outlook")


class Source(db.Model):
    """A publication loaded from a reviewed file (the guide, BLS OEWS: read-only, its figures stay as
    published), or a source of a team's own made through the API (`editable`), to keep its bands under."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    publisher: Mapped[str] = mapped_column(String(120))
    document: Mapped[str | None] = mapped_column(String(200))
    edition_year: Mapped[int | None]
    geography: Mapped[str | None] = mapped_column(String(GEOGRAPHY_LENGTH))
    geography_scope: Mapped[str | None] = mapped_column(String(20))
    salary_basis: Mapped[str | None] = mapped_column(String(80))
    provenance: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2000))
    published_on: Mapped[date | None]
    licence: Mapped[str | None] = mapped_column(String(200))
    editable: Mapped[bool] = mapped_column(default=False, server_default=false())

    notes: Mapped[list["SourceNote"]] = relationship(
        back_populates="source", order_by="SourceNote.id", cascade="all, delete-orphan"
    )


class SourceNote(db.Model):
    """A statement of the source that is text, not a figure (market notes, channels, metrics...)."""

    __tablename__ = "source_notes"
    __table_args__ = (UniqueConstraint("source_id", "slug"), CheckConstraint(f"topic IN {NOTE_TOPICS!r}", name="topic"))

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    topic: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(200))
    provenance: Mapped[str] = mapped_column(Text)

    source: Mapped[Source] = relationship(back_populates="notes")
