"""Standard occupation codes roles map to, and the career ladder the guide describes."""

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.extensions import db


class Occupation(db.Model):
    """A code in a standard occupation system (e.g. US SOC 2018), named with its publisher."""

    __tablename__ = "occupations"
    __table_args__ = (UniqueConstraint("system", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    system: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(200))
    attribution: Mapped[str] = mapped_column(Text)


class CareerLadderStep(db.Model):
    """One rung of the guide's ladder: front-line to senior to manager."""

    __tablename__ = "career_ladder_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(unique=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), unique=True)
    provenance: Mapped[str] = mapped_column(Text)

    role: Mapped["Role"] = relationship()  # noqa: F821
