"""Band against market, survey choice, places, market wages and areas: each figure and filter checked
against the survey rows it is read from."""

from fractions import Fraction

import pytest

from tests.helpers import assert_problem, get_ok
from tests.test_caching import counted_statements
from tests.test_localized_pay import oews, synthetic, write_csv

PERCENTILES = (10, 25, 50, 75, 90)
BANDED = ("customer-service-specialist", "call-center-specialist", "customer-service-manager")


def band_of(client, role):
    return get_ok(client, f"/v1/salary-bands?role={role}")["data"][0]


def interpolated(amount, market):
    """POSITION_METHOD worked by hand: the percentile between the two published ones that bracket it."""
    points = [(pct, market[f"annual_{'median' if pct == 50 else f'pct{pct}'}"]) for pct in PERCENTILES]
    if amount < points[0][1]:
        return None, "below"
    if amount > points[-1][1]:
        return None, "above"
    for (low_pct, low), (high_pct, high) in zip(points, points[1:]):
        if low <= amount <= high:
            exact = low_pct + (high_pct - low_pct) * Fraction(amount - low, high - low)
            return round(float(exact), 4), "within"
    raise AssertionError(amount)


@pytest.mark.parametrize("area", ["99", "06", "NY", "TX", "72"])
@pytest.mark.parametrize("role", BANDED)
def test_every_band_point_against_the_market_percentiles(client, market, role, area):
    band = band_of(client, role)
    result = get_ok(client, f"/v1/salary-bands/{band['id']}/market-position?area={area}")
    market_row = result["market"]
    [wages] = get_ok(client, f"/v1/market-wages?area={area}&role={role}")["data"]
    assert market_row == wages and result["occupation"] == wages["occupation"] and result["survey"] == wages["survey"]
    for point, amount in (("salary_min", band["salary_min"]), ("midpoint", band["midpoint"]), ("salary_max", None)):
        amount = band["salary_max"] if amount is None else amount
        position = result[f"{point}_position"]
        assert position["amount"] == amount, point
        assert (position["percentile"], position["placement"]) == interpolated(amount, market_row), (point, area)
    assert result["method"].startswith("Linear interpolation between the OEWS annual percentiles")


def test_band_points_between_the_tenth_and_twenty_fifth_and_the_seventy_fifth_and_ninetieth(client, market):
    call_center = band_of(client, "call-center-specialist")
    national = get_ok(client, f"/v1/salary-bands/{call_center['id']}/market-position")
    # 34,750 between the 10th (30,690) and the 25th (35,970): 10 + 15 × 4,060 / 5,280 = 21.5341
    assert national["salary_min_position"] == {"amount": 34750, "percentile": 21.5341, "placement": "within"}
    # 47,000 between the 50th (42,830) and the 75th (50,140): 50 + 25 × 4,170 / 7,310 = 64.2613
    assert national["salary_max_position"]["percentile"] == 64.2613
    # 40,875 between the 25th (35,970) and the 50th: 25 + 25 × 4,905 / 6,860 = 42.8754
    assert national["midpoint_position"] == {"amount": 40875, "percentile": 42.8754, "placement": "within"}
    manager = band_of(client, "customer-service-manager")
    pay = get_ok(client, "/v1/roles/customer-service-manager/market-pay?salary=90000")
    # 90,000 between the 75th (82,340) and the 90th (102,980): 75 + 15 × 7,660 / 20,640 = 80.5669
    assert (pay["salary"]["percentile"], pay["salary"]["placement"]) == (80.5669, "within")
    position = get_ok(client, f"/v1/salary-bands/{manager['id']}/market-position")
    assert position["salary_max_position"]["percentile"] == 73.3179  # 50 + 25 × 15,110 / 16,200


