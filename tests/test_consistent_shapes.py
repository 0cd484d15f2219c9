"""Issue #20 §1: one shape for one thing across v1: problem types, messages, bands, envelopes, filters, paging."""

import pytest

from tests.helpers import assert_problem, get_ok, own_band


def etag(client, url):
    return client.get(url).headers["ETag"]


# Problem types


def test_each_kind_of_error_has_its_own_type_resolving_to_a_page(client):
    body = assert_problem(client.get("/v1/roles/chief-happiness-officer"), 404)
    assert body["type"] == "/problems/not-found"
    assert assert_problem(client.get("/v1/roles?limit=0"), 422)["type"] == "/problems/validation"
    assert assert_problem(client.get("/v1/roles?colour=blue"), 400)["type"] == "/problems/malformed-request"

    page = client.get(body["type"])
    assert page.status_code == 200 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert 'id="not-found"' in text and "404 Not Found" in text and "/problems/validation" not in text

    everything = client.get("/problems")
    assert everything.status_code == 200 and everything.mimetype == "text/html"
    for uri in (
        "validation",
        "not-found",
        "conflict",
        "precondition-failed",
        "precondition-required",
        "rate-limited",
        "unavailable",
    ):
        assert f"<code>/problems/{uri}</code>" in everything.get_data(as_text=True)
    assert_problem(client.get("/problems/no-such-kind"), 404)


def test_the_type_uris_are_never_taken_from_the_host(client):
    body = client.get("/v1/roles/nobody", headers={"Host": "evil.example"}).get_json()
    assert body["type"] == "/problems/not-found" and "evil" not in str(body)


def test_the_spec_lists_the_types_and_each_shared_response_its_own(client):
    spec = get_ok(client, "/openapi.json")
    enum = spec["components"]["schemas"]["Problem"]["properties"]["type"]["enum"]
    assert {
        "/problems/validation",
        "/problems/not-found",
        "/problems/conflict",
        "/problems/precondition-failed",
        "/problems/precondition-required",
        "/problems/rate-limited",
        "/problems/unavailable",
        "about:blank",
    } <= set(enum)
    responses = spec["components"]["responses"]
    for name, uri in (
        ("NOT_FOUND", "/problems/not-found"),
        ("UNPROCESSABLE_ENTITY", "/problems/validation"),
        ("PRECONDITION_FAILED", "/problems/precondition-failed"),
        ("TOO_MANY_REQUESTS", "/problems/rate-limited"),
        ("SERVICE_UNAVAILABLE", "/problems/unavailable"),
    ):
        assert f"`{uri}`" in responses[name]["description"]
        assert responses[name]["content"]["application/problem+json"]["example"]["type"] == uri


# Messages


def test_a_stale_if_match_says_the_band_changed_and_what_to_do(client, writer):
    url = own_band(client, writer)
    body = assert_problem(client.patch(url, json={"salary_max": 49000}, headers={**writer, "If-Match": '"stale"'}), 412)
    assert body["type"] == "/problems/precondition-failed"
    assert "changed since it was read" in body["detail"] and "GET it again" in body["detail"]
    body = assert_problem(client.patch(url, json={"salary_max": 49000}, headers=writer), 428)
    assert body["type"] == "/problems/precondition-required" and "If-Match" in body["detail"]


def test_each_bad_field_gets_its_own_message_and_unknown_fields_are_named_so(client, writer):
    band = {
        "role": "customer-service-specialist",
        "source_id": 1,
        "year": 2026,
        "geography": "US",
        "currency": "USD",
        "period": "annual",
        "salary_min": 38500,
        "salary_max": "lots",
        "provenance": "x",
        "colour": "blue",
    }
    body = assert_problem(client.post("/v1/salary-bands", json=band, headers=writer), 422, field="salary_max")
    assert (
        "invalid json field 'salary_max': Must be a JSON integer from 1 to 1000000000" in body["detail"].lower()
        or "Invalid json field 'salary_max': Must be a JSON integer from 1 to 1000000000" in body["detail"]
    )
    assert "unknown json field 'colour'" in body["detail"].lower()
    assert "Not a valid integer" not in body["detail"]


def test_malformed_json_says_where_it_broke(client, writer):
    response = client.post(
        "/v1/salary-bands", data='{"role": "x",\n "year": 2026,,}', headers=writer, content_type="application/json"
    )
    body = assert_problem(response, 400)
    assert body["type"] == "/problems/malformed-request"
    assert body["errors"][0]["location"] == "json"
    assert "line 2, column 15" in body["errors"][0]["message"] and "line 2, column 15" in body["detail"]


# One band schema, one envelope


def test_every_nested_band_carries_converted(client):
    specialist = get_ok(client, "/v1/salary-bands?role=customer-service-specialist")["data"][0]
    assert specialist["converted"] is None
    compared = get_ok(client, "/v1/salary-bands/compare?roles=customer-service-specialist,customer-service-manager")
    ladder = get_ok(client, "/v1/career-ladder")
    posting = get_ok(client, f"/v1/salary-bands/{specialist['id']}/posting")
    position = get_ok(client, f"/v1/salary-bands/{specialist['id']}/position?salary=45000")
    role = get_ok(client, "/v1/roles/customer-service-specialist")
    nested = (
        [item["band"] for item in compared["data"]]
        + [step["band"] for step in ladder["data"] if step["band"]]
        + [posting["band"], position["band"]]
        + role["salary_bands"]
    )
    assert nested and all(band["converted"] is None for band in nested)
    assert set(posting["band"]) == set(specialist)


