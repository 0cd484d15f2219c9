"""Localized and band-versus-market reads remember their answer per dataset version (api/store/snapshot.py).

An HR tool reads the same few bands against many areas, periods and hours a year; only the band, the
area and its wages are looked up, once per version, and a write through any instance is read at once.
"""

import pytest

from tests.helpers import assert_problem, get_ok, own_band
from tests.test_caching import counted_statements


@pytest.mark.parametrize("cache", [True, False], ids=["response-cache", "no-response-cache"])
def test_a_band_changed_through_one_instance_is_read_against_the_market_at_once_by_another(
    client, writer, market, more_apps, cache
):
    band = own_band(client, writer)
    other = more_apps(RESPONSE_CACHE=cache).test_client()
    assert get_ok(other, f"{band}/localized?area=CA")["salary_max"] == 54117  # 48,500 × 47,790 / 42,830
    assert get_ok(other, f"{band}/market-position?area=CA")["salary_max_position"]["amount"] == 48500

    etag = client.get(band).headers["ETag"]
    changed = client.patch(band, json={"salary_max": 51500}, headers={**writer, "If-Match": etag})
    assert changed.status_code == 200, changed.get_data(as_text=True)
    localized = get_ok(other, f"{band}/localized?area=CA")
    assert (localized["band"]["salary_max"], localized["salary_max"]) == (51500, 57464)
    assert get_ok(other, f"{band}/market-position?area=CA")["salary_max_position"]["amount"] == 51500

    etag = client.get(band).headers["ETag"]
    assert client.delete(band, headers={**writer, "If-Match": etag}).status_code == 204
    assert_problem(other.get(f"{band}/localized?area=CA"), 404)
    assert_problem(other.get(f"{band}/market-position?area=CA"), 404)


def test_another_period_or_spelling_of_a_remembered_area_runs_no_query(client, writer, market, app):
    plain = get_ok(client, "/v1/salary-bands/1/localized?area=CA")
    with counted_statements(app) as statements:
        hourly = get_ok(client, "/v1/salary-bands/1/localized?area=us-ca&period=hourly&hours_per_year=2000")
        again = get_ok(client, "/v1/salary-bands/1/localized?area=US-CA")
    assert statements == []  # only the version is read, on its own connection
    assert (hourly["salary_max"], hourly["converted"]["salary_max"], hourly["converted"]["hours_per_year"]) == (
        54117,
        27.06,
        2000,
    )
    assert again == plain and again["converted"] is None  # what one request added is not kept for the next

    market = get_ok(client, "/v1/salary-bands/1/market-position?area=CA")
    with counted_statements(app) as statements:
        assert get_ok(client, "/v1/salary-bands/1/market-position?area=%55s-cA") == market
    assert statements == []

    own_band(client, writer)  # a write: a new dataset version, so the answer is looked up again
    with counted_statements(app) as statements:
        assert get_ok(client, "/v1/salary-bands/1/market-position?area=ca") == market
    assert statements


def test_a_band_without_market_data_is_a_404_every_time(client):
    for _ in range(2):  # nothing loaded: a problem, never a remembered answer
        assert_problem(client.get("/v1/salary-bands/1/localized?area=CA"), 404)
        assert_problem(client.get("/v1/salary-bands/1/market-position?area=CA"), 404)


def test_a_remembered_answer_names_the_area_occupation_and_survey_as_the_market_wages_do(client, market):
    wages = get_ok(client, "/v1/market-wages?role=customer-service-specialist&area=CA")["data"][0]
    for _ in range(2):  # looked up, then remembered
        placed = get_ok(client, "/v1/salary-bands/1/market-position?area=CA")
        assert placed["market"] == wages
        localized = get_ok(client, "/v1/salary-bands/1/localized?area=CA")
        for answer in (placed, localized):
            assert (
                answer["area"] == wages["area"] == {"code": "06", "name": "California", "type": "state", "usps": "CA"}
            )
            assert answer["occupation"] == wages["occupation"] and answer["survey"] == wages["survey"]
        assert wages["occupation"]["code"] == "43-4051" and wages["occupation"]["system"] == "SOC 2018"


def test_a_market_read_of_a_missing_band_names_it(client, market):
    for read in ("localized", "market-position"):
        body = assert_problem(client.get(f"/v1/salary-bands/2147483000/{read}?area=CA"), 404)
        assert body["detail"] == "No salary band '2147483000'."
