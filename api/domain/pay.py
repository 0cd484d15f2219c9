"""What HR tools compute from bands: conversions, position in band, comparisons, the ladder, postings."""

from flask_smorest import abort
from sqlalchemy import func, select, union_all
from sqlalchemy.orm import selectinload

from api.domain import localized_pay, paymath
from api.extensions import db
from api.models import CareerLadderStep, Role, SalaryBand
from api.store import bands as band_rules
from api.store.queries import one_or_404


def conversion(band: SalaryBand, period: str, hours_per_year: int) -> dict:
    """The band per `period`, with the rule used; the published figures are left as they are."""
    return range_conversion(band.salary_min, band.salary_max, band.period, period, hours_per_year)


def range_conversion(low, high, from_period: str, period: str, hours_per_year: int) -> dict:
    """A range paid per `from_period`, per `period` instead, with the rule used."""

    def per_period(amount):
        return paymath.money(paymath.convert(amount, from_period, period, hours_per_year))

    return {
        "period": period,
        "salary_min": per_period(low),
        "salary_max": per_period(high),
        "midpoint": per_period(paymath.midpoint(low, high)),
        "hours_per_year": hours_per_year if "hourly" in (period, from_period) else None,
        "rule": paymath.conversion_rule(from_period, period, hours_per_year),
    }


def _range(band: SalaryBand, args: dict) -> tuple:
    """The band's (min, max), or the location-adjusted ones (and their location) when `area` is asked."""
    if "area" not in args:
        return band.salary_min, band.salary_max, None
    location = localized_pay.location(band, args["area"])
    return location["salary_min"], location["salary_max"], location


class ConvertedBand:
    """A band as SalaryBandSchema dumps it: its own fields, read from the row (left as loaded),
    and its `conversion` for this response."""

    def __init__(self, band: SalaryBand, conversion: dict | None):
        self.band, self.conversion = band, conversion

    def __getattr__(self, name):
        return getattr(self.band, name)


def converted(band: SalaryBand, args: dict) -> ConvertedBand:
    """The band with its conversion per `args["period"]`; None when the request asks for no period."""
    return ConvertedBand(band, conversion(band, args["period"], args["hours_per_year"]) if "period" in args else None)


def position(band: SalaryBand, args: dict) -> dict:
    """Where `args["salary"]` (paid per `args["period"]`) sits in `band`."""
    salary_period = args.get("period", band.period)
    in_band_period = paymath.convert(args["salary"], salary_period, band.period, args["hours_per_year"])
    low, high, location = _range(band, args)
    return {
        "band": band,
        "location": location,
        "salary": args["salary"],
        "salary_period": salary_period,
        "salary_in_band_period": paymath.money(in_band_period),
        **paymath.position_in_band(in_band_period, low, high),
        "rounding": paymath.ROUNDING_RULE,
    }


def band_for_role(args: dict) -> SalaryBand:
    """The one band of a role for a year, geography and currency, or a 404/422 problem saying why not."""
    role = one_or_404(Role, "role", slug=args["role"])
    bands = db.session.scalars(_bands_where(args).where(SalaryBand.role_id == role.id)).all()
    if not bands:
        market = (
            f" Market wages for its SOC code {role.occupation.code} (not a band): /v1/roles/{role.slug}/market-pay."
            if role.occupation
            else ""
        )
        abort(
            404,
            message=f"The guide publishes no {args['year']} band for '{role.slug}' in "
            f"{args['geography']} {args['currency']}.{market}",
        )
    if len(bands) > 1:
        ids = ", ".join(str(band.id) for band in bands)
        abort(
            422,
            message=f"{len(bands)} bands match (ids {ids}); narrow with `source` or `as_of`, or ask for one "
            f"by id at /v1/salary-bands/{{id}}/position.",
        )
    return bands[0]


def _bands_where(args: dict):
    stmt = select(SalaryBand).where(SalaryBand.geography == args["geography"], SalaryBand.currency == args["currency"])
    if args.get("year") is not None:
        stmt = stmt.where(SalaryBand.year == args["year"])
    stmt = band_rules.filter_bands(stmt, args)
    return stmt.options(selectinload(SalaryBand.role), selectinload(SalaryBand.source)).order_by(
        SalaryBand.year, SalaryBand.id
    )


