"""Areas as people type them, pay math there, and market data (never a band) for roles without one."""

from fractions import Fraction

import pytest

from tests.helpers import assert_problem, get_ok

CALIFORNIA = ["06", "6", "CA", "ca", "US-CA", "us-ca"]


def band_of(client, role):
    return get_ok(client, f"/v1/salary-bands?role={role}")["data"][0]["id"]


@pytest.fixture
def specialist(client):
    return band_of(client, "customer-service-specialist")


def test_areas_are_taken_as_people_type_them(client, market, specialist):
    for area in CALIFORNIA:
        result = get_ok(client, f"/v1/salary-bands/{specialist}/localized?area={area}")
        assert (result["area"]["code"], result["salary_min"], result["salary_max"]) == ("06", 42959, 54117), area
        assert [w["area"]["code"] for w in get_ok(client, f"/v1/market-wages?area={area}")["data"]] == ["06", "06"]
        assert get_ok(client, f"/v1/areas/{area}")["name"] == "California"
    national = get_ok(client, f"/v1/salary-bands/{specialist}/market-position?area=US")
    assert national["area"]["code"] == "99"
    assert get_ok(client, f"/v1/salary-bands/{specialist}/localized?area=PR")["area"]["name"] == "Puerto Rico"


@pytest.mark.parametrize("area", ["C", "CAL", "US-ZZ", "06\n", "\u0660\u0666", "06 ", "12345678", "US_CA"])
def test_what_is_no_area_is_a_422_naming_it(client, market, specialist, area):
    assert_problem(client.get(f"/v1/salary-bands/{specialist}/localized", query_string={"area": area}), 422, "area")
    assert_problem(client.get("/v1/market-wages", query_string={"area": area}), 422, "area")


def test_an_unknown_area_is_a_404_and_the_spec_says_what_is_taken(client, market, specialist):
    assert (
        "No area 'ZZ'" in assert_problem(client.get(f"/v1/salary-bands/{specialist}/localized?area=ZZ"), 404)["detail"]
    )
    spec = get_ok(client, "/openapi.json")
    for path in [
        "/v1/salary-bands/{band_id}/localized",
        "/v1/salary-bands/{band_id}/position",
        "/v1/salary-bands/{band_id}/posting",
        "/v1/market-wages",
        "/v1/roles/{slug}/market-pay",
    ]:
        [area] = [p for p in spec["paths"][path]["get"]["parameters"] if p.get("name") == "area"]
        assert "USPS" in area["description"] and "ISO 3166-2" in area["description"], path
        assert area["schema"]["pattern"] == "^([0-9]{1,7}|[A-Za-z]{2}|[Uu][Ss]-[A-Za-z]{2})$"


def test_position_in_the_location_adjusted_band(client, market, specialist):
    national = get_ok(client, f"/v1/salary-bands/{specialist}/position?salary=45000")
    assert (national["compa_ratio"], national["location"]) == (1.0345, None)
    local = get_ok(client, f"/v1/salary-bands/{specialist}/position?salary=45000&area=CA")
    # California band 42,959–54,117: midpoint 48,538; 45,000 / 48,538 = 0.92711; (45,000 − 42,959) / 11,158 = 0.18292
    assert (local["midpoint"], local["compa_ratio"], local["range_penetration"]) == (48538, 0.9271, 0.1829)
    assert local["location"]["area"]["code"] == "06" and local["location"]["estimate"] is True
    assert local["band"]["salary_min"] == 38500  # the published band is shown as published
    by_role = get_ok(
        client,
        "/v1/salary-bands/position?role=customer-service-specialist&year=2026&salary=22.50&period=hourly&area=US-CA",
    )
    assert by_role["compa_ratio"] == 0.9642  # 22.50 × 2,080 = 46,800; / 48,538


def test_posting_ranges_by_area_and_period(client, market, specialist):
    posting = get_ok(client, f"/v1/salary-bands/{specialist}/posting?area=06")
    assert posting["text"] == "$42,959 - $54,117 per year"
    assert posting["location"]["factor"] == 1.1158 and "not published by the guide" in posting["location"]["method"]
    hourly = get_ok(client, f"/v1/salary-bands/{specialist}/posting?area=06&period=hourly")
    assert hourly["text"] == "$20.65 - $26.02 per hour"  # 42,959 / 2,080 = 20.653; 54,117 / 2,080 = 26.018
    assert get_ok(client, f"/v1/salary-bands/{specialist}/posting")["location"] is None


def test_localized_band_per_period(client, market, specialist):
    result = get_ok(client, f"/v1/salary-bands/{specialist}/localized?area=06&period=hourly")
    converted = result["converted"]
    assert (converted["period"], converted["salary_min"], converted["salary_max"]) == ("hourly", 20.65, 26.02)
    assert converted["hours_per_year"] == 2080 and result["salary_min"] == 42959
    assert get_ok(client, f"/v1/salary-bands/{specialist}/localized?area=06")["converted"] is None


def test_roles_without_a_band_get_market_data_never_a_band(client, market):
    role = "senior-customer-service-specialist"
    result = get_ok(client, f"/v1/roles/{role}/market-pay?area=CA&salary=50000")
    assert (result["basis"], result["has_published_band"]) == ("market", False)
    assert result["note"].startswith("Market data, not a band: The guide publishes no band for this role")
    market = result["market"]
    assert (market["occupation"]["code"], market["area"]["code"], market["annual_median"]) == ("43-4051", "06", 47790)
    expected = 50 + 25 * Fraction(50000 - market["annual_median"], market["annual_pct75"] - market["annual_median"])
    assert result["salary"]["percentile"] == round(float(expected), 4)
    assert (result["salary"]["annual"], result["salary"]["placement"]) == (50000, "within")
    assert get_ok(client, f"/v1/roles/{role}")["salary_bands"] == []  # nothing was made up
    missing = assert_problem(client.get(f"/v1/salary-bands/position?role={role}&year=2026&salary=50000"), 404)
    assert f"/v1/roles/{role}/market-pay" in missing["detail"]
    for unmapped in ("account-manager", "customer-experience-specialist"):
        assert "no SOC code" in assert_problem(client.get(f"/v1/roles/{unmapped}/market-pay"), 404)["detail"]


def test_the_call_center_specialist_maps_to_customer_service_representatives(client, market):
    role = get_ok(client, "/v1/roles/call-center-specialist")
    assert role["occupation"]["code"] == "43-4051"
    hourly = get_ok(client, "/v1/roles/call-center-specialist/market-pay?salary=20&period=hourly")
    assert (hourly["has_published_band"], hourly["market"]["area"]["code"]) == (True, "99")
    assert hourly["salary"]["annual"] == 41600 and hourly["note"].startswith("Market data, not a band: BLS OEWS")


def test_market_pay_without_market_data_says_how_to_load_it(client):
    body = assert_problem(client.get("/v1/roles/senior-customer-service-specialist/market-pay"), 404)
    assert "oews import" in body["detail"]
