"""The HR toolkit over HTTP: every computation checked against hand-computed values."""

import pytest
from sqlalchemy import select

from api.extensions import db
from api.models import CareerLadderStep
from tests.helpers import assert_problem, get_ok, own_band


def band_id(client, role):
    return get_ok(client, f"/v1/salary-bands?role={role}")["data"][0]["id"]


@pytest.fixture
def specialist(client):
    return band_id(client, "customer-service-specialist")


def test_position_of_45000_in_the_specialist_band(client, specialist):
    result = get_ok(client, f"/v1/salary-bands/{specialist}/position?salary=45000")
    assert result["band"]["id"] == specialist
    # 45,000 / 43,500 = 1.03448…; (45,000 - 38,500) / 10,000 = 0.65; 10,000 / 38,500 = 0.25974…
    assert {
        key: result[key]
        for key in (
            "compa_ratio",
            "range_penetration",
            "midpoint",
            "spread",
            "placement",
            "distance_from_min",
            "distance_to_max",
        )
    } == {
        "compa_ratio": 1.0345,
        "range_penetration": 0.65,
        "midpoint": 43500,
        "spread": 0.2597,
        "placement": "within",
        "distance_from_min": 6500,
        "distance_to_max": 3500,
    }
    assert "half-up" in result["rounding"]


def test_position_of_an_hourly_salary_by_role_and_year(client):
    query = "role=customer-service-specialist&year=2026&salary=22.50&period=hourly"
    result = get_ok(client, f"/v1/salary-bands/position?{query}")
    # 22.50 × 2,080 = 46,800; / 43,500 = 1.07586…; (46,800 - 38,500) / 10,000 = 0.83
    assert (result["salary_in_band_period"], result["compa_ratio"], result["range_penetration"]) == (
        46800,
        1.0759,
        0.83,
    )
    assert (result["salary"], result["salary_period"]) == (22.5, "hourly")


def test_position_below_and_above(client):
    manager = band_id(client, "customer-service-manager")
    below = get_ok(client, f"/v1/salary-bands/{manager}/position?salary=50000")
    assert (below["placement"], below["distance_from_min"], below["range_penetration"]) == ("below", -7000, -0.2887)
    call_center = band_id(client, "call-center-specialist")
    above = get_ok(client, f"/v1/salary-bands/{call_center}/position?salary=50000")
    assert (above["placement"], above["distance_to_max"], above["compa_ratio"]) == ("above", -3000, 1.2232)


def test_position_for_a_role_without_a_band_is_404_saying_so(client):
    body = assert_problem(client.get("/v1/salary-bands/position?role=account-manager&year=2026&salary=45000"), 404)
    assert "no 2026 band for 'account-manager'" in body["detail"]
    assert_problem(client.get("/v1/salary-bands/position?role=astronaut&year=2026&salary=45000"), 404)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("salary=-1", "salary"),
        ("salary=0", "salary"),
        ("salary=abc", "salary"),
        ("salary=1e12", "salary"),
        ("salary=NaN", "salary"),
        ("salary=Infinity", "salary"),
        ("salary=45000&period=fortnightly", "period"),
        ("salary=20&period=hourly&hours_per_year=0", "hours_per_year"),
        ("salary=20&period=hourly&hours_per_year=-40", "hours_per_year"),
        ("salary=20&period=hourly&hours_per_year=9000", "hours_per_year"),
        ("", "salary"),
    ],
)
def test_bad_salaries_and_periods_are_422_naming_the_field(client, specialist, query, field):
    assert_problem(client.get(f"/v1/salary-bands/{specialist}/position?{query}"), 422, field)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("monthly", (3208.33, 4041.67, 3625)),
        ("biweekly", (1480.77, 1865.38, 1673.08)),
        ("weekly", (740.38, 932.69, 836.54)),
        ("hourly", (18.51, 23.32, 20.91)),
        ("annual", (38500, 48500, 43500)),
    ],
)
def test_bands_read_in_every_period(client, specialist, period, expected):
    band = get_ok(client, f"/v1/salary-bands/{specialist}?period={period}")
    converted = band["converted"]
    assert (converted["salary_min"], converted["salary_max"], converted["midpoint"]) == expected
    assert (band["salary_min"], band["salary_max"]) == (38500, 48500)  # the published figures stay as they are
    assert converted["rule"].endswith("rounded half-up to cents.") or converted["rule"].startswith("No conversion")


