"""Skills, and the ones the guide names as pay drivers."""

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.extensions import db
from api.models.role import role_skills

CATEGORIES = ("soft", "technical", "expertise-area", "qualification")
PAY_DRIVER_KINDS = ("raised-starting-salary", "competitive-pay")


class Skill(db.Model):
    __tablename__ = "skills"
    __table_args__ = (
        CheckConstraint(f"category IN {CATEGORIES!r}", name="category"),
        CheckConstraint(f"pay_driver IS NULL OR pay_driver IN {PAY_DRIVER_KINDS!r}", name="pay_driver"),
        # A pay-driver flag is only as good as the sentence behind it.
        CheckConstraint("(pay_driver IS NULL) = (pay_driver_provenance IS NULL)", name="pay_driver_provenance"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(20), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    provenance: Mapped[str] = mapped_column(Text)
    pay_driver: Mapped[str | None] = mapped_column(String(30))
    pay_driver_provenance: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)

    source: Mapped["Source"] = relationship()  # noqa: F821
    roles: Mapped[list["Role"]] = relationship(  # noqa: F821
        secondary=role_skills, back_populates="skills", order_by="Role.id"
    )

    @classmethod
    def applies_to(cls, role_condition):
        """The rule, in SQL: a skill applies to a role it is tied to, and to every role when tied to none."""
        return or_(cls.roles.any(role_condition), ~cls.roles.any())

    @property
    def scope(self) -> str:
        """`roles` when the guide ties the skill to roles, `field-wide` otherwise."""
        return "roles" if self.roles else "field-wide"
