"""Frozen records of a band, its role and its source: what SalaryBandSchema and the pay math read, and
nothing that needs a session, so they can be shared between requests (api/store/snapshot.py) or read
straight from the columns of one SELECT (the band list)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Bundle

from api.models import Role, SalaryBand, Source
from api.models.salary_band import midpoint


@dataclass(frozen=True, slots=True)
class RoleRef:
    slug: str
    title: str


@dataclass(frozen=True, slots=True)
class SourceRef:
    id: int
    title: str


@dataclass(frozen=True, slots=True)
class Band:
    """What SalaryBandSchema and the pay math read of a band."""

    id: int
    role: RoleRef
    year: int
    geography: str
    geography_scope: str
    currency: str
    period: str
    salary_min: int
    salary_max: int
    provenance: str
    source: SourceRef
    effective_from: date | None
    effective_to: date | None

    @property
    def midpoint(self) -> Decimal:
        return midpoint(self.salary_min, self.salary_max)

    @classmethod
    def of(cls, row) -> "Band":
        """From an ORM band with its role and source loaded."""
        return cls.from_columns(
            *(getattr(row, column.key) for column in BAND_COLUMNS),
            row.role.slug,
            row.role.title,
            row.source.id,
            row.source.title,
        )

    @classmethod
    def from_columns(
        cls, id_, year, geography, scope, currency, period, low, high, provenance, start, end, slug, title, source, name
    ) -> "Band":
        """From the values of `band_columns()`, in its order."""
        return cls(
            id_,
            RoleRef(slug, title),
            year,
            geography,
            scope,
            currency,
            period,
            low,
            high,
            provenance,
            SourceRef(source, name),
            start,
            end,
        )


class BandColumns(Bundle):
    """A band, its role and its source as the columns of one SELECT, each row made into a `Band`: a list
    page is one query, without building ORM rows or loading their relationships after it."""

    def create_row_processor(self, query, procs, labels):
        def band(row) -> Band:
            return Band.from_columns(*[proc(row) for proc in procs])

        return band


# The band's own columns, in the order `Band.from_columns` takes them (its role's and source's follow).
BAND_COLUMNS = (
    SalaryBand.id,
    SalaryBand.year,
    SalaryBand.geography,
    SalaryBand.geography_scope,
    SalaryBand.currency,
    SalaryBand.period,
    SalaryBand.salary_min,
    SalaryBand.salary_max,
    SalaryBand.provenance,
    SalaryBand.effective_from,
    SalaryBand.effective_to,
)


def band_columns() -> BandColumns:
    """What to select, from the band outer-joined to its role and source (see `joined`)."""
    return BandColumns(
        "band",
        *BAND_COLUMNS,
        Role.slug.label("role_slug"),
        Role.title.label("role_title"),
        Source.id.label("source_id"),
        Source.title.label("source_title"),
    )


def joined(stmt):
    """`stmt` (a select of `band_columns()`) from the band and its role and source. Outer joins: every band
    has both (foreign keys, not null), and a count that reads no column of theirs can leave them out."""
    return (
        stmt.select_from(SalaryBand)
        .outerjoin(Role, SalaryBand.role_id == Role.id)
        .outerjoin(Source, SalaryBand.source_id == Source.id)
    )