def test_compare_and_ladder_use_the_list_key(client):
    compared = get_ok(client, "/v1/salary-bands/compare?roles=customer-service-specialist")
    assert "items" not in compared and compared["data"][0]["role"]["slug"] == "customer-service-specialist"
    ladder = get_ok(client, "/v1/career-ladder")
    assert "steps" not in ladder and [step["position"] for step in ladder["data"]] == [1, 2, 3]


def test_the_posting_nests_its_band(client):
    band_id = get_ok(client, "/v1/salary-bands?role=customer-service-specialist")["data"][0]["id"]
    posting = get_ok(client, f"/v1/salary-bands/{band_id}/posting")
    assert "band_id" not in posting
    assert (posting["band"]["id"], posting["band"]["salary_min"], posting["band"]["role"]["slug"]) == (
        band_id,
        38500,
        "customer-service-specialist",
    )


# Filters


def test_the_role_filter_is_named_after_the_field(client):
    with_band = get_ok(client, "/v1/roles?has_published_band=true")["data"]
    assert with_band and all(role["has_published_band"] for role in with_band)
    without = get_ok(client, "/v1/roles?has_published_band=false")["data"]
    assert without and not any(role["has_published_band"] for role in without)
    assert_problem(client.get("/v1/roles?has_band=true"), 400, field="has_band")


def test_the_salary_filter_takes_a_period_like_position(client):
    hourly = get_ok(client, "/v1/salary-bands?role=customer-service-specialist&salary=22.50&period=hourly")
    # 22.50 × 2,080 = 46,800 a year: inside 38,500–48,500.
    assert [band["salary_min"] for band in hourly["data"]] == [38500]
    assert hourly["data"][0]["converted"]["period"] == "hourly"
    # 22.50 × 1,040 = 23,400: below the band.
    assert (
        get_ok(
            client, "/v1/salary-bands?role=customer-service-specialist&salary=22.50&period=hourly&hours_per_year=1040"
        )["data"]
        == []
    )
    # The same grammar as position: decimals accepted, annual when no period.
    assert get_ok(client, "/v1/salary-bands?role=customer-service-specialist&salary=22.50")["data"] == []
    assert [
        b["salary_max"]
        for b in get_ok(client, "/v1/salary-bands?role=customer-service-specialist&salary=48500.00")["data"]
    ] == [48500]
    for bad in ("1e5", "45000.12345", "-1", "0"):  # position's grammar: no exponent, 4 decimals, above 0
        assert_problem(client.get(f"/v1/salary-bands?salary={bad}"), 422, field="salary")


def test_a_yearly_amount_past_the_columns_range_filters_to_nothing_rather_than_failing(client, writer):
    # A billion an hour is two trillion a year: more than a 32-bit column holds, which PostgreSQL refused
    # as a parameter of the column's own type (a 500 found by schemathesis).
    own_band(client, writer, period="hourly", salary_min=20, salary_max=25, year=2025)
    for query in ("period=hourly&salary=1000000000", "period=hourly&salary=1000000000&salary_min_gte=0"):
        assert get_ok(client, f"/v1/salary-bands?{query}")["data"] == []


def test_the_salary_filter_reads_each_band_per_its_own_period(client, writer):
    url = own_band(client, writer, period="hourly", salary_min=20, salary_max=25, year=2025)
    band_id = int(url.rsplit("/", 1)[1])
    # 45,000 a year is 21.63 an hour at 2,080 hours: inside 20–25 an hour.
    found = get_ok(client, "/v1/salary-bands?year=2025&salary=45000")["data"]
    assert band_id in [band["id"] for band in found]
    assert band_id not in [band["id"] for band in get_ok(client, "/v1/salary-bands?year=2025&salary=60000")["data"]]


# Paging


# Six roles, two a page: past the end, prev is the last page on the same grid of offsets that has items.
@pytest.mark.parametrize("offset, expected", [(50, "offset=4"), (7, "offset=5"), (6, "offset=4")])
def test_prev_past_the_end_is_the_last_page_with_items(client, offset, expected):
    total = get_ok(client, "/v1/roles")["pagination"]["total"]
    assert total == 6
    response = client.get(f"/v1/roles?limit=2&offset={offset}")
    page = response.get_json()
    assert response.status_code == 200 and page["data"] == []
    assert expected in page["pagination"]["prev"] and page["pagination"]["next"] is None
    assert 'rel="prev"' in response.headers["Link"]
    assert get_ok(client, page["pagination"]["prev"])["data"]


def test_prev_is_null_when_no_page_has_items(client):
    page = get_ok(client, "/v1/roles?q=no-such-words&offset=40")
    assert page["data"] == [] and page["pagination"]["prev"] is None