def test_hours_per_year_overrides_the_hourly_rate(client, specialist):
    converted = get_ok(client, f"/v1/salary-bands/{specialist}?period=hourly&hours_per_year=1040")["converted"]
    assert (converted["salary_min"], converted["hours_per_year"]) == (37.02, 1040)  # 38,500 / 1,040
    assert "1040 hours" in converted["rule"]
    assert get_ok(client, f"/v1/salary-bands/{specialist}")["converted"] is None


def test_list_converts_every_band(client):
    page = get_ok(client, "/v1/salary-bands?period=hourly&sort=salary_min")
    assert [band["converted"]["salary_min"] for band in page["data"]] == [16.71, 18.51, 27.4]  # 34,750 / 2,080 …


def test_compare_roles_against_the_first_band(client):
    result = get_ok(
        client, "/v1/salary-bands/compare?roles=customer-service-specialist,account-manager,customer-service-manager"
    )
    roles = [item["role"]["slug"] for item in result["data"]]
    assert roles == ["customer-service-specialist", "account-manager", "customer-service-manager"]
    specialist, account, manager = result["data"]
    assert result["base_band_id"] == specialist["band"]["id"]
    assert account["band"] is None and account["versus_base"] is None
    # 69,125 - 43,500 = 25,625; / 43,500 = 0.58908…
    assert manager["versus_base"] == {
        "midpoint_difference": 25625,
        "midpoint_difference_ratio": 0.5891,
        "salary_min_difference": 18500,
        "salary_max_difference": 32750,
    }
    assert specialist["versus_base"]["midpoint_difference"] == 0


def test_compare_filters_by_year_and_names_unknown_roles(client):
    empty = get_ok(client, "/v1/salary-bands/compare?roles=customer-service-manager&years=2025")
    assert empty["base_band_id"] is None and empty["data"][0]["band"] is None
    body = assert_problem(client.get("/v1/salary-bands/compare?roles=customer-service-manager,astronaut"), 404)
    assert "'astronaut'" in body["detail"]
    both = assert_problem(client.get("/v1/salary-bands/compare?roles=astronaut,customer-service-manager,pilot"), 404)
    assert both["detail"] == "No role 'astronaut', 'pilot'."
    assert_problem(client.get("/v1/salary-bands/compare?roles=ok,Not%20a%20slug"), 422, "roles.1")  # names the item
    assert_problem(client.get("/v1/salary-bands/compare"), 422, "roles")


def test_career_ladder_with_pay_steps(client):
    ladder = get_ok(client, "/v1/career-ladder")
    assert ladder["year"] == 2026 and "step into leadership" in ladder["provenance"]
    steps = ladder["data"]
    assert [step["role"]["slug"] for step in steps] == [
        "customer-service-specialist",
        "senior-customer-service-specialist",
        "customer-service-manager",
    ]
    assert [step["level"] for step in steps] == ["front-line", "senior", "management"]
    assert steps[1]["has_published_band"] is False and steps[1]["band"] is None
    assert steps[1]["step_from_previous_band"] is None
    # The manager's step is measured from the nearest lower published band: the specialist's.
    assert steps[2]["step_from_previous_band"]["midpoint_difference"] == 25625
    assert steps[2]["step_from_previous_band"]["midpoint_difference_ratio"] == 0.5891


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("", "$38,500 - $48,500 per year"),
        ("?period=hourly", "$18.51 - $23.32 per hour"),
        ("?period=monthly", "$3,208.33 - $4,041.67 per month"),
        ("?period=hourly&hours_per_year=1040", "$37.02 - $46.63 per hour"),
    ],
)
def test_posting_range(client, specialist, query, text):
    posting = get_ok(client, f"/v1/salary-bands/{specialist}/posting{query}")
    assert posting["text"] == text
    assert posting["currency"] == "USD" and posting["band"]["id"] == specialist
    assert posting["provenance"] == "Customer service specialist: $38,500 – $48,500"


