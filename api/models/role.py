"""Roles, and their links to industries and skills."""

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, String, Table, Text, column, exists, select, table
from sqlalchemy.orm import Mapped, column_property, mapped_column, object_session, relationship, selectinload

from api.extensions import db

LEVELS = ("front-line", "senior", "management", "account")

role_industries = Table(
    "role_industries",
    db.metadata,
    Column("role_id", ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True),
    Column("industry_id", ForeignKey("industries.id", ondelete="CASCADE"), primary_key=True, index=True),
)

role_skills = Table(
    "role_skills",
    db.metadata,
    Column("role_id", ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True, index=True),
)

# The bands table as far as `has_published_band` needs it (its model is declared after this one).
_band_roles = table("salary_bands", column("role_id"))


class Role(db.Model):
    __tablename__ = "roles"
    __table_args__ = (CheckConstraint(f"level IN {LEVELS!r}", name="level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(20), index=True)
    summary: Mapped[str] = mapped_column(Text)
    responsibilities: Mapped[list[str]] = mapped_column(JSON)
    provenance: Mapped[str] = mapped_column(Text)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    occupation_id: Mapped[int | None] = mapped_column(ForeignKey("occupations.id"), index=True)
    # An EXISTS in the role's own SELECT: saying a role has a band never loads its bands.
    has_published_band: Mapped[bool] = column_property(exists().where(_band_roles.c.role_id == id))

    source: Mapped["Source"] = relationship()  # noqa: F821
    occupation: Mapped["Occupation | None"] = relationship()  # noqa: F821
    salary_bands: Mapped[list["SalaryBand"]] = relationship(  # noqa: F821
        back_populates="role", order_by="SalaryBand.id"
    )
    industries: Mapped[list["Industry"]] = relationship(  # noqa: F821
        secondary=role_industries, back_populates="roles", order_by="Industry.id"
    )
    skills: Mapped[list["Skill"]] = relationship(  # noqa: F821
        secondary=role_skills, back_populates="roles", order_by="Skill.id"
    )

    @property
    def applicable_skills(self) -> list["Skill"]:  # noqa: F821
        """Skills tied to this role first, then field-wide ones (tied to no role, so to all)."""
        from api.models.skill import Skill  # skill.py imports this module

        stmt = (
            select(Skill)
            .where(Skill.applies_to(Role.id == self.id))
            .options(selectinload(Skill.roles))
            .order_by(Skill.roles.any(Role.id == self.id).desc(), Skill.id)
        )
        return list(object_session(self).scalars(stmt))
