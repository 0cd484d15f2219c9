"""Published salary bands."""

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.domain.geography import MAX_LENGTH as GEOGRAPHY_LENGTH
from api.domain.geography import SCOPES, scope_of
from api.extensions import db
from api.grammar import MAX_YEAR, MIN_YEAR

PERIODS = ("annual", "monthly", "biweekly", "weekly", "hourly")
# A band's natural key: the import upserts by it, the unique constraint backs it.
NATURAL_KEY = ("role_id", "year", "geography", "currency", "source_id", "effective_from")
# The natural key without `effective_from`: bands sharing it must not overlap in time (api.store.bands).
PERIOD_KEY = NATURAL_KEY[:-1]


def midpoint(salary_min: int, salary_max: int) -> Decimal:
    """A band's exact midpoint; a whole amount or one ending in .5."""
    return Decimal(salary_min + salary_max) / 2


def broken_rule(value) -> tuple[str, str] | None:
    """The first rule across a band's fields it breaks, as (field, message); None when it keeps them.
    `value(name)` is a field's value, None when absent: a rule whose fields are not all there is not
    checked (a PATCH sends some fields, and is checked again once merged with the stored band)."""
    low, high = value("salary_min"), value("salary_max")
    if low is not None and high is not None and low > high:
        return "salary_min", "Must not be greater than salary_max."
    start, end = value("effective_from"), value("effective_to")
    if start and end and start > end:
        return "effective_from", "Must not be later than effective_to."
    geography, scope = value("geography"), value("geography_scope")
    # known=False: the code itself was checked when it was sent
    if geography is not None and scope is not None and scope_of(geography, known=False) != scope:
        return "geography_scope", f"Must be {scope_of(geography, known=False)} for {geography}."
    return None


class SalaryBand(db.Model):
    __tablename__ = "salary_bands"
    __table_args__ = (
        # Bands of one PERIOD_KEY must not overlap in time; the writes check that (under the write
        # lock), this constraint backs it for dated bands.
        UniqueConstraint(*NATURAL_KEY, name="uq_salary_bands_band_key"),
        CheckConstraint("salary_min > 0", name="salary_min_positive"),
        CheckConstraint("salary_min <= salary_max", name="salary_min_le_max"),
        CheckConstraint(f"year BETWEEN {MIN_YEAR} AND {MAX_YEAR}", name="year_range"),
        CheckConstraint("length(currency) = 3", name="currency_code"),
        CheckConstraint(f"period IN {PERIODS!r}", name="period"),
        CheckConstraint(f"geography_scope IN {SCOPES!r}", name="geography_scope"),
        CheckConstraint("effective_from <= effective_to", name="effective_from_le_to"),
        # Reads that must not grow with the table: a role's bands in id order, the latest band per role,
        # geography and currency (compare, the chart), bands by year (the explorer's sort).
        Index("ix_salary_bands_role_id_id", "role_id", "id"),
        Index("ix_salary_bands_role_geography_currency_year", "role_id", "geography", "currency", "year"),
        Index("ix_salary_bands_year_id", "year", "id"),
        # The band list's sorts (sort=salary_min, salary_max, midpoint; `midpoint` orders by the sum), over all
        # bands and within a role: the first page comes in index order, read forwards or backwards, whatever
        # the table's size. The id after the column makes ascending ties come in the API's order (id
        # ascending) without sorting; descending, only the ties of one value are sorted. Within a role the
        # role's own index is needed: a column's index alone, filtered by role, walks every other role's
        # bands that sort first. salary_max carried in the role's salary_min index makes the count of
        # `role=` with `salary=` an index-only scan.
        Index("ix_salary_bands_salary_min_id", "salary_min", "id"),
        Index("ix_salary_bands_salary_max_id", "salary_max", "id"),
        Index("ix_salary_bands_midpoint_id", text("(salary_min + salary_max)"), "id"),
        Index(
            "ix_salary_bands_role_id_salary_min_id", "role_id", "salary_min", "id", postgresql_include=["salary_max"]
        ),
        Index("ix_salary_bands_role_id_salary_max_id", "role_id", "salary_max", "id"),
        Index("ix_salary_bands_role_id_midpoint_id", "role_id", text("(salary_min + salary_max)"), "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="RESTRICT"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    year: Mapped[int]
    geography: Mapped[str] = mapped_column(String(GEOGRAPHY_LENGTH))
    geography_scope: Mapped[str] = mapped_column(String(20))
    currency: Mapped[str] = mapped_column(String(3))
    period: Mapped[str] = mapped_column(String(10))
    salary_min: Mapped[int]
    salary_max: Mapped[int]
    provenance: Mapped[str] = mapped_column(Text)
    # Null: in effect since always / until further notice (the guide's bands carry no dates).
    effective_from: Mapped[date | None]
    effective_to: Mapped[date | None]

    # A stored band has no conversion: write answers dump `converted: null` (reads wrap it in pay.ConvertedBand).
    conversion = None

    role: Mapped["Role"] = relationship(back_populates="salary_bands")  # noqa: F821
    source: Mapped["Source"] = relationship()  # noqa: F821

    @hybrid_property
    def midpoint(self) -> Decimal:
        return midpoint(self.salary_min, self.salary_max)

    @midpoint.inplace.expression
    @classmethod
    def _midpoint_expression(cls):
        # Ordering by the sum orders by the midpoint, without division in SQL.
        return cls.salary_min + cls.salary_max
