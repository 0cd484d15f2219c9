"""Industries that hire customer-service roles."""

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.extensions import db
from api.models.role import role_industries


class Industry(db.Model):
    __tablename__ = "industries"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    provenance: Mapped[str] = mapped_column(Text)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)

    source: Mapped["Source"] = relationship()  # noqa: F821
    roles: Mapped[list["Role"]] = relationship(  # noqa: F821
        secondary=role_industries, back_populates="industries", order_by="Role.id"
    )