def test_a_survey_is_chosen_by_its_source_id(client, market):
    band = band_of(client, "customer-service-specialist")["id"]
    survey = get_ok(client, "/v1/market-wages?area=99&soc_code=43-4051")["data"][0]["survey"]["id"]
    latest = get_ok(client, f"/v1/salary-bands/{band}/localized?area=06")
    assert get_ok(client, f"/v1/salary-bands/{band}/localized?area=06&survey={survey}") == latest
    assert latest["survey"]["id"] == survey
    assert (latest["currency"], latest["period"]) == ("USD", "annual")  # the band's, as adjusted
    chosen = get_ok(client, f"/v1/salary-bands/{band}/market-position?survey={survey}")
    assert chosen["survey"]["id"] == survey
    assert get_ok(client, f"/v1/roles/customer-service-specialist/market-pay?survey={survey}")["market"]["survey"][
        "id"
    ] == (survey)
    assert get_ok(client, f"/v1/salary-bands/{band}/places?survey={survey}")["pagination"]["total"] == 55
    assert get_ok(client, f"/v1/market-wages?survey={survey}&limit=1")["pagination"]["total"] == 110
    for url in (
        f"/v1/salary-bands/{band}/localized?area=06&survey=999",
        f"/v1/salary-bands/{band}/market-position?survey=999",
        f"/v1/salary-bands/{band}/places?survey=999",
        "/v1/roles/customer-service-specialist/market-pay?survey=999",
        "/v1/market-wages?survey=999",
    ):
        body = assert_problem(client.get(url), 404)
        assert body["detail"] == "No OEWS survey with source id 999.", url


def test_without_market_data_every_read_says_how_to_load_it_and_the_lists_are_empty(client):
    band = band_of(client, "customer-service-specialist")["id"]
    for url in (f"/v1/salary-bands/{band}/market-position", f"/v1/salary-bands/{band}/places"):
        body = assert_problem(client.get(url), 404)
        assert body["detail"] == "No OEWS market wages are loaded: run `flask --app api oews import FILE`.", url
    assert get_ok(client, "/v1/market-wages")["pagination"]["total"] == 0


def test_an_occupation_or_median_a_survey_lacks_is_a_404_naming_it(client, runner, restore, tmp_path):
    rows = [
        synthetic("99", "U.S.", "1", "US"),
        synthetic("06", "California", "2", "CA", wages={"A_MEDIAN": "*", "H_MEDIAN": "*"}),
        synthetic("36", "New York", "2", "NY"),
    ]
    assert oews(runner, write_csv(tmp_path / "state_M2024_dl.csv", rows)).exit_code == 0
    specialist = band_of(client, "customer-service-specialist")["id"]
    body = assert_problem(client.get(f"/v1/salary-bands/{specialist}/localized?area=06"), 404)
    assert body["detail"] == "OEWS 2024 publishes no annual median for SOC 43-4051 in California."
    assert get_ok(client, f"/v1/salary-bands/{specialist}/localized?area=NY")["factor"] == 1
    # A wage without a median is no place: only the nation and New York are listed.
    places = get_ok(client, f"/v1/salary-bands/{specialist}/places")["data"]
    assert [place["area"]["code"] for place in places] == ["36", "99"]  # by name: New York, U.S.
    assert places[0] == {
        "area": places[0]["area"],
        "employment": 1000,
        "adjusted": {
            "factor": 1,
            "area_median": 41600,
            "national_median": 41600,
            "salary_min": 38500,
            "salary_max": 48500,
            "midpoint": 43500,
        },
    }
    manager = band_of(client, "customer-service-manager")["id"]
    missing = "OEWS 2024 has no estimate for SOC 43-1011 in U.S."  # the nation's name ends in its own "."
    assert assert_problem(client.get(f"/v1/salary-bands/{manager}/market-position"), 404)["detail"].startswith(missing)
    assert assert_problem(client.get("/v1/roles/customer-service-manager/market-pay"), 404)["detail"].startswith(
        missing
    )
    median = "OEWS 2024 publishes no annual median for SOC 43-1011 in U.S."
    in_new_york = "OEWS 2024 publishes no annual median for SOC 43-1011 in New York."
    assert assert_problem(client.get(f"/v1/salary-bands/{manager}/localized?area=NY"), 404)["detail"] == in_new_york
    assert assert_problem(client.get(f"/v1/salary-bands/{manager}/places"), 404)["detail"].startswith(median)


