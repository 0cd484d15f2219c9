"""The band chart as SVG: one row per role, each published band a range bar, drawn on the server.

The explorer page draws the same picture in the browser from the same API figures.
"""

from decimal import Decimal
from xml.sax.saxutils import escape

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import aliased, selectinload

from api.domain import paymath
from api.extensions import db
from api.models import Industry, Role, SalaryBand
from api.store import bands as band_rules
from api.store import queries

WIDTH, LEFT, RIGHT, TOP, ROW, EMPTY_ROW = 880, 250, 40, 70, 52, 26
# Roles drawn at most; past it the chart says so and links the lists to page through.
CHART_ROWS = 40
# Each mark keeps 3:1 against what it touches (WCAG 1.4.11): the bar and the gridlines against white, the
# white midpoint tick against the bar (6.7:1). The explorer's stylesheet uses the same colours.
BAND_COLOUR, MID_COLOUR, TEXT_COLOUR, MUTED, GRID = "#1d4ed8", "#ffffff", "#111827", "#4b5563", "#8c8c8c"
TICKS = 6  # about this many labelled ticks on the scale


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
    latest = (
        select(band.id)
        .where(band.role_id == Role.id, band.geography == args["geography"], band.currency == args["currency"])
        .order_by(*queries.latest_first(band))
        .limit(1)
    )
    if "year" in args:
        latest = latest.where(band.year == args["year"])
    latest = band_rules.filter_bands(latest, args, band)
    ids = select(latest.correlate(Role).scalar_subquery()).where(Role.id.in_(role_ids))
    stmt = select(SalaryBand).where(SalaryBand.id.in_(ids)).options(selectinload(SalaryBand.source))
    return {band.role_id: [band] for band in db.session.scalars(stmt)}


def money_text(amount: Decimal, currency: str, period: str) -> str:
    places = 0 if period in ("annual", "monthly") and amount == amount.to_integral_value() else 2
    return paymath.amount_text(amount, currency, places)


def scale(amounts: list[Decimal]) -> tuple[Decimal, Decimal, list[Decimal]]:
    """A scale of round numbers (steps of 1, 2, 2.5 or 5 times a power of ten) over `amounts`: low, high, ticks."""
    if not amounts:
        return Decimal(0), Decimal(1), [Decimal(0), Decimal(1)]
    low, high = min(amounts), max(amounts)
    raw = (high - low or high or 1) / TICKS
    power = Decimal(10) ** raw.adjusted()
    step = next(
        power * m for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)) if power * m >= raw
    )
    low, high = (
        max(Decimal(0), (low / step).to_integral_value("ROUND_FLOOR") * step),
        (high / step).to_integral_value("ROUND_CEILING") * step,
    )
    return low, high, [low + step * i for i in range(int((high - low) / step) + 1)]


def render(args: dict) -> str:
    period, hours = args.get("period", "annual"), args["hours_per_year"]
    table, more = rows(args)

    def per_period(band, amount):
        return paymath.money(paymath.convert(amount, band.period, period, hours))

    amounts = [per_period(b, v) for _, bands in table for b in bands for v in (b.salary_min, b.salary_max)]
    low, high, ticks = scale(amounts)
    heights = [ROW if bands else EMPTY_ROW for _, bands in table] or [EMPTY_ROW]
    height = TOP + sum(heights) + 74 + (24 if more else 0)
    currency = next((b.currency for _, bands in table for b in bands), args["currency"])

    def x(amount: Decimal) -> str:
        return f"{LEFT + (WIDTH - LEFT - RIGHT) * float((amount - low) / (high - low)):.1f}"

    sources = {band.source.title for _, bands in table for band in bands}
    unit = paymath.PERIOD_UNITS[period]
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
            f'role="img" aria-labelledby="chart-title" font-family="system-ui, sans-serif" font-size="13">'
        ),
        f'<title id="chart-title">Customer-service salary bands, per {unit}</title>',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="16" y="28" font-size="17" font-weight="600" fill="{TEXT_COLOUR}">'
        f"Salary bands, per {escape(unit)}</text>",
        f'<line class="axis" x1="{x(low)}" x2="{x(high)}" y1="{TOP - 12}" y2="{TOP - 12}" stroke="{MUTED}"/>',
    ]
    for tick in ticks:
        anchor = "start" if tick == low else "end" if tick == high else "middle"
        parts.append(
            f'<text class="tick" x="{x(tick)}" y="{TOP - 18}" text-anchor="{anchor}" fill="{MUTED}" '
            f'font-size="12">{escape(money_text(tick, currency, period))}</text>'
        )
    y = TOP
    for (role, bands), row_height in zip(table, heights):
        parts.append(f'<text x="16" y="{y + 24}" fill="{TEXT_COLOUR}">{escape(role.title)}</text>')
        if not bands:
            parts.append(
                f'<text class="no-band" x="{LEFT}" y="{y + 24}" fill="{MUTED}" font-style="italic">'
                f"No published band</text>"
            )
        for band in bands:
            parts += _band(band, per_period, x, ticks, y, period)
        y += row_height
    if more:
        parts.append(_more_note(height - 60, args))
    footer = "; ".join(sorted(sources)) or "no published bands match"
    start = f", which starts at {money_text(low, currency, period)}, not zero" if low > 0 else ""
    parts.append(f'<text x="16" y="{height - 36}" fill="{MUTED}">Source: {escape(footer)}.</text>')
    parts.append(
        f'<text x="16" y="{height - 16}" fill="{MUTED}">Bar: minimum to maximum; white tick: midpoint; '
        f"dotted lines: the scale{escape(start)}.</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts)


def _band(band, per_period, x, ticks, y, period) -> list[str]:
    """One band's marks: gridlines behind its bar only, the bar, its midpoint, and its figures as one line of
    text under the bar (two labels at the bar's ends ran together on a narrow bar)."""
    lo, hi = per_period(band, band.salary_min), per_period(band, band.salary_max)
    mid = per_period(band, paymath.midpoint(band.salary_min, band.salary_max))
    figures = (
        f"{money_text(lo, band.currency, period)} – {money_text(hi, band.currency, period)} · "
        f"midpoint {money_text(mid, band.currency, period)}"
    )
    grid = [
        f'<line class="grid" x1="{x(t)}" x2="{x(t)}" y1="{y + 6}" y2="{y + 32}" stroke="{GRID}" '
        f'stroke-dasharray="2 3"/>'
        for t in ticks
    ]
    return grid + [
        (
            f'<rect class="band" data-role="{escape(band.role.slug)}" x="{x(lo)}" y="{y + 10}" '
            f'width="{max(float(x(hi)) - float(x(lo)), 2):.1f}" height="18" rx="4" fill="{BAND_COLOUR}"/>'
        ),
        f'<line class="midpoint" x1="{x(mid)}" x2="{x(mid)}" y1="{y + 13}" y2="{y + 25}" '
        f'stroke="{MID_COLOUR}" stroke-width="2"/>',
        f'<text class="figures" x="{LEFT}" y="{y + 46}" fill="{TEXT_COLOUR}">{escape(figures)}</text>',
    ]


def _more_note(y: int, args: dict) -> str:
    filters = {name: args[name] for name in ("industry", "level") if name in args}
    roles_url = url_for("roles.Roles", **filters)
    return (
        f'<a class="more" href="{escape(roles_url)}"><text x="16" y="{y}" fill="{MUTED}">'
        f"The first {CHART_ROWS} roles are drawn; more match. Narrow with industry or level, or page through "
        f"{escape(roles_url)} and /v1/salary-bands.</text></a>"
    )
