"""Localized pay: the guide's national bands read against BLS OEWS market wages.

A location-adjusted band is an estimate derived from two named sources, never a figure the guide
published: national band × (area median / national median) for the role's SOC code, from the
same OEWS survey, rounded half-up to whole currency units from the exact product.
"""

import re
from functools import partial

import pycountry
from flask_smorest import abort
from sqlalchemy import Select, and_, select
from sqlalchemy.orm import selectinload

from api.domain import paymath
from api.extensions import db
from api.models import Area, MarketWage, Occupation, Role, SalaryBand, Source
from api.store.queries import Listing, one_or_404

NATIONAL = "99"  # OEWS's area code for the United States
# An area as people type it: OEWS digits, a USPS code, or ISO 3166-2 for a US subdivision.
AREA_RE = re.compile(r"(?P<code>[0-9]{1,7})|(?P<usps>[A-Za-z]{2})|[Uu][Ss]-(?P<iso>[A-Za-z]{2})")
AREA_PATTERN = r"^([0-9]{1,7}|[A-Za-z]{2}|[Uu][Ss]-[A-Za-z]{2})$"
# USPS codes name these; a metro's PRIM_STATE may be a single code too, so it is never matched by one.
USPS_AREA_TYPES = ("national", "state", "territory")
METHOD = (
    "Estimate, not published by the guide: the guide's national band × (the area's OEWS annual median "
    "÷ the national OEWS annual median) for the role's SOC code, from the same survey; each amount "
    "rounded half-up to whole dollars from the exact product."
)
POSITION_METHOD = (
    "Linear interpolation between the OEWS annual percentiles (10th, 25th, 50th, 75th, 90th) "
    "that bracket the amount; outside the 10th to 90th, the placement says below or above."
)


def latest_survey(source_id: int | None = None, required: bool = True) -> Source | None:
    """The OEWS survey asked for, or the latest; a 404 saying how to load one when `required`."""
    stmt = select(Source).where(Source.slug.like("bls-oews-may-%"))
    if source_id is not None:
        stmt = stmt.where(Source.id == source_id)
    survey = db.session.scalars(stmt.order_by(Source.edition_year.desc())).first()
    if survey is None and (required or source_id is not None):
        abort(
            404,
            message="No OEWS market wages are loaded: run `flask --app api oews import FILE`."
            if source_id is None
            else f"No OEWS survey with source id {source_id}.",
        )
    return survey


def occupation_of(role: Role):
    if role.occupation is None:
        abort(404, message=f"Role '{role.slug}' has no SOC code, so no market wages apply to it.")
    return role.occupation


def wage_for(survey: Source, area: Area, occupation) -> MarketWage | None:
    return db.session.scalars(
        select(MarketWage).where(
            MarketWage.source_id == survey.id,
            MarketWage.area_id == area.id,
            MarketWage.occupation_id == occupation.id,
        )
    ).one_or_none()


def parse_area(text: str) -> str | None:
    """The area `text` names, normalized: OEWS digits (a one-digit state FIPS code zero-padded, `6` →
    `06`) or an upper-case USPS code (`ca`, `US-CA` → `CA`); None when it is none of these."""
    match = AREA_RE.fullmatch(text)
    if match is None:
        return None
    if match["code"]:
        return match["code"].zfill(2)
    if match["usps"]:
        return match["usps"].upper()
    iso = f"US-{match['iso'].upper()}"
    return iso[3:] if pycountry.subdivisions.get(code=iso) is not None else None


def area_clause(area: str):
    """The filter for a parsed area: its OEWS code, or the nation, state or territory of a USPS code."""
    if area.isdigit():
        return Area.code == area
    return and_(Area.usps == area, Area.type.in_(USPS_AREA_TYPES))


def area_by_code(code: str) -> Area:
    return db.first_or_404(select(Area).where(area_clause(code)), description=f"No area '{code}' (see /v1/areas).")


def _median(survey, area, occupation) -> MarketWage:
    wage = wage_for(survey, area, occupation)
    if wage is None or wage.annual_median is None:
        abort(
            404,
            message=f"OEWS {survey.edition_year} publishes no annual median for SOC {occupation.code} in {area.name}.",
        )
    return wage


def _annual(band: SalaryBand, amount):
    return paymath.convert(amount, band.period, "annual")


def adjustment(band: SalaryBand, local: MarketWage, national: MarketWage) -> dict:
    factor = paymath.exact(local.annual_median) / national.annual_median
    low, high = band.salary_min * factor, band.salary_max * factor
    return {
        "factor": paymath.ratio(factor),
        "area_median": local.annual_median,
        "national_median": national.annual_median,
        "salary_min": paymath.whole(low),
        "salary_max": paymath.whole(high),
        "midpoint": paymath.whole(paymath.midpoint(low, high)),
    }


def location(band: SalaryBand, area_code: str, survey_id: int | None = None) -> dict:
    """The band adjusted to an area, with the area, survey and method it was derived by: an estimate."""
    occupation = occupation_of(band.role)
    survey = latest_survey(survey_id)
    area = area_by_code(area_code)
    local, national = _median(survey, area, occupation), _median(survey, area_by_code(NATIONAL), occupation)
    return {
        "area": area,
        "occupation": occupation,
        "survey": survey,
        "estimate": True,
        "method": METHOD,
        **adjustment(band, local, national),
    }