def test_roles_carry_soc_codes_where_they_map_without_doubt(client):
    codes = {
        role["slug"]: role["occupation"] and role["occupation"]["code"] for role in get_ok(client, "/v1/roles")["data"]
    }
    assert codes == {
        "customer-service-specialist": "43-4051",
        "call-center-specialist": "43-4051",
        "senior-customer-service-specialist": "43-4051",
        "customer-experience-specialist": None,
        "customer-service-manager": "43-1011",
        "account-manager": None,
    }
    manager = get_ok(client, "/v1/roles/customer-service-manager")["occupation"]
    assert manager == {
        "system": "SOC 2018",
        "code": "43-1011",
        "title": "First-Line Supervisors of Office and Administrative Support Workers",
        "attribution": "U.S. Bureau of Labor Statistics, 2018 Standard Occupational Classification (SOC)",
    }
    assert [role["slug"] for role in get_ok(client, "/v1/roles?soc_code=43-1011")["data"]] == [
        "customer-service-manager"
    ]
    assert_problem(client.get("/v1/roles?soc_code=4341"), 422, "soc_code")


def test_a_role_with_two_matching_bands_is_422_naming_both(client, writer):
    team = own_band(client, writer, salary_min=40000, salary_max=50000)
    team_id = int(team.rsplit("/", 1)[1])
    guide = band_id(client, "customer-service-specialist")
    query = "/v1/salary-bands/position?role=customer-service-specialist&year=2026&salary=45000"
    body = assert_problem(client.get(query), 422)
    assert body["detail"] == (
        f"2 bands match (ids {guide}, {team_id}); narrow with `source` or `as_of`, or ask for one by id at "
        "/v1/salary-bands/{id}/position."
    )
    source = get_ok(client, team)["source"]["id"]
    assert get_ok(client, f"{query}&source={source}")["band"]["id"] == team_id
    # the comparison and the ladder take the first band by year and id, the guide's
    compare = get_ok(client, "/v1/salary-bands/compare?roles=customer-service-specialist")
    assert [item["band"]["id"] for item in compare["data"]] == [guide, team_id]
    assert compare["data"][1]["versus_base"]["salary_min_difference"] == 1500
    assert get_ok(client, f"/v1/career-ladder?source={source}")["data"][0]["band"]["id"] == team_id


def test_a_missing_band_points_to_market_wages_when_the_role_has_a_soc_code(client):
    role = "senior-customer-service-specialist"
    body = assert_problem(client.get(f"/v1/salary-bands/position?role={role}&year=2026&salary=45000"), 404)
    assert body["detail"] == (
        f"The guide publishes no 2026 band for '{role}' in US USD. Market wages for its SOC code 43-4051 "
        f"(not a band): /v1/roles/{role}/market-pay."
    )
    body = assert_problem(client.get("/v1/salary-bands/position?role=account-manager&year=2025&salary=1"), 404)
    assert body["detail"] == "The guide publishes no 2025 band for 'account-manager' in US USD."
    other = "/v1/salary-bands/position?role=customer-service-specialist&year=2026&salary=1&geography=CA&currency=CAD"
    assert "in CA CAD." in assert_problem(client.get(other), 404)["detail"]


@pytest.mark.parametrize(("period", "hours"), [("monthly", None), ("annual", None), ("hourly", 2080)])
def test_a_conversion_names_its_hours_only_when_hours_matter(client, specialist, period, hours):
    assert get_ok(client, f"/v1/salary-bands/{specialist}?period={period}")["converted"]["hours_per_year"] == hours


def test_compare_names_each_role_once_and_filters_by_years(client):
    result = get_ok(
        client,
        "/v1/salary-bands/compare?roles=customer-service-manager,customer-service-specialist,customer-service-manager"
        "&years=2026,2025",
    )
    assert [item["role"]["slug"] for item in result["data"]] == [
        "customer-service-manager",
        "customer-service-specialist",
    ]
    manager, specialist = result["data"]
    assert result["base_band_id"] == manager["band"]["id"]
    assert specialist["versus_base"] == {
        "midpoint_difference": -25625,
        "midpoint_difference_ratio": -0.3707,  # -25,625 / 69,125
        "salary_min_difference": -18500,
        "salary_max_difference": -32750,
    }
    alone = get_ok(client, "/v1/salary-bands/compare?roles=account-manager")
    assert alone["base_band_id"] is None
    assert [(item["role"]["slug"], item["band"], item["versus_base"]) for item in alone["data"]] == [
        ("account-manager", None, None)
    ]