def test_market_pay_per_period_and_without_a_salary(client, market):
    plain = get_ok(client, "/v1/roles/customer-service-specialist/market-pay")
    assert plain["salary"] is None and plain["market"]["area"]["code"] == "99"
    assert plain["note"] == (
        "Market data, not a band: BLS OEWS 2024 wages for SOC 43-4051 (Customer Service Representatives) in U.S., "
        "all employers and experience levels."
    )
    assert (plain["role"]["slug"], plain["has_published_band"], plain["basis"]) == (
        "customer-service-specialist",
        True,
        "market",
    )
    monthly = get_ok(client, "/v1/roles/customer-service-specialist/market-pay?salary=3500&period=monthly&area=TX")
    # 3,500 × 12 = 42,000 a year, placed among Texas's percentiles
    assert monthly["salary"]["amount"] == 3500 and monthly["salary"]["period"] == "monthly"
    assert monthly["salary"]["annual"] == 42000 and monthly["market"]["area"]["code"] == "48"
    expected = interpolated(42000, monthly["market"])
    assert (monthly["salary"]["percentile"], monthly["salary"]["placement"]) == expected
    yearly = get_ok(client, "/v1/roles/customer-service-specialist/market-pay?salary=42000&area=TX")
    assert (yearly["salary"]["period"], yearly["salary"]["annual"]) == ("annual", 42000)
    hourly = get_ok(
        client, "/v1/roles/customer-service-specialist/market-pay?salary=20&period=hourly&hours_per_year=1000"
    )
    assert hourly["salary"]["annual"] == 20000 and hourly["salary"]["placement"] == "below"  # 20 × 1,000


def test_places_sort_filter_and_price_each_area_from_its_median(client, market):
    band = band_of(client, "customer-service-specialist")
    by_name = get_ok(client, f"/v1/salary-bands/{band['id']}/places?limit=100")["data"]
    names = [place["area"]["name"] for place in by_name]
    assert names == sorted(names) and len(names) == 55
    cheapest = get_ok(client, f"/v1/salary-bands/{band['id']}/places?sort=midpoint&limit=100")["data"]
    medians = [place["adjusted"]["area_median"] for place in cheapest]
    assert medians == sorted(medians)
    territories = get_ok(client, f"/v1/salary-bands/{band['id']}/places?area_type=territory")["data"]
    assert [place["area"]["code"] for place in territories] == ["66", "72", "78"]
    for place in by_name:
        [wages] = get_ok(client, f"/v1/market-wages?area={place['area']['code']}&soc_code=43-4051")["data"]
        factor = Fraction(wages["annual_median"], 42830)
        adjusted = place["adjusted"]
        assert place["employment"] == wages["employment"] and adjusted["national_median"] == 42830
        assert adjusted["salary_min"] == round_half_up(band["salary_min"] * factor)
        assert adjusted["salary_max"] == round_half_up(band["salary_max"] * factor)
        assert adjusted["midpoint"] == round_half_up((band["salary_min"] + band["salary_max"]) * factor / 2)


def round_half_up(value: Fraction) -> int:
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))


def test_market_wages_filter_by_occupation_area_and_type_in_area_order(client, market):
    every = (
        get_ok(client, "/v1/market-wages?limit=100")["data"]
        + get_ok(client, "/v1/market-wages?limit=100&offset=100")["data"]
    )
    keys = [(row["area"]["code"], row["occupation"]["code"]) for row in every]
    assert len(keys) == 110 and [code for code, _ in keys] == sorted(code for code, _ in keys)
    assert [soc for _, soc in keys] == ["43-4051", "43-1011"] * 55  # then by occupation id, as seeded
    supervisors = get_ok(client, "/v1/market-wages?soc_code=43-1011&limit=100")["data"]
    assert {row["occupation"]["code"] for row in supervisors} == {"43-1011"} and len(supervisors) == 55
    territories = get_ok(client, "/v1/market-wages?area_type=territory&soc_code=43-4051")["data"]
    assert [row["area"]["code"] for row in territories] == ["66", "72", "78"]
    by_role = get_ok(client, "/v1/market-wages?role=call-center-specialist&area=TX")["data"]
    assert [(row["area"]["code"], row["occupation"]["code"]) for row in by_role] == [("48", "43-4051")]
    assert "No role 'astronaut'" in assert_problem(client.get("/v1/market-wages?role=astronaut"), 404)["detail"]


