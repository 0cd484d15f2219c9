"""The peer an HR tool's author would write instead: FastAPI + SQLAlchemy 2 Core + Pydantic v2 on uvicorn.

Each call is one SELECT joining what it shows (band, role and source; for the market calls the
occupation, the survey, the area and its wages too; the filtered list adds a count), exact Decimal
math (half-up: money to cents, ratios to 4 places, localized amounts to whole units), the same JSON
fields and values as the API's position, localized band, band-versus-market and filtered band list.
No cache: every call is new. DATABASE_URL names the same database the API under test reads.
"""

import os
import re
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Query, Request
from pydantic import BaseModel
from sqlalchemy import MetaData, Table, and_, case, create_engine, func, literal, select

engine = create_engine(os.environ["DATABASE_URL"], pool_size=5)
metadata = MetaData()
bands, roles, sources, occupations, areas, wages = (
    Table(name, metadata, autoload_with=engine)
    for name in ("salary_bands", "roles", "sources", "occupations", "areas", "market_wages")
)
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


PER_YEAR = {"annual": 1, "monthly": 12, "biweekly": 26, "weekly": 52}
UNITS = {"annual": "year", "monthly": "month", "biweekly": "two weeks", "weekly": "week", "hourly": "hour"}
PLURALS = {"annual": "years", "monthly": "months", "biweekly": "two-week periods", "weekly": "weeks", "hourly": "hours"}
Period = Literal["annual", "monthly", "biweekly", "weekly", "hourly"]
Hours = Annotated[int, Query(ge=520, le=4160)]
METHOD = (
    "Estimate, not published by the guide: the guide's national band × (the area's OEWS annual median "
    "÷ the national OEWS annual median) for the role's SOC code, from the same survey; each amount "
    "rounded half-up to whole dollars from the exact product."
)
POSITION_METHOD = (
    "Linear interpolation between the OEWS annual percentiles (10th, 25th, 50th, 75th, 90th) "
    "that bracket the amount; outside the 10th to 90th, the placement says below or above."
)
AREA = re.compile(r"(?P<code>[0-9]{1,7})|(?P<usps>[A-Za-z]{2})|[Uu][Ss]-(?P<iso>[A-Za-z]{2})")
AreaText = Annotated[str, Query(max_length=10)]


class RoleRef(BaseModel):
    slug: str
    title: str


class SourceRef(BaseModel):
    id: int
    title: str


class Conversion(BaseModel):
    period: str
    salary_min: float
    salary_max: float
    midpoint: float
    hours_per_year: int | None
    rule: str


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
    converted: Conversion | None = None


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


def band_of(row, converted: Conversion | None = None) -> Band:
    return Band(
        id=row.id,
        role=RoleRef(slug=row.slug, title=row.title),
        year=row.year,
        geography=row.geography,
        geography_scope=row.geography_scope,
        currency=row.currency,
        period=row.period,
        salary_min=row.salary_min,
        salary_max=row.salary_max,
        midpoint=(Decimal(row.salary_min) + row.salary_max) / 2,
        provenance=row.provenance,
        source=SourceRef(id=row.source_id, title=row.source_title),
        effective_from=row.effective_from and str(row.effective_from),
        effective_to=row.effective_to and str(row.effective_to),
        converted=converted,
    )


