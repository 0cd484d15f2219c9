"""Pay math: hand-computed values, and properties that hold for every band and salary."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.domain.paymath import conversion_rule, convert, money, position_in_band, ratio

amounts = st.integers(min_value=1, max_value=10_000_000)


@st.composite
def bands(draw):
    low = draw(amounts)
    return low, draw(st.integers(min_value=low + 1, max_value=low + 10_000_000))


def test_specialist_band_at_45000_by_hand():
    # 45,000 in $38,500–$48,500: midpoint 43,500; 45,000 / 43,500 = 1.034482…; 6,500 / 10,000 = 0.65;
    # spread 10,000 / 38,500 = 0.259740…
    assert position_in_band(45000, 38500, 48500) == {
        "compa_ratio": Decimal("1.0345"),
        "range_penetration": Decimal("0.6500"),
        "midpoint": Decimal("43500.00"),
        "spread": Decimal("0.2597"),
        "placement": "within",
        "distance_from_min": Decimal("6500.00"),
        "distance_to_max": Decimal("3500.00"),
    }


def test_call_center_band_above_by_hand():
    # 50,000 against $34,750–$47,000: midpoint 40,875; 50,000 / 40,875 = 1.223241…;
    # 15,250 / 12,250 = 1.244897…; spread 12,250 / 34,750 = 0.352517…
    result = position_in_band(50000, 34750, 47000)
    assert (result["compa_ratio"], result["range_penetration"], result["spread"]) == (
        Decimal("1.2232"),
        Decimal("1.2449"),
        Decimal("0.3525"),
    )
    assert result["placement"] == "above"
    assert (result["distance_from_min"], result["distance_to_max"]) == (Decimal("15250.00"), Decimal("-3000.00"))


def test_below_the_manager_band_by_hand():
    result = position_in_band(50000, 57000, 81250)
    assert result["placement"] == "below"
    assert result["range_penetration"] == Decimal("-0.2887")  # -7,000 / 24,250 = -0.288659…
    assert result["compa_ratio"] == Decimal("0.7233")  # 50,000 / 69,125 = 0.723327…


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("annual", "38500.00"),
        ("monthly", "3208.33"),
        ("biweekly", "1480.77"),
        ("weekly", "740.38"),
        ("hourly", "18.51"),
    ],
)
def test_annual_38500_in_every_period_by_hand(period, expected):
    assert money(convert(38500, "annual", period)) == Decimal(expected)


def test_hours_per_year_changes_the_hourly_rate():
    assert money(convert(38500, "annual", "hourly", hours_per_year=1040)) == Decimal("37.02")  # 38,500 / 1,040


def test_the_rule_is_stated_in_words():
    assert conversion_rule("annual", "hourly", 2080) == (
        "amount per hour = amount per year ÷ 2080 hours a year, rounded half-up to cents."
    )
    assert conversion_rule("weekly", "monthly", 2080) == (
        "amount per month = amount per week × 52 weeks a year ÷ 12 months a year, rounded half-up to cents."
    )
    assert conversion_rule("hourly", "annual", 1040).startswith("amount per year = amount per hour × 1040 hours a year")


def test_rounding_is_half_up():
    assert money(Decimal("0.005")) == Decimal("0.01") and ratio(Decimal("0.00005")) == Decimal("0.0001")


@given(bands())
def test_penetration_is_0_at_min_and_1_at_max(band):
    low, high = band
    assert position_in_band(low, low, high)["range_penetration"] == 0
    assert position_in_band(high, low, high)["range_penetration"] == 1


@given(bands())
def test_compa_ratio_is_1_at_the_midpoint(band):
    low, high = band
    assert position_in_band((Decimal(low) + high) / 2, low, high)["compa_ratio"] == 1


@given(bands(), st.integers(min_value=1, max_value=30_000_000), st.integers(min_value=1, max_value=30_000_000))
def test_penetration_and_compa_ratio_grow_with_salary(band, first, second):
    low, high = band
    smaller, larger = sorted((first, second))
    a, b = position_in_band(smaller, low, high), position_in_band(larger, low, high)
    assert a["range_penetration"] <= b["range_penetration"]
    assert a["compa_ratio"] <= b["compa_ratio"]


@given(bands(), st.integers(min_value=1, max_value=30_000_000))
def test_placement_agrees_with_the_edges(band, salary):
    low, high = band
    result = position_in_band(salary, low, high)
    expected = "below" if salary < low else "above" if salary > high else "within"
    assert result["placement"] == expected
    assert result["distance_from_min"] + result["distance_to_max"] == high - low


@given(amounts, st.sampled_from(["monthly", "biweekly", "weekly", "hourly"]), st.integers(520, 4160))
def test_converting_there_and_back_is_exact(amount, period, hours):
    assert convert(convert(amount, "annual", period, hours), period, "annual", hours) == amount


def test_the_whole_band_position_a_roster_uses_equals_position_in_band():
    """The integer path gives exactly the figures of the rational one, for every period pair."""
    import random
    from decimal import Decimal

    from api.domain.paymath import convert, money, periods_per_year, position_in_band, position_in_whole_band

    rng = random.Random(17)
    periods = ["annual", "monthly", "biweekly", "weekly", "hourly"]
    for _ in range(3000):
        low = rng.randint(1, 200_000)
        high = low + rng.choice([0, rng.randint(1, 100_000)])
        salary = Decimal(rng.randint(1, 400_000_0000)).scaleb(-rng.choice([0, 2, 4]))
        salary_period, band_period = rng.choice(periods), rng.choice(periods)
        hours = rng.randint(520, 4160)
        in_band = convert(salary, salary_period, band_period, hours)
        expected = {"salary_in_band_period": money(in_band), **position_in_band(in_band, low, high)}
        fast = position_in_whole_band(
            salary, periods_per_year(salary_period, hours), periods_per_year(band_period, hours), low, high
        )
        assert fast == expected, (salary, salary_period, band_period, hours, low, high)
