"""Pay math at its edges: the cases the hand-computed examples do not reach (found by mutation testing)."""

from decimal import Decimal

import pytest

from api.domain import paymath
from api.domain.paymath import conversion_rule, money, percentile_of, position_in_band, posting_text

OEWS = [(10, 100), (25, 200), (50, 300), (75, 400), (90, 500)]


@pytest.mark.parametrize(
    "amount, expected",
    [
        (50, (None, "below")),
        (100, (Decimal("10"), "within")),
        (150, (Decimal("17.5"), "within")),
        (300, (Decimal("50"), "within")),
        (450, (Decimal("82.5"), "within")),
        (500, (Decimal("90"), "within")),
        (501, (None, "above")),
    ],
)
def test_percentiles_interpolate_between_the_published_ones_and_say_when_outside(amount, expected):
    assert percentile_of(amount, OEWS) == expected


def test_percentiles_with_gaps_ties_or_a_single_point():
    assert percentile_of(300, [(10, None), (50, None)]) == (None, "unknown")  # nothing published
    assert percentile_of(100, [(10, 100), (25, 100), (50, 300)]) == (Decimal("10"), "within")  # a tie
    assert percentile_of(300, [(50, 300)]) == (Decimal("50"), "within")  # only the median published
    assert percentile_of(250, [(10, None), (25, 200), (50, 300), (90, None)]) == (Decimal("37.5"), "within")


def test_money_from_a_float_is_rounded_from_its_decimal_reading():
    assert money(2.675) == Decimal("2.68")  # the binary float is 2.67499999...; people mean 2.675
    assert money(-2.675) == Decimal("-2.68")  # half-up means away from zero


def test_a_band_without_width_has_no_penetration():
    assert position_in_band(40000, 40000, 40000)["range_penetration"] is None


def test_conversion_rules_name_each_direction():
    assert conversion_rule("hourly", "annual", 2080) == (
        "amount per year = amount per hour × 2080 hours a year, rounded half-up to cents."
    )
    assert conversion_rule("monthly", "weekly", 2080) == (
        "amount per week = amount per month × 12 months a year ÷ 52 weeks a year, rounded half-up to cents."
    )


def test_posting_text_shows_cents_when_either_amount_has_them_and_codes_other_currencies():
    assert posting_text(38500, 48500.5, "USD", "annual") == "$38,500.00 - $48,500.50 per year"
    assert posting_text(38500.5, 48500, "USD", "annual") == "$38,500.50 - $48,500.00 per year"
    assert posting_text(38500, 48500, "EUR", "monthly") == "EUR 38,500 - EUR 48,500 per month"


def test_a_roster_row_at_the_band_edges_is_within_it():
    for salary in (Decimal(38500), Decimal(48500)):
        assert paymath.position_in_whole_band(salary, 1, 1, 38500, 48500)["placement"] == "within"
    assert paymath.position_in_whole_band(Decimal("38499.9999"), 1, 1, 38500, 48500)["placement"] == "below"
    assert paymath.position_in_whole_band(Decimal("48500.0001"), 1, 1, 38500, 48500)["placement"] == "above"


def test_a_roster_rows_midpoint_is_money_in_cents():
    midpoint = paymath.position_in_whole_band(Decimal(45000), 1, 1, 38500, 48501)["midpoint"]
    assert midpoint == Decimal("43500.50") and midpoint.as_tuple().exponent == -2
