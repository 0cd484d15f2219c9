"""One error format: every failure is RFC 9457 problem+json, with the headers HTTP requires."""

import pytest

from tests.conftest import make_app
from tests.helpers import assert_problem


def test_unknown_path_is_a_404_problem(client):
    assert_problem(client.get("/v1/nothing-here"), 404)


READ_ONLY = {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        ("put", "/v1/roles", {*READ_ONLY, "POST"}),
        ("delete", "/v1/salary-bands", {*READ_ONLY, "POST"}),
        ("post", "/v1/roles/account-manager", {*READ_ONLY, "PUT", "PATCH", "DELETE"}),
        ("post", "/v1/salary-bands/1", {*READ_ONLY, "PUT", "PATCH", "DELETE"}),
        ("post", "/healthz", READ_ONLY),
        ("post", "/v1/sources/1", {*READ_ONLY, "PUT", "PATCH", "DELETE"}),
        ("put", "/v1/career-ladder", READ_ONLY),
        ("get", "/v1/salary-bands/import", {"POST", "OPTIONS"}),
        ("get", "/v1/roles/account-manager/skills/data-literacy", {"PUT", "DELETE", "OPTIONS"}),
    ],
)
def test_unsupported_method_is_a_405_problem_with_allow(client, method, url, allowed):
    response = getattr(client, method)(url)
    assert_problem(response, 405)
    assert set(response.headers["Allow"].split(", ")) == allowed


def test_unknown_query_parameter_is_a_400_problem_naming_it(client):
    body = assert_problem(client.get("/v1/salary-bands?min_salary=1"), 400, "min_salary")
    assert body["errors"] == [{"location": "query", "field": "min_salary", "message": "Unknown field."}]


def test_several_bad_values_are_all_reported(client):
    body = assert_problem(client.get("/v1/salary-bands?year=1&salary=x"), 422)
    assert {error["field"] for error in body["errors"]} == {"year", "salary"}
    # One message per field, each its own.
    assert body["detail"] == (
        "Invalid query field 'year': Must be a whole number from 1900 to 2100, in plain digits; "
        "invalid query field 'salary': Must be a number in plain digits (up to 12, and up to 4 "
        "decimals; no sign or exponent)."
    )


def test_a_bad_value_beside_an_unknown_parameter_is_422(client):
    body = assert_problem(client.get("/v1/roles?limit=0&colour=blue"), 422)
    assert {error["field"] for error in body["errors"]} == {"limit", "colour"}


def test_a_crash_is_a_500_problem_without_a_stack_trace(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'crash.sqlite3'}")
    app.config.update(TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    body = assert_problem(response, 500)
    assert "secret internals" not in response.get_data(as_text=True)
    assert "logged" in body["detail"]


def test_health_is_live(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_index_points_to_the_spec_and_every_collection(client):
    index = client.get("/").get_json()
    assert index["openapi"].endswith("/openapi.json")
    assert set(index["resources"]) == {
        "roles",
        "salary_bands",
        "industries",
        "skills",
        "sources",
        "career_ladder",
        "areas",
        "market_wages",
    }
    for url in index["resources"].values():
        assert client.get(url).status_code == 200


def test_nul_characters_are_422_not_a_database_error(client, writer):
    # Found by the contract test: PostgreSQL cannot compare or store NUL, which was a 500.
    assert_problem(client.get("/v1/roles?q=a%00b"), 422, "q")
    body = {
        "slug": "x",
        "title": "a\x00b",
        "level": "senior",
        "summary": "s",
        "responsibilities": [],
        "provenance": "p",
        "source_id": 1,
    }
    assert_problem(client.post("/v1/roles", json=body, headers=writer), 422, "title")
