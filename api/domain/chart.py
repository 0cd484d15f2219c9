"""The band chart as SVG: one row per role, each published band a range bar, drawn on the server.

The explorer page draws the same picture in the browser from the same API figures.
"""

from decimal import Decimal
from xml.sax.saxutils import escape

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import aliased, selectinload

from api.store import bands as band_rules
from api.domain import paymath
from api.store import queries
from api.extensions import db
from api.models import Industry, Role, SalaryBand

WIDTH, LEFT, RIGHT, TOP, ROW = 880, 250, 40, 56, 48
# Roles drawn at most; past it the chart says so and links the lists to page through.
CHART_ROWS = 40
BAND_COLOUR, MID_COLOUR, TEXT_COLOUR, MUTED = "#1d4ed8", "#0f172a", "#111827", "#4b5563"


def rows(args: dict) -> tuple[list[tuple[Role, list[SalaryBand]]], bool]:
    """The first CHART_ROWS roles the filters keep, each with its latest band of the year, geography and
    currency asked for; and whether more roles matched than are drawn."""
    stmt = select(Role).order_by(Role.id).limit(CHART_ROWS + 1)
    if "industry" in args:
        stmt = stmt.where(Role.industries.any(Industry.slug == args["industry"]))
    if "level" in args:
        stmt = stmt.where(Role.level == args["level"])
    roles = db.session.scalars(stmt).all()
    latest = _latest_bands([role.id for role in roles[:CHART_ROWS]], args)
    return [(role, latest.get(role.id, [])) for role in roles[:CHART_ROWS]], len(roles) > CHART_ROWS


def _latest_bands(role_ids: list[int], args: dict) -> dict[int, list[SalaryBand]]:
    """Each role's latest band that matches (highest year, then source): per role, read from the end of the
    role's unique (role_id, year, geography, currency, source_id) index, never every band the role has."""
    band = aliased(SalaryBand)
    latest = (select(band.id).where(band.role_id == Role.id, band.geography == args["geography"].upper(),
                                    band.currency == args["currency"].upper())
              .order_by(*queries.latest_first(band)).limit(1))
    if "year" in args:
        latest = latest.where(band.year == args["year"])
    latest = band_rules.filter_bands(latest, args, band)
    ids = select(latest.correlate(Role).scalar_subquery()).where(Role.id.in_(role_ids))
    stmt = select(SalaryBand).where(SalaryBand.id.in_(ids)).options(selectinload(SalaryBand.source))
    return {band.role_id: [band] for band in db.session.scalars(stmt)}


def money_text(amount: Decimal, currency: str, period: str) -> str:
    places = 0 if period in ("annual", "monthly") and amount == amount.to_integral_value() else 2
    return paymath.amount_text(amount, currency, places)


def render(args: dict) -> str:
    period, hours = args.get("period", "annual"), args["hours_per_year"]
    table, more = rows(args)

    def per_period(band, amount):
        return paymath.money(paymath.convert(amount, band.period, period, hours))

    amounts = [per_period(b, v) for _, bands in table for b in bands for v in (b.salary_min, b.salary_max)]
    low, high = (min(amounts) * Decimal("0.9"), max(amounts) * Decimal("1.05")) if amounts else (Decimal(0), Decimal(1))
    height = TOP + ROW * max(len(table), 1) + 56 + (24 if more else 0)

    def x(amount: Decimal) -> str:
        return f"{LEFT + (WIDTH - LEFT - RIGHT) * float((amount - low) / (high - low)):.1f}"

    sources = {band.source.title for _, bands in table for band in bands}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="chart-title" font-family="system-ui, sans-serif" font-size="13">',
        f'<title id="chart-title">Customer-service salary bands, per {paymath.PERIOD_UNITS[period]}</title>',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="16" y="28" font-size="17" font-weight="600" fill="{TEXT_COLOUR}">'
        f'Salary bands, per {escape(paymath.PERIOD_UNITS[period])}</text>',
    ]
    for index, (role, bands) in enumerate(table):
        y = TOP + ROW * index
        parts.append(f'<text x="16" y="{y + 24}" fill="{TEXT_COLOUR}">{escape(role.title)}</text>')
        if not bands:
            parts.append(f'<text class="no-band" x="{LEFT}" y="{y + 24}" fill="{MUTED}" font-style="italic">'
                         f'No published band</text>')
        for band in bands:
            lo, hi, mid = per_period(band, band.salary_min), per_period(band, band.salary_max), per_period(
                band, paymath.midpoint(band.salary_min, band.salary_max))
            parts += [
                f'<rect class="band" data-role="{escape(role.slug)}" x="{x(lo)}" y="{y + 10}" '
                f'width="{float(x(hi)) - float(x(lo)):.1f}" height="18" rx="4" fill="{BAND_COLOUR}"/>',
                f'<line class="midpoint" x1="{x(mid)}" x2="{x(mid)}" y1="{y + 6}" y2="{y + 32}" stroke="{MID_COLOUR}" stroke-width="2"/>',
                f'<text x="{x(lo)}" y="{y + 44}" text-anchor="start" fill="{TEXT_COLOUR}">{escape(money_text(lo, band.currency, period))}</text>',
                f'<text x="{x(hi)}" y="{y + 44}" text-anchor="end" fill="{TEXT_COLOUR}">{escape(money_text(hi, band.currency, period))}</text>',
            ]
    if more:
        parts.append(_more_note(height - 42, args))
    footer = "; ".join(sorted(sources)) or "no published bands match"
    parts.append(f'<text x="16" y="{height - 18}" fill="{MUTED}">Source: {escape(footer)}. '
                 f'Bar: minimum to maximum; line: midpoint.</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _more_note(y: int, args: dict) -> str:
    filters = {name: args[name] for name in ("industry", "level") if name in args}
    roles_url = url_for("roles.Roles", **filters)
    return (f'<a class="more" href="{escape(roles_url)}"><text x="16" y="{y}" fill="{MUTED}">'
            f'The first {CHART_ROWS} roles are drawn; more match. Narrow with industry or level, or page through '
            f'{escape(roles_url)} and /v1/salary-bands.</text></a>')