def localized_band(band: SalaryBand, args: dict) -> dict:
    return {
        "band": band,
        "currency": band.currency,
        "period": band.period,
        **location(band, args["area"], args.get("survey")),
    }


def market_position(band: SalaryBand, args: dict) -> dict:
    occupation = occupation_of(band.role)
    survey = latest_survey(args.get("survey"))
    area = area_by_code(args["area"])
    wage = wage_for(survey, area, occupation)
    if wage is None:
        abort(404, message=f"OEWS {survey.edition_year} has no estimate for SOC {occupation.code} in {area.name}.")
    points = _percentiles(wage)

    def place(amount):
        percentile, placement = paymath.percentile_of(_annual(band, amount), points)
        return {"amount": amount, "percentile": percentile, "placement": placement}

    return {
        "band": band,
        "area": area,
        "occupation": occupation,
        "survey": survey,
        "market": wage,
        "salary_min_position": place(band.salary_min),
        "midpoint_position": place(band.midpoint),
        "salary_max_position": place(band.salary_max),
        "method": POSITION_METHOD,
    }


def _percentiles(wage: MarketWage) -> list[tuple]:
    return [
        (10, wage.annual_pct10),
        (25, wage.annual_pct25),
        (50, wage.annual_median),
        (75, wage.annual_pct75),
        (90, wage.annual_pct90),
    ]


def market_pay(role: Role, args: dict) -> dict:
    """A role's market wages in an area, labelled as market data, and where `salary` falls among them.
    For a role the guide publishes no band for, this is the answer; a band is never made up."""
    occupation = occupation_of(role)
    survey = latest_survey(args.get("survey"))
    area = area_by_code(args["area"])
    wage = wage_for(survey, area, occupation)
    if wage is None:
        abort(404, message=f"OEWS {survey.edition_year} has no estimate for SOC {occupation.code} in {area.name}.")
    banded = "" if role.has_published_band else "The guide publishes no band for this role; none is estimated. "
    result = {
        "role": role,
        "has_published_band": role.has_published_band,
        "basis": "market",
        "market": wage,
        "note": f"Market data, not a band: {banded}BLS OEWS {survey.edition_year} wages for SOC "
        f"{occupation.code} ({occupation.title}) in {area.name}, all employers and experience levels.",
        "salary": None,
    }
    if "salary" in args:
        period = args.get("period", "annual")
        annual = paymath.convert(args["salary"], period, "annual", args["hours_per_year"])
        percentile, placement = paymath.percentile_of(annual, _percentiles(wage))
        result["salary"] = {
            "amount": args["salary"],
            "period": period,
            "annual": paymath.money(annual),
            "percentile": percentile,
            "placement": placement,
        }
    return result


def places(band: SalaryBand, args: dict) -> Listing:
    """Every area with an OEWS median for the band's SOC code, each with the band priced there."""
    occupation = occupation_of(band.role)
    survey = latest_survey(args.get("survey"))
    national = _median(survey, area_by_code(NATIONAL), occupation)
    stmt = (
        select(MarketWage)
        .join(Area)
        .where(
            MarketWage.source_id == survey.id,
            MarketWage.occupation_id == occupation.id,
            MarketWage.annual_median.is_not(None),
        )
        .options(selectinload(MarketWage.area))
    )
    if "area_type" in args:
        stmt = stmt.where(Area.type == args["area_type"])
    sort = args.get("sort", "area")
    column = {"midpoint": MarketWage.annual_median, "area": Area.name}[sort.lstrip("-")]
    stmt = stmt.order_by(column.desc() if sort.startswith("-") else column.asc(), Area.code)
    return Listing(stmt, item=partial(place, band, national))


def place(band: SalaryBand, national: MarketWage, wage: MarketWage) -> dict:
    """One area of `places`: the band adjusted to it, as PlaceSchema dumps it."""
    return {"area": wage.area, "employment": wage.employment, "adjusted": adjustment(band, wage, national)}


def market_wages(args: dict) -> Select:
    stmt = (
        select(MarketWage)
        .join(Area)
        .options(selectinload(MarketWage.area), selectinload(MarketWage.occupation), selectinload(MarketWage.source))
    )
    survey = latest_survey(args.get("survey"), required=False)
    stmt = stmt.where(MarketWage.source_id == (survey.id if survey else None))  # nothing loaded: an empty list
    if "role" in args:
        role = one_or_404(Role, "role", slug=args["role"])
        if role.occupation is None:
            abort(404, message=f"Role '{role.slug}' has no SOC code, so no market wages apply to it.")
        stmt = stmt.where(MarketWage.occupation_id == role.occupation_id)
    if "soc_code" in args:
        stmt = stmt.join(Occupation).where(Occupation.code == args["soc_code"])
    if "area" in args:
        stmt = stmt.where(area_clause(args["area"]))
    if "area_type" in args:
        stmt = stmt.where(Area.type == args["area_type"])
    return stmt.order_by(Area.code, MarketWage.occupation_id)


def areas(args: dict) -> Select:
    stmt = select(Area)
    if "type" in args:
        stmt = stmt.where(Area.type == args["type"])
    if "usps" in args:
        stmt = stmt.where(Area.usps == args["usps"].upper())
    if "q" in args:
        stmt = stmt.where(Area.name.icontains(args["q"], autoescape=True))
    return stmt.order_by(Area.code)