def position(row, paid: Decimal, period: str | None, hours: int) -> Position:
    low, high = Decimal(row.salary_min), Decimal(row.salary_max)
    mid, width = (low + high) / 2, high - low
    salary = paid * per_year(period or row.period, hours) / per_year(row.period, hours)
    return Position(
        band=band_of(row),
        salary=paid,
        salary_period=period or row.period,
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
def position_by_role(
    role: str,
    year: int,
    salary: Salary,
    geography: str = "US",
    currency: str = "USD",
    period: Period | None = None,
    hours_per_year: Hours = 2080,
) -> Position:
    return position(
        one(
            QUERY.where(
                roles.c.slug == role, bands.c.year == year, bands.c.geography == geography, bands.c.currency == currency
            )
        ),
        salary,
        period,
        hours_per_year,
    )


@app.get("/v1/salary-bands/{band_id}/position")
def position_by_id(
    band_id: int, salary: Salary, period: Period | None = None, hours_per_year: Hours = 2080
) -> Position:
    return position(one(QUERY.where(bands.c.id == band_id)), salary, period, hours_per_year)


def per_year(period: str, hours: int) -> int:
    return hours if period == "hourly" else PER_YEAR[period]


def conversion(low, high, from_period: str, period: str, hours: int) -> Conversion:
    def each(amount):
        return (Decimal(amount) * per_year(from_period, hours) / per_year(period, hours)).quantize(CENT, ROUND_HALF_UP)

    def plural(name):
        return f"{per_year(name, hours)} {PLURALS[name]}"

    source, target = UNITS[from_period], UNITS[period]
    if from_period == period:
        rule = f"No conversion: the band is published per {source}."
    else:
        if from_period == "annual":
            formula = f"amount per year ÷ {plural(period)} a year"
        elif period == "annual":
            formula = f"amount per {source} × {plural(from_period)} a year"
        else:
            formula = f"amount per {source} × {plural(from_period)} a year ÷ {plural(period)} a year"
        rule = f"amount per {target} = {formula}, rounded half-up to cents."
    return Conversion(
        period=period,
        salary_min=each(low),
        salary_max=each(high),
        midpoint=each((Decimal(low) + high) / 2),
        hours_per_year=hours if "hourly" in (period, from_period) else None,
        rule=rule,
    )


class Area(BaseModel):
    code: str
    name: str
    type: str
    usps: str | None


class Occupation(BaseModel):
    system: str
    code: str
    title: str
    attribution: str


class LocalizedBand(BaseModel):
    factor: float
    area_median: int
    national_median: int
    salary_min: int
    salary_max: int
    midpoint: int
    area: Area
    occupation: Occupation
    survey: SourceRef
    estimate: bool = True
    method: str = METHOD
    band: Band
    currency: str
    period: str
    converted: Conversion | None


class MarketWage(BaseModel):
    area: Area
    occupation: Occupation
    survey: SourceRef
    employment: int | None
    hourly_mean: float | None
    hourly_pct10: float | None
    hourly_pct25: float | None
    hourly_median: float | None
    hourly_pct75: float | None
    hourly_pct90: float | None
    annual_mean: int | None
    annual_pct10: int | None
    annual_pct25: int | None
    annual_median: int | None
    annual_pct75: int | None
    annual_pct90: int | None
    top_coded: list[str]


class BandPoint(BaseModel):
    amount: float
    percentile: float | None
    placement: str


class MarketPosition(BaseModel):
    band: Band
    area: Area
    occupation: Occupation
    survey: SourceRef
    market: MarketWage
    salary_min_position: BandPoint
    midpoint_position: BandPoint
    salary_max_position: BandPoint
    method: str = POSITION_METHOD


class Pagination(BaseModel):
    total: int
    limit: int
    offset: int
    next: str | None
    prev: str | None


class BandList(BaseModel):
    data: list[Band]
    pagination: Pagination


local_area, nation, survey = areas.alias("local_area"), areas.alias("nation"), sources.alias("survey")
local_wage, national_wage = wages.alias("local_wage"), wages.alias("national_wage")
AREA_COLUMNS = [local_area.c.code, local_area.c.name, local_area.c.type, local_area.c.usps]
OCCUPATION_COLUMNS = [
    occupations.c.system,
    occupations.c.code.label("occupation_code"),
    occupations.c.title.label("occupation_title"),
    occupations.c.attribution,
]
WAGE_COLUMNS = [column for column in local_wage.c if column.name.startswith(("hourly_", "annual_"))]


def area_clause(text: str):
    match = AREA.fullmatch(text)
    if match is None:
        raise HTTPException(422, "area: an OEWS code, a USPS code or US-XX")
    if match["code"]:
        return local_area.c.code == match["code"].zfill(2)
    usps = (match["usps"] or match["iso"]).upper()
    return and_(local_area.c.usps == usps, local_area.c.type.in_(("national", "state", "territory")))


def market_query(band_id: int, area: str, survey_id: int | None, *columns):
    """The band with its role, source and occupation, the survey, the area and its wages: one SELECT."""
    latest = select(sources.c.id).where(sources.c.slug.like("bls-oews-may-%"))
    if survey_id is not None:
        latest = latest.where(sources.c.id == survey_id)
    latest = latest.order_by(sources.c.edition_year.desc()).limit(1).scalar_subquery()
    return (
        select(
            *COLUMNS,
            *OCCUPATION_COLUMNS,
            *AREA_COLUMNS,
            survey.c.id.label("survey_id"),
            survey.c.title.label("survey_title"),
            *columns,
        )
        .join(roles, roles.c.id == bands.c.role_id)
        .join(sources, sources.c.id == bands.c.source_id)
        .join(occupations, occupations.c.id == roles.c.occupation_id)
        .join(survey, survey.c.id == latest)
        .join(local_area, area_clause(area))
        .join(
            local_wage,
            and_(
                local_wage.c.source_id == survey.c.id,
                local_wage.c.area_id == local_area.c.id,
                local_wage.c.occupation_id == occupations.c.id,
            ),
        )
        .where(bands.c.id == band_id)
    )


def area_of(row) -> Area:
    return Area(code=row.code, name=row.name, type=row.type, usps=row.usps)


def occupation_of(row) -> Occupation:
    return Occupation(
        system=row.system, code=row.occupation_code, title=row.occupation_title, attribution=row.attribution
    )


def whole(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), ROUND_HALF_UP))