def difference(band: SalaryBand, base: SalaryBand) -> dict:
    base_mid = paymath.midpoint(base.salary_min, base.salary_max)
    gap = paymath.midpoint(band.salary_min, band.salary_max) - base_mid
    return {
        "midpoint_difference": paymath.money(gap),
        "midpoint_difference_ratio": paymath.ratio(gap / base_mid),
        "salary_min_difference": band.salary_min - base.salary_min,
        "salary_max_difference": band.salary_max - base.salary_max,
    }


def comparison(args: dict, most: int) -> dict:
    """Bands of several roles (and years) side by side, each against the first band found. More than `most`
    items is a 422 naming `roles`, refused after reading at most `most` + 1 bands."""
    slugs = list(dict.fromkeys(args["roles"]))
    roles = {role.slug: role for role in db.session.scalars(select(Role).where(Role.slug.in_(slugs)))}
    unknown = [slug for slug in slugs if slug not in roles]
    if unknown:
        abort(404, message=f"No role {', '.join(repr(slug) for slug in unknown)}.")
    stmt = _bands_where(args).where(SalaryBand.role_id.in_([role.id for role in roles.values()]))
    if args.get("years"):
        stmt = stmt.where(SalaryBand.year.in_(args["years"]))
    by_role = {}
    for band in db.session.scalars(stmt.limit(most + 1)):
        by_role.setdefault(band.role_id, []).append(band)
    found = [(roles[slug], band) for slug in slugs for band in by_role.get(roles[slug].id, [None])]
    if len(found) > most:
        message = f"More than {most} bands match; narrow with `years` or `source`."
        abort(422, errors={"query": {"roles": [message]}})
    base = next((band for _, band in found if band is not None), None)
    items = [
        {"role": role, "band": band, "versus_base": difference(band, base) if band else None} for role, band in found
    ]
    return {"base_band_id": base.id if base else None, "data": items}


def career_ladder(args: dict) -> dict:
    """The guide's ladder, each step with its band and the pay step from the nearest lower band."""
    steps = db.session.scalars(
        select(CareerLadderStep).options(selectinload(CareerLadderStep.role)).order_by(CareerLadderStep.position)
    ).all()
    role_ids = [step.role_id for step in steps]
    year = args.get("year")
    if year is None:
        year = _latest_year(role_ids, args)
    bands = {
        band.role_id: band
        for band in db.session.scalars(_bands_where({**args, "year": year}).where(SalaryBand.role_id.in_(role_ids)))
    }
    result, previous = [], None
    for step in steps:
        band = bands.get(step.role_id)
        result.append(
            {
                "position": step.position,
                "role": step.role,
                "level": step.role.level,
                "has_published_band": band is not None,
                "band": band,
                "step_from_previous_band": difference(band, previous) if band and previous else None,
            }
        )
        previous = band or previous
    return {"provenance": steps[0].provenance if steps else "", "year": year, "data": result}


def _latest_year(role_ids: list[int], args: dict) -> int | None:
    """The latest year any of the roles has a band for: one max per role, each read from the end of the
    (role_id, year, ...) index rather than across every band the roles have."""
    if not role_ids:
        return None
    per_role = union_all(
        *(
            band_rules.filter_bands(
                select(func.max(SalaryBand.year).label("year")).where(SalaryBand.role_id == role_id), args
            )
            for role_id in role_ids
        )
    ).subquery()
    return db.session.scalar(select(func.max(per_role.c.year)))


def posting(band: SalaryBand, args: dict) -> dict:
    """A pay-transparency range for a job post, in the band's period or the one asked for, adjusted
    to `area` when one is asked for."""
    period = args.get("period", band.period)
    low, high, location = _range(band, args)
    low = paymath.convert(low, band.period, period, args["hours_per_year"])
    high = paymath.convert(high, band.period, period, args["hours_per_year"])
    return {
        "location": location,
        "text": paymath.posting_text(low, high, band.currency, period),
        "salary_min": paymath.money(low),
        "salary_max": paymath.money(high),
        "currency": band.currency,
        "period": period,
        "format": paymath.POSTING_FORMAT,
        "band": band,
        "provenance": band.provenance,
    }