def test_areas_filter_by_type_usps_and_name(client, market):
    assert [area["name"] for area in get_ok(client, "/v1/areas?usps=ca")["data"]] == ["California"]
    assert [area["code"] for area in get_ok(client, "/v1/areas?q=virgin")["data"]] == ["51", "54", "78"]
    assert get_ok(client, "/v1/areas?q=%25")["pagination"]["total"] == 0  # `%` is a character, not a wildcard
    states = get_ok(client, "/v1/areas?type=state&limit=100")["data"]
    assert len(states) == 51 and [area["code"] for area in states] == sorted(area["code"] for area in states)
    assert get_ok(client, "/v1/areas?type=national")["data"][0]["code"] == "99"


def test_two_surveys_are_read_apart_and_ties_go_by_area_code(client, runner, restore, tmp_path):
    older = [synthetic("99", "U.S.", "1", "US"), synthetic("06", "California", "2", "CA", wages={"A_MEDIAN": "52000"})]
    newer = [synthetic("99", "U.S.", "1", "US"), synthetic("36", "New York", "2", "NY")]  # the same median
    assert oews(runner, write_csv(tmp_path / "state_M2023_dl.csv", older)).exit_code == 0
    assert oews(runner, write_csv(tmp_path / "state_M2024_dl.csv", newer)).exit_code == 0
    surveys = {s["slug"]: s["id"] for s in get_ok(client, "/v1/sources?limit=100")["data"]}
    band = band_of(client, "customer-service-specialist")["id"]
    for sort in ("midpoint", "-midpoint", "area"):  # New York before U.S.: by name, and by code on equal medians
        places = get_ok(client, f"/v1/salary-bands/{band}/places?sort={sort}")["data"]
        assert [place["area"]["code"] for place in places] == ["36", "99"], sort
    older_places = get_ok(client, f"/v1/salary-bands/{band}/places?survey={surveys['bls-oews-may-2023']}")["data"]
    assert [place["area"]["code"] for place in older_places] == ["06", "99"]
    assert older_places[0]["adjusted"]["salary_min"] == 48125  # 38,500 × 52,000 / 41,600
    assert [row["area"]["code"] for row in get_ok(client, "/v1/market-wages")["data"]] == ["36", "99"]
    assert {row["survey"]["id"] for row in get_ok(client, "/v1/market-wages")["data"]} == {surveys["bls-oews-may-2024"]}
    body = assert_problem(client.get(f"/v1/salary-bands/{band}/localized?area=06"), 404)
    assert body["detail"] == "OEWS 2024 publishes no annual median for SOC 43-4051 in California."
    older_band = get_ok(client, f"/v1/salary-bands/{band}/localized?area=06&survey={surveys['bls-oews-may-2023']}")
    assert (older_band["factor"], older_band["salary_min"], older_band["survey"]["id"]) == (
        1.25,
        48125,
        surveys["bls-oews-may-2023"],
    )


def test_market_wages_load_each_relation_once_per_page(market, more_apps):
    app = more_apps(RESPONSE_CACHE=False)
    with counted_statements(app) as few:
        get_ok(app.test_client(), "/v1/market-wages?limit=1")
    with counted_statements(app) as many:
        get_ok(app.test_client(), "/v1/market-wages?limit=100")
    assert len(many) == len(few)


def test_a_usps_code_names_the_state_never_a_metro_area_in_it_and_areas_list_by_code(client, runner, restore, tmp_path):
    rows = [  # the metro area first and the codes out of order, as a file may hold them
        synthetic("31080", "Los Angeles-Long Beach-Anaheim, CA", "4", "CA"),
        synthetic("99", "U.S.", "1", "US"),
        synthetic("06", "California", "2", "CA"),
    ]
    assert oews(runner, write_csv(tmp_path / "all_M2024_dl.csv", rows)).exit_code == 0
    assert get_ok(client, "/v1/areas/CA")["code"] == "06"
    assert get_ok(client, "/v1/areas/ca")["code"] == "06"
    assert [area["code"] for area in get_ok(client, "/v1/areas")["data"]] == ["06", "31080", "99"]
