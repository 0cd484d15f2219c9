"""Where the data comes from: a published source and the notes quoted from it."""

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.extensions import db

NOTE_TOPICS = ("market", "demand", "channel", "metric", "work", "trend", "career", "outlook")


class Source(db.Model):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    publisher: Mapped[str] = mapped_column(String(120))
    document: Mapped[str] = mapped_column(String(200))
    edition_year: Mapped[int]
    geography: Mapped[str] = mapped_column(String(8))
    geography_scope: Mapped[str] = mapped_column(String(20))
    salary_basis: Mapped[str] = mapped_column(String(80))
    provenance: Mapped[str] = mapped_column(Text)

    notes: Mapped[list["SourceNote"]] = relationship(
        back_populates="source", order_by="SourceNote.id", cascade="all, delete-orphan"
    )


class SourceNote(db.Model):
    """A statement of the source that is text, not a figure (market notes, channels, metrics...)."""

    __tablename__ = "source_notes"
    __table_args__ = (
        UniqueConstraint("source_id", "slug"),
        CheckConstraint(f"topic IN {NOTE_TOPICS!r}", name="topic"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    topic: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(200))
    provenance: Mapped[str] = mapped_column(Text)

    source: Mapped[Source] = relationship(back_populates="notes")
