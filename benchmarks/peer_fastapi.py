"""The peer an HR tool's author would write instead: FastAPI + SQLAlchemy 2 Core + Pydantic v2 on uvicorn.

One SELECT joining band, role and source per request, exact Decimal math (half-up: money to cents,
ratios to 4 places), the same JSON fields as /v1/salary-bands/position. No cache: every call is new.
DATABASE_URL names the same database the API under test reads.
"""

import os
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Literal

from fastapi import FastAPI, HTTPException, Query
from pydantic import BaseModel
from sqlalchemy import MetaData, Table, create_engine, select

engine = create_engine(os.environ["DATABASE_URL"], pool_size=5)
metadata = MetaData()
bands, roles, sources = (Table(name, metadata, autoload_with=engine) for name in ("salary_bands", "roles", "sources"))
app = FastAPI()
CENT, RATIO = Decimal("0.01"), Decimal("0.0001")
ROUNDING = "Money is rounded half-up to cents; ratios half-up to 4 decimal places. Inputs are exact."
Salary = Annotated[Decimal, Query(gt=0, le=1_000_000_000, max_digits=16, decimal_places=4)]
COLUMNS = (
    bands.c.id,
    bands.c.year,
    bands.c.geography,
    bands.c.geography_scope,
    bands.c.currency,
    bands.c.period,
    bands.c.salary_min,
    bands.c.salary_max,
    bands.c.provenance,
    bands.c.effective_from,
    bands.c.effective_to,
    roles.c.slug,
    roles.c.title,
    sources.c.id.label("source_id"),
    sources.c.title.label("source_title"),
)
QUERY = select(*COLUMNS).join(roles, roles.c.id == bands.c.role_id).join(sources, sources.c.id == bands.c.source_id)


class RoleRef(BaseModel):
    slug: str
    title: str


class SourceRef(BaseModel):
    id: int
    title: str


class Band(BaseModel):
    id: int
    role: RoleRef
    year: int
    geography: str
    geography_scope: str
    currency: str
    period: str
    salary_min: int
    salary_max: int
    midpoint: float
    provenance: str
    source: SourceRef
    effective_from: str | None
    effective_to: str | None


class Position(BaseModel):
    band: Band
    location: None = None
    salary: float
    salary_period: str
    salary_in_band_period: float
    compa_ratio: float
    range_penetration: float | None
    midpoint: float
    spread: float
    placement: Literal["below", "within", "above"]
    distance_from_min: float
    distance_to_max: float
    rounding: str = ROUNDING


def position(row, salary: Decimal) -> Position:
    low, high = Decimal(row.salary_min), Decimal(row.salary_max)
    mid, width = (low + high) / 2, high - low
    band = Band(
        id=row.id,
        role=RoleRef(slug=row.slug, title=row.title),
        year=row.year,
        geography=row.geography,
        geography_scope=row.geography_scope,
        currency=row.currency,
        period=row.period,
        salary_min=row.salary_min,
        salary_max=row.salary_max,
        midpoint=mid,
        provenance=row.provenance,
        source=SourceRef(id=row.source_id, title=row.source_title),
        effective_from=row.effective_from and str(row.effective_from),
        effective_to=row.effective_to and str(row.effective_to),
    )
    return Position(
        band=band,
        salary=salary,
        salary_period=row.period,
        salary_in_band_period=salary.quantize(CENT, ROUND_HALF_UP),
        compa_ratio=(salary / mid).quantize(RATIO, ROUND_HALF_UP),
        range_penetration=((salary - low) / width).quantize(RATIO, ROUND_HALF_UP) if width else None,
        midpoint=mid.quantize(CENT, ROUND_HALF_UP),
        spread=(width / low).quantize(RATIO, ROUND_HALF_UP),
        placement="below" if salary < low else "above" if salary > high else "within",
        distance_from_min=(salary - low).quantize(CENT, ROUND_HALF_UP),
        distance_to_max=(high - salary).quantize(CENT, ROUND_HALF_UP),
    )


def one(stmt):
    with engine.connect() as connection:
        rows = connection.execute(stmt).all()
    if len(rows) != 1:
        raise HTTPException(404 if not rows else 422, "no single band")
    return rows[0]


@app.get("/v1/salary-bands/position")
def position_by_role(role: str, year: int, salary: Salary, geography: str = "US", currency: str = "USD") -> Position:
    return position(
        one(
            QUERY.where(
                roles.c.slug == role, bands.c.year == year, bands.c.geography == geography, bands.c.currency == currency
            )
        ),
        salary,
    )


@app.get("/v1/salary-bands/{band_id}/position")
def position_by_id(band_id: int, salary: Salary) -> Position:
    return position(one(QUERY.where(bands.c.id == band_id)), salary)


@app.get("/healthz")
def health():
    return {"status": "ok"}