@app.get("/v1/salary-bands/{band_id}/localized")
def localized(
    band_id: int, area: AreaText, survey: int | None = None, period: Period | None = None, hours_per_year: Hours = 2080
) -> LocalizedBand:
    columns = (local_wage.c.annual_median.label("local_median"), national_wage.c.annual_median.label("national_median"))
    stmt = (
        market_query(band_id, area, survey, *columns)
        .join(nation, nation.c.code == "99")
        .join(
            national_wage,
            and_(
                national_wage.c.source_id == local_wage.c.source_id,
                national_wage.c.area_id == nation.c.id,
                national_wage.c.occupation_id == occupations.c.id,
            ),
        )
    )
    row = one(stmt)
    if row.local_median is None or row.national_median is None:
        raise HTTPException(404, "no annual median")
    local, national = Decimal(row.local_median), Decimal(row.national_median)
    low, high = whole(row.salary_min * local / national), whole(row.salary_max * local / national)
    return LocalizedBand(
        factor=(local / national).quantize(RATIO, ROUND_HALF_UP),
        area_median=row.local_median,
        national_median=row.national_median,
        salary_min=low,
        salary_max=high,
        midpoint=whole((row.salary_min + row.salary_max) * local / (2 * national)),
        area=area_of(row),
        occupation=occupation_of(row),
        survey=SourceRef(id=row.survey_id, title=row.survey_title),
        band=band_of(row),
        currency=row.currency,
        period=row.period,
        converted=conversion(low, high, row.period, period, hours_per_year) if period else None,
    )


def percentile(amount: Decimal, points: list) -> tuple:
    known = [(pct, Decimal(value)) for pct, value in points if value is not None]
    if not known:
        return None, "unknown"
    if amount < known[0][1]:
        return None, "below"
    if amount > known[-1][1]:
        return None, "above"
    for (low_pct, low), (high_pct, high) in zip(known, known[1:]):
        if low <= amount <= high:
            if high == low:
                return Decimal(low_pct), "within"
            share = (high_pct - low_pct) * (amount - low) / (high - low)
            return (low_pct + share).quantize(RATIO, ROUND_HALF_UP), "within"
    return Decimal(known[0][0]), "within"


@app.get("/v1/salary-bands/{band_id}/market-position")
def market_position(band_id: int, area: AreaText = "99", survey: int | None = None) -> MarketPosition:
    row = one(market_query(band_id, area, survey, *WAGE_COLUMNS, local_wage.c.employment, local_wage.c.top_coded))
    points = [(pct, getattr(row, f"annual_{name}")) for pct, name in PERCENTILES]

    def place(amount: Decimal) -> BandPoint:
        at, placement = percentile(amount * per_year(row.period, 2080), points)
        return BandPoint(amount=amount, percentile=at, placement=placement)

    area_ref = area_of(row)
    occupation = occupation_of(row)
    survey_ref = SourceRef(id=row.survey_id, title=row.survey_title)
    market = MarketWage(
        area=area_ref,
        occupation=occupation,
        survey=survey_ref,
        employment=row.employment,
        top_coded=row.top_coded or [],
        **{column.name: getattr(row, column.name) for column in WAGE_COLUMNS},
    )
    return MarketPosition(
        band=band_of(row),
        area=area_ref,
        occupation=occupation,
        survey=survey_ref,
        market=market,
        salary_min_position=place(Decimal(row.salary_min)),
        midpoint_position=place((Decimal(row.salary_min) + row.salary_max) / 2),
        salary_max_position=place(Decimal(row.salary_max)),
    )


PERCENTILES = [(10, "pct10"), (25, "pct25"), (50, "median"), (75, "pct75"), (90, "pct90")]


@app.get("/v1/salary-bands")
def band_list(
    request: Request,
    salary: Salary,
    period: Period | None = None,
    hours_per_year: Hours = 2080,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> BandList:
    yearly = salary * per_year(period or "annual", hours_per_year)
    band_per_year = case(PER_YEAR, value=bands.c.period, else_=literal(hours_per_year))
    holds = and_(
        bands.c.salary_min * band_per_year <= int(yearly.to_integral_value(ROUND_FLOOR)),
        bands.c.salary_max * band_per_year >= int(yearly.to_integral_value(ROUND_CEILING)),
    )
    with engine.connect() as connection:
        total = connection.scalar(select(func.count()).select_from(bands).where(holds))
        rows = connection.execute(QUERY.where(holds).order_by(bands.c.id).limit(limit).offset(offset)).all()
    data = [
        band_of(row, conversion(row.salary_min, row.salary_max, row.period, period, hours_per_year) if period else None)
        for row in rows
    ]

    def page(at: int) -> str:
        params = {name: request.query_params.getlist(name) for name in request.query_params}
        params.update(limit=[str(limit)], offset=[str(at)])
        return f"{request.url.path}?{urlencode(params, doseq=True)}"

    previous = None
    if offset and rows:
        previous = page(max(offset - limit, 0))
    elif offset and total:  # past the end: the last page that has bands, on this page's grid of offsets
        phase = offset % limit
        previous = page(phase + (total - 1 - phase) // limit * limit if total > phase else 0)
    pagination = Pagination(
        total=total,
        limit=limit,
        offset=offset,
        next=page(offset + limit) if offset + limit < total else None,
        prev=previous,
    )
    return BandList(data=data, pagination=pagination)


@app.get("/healthz")
def health():
    return {"status": "ok"}