def test_the_ladder_for_a_year_without_bands_and_for_the_latest_year(client):
    empty = get_ok(client, "/v1/career-ladder?year=2025")
    assert empty["year"] == 2025 and [step["band"] for step in empty["data"]] == [None, None, None]
    assert [step["has_published_band"] for step in empty["data"]] == [False, False, False]
    latest = get_ok(client, "/v1/career-ladder")
    assert latest["year"] == 2026 and [step["position"] for step in latest["data"]] == [1, 2, 3]
    assert [step["has_published_band"] for step in latest["data"]] == [True, False, True]
    assert latest["data"][0]["step_from_previous_band"] is None
    assert get_ok(client, "/v1/career-ladder?source=999")["year"] is None  # no band under that source


def test_a_posting_per_hour_names_the_rule_and_the_band(client, specialist):
    posting = get_ok(client, f"/v1/salary-bands/{specialist}/posting?period=weekly")
    assert (posting["salary_min"], posting["salary_max"], posting["period"]) == (740.38, 932.69, "weekly")
    assert posting["location"] is None and posting["format"]


def test_the_ladder_is_read_in_position_order_and_only_the_years_bands(more_apps, writer):
    app = more_apps(RESPONSE_CACHE=False)  # the steps are reordered below the API, without a new version
    client = app.test_client()
    with app.app_context():  # the last step first in the table, as an edited ladder would leave it
        steps = db.session.scalars(select(CareerLadderStep).order_by(CareerLadderStep.position)).all()
        for step in steps:
            step.position += 10
        db.session.flush()
        for step, position in zip(steps, (3, 2, 1)):
            step.position = position
        db.session.commit()
    ladder = get_ok(client, "/v1/career-ladder")
    assert [step["role"]["slug"] for step in ladder["data"]] == [
        "customer-service-manager",
        "senior-customer-service-specialist",
        "customer-service-specialist",
    ]
    senior = "/v1/salary-bands?role=senior-customer-service-specialist"
    own_band(client, writer, role="senior-customer-service-specialist", year=2025)
    assert get_ok(client, senior)["pagination"]["total"] == 1
    step = get_ok(client, "/v1/career-ladder")["data"][1]
    assert (step["role"]["slug"], step["has_published_band"], step["band"]) == (
        "senior-customer-service-specialist",
        False,  # its band is for 2025; the ladder shows 2026
        None,
    )


def test_an_empty_ladder_has_no_provenance_and_no_year(client, unseeded):
    assert get_ok(client, "/v1/career-ladder") == {"provenance": "", "year": None, "data": []}


def test_an_hourly_salary_in_a_yearly_band_uses_the_hours_asked_for(client, specialist):
    result = get_ok(client, f"/v1/salary-bands/{specialist}/position?salary=40&period=hourly&hours_per_year=1040")
    assert result["salary_in_band_period"] == 41600  # 40 × 1,040


def test_an_unknown_role_is_named_and_the_latest_year_is_the_ladders_own(client, writer):
    body = assert_problem(client.get("/v1/salary-bands/position?role=astronaut&year=2026&salary=1"), 404)
    assert body["detail"] == "No role 'astronaut'."
    own_band(client, writer, role="account-manager", year=2027)  # a later year, off the ladder
    assert get_ok(client, "/v1/career-ladder")["year"] == 2026


def test_bands_elsewhere_or_in_another_currency_or_year_are_kept_apart(client, writer):
    guide = band_id(client, "customer-service-specialist")
    in_california = int(own_band(client, writer, geography="US-CA").rsplit("/", 1)[1])
    in_euros = int(own_band(client, writer, currency="EUR").rsplit("/", 1)[1])
    earlier = int(own_band(client, writer, year=2025).rsplit("/", 1)[1])
    query = "/v1/salary-bands/position?role=customer-service-specialist&year=2026&salary=45000"
    assert get_ok(client, query)["band"]["id"] == guide
    assert get_ok(client, f"{query}&geography=US-CA")["band"]["id"] == in_california
    assert get_ok(client, f"{query}&currency=EUR")["band"]["id"] == in_euros
    compare = get_ok(client, "/v1/salary-bands/compare?roles=customer-service-specialist")
    assert [item["band"]["id"] for item in compare["data"]] == [earlier, guide]  # by year, then id
