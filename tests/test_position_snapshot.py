"""Position reads remember their band per dataset version (api/store/snapshot.py): never a stale read.

A write through one instance bumps the version every instance reads on each request, so another
instance that had the band in memory answers the next position read with the new figures.
"""

import pytest

from tests.helpers import assert_problem, get_ok, own_band


def place(client, band: str, salary: str, **query) -> dict:
    by_id = get_ok(client, f"{band}/position?salary={salary}")
    source = by_id["band"]["source"]["id"]
    by_role = get_ok(
        client, f"/v1/salary-bands/position?role=customer-service-specialist&year=2026&source={source}&salary={salary}"
    )
    assert by_role == by_id
    return by_id


@pytest.mark.parametrize("cache", [True, False], ids=["response-cache", "no-response-cache"])
def test_a_write_through_one_instance_is_placed_against_at_once_by_another(client, writer, more_apps, cache):
    band = own_band(client, writer)
    other = more_apps(RESPONSE_CACHE=cache).test_client()
    before = place(other, band, "45000")
    assert (before["band"]["salary_max"], before["compa_ratio"]) == (48500, 1.0345)

    etag = client.get(band).headers["ETag"]
    changed = client.patch(band, json={"salary_max": 51500}, headers={**writer, "If-Match": etag})
    assert changed.status_code == 200, changed.get_data(as_text=True)
    after = place(other, band, "45000.01")
    assert (after["band"]["salary_max"], after["midpoint"], after["compa_ratio"]) == (51500, 45000, 1.0)

    etag = client.get(band).headers["ETag"]
    assert client.delete(band, headers={**writer, "If-Match": etag}).status_code == 204
    assert_problem(other.get(f"{band}/position?salary=45000.02"), 404)


def test_what_chooses_the_band_is_part_of_what_is_remembered(client, writer):
    own = get_ok(client, own_band(client, writer, salary_min=40000, salary_max=50000))
    query = "/v1/salary-bands/position?role=customer-service-specialist&year=2026&salary=45000"
    guide = get_ok(client, f"{query}&source=1")["band"]
    team = get_ok(client, f"{query}&source={own['source']['id']}")["band"]
    assert (guide["salary_min"], team["salary_min"]) == (38500, 40000)
    assert_problem(client.get(query), 422)  # two bands match without `source`


def band_fields(client, band: str) -> dict:
    """The band resource as GET returns it, without what only the resource itself carries (its links)."""
    return {name: value for name, value in get_ok(client, band).items() if name != "links"}


def test_a_placed_band_is_the_band_resource_however_often_it_is_placed(client, writer):
    band = own_band(
        client,
        writer,
        geography="US-CA",
        currency="USD",
        period="annual",
        effective_from="2026-01-01",
        effective_to="2026-12-31",
    )
    resource = band_fields(client, band)
    assert resource["effective_from"] and resource["effective_to"] and resource["geography_scope"] == "subdivision"
    for salary in ("45000", "45001", "45002"):  # the first read finds the band, the next ones remember it
        placed = get_ok(client, f"{band}/position?salary={salary}")["band"]
        assert placed == resource


def test_a_position_for_a_missing_band_names_it(client):
    body = assert_problem(client.get("/v1/salary-bands/2147483000/position?salary=45000"), 404)
    assert body["detail"] == "No salary band '2147483000'."


@pytest.mark.parametrize("by", ["id", "role"])
def test_another_salary_in_a_remembered_band_runs_no_query(client, writer, app, by):
    from tests.test_caching import counted_statements

    def url(salary):
        if by == "id":
            return f"/v1/salary-bands/1/position?salary={salary}"
        return f"/v1/salary-bands/position?role=customer-service-specialist&year=2026&source=1&salary={salary}"

    get_ok(client, url("45000.10"))
    with counted_statements(app) as statements:
        assert get_ok(client, url("45000.20"))["band"]["salary_max"] == 48500
    assert statements == []  # the band is remembered; only the version is read, on its own connection

    own_band(client, writer)  # a write: a new dataset version, so the band is looked up again
    with counted_statements(app) as statements:
        get_ok(client, url("45000.30"))
    assert statements  # looked up once under the new version...
    with counted_statements(app) as statements:
        get_ok(client, url("45000.40"))
    assert statements == []  # ...and remembered under it
