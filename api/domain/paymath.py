"""Pay math on salary bands: exact arithmetic, one rounding rule.

Intermediate values are exact rationals (`Fraction`: Decimal division would round at 28 digits);
results are Decimals rounded once, half-up (ties away from zero): money to cents, ratios to 4 places.
"""

from decimal import Decimal
from fractions import Fraction
from math import floor

DEFAULT_HOURS_PER_YEAR = 2080
MIN_HOURS_PER_YEAR = 520  # 10 hours a week
MAX_HOURS_PER_YEAR = 4160  # 80 hours a week
# How many of each pay period make a year; `hourly` uses the caller's hours per year.
PERIODS_PER_YEAR = {"annual": 1, "monthly": 12, "biweekly": 26, "weekly": 52}
PERIOD_UNITS = {"annual": "year", "monthly": "month", "biweekly": "two weeks", "weekly": "week", "hourly": "hour"}
PERIOD_PLURALS = {
    "annual": "years",
    "monthly": "months",
    "biweekly": "two-week periods",
    "weekly": "weeks",
    "hourly": "hours",
}
ROUNDING_RULE = "Money is rounded half-up to cents; ratios half-up to 4 decimal places. Inputs are exact."


def exact(value) -> Fraction:
    return Fraction(Decimal(str(value))) if isinstance(value, float) else Fraction(value)


def _round_half_up(value, places: int) -> Decimal:
    scaled = exact(value) * 10**places
    magnitude = floor(abs(scaled) + Fraction(1, 2))
    return Decimal(magnitude if scaled >= 0 else -magnitude).scaleb(-places)


def money(value) -> Decimal:
    """Rounded half-up to cents."""
    return _round_half_up(value, 2)


def ratio(value) -> Decimal:
    """Rounded half-up to 4 decimal places."""
    return _round_half_up(value, 4)


def periods_per_year(period: str, hours_per_year: int = DEFAULT_HOURS_PER_YEAR) -> int:
    return hours_per_year if period == "hourly" else PERIODS_PER_YEAR[period]


def convert(amount, from_period: str, to_period: str, hours_per_year: int = DEFAULT_HOURS_PER_YEAR) -> Fraction:
    """`amount` paid per `from_period`, as the exact amount per `to_period` (same yearly total)."""
    yearly = exact(amount) * periods_per_year(from_period, hours_per_year)
    return yearly / periods_per_year(to_period, hours_per_year)


def conversion_rule(from_period: str, to_period: str, hours_per_year: int) -> str:
    def per_year(period):
        return f"{periods_per_year(period, hours_per_year)} {PERIOD_PLURALS[period]}"

    source, target = PERIOD_UNITS[from_period], PERIOD_UNITS[to_period]
    if from_period == to_period:
        return f"No conversion: the band is published per {source}."
    if from_period == "annual":
        formula = f"amount per year ÷ {per_year(to_period)} a year"
    elif to_period == "annual":
        formula = f"amount per {source} × {per_year(from_period)} a year"
    else:
        formula = f"amount per {source} × {per_year(from_period)} a year ÷ {per_year(to_period)} a year"
    return f"amount per {target} = {formula}, rounded half-up to cents."


def midpoint(salary_min, salary_max) -> Fraction:
    return (exact(salary_min) + exact(salary_max)) / 2


def position_in_band(salary, salary_min, salary_max) -> dict:
    """Where `salary` sits in the band [min, max]; all figures in the band's own period."""
    salary, low, high = exact(salary), exact(salary_min), exact(salary_max)
    mid = midpoint(low, high)
    width = high - low
    return {
        "compa_ratio": ratio(salary / mid),
        # A band with min == max has no width: penetration is undefined, not 0 or 1.
        "range_penetration": ratio((salary - low) / width) if width else None,
        "midpoint": money(mid),
        "spread": ratio(width / low),
        "placement": "below" if salary < low else "above" if salary > high else "within",
        "distance_from_min": money(salary - low),  # negative below the band
        "distance_to_max": money(high - salary),  # negative above the band
    }


POSTING_FORMAT = (
    "{low} - {high} per {unit}: amounts with thousands separators; `$` for USD, otherwise the ISO 4217 "
    "code before each amount; cents shown only when either amount has them."
)


def posting_text(salary_min, salary_max, currency: str, period: str) -> str:
    """A pay-transparency range for a job post, e.g. "$38,500 - $48,500 per year"."""
    low, high = money(salary_min), money(salary_max)
    places = 0 if low == low.to_integral_value() and high == high.to_integral_value() else 2
    return f"{amount_text(low, currency, places)} - {amount_text(high, currency, places)} per {PERIOD_UNITS[period]}"


def amount_text(value: Decimal, currency: str, places: int) -> str:
    """An amount as people read it: `$` for USD, otherwise the ISO 4217 code first; thousands separated."""
    figure = f"{value:,.{places}f}"
    return f"${figure}" if currency == "USD" else f"{currency} {figure}"


def whole(value) -> int:
    """Rounded half-up to whole currency units, as published bands are."""
    return int(_round_half_up(value, 0))


def percentile_of(amount, points: list[tuple[int, object]]) -> tuple[Decimal | None, str]:
    """Where `amount` falls among published percentiles, by linear interpolation between the two
    that bracket it: (percentile, "within"); outside the first and last, (None, "below"/"above")."""
    known = [(pct, exact(value)) for pct, value in points if value is not None]
    if not known:
        return None, "unknown"
    amount = exact(amount)
    if amount < known[0][1]:
        return None, "below"
    if amount > known[-1][1]:
        return None, "above"
    for (low_pct, low), (high_pct, high) in zip(known, known[1:]):
        if low <= amount <= high:
            if high == low:
                return ratio(low_pct), "within"
            return ratio(low_pct + (high_pct - low_pct) * (amount - low) / (high - low)), "within"
    return ratio(known[0][0]), "within"  # a single published percentile equal to the amount


def _quotient(numerator: int, denominator: int, places: int) -> Decimal:
    """numerator / denominator (denominator > 0), rounded half-up to `places` like `_round_half_up`."""
    scaled = abs(numerator) * 10**places
    magnitude = (2 * scaled + denominator) // (2 * denominator)
    return Decimal(magnitude if numerator >= 0 else -magnitude).scaleb(-places)


def position_in_whole_band(salary: Decimal, from_period: int, to_period: int, low: int, high: int) -> dict:
    """`position_in_band` for whole-number band edges and a salary of at most 4 decimals paid `from_period`
    times a year, in a band paid `to_period` times a year: the same figures in integer arithmetic, as a
    roster places one row each (tests hold the two equal)."""
    numerator = int(salary.scaleb(4)) * from_period  # the salary in the band's period is numerator / denominator
    denominator = 10**4 * to_period
    at_low, at_high, width = low * denominator, high * denominator, high - low
    return {
        "salary_in_band_period": _quotient(numerator, denominator, 2),
        "compa_ratio": _quotient(2 * numerator, denominator * (low + high), 4),
        "range_penetration": _quotient(numerator - at_low, denominator * width, 4) if width else None,
        "midpoint": _quotient(low + high, 2, 2),
        "spread": _quotient(width, low, 4),
        "placement": "below" if numerator < at_low else "above" if numerator > at_high else "within",
        "distance_from_min": _quotient(numerator - at_low, denominator, 2),
        "distance_to_max": _quotient(at_high - numerator, denominator, 2),
    }
