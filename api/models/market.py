"""Market wages from the BLS Occupational Employment and Wage Statistics (OEWS) survey."""

from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.extensions import db

AREA_TYPES = ("national", "state", "territory", "metro", "nonmetro")
# OEWS's AREA_TYPE codes.
BLS_AREA_TYPES = {"1": "national", "2": "state", "3": "territory", "4": "metro", "6": "nonmetro"}


class Area(db.Model):
    __tablename__ = "areas"
    __table_args__ = (CheckConstraint(f"type IN {AREA_TYPES!r}", name="type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(10), index=True)
    usps: Mapped[str | None] = mapped_column(String(20), index=True)


def _money():
    return mapped_column(Numeric(12, 2), nullable=True)


class MarketWage(db.Model):
    """One OEWS estimate: an occupation in an area, in one survey. Null means not released."""

    __tablename__ = "market_wages"
    __table_args__ = (UniqueConstraint("source_id", "area_id", "occupation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"), index=True)
    occupation_id: Mapped[int] = mapped_column(ForeignKey("occupations.id", ondelete="CASCADE"), index=True)
    employment: Mapped[int | None]
    hourly_mean: Mapped[Decimal | None] = _money()
    hourly_pct10: Mapped[Decimal | None] = _money()
    hourly_pct25: Mapped[Decimal | None] = _money()
    hourly_median: Mapped[Decimal | None] = _money()
    hourly_pct75: Mapped[Decimal | None] = _money()
    hourly_pct90: Mapped[Decimal | None] = _money()
    annual_mean: Mapped[int | None]
    annual_pct10: Mapped[int | None]
    annual_pct25: Mapped[int | None]
    annual_median: Mapped[int | None]
    annual_pct75: Mapped[int | None]
    annual_pct90: Mapped[int | None]
    # Fields BLS marked `#`: at or above its top-coding threshold, so no figure is given.
    top_coded: Mapped[list[str]] = mapped_column(JSON, default=list)

    source: Mapped["Source"] = relationship()  # noqa: F821
    area: Mapped[Area] = relationship()
    occupation: Mapped["Occupation"] = relationship()  # noqa: F821
