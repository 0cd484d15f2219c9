"""Nothing a client sends can poison, stall or corrupt the service (issue #14).

Numbers are held to one grammar (plain ASCII digits, bounded in length, no exponent) before any
arithmetic; JSON nesting is capped before parsing; text is fully matched and free of control
characters, never longer than its column; `If-Match: *` is no lost-update guard; a write that
changes nothing leaves no trace.
"""

import json

import pytest

from tests.helpers import assert_problem, get_ok, own_band, own_source

ROW = {
    "role_slug": "account-manager",
    "year": 2027,
    "geography": "US",
    "geography_scope": "national",
    "currency": "USD",
    "period": "annual",
    "salary_min": 50000,
    "salary_max": 70000,
    "provenance": "HR team estimate for 2027.",
    "source_id": 1,
}
BAND = {
    "role": "account-manager",
    "source_id": 1,
    "year": 2027,
    "geography": "US",
    "geography_scope": "national",
    "currency": "USD",
    "period": "annual",
    "salary_min": 50000,
    "salary_max": 70000,
    "provenance": "HR team estimate for 2027.",
}
ROLE = {
    "slug": "nl-test",
    "title": "Newline test",
    "level": "senior",
    "summary": "Tests.",
    "responsibilities": ["Test"],
    "provenance": "A test.",
    "source_id": 1,
}
JSON = {"Content-Type": "application/json"}


def version(client):
    return int(client.get("/v1/roles").headers["X-Dataset-Version"])


def band_count(client):
    return get_ok(client, "/v1/salary-bands?limit=1")["pagination"]["total"]


def parameters(spec, path):
    return {p["name"]: p["schema"] for p in spec["paths"][path]["get"]["parameters"] if "name" in p}


def import_rows(client, headers, rows, dry_run=False):
    return client.post(
        f"/v1/salary-bands/import?dry_run={str(dry_run).lower()}", data=json.dumps(rows), headers={**headers, **JSON}
    )


def import_csv(client, headers, **values):
    row = {**ROW, **values}
    body = ",".join(row) + "\r\n" + ",".join(f'"{value}"' for value in row.values()) + "\r\n"
    return client.post("/v1/salary-bands/import", data=body.encode(), headers={**headers, "Content-Type": "text/csv"})


# Finding 2: every number is bounded in digits and exponent before any arithmetic.


@pytest.mark.parametrize(
    "salary",
    [
        "1e-9999",
        "1e5",
        "4.5E4",
        "+45000",
        " 45000",
        "45000 ",
        "45_000",
        "٤٥٠٠٠",
        "45000.00001",
        "0x10",
        "NaN",
        "Infinity",
        "0",
        "1" * 40,
        "45000\n",
    ],
)
def test_a_salary_outside_the_grammar_is_422_at_once(client, salary):
    assert_problem(client.get("/v1/salary-bands/1/position", query_string={"salary": salary}), 422, "salary")
    by_role = {"role": "customer-service-specialist", "year": "2026", "salary": salary}
    assert_problem(client.get("/v1/salary-bands/position", query_string=by_role), 422, "salary")


def test_a_salary_in_the_grammar_is_placed_exactly(client):
    position = get_ok(client, "/v1/salary-bands/1/position?salary=045000.5")
    assert position["salary"] == 45000.5


@pytest.mark.parametrize(
    "path",
    [
        "/v1/salary-bands/%D9%A1",
        "/v1/salary-bands/%EF%BC%91",
        "/v1/sources/%D9%A1",
        "/v1/salary-bands/1" + "0" * 10,
        "/v1/salary-bands/%D9%A1/position?salary=1",
    ],
)
def test_ids_in_paths_take_plain_digits_only(client, path):
    assert_problem(client.get(path), 404)


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/v1/salary-bands?year=2026.0", "year"),
        ("/v1/salary-bands?year=%2B2026", "year"),
        ("/v1/salary-bands?year=2e3", "year"),
        ("/v1/salary-bands?limit=1_0", "limit"),
        ("/v1/salary-bands?limit=%D9%A3", "limit"),
        ("/v1/salary-bands?offset=%201", "offset"),
        ("/v1/salary-bands?after=" + "9" * 30, "after"),
        ("/v1/salary-bands?salary_min_gte=45000.5", "salary_min_gte"),
        ("/v1/salary-bands?hours_per_year=2080%0A", "hours_per_year"),
        ("/v1/roles?limit=10%0A", "limit"),
        ("/v1/salary-bands/compare?roles=account-manager&years=2026,2026.0", "years.1"),
    ],
)
def test_whole_number_parameters_take_plain_digits_only(client, url, field):
    assert_problem(client.get(url), 422, field)


def test_the_spec_documents_the_number_grammar(client):
    spec = get_ok(client, "/openapi.json")
    params = parameters(spec, "/v1/salary-bands/{band_id}/position")
    assert params["salary"]["type"] == "string" and params["salary"]["pattern"].startswith("^")
    listing = parameters(spec, "/v1/salary-bands")
    assert (listing["limit"]["type"], listing["limit"]["minimum"], listing["limit"]["maximum"]) == ("integer", 1, 100)
    assert listing["year"]["maximum"] == 2100 and listing["after"]["maximum"] == 2**31 - 1


def test_a_json_body_that_is_not_utf8_is_a_400_naming_the_byte(client, writer):
    before = version(client)
    response = client.post("/v1/salary-bands", data=b'{"role": "caf\xe9"}', headers={**writer, **JSON})
    problem = assert_problem(response, 400)
    assert problem["errors"][0]["location"] == "json"
    assert problem["errors"][0]["message"] == "Not UTF-8 at byte 13: the body must be UTF-8 JSON."
    assert version(client) == before


# Finding 4: deep nesting is refused before parsing.


@pytest.mark.parametrize("body", ["[" * 50_000, "[" * 50_000 + "]" * 50_000, '{"a":' * 40 + "1" + "}" * 40])
def test_deeply_nested_json_is_a_4xx_problem(client, writer, body):
    before = version(client)
    problem = assert_problem(client.post("/v1/salary-bands", data=body, headers={**writer, **JSON}), 400)
    assert problem["errors"][0]["location"] == "json" and "nest" in problem["errors"][0]["message"].lower()
    for media_type in ("application/json", "application/x-ndjson"):
        response = client.post("/v1/salary-bands/import", data=body, headers={**writer, "Content-Type": media_type})
        assert_problem(response, 400)
    assert version(client) == before


def test_brackets_inside_strings_do_not_count_as_nesting(client, writer):
    band = {**BAND, "source_id": own_source(client, writer), "provenance": "[" * 100 + '"{' * 50}
    response = client.post("/v1/salary-bands", json=band, headers=writer)
    assert response.status_code == 201, response.get_data(as_text=True)


# Finding 5: full matches, no control characters, never longer than the column.


def test_a_trailing_newline_cannot_make_a_second_band(client, writer):
    existing = get_ok(client, own_band(client, writer))
    duplicate = {
        **BAND,
        "role": existing["role"]["slug"],
        "year": existing["year"],
        "geography": "US\n",
        "source_id": existing["source"]["id"],
    }
    assert_problem(client.post("/v1/salary-bands", json=duplicate, headers=writer), 422, "geography")
    assert_problem(client.post("/v1/salary-bands", json={**duplicate, "geography": "US"}, headers=writer), 409)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"slug": "nl-test\n"}, "slug"),
        ({"title": "Vertical\u000btab"}, "title"),
        ({"title": "Esc\u001b[31m"}, "title"),
        ({"title": "Tab\tin a title"}, "title"),
        ({"title": "Next line\u0085"}, "title"),
        ({"summary": "Bell\u0007"}, "summary"),
        ({"responsibilities": ["Line\nbreak"]}, "responsibilities.0"),
        ({"soc_code": "43-4051\n"}, "soc_code"),
    ],
)
def test_roles_refuse_trailing_newlines_and_control_characters(client, writer, change, field):
    before = version(client)
    assert_problem(client.post("/v1/roles", json={**ROLE, **change}, headers=writer), 422, field)
    assert version(client) == before


def test_multi_line_text_keeps_its_newlines(client, writer):
    response = client.post("/v1/roles", json={**ROLE, "summary": "First line.\nSecond line.\tTabbed."}, headers=writer)
    assert response.status_code == 201, response.get_data(as_text=True)


def test_a_value_one_past_its_column_is_422_on_every_path(client, writer):
    scope = "a" * 20 + "\n"  # 21 characters for a 20-character column
    assert_problem(
        client.post("/v1/salary-bands", json={**BAND, "geography_scope": scope}, headers=writer), 422, "geography_scope"
    )
    for dry_run in (True, False):
        body = assert_problem(import_rows(client, writer, [{**ROW, "geography_scope": scope}], dry_run), 422)
        assert body["errors"][0]["field"] == "geography_scope"


@pytest.mark.parametrize(
    ("change", "field"), [({"geography": "US\n"}, "geography"), ({"provenance": "Escape\u001b"}, "provenance")]
)
def test_the_import_refuses_what_a_single_write_refuses(client, writer, change, field):
    body = assert_problem(import_rows(client, writer, [{**ROW, **change}]), 422)
    assert [error["field"] for error in body["errors"]] == [field]


@pytest.mark.parametrize("query", ["geography=US%0A", "currency=USD%0A", "role=account-manager%0A", "q=a%0Bb"])
def test_query_text_is_fully_matched_too(client, query):
    url = "/v1/roles" if query.startswith("q=") else "/v1/salary-bands"
    assert_problem(client.get(f"{url}?{query}"), 422, query.split("=")[0])


@pytest.mark.parametrize("url", ["/v1/roles", "/v1/market-wages"])
def test_soc_codes_take_ascii_digits_only(client, url):
    # `\d` in a Python pattern also matches other scripts' digits; the spec's pattern (ECMA) does not.
    assert_problem(client.get(f"{url}?soc_code=٤٣-٤٠٥١"), 422, "soc_code")


# Finding 6: one grammar on every path: a single write and an import refuse the same numbers.


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"salary_min": 38500.9}, "salary_min"),
        ({"year": 2031.9}, "year"),
        ({"salary_max": 70000.0}, "salary_max"),
        ({"source_id": True}, "source_id"),
    ],
)
def test_json_imports_do_not_bend_numbers(client, writer, change, field):
    assert_problem(client.post("/v1/salary-bands", json={**BAND, **change}, headers=writer), 422, field)
    body = assert_problem(import_rows(client, writer, [{**ROW, **change}]), 422)
    assert [error["field"] for error in body["errors"]] == [field]


@pytest.mark.parametrize("salary_min", ["1_000", "١٠٠٠", " 1000 ", "+1000", "1000.0", "1e3"])
def test_csv_imports_take_plain_digits_only(client, writer, salary_min):
    before = band_count(client)
    body = assert_problem(import_csv(client, writer, salary_min=salary_min), 422)
    assert [error["field"] for error in body["errors"]] == ["salary_min"]
    assert band_count(client) == before


def test_csv_imports_still_take_numbers_as_text(client, writer):
    response = import_csv(client, writer, salary_min="0050000", source_id=own_source(client, writer))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["created"] == 1


# Finding 11: If-Match: * is no guard; a write that changes nothing leaves no trace.


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_if_match_star_is_refused(client, writer, method):
    url = "/v1/salary-bands/1"
    before, body = version(client), {k: v for k, v in BAND.items()}
    kwargs = {} if method == "delete" else {"json": body if method == "put" else {"salary_max": 99999}}
    problem = assert_problem(getattr(client, method)(url, headers={**writer, "If-Match": "*"}, **kwargs), 428)
    assert problem["detail"] == (
        "If-Match: * matches any version of the resource, so it cannot prevent a lost update; send the ETag "
        "you last read (GET the resource for it)."
    )
    assert version(client) == before and client.get(url).status_code == 200


def test_a_write_that_changes_nothing_leaves_no_trace(client, writer):
    url = own_band(client, writer)
    band = get_ok(client, url)
    before, etag = version(client), client.get(url).headers["ETag"]
    logged = get_ok(client, "/v1/changes?limit=100", headers=writer)["data"]
    for _ in range(3):
        response = client.patch(
            url, json={"salary_max": band["salary_max"], "geography": "us"}, headers={**writer, "If-Match": etag}
        )
        assert response.status_code == 200 and response.headers["ETag"] == etag
    assert version(client) == before
    assert get_ok(client, "/v1/changes?limit=100", headers=writer)["data"] == logged
    changed = client.patch(url, json={"salary_max": band["salary_max"] + 1}, headers={**writer, "If-Match": etag})
    assert changed.status_code == 200 and version(client) == before + 1


def test_a_request_id_with_a_trailing_newline_is_replaced(client):
    response = client.get("/v1/roles", environ_overrides={"HTTP_X_REQUEST_ID": "abc\n"})
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] != "abc\n" and len(response.headers["X-Request-ID"]) == 32


def test_no_write_schema_lets_text_past_its_column():
    """A guard for new fields: a Length maximum never exceeds its String column (patterns bound the rest)."""
    from marshmallow import validate

    from api.models import Industry, Role, SalaryBand, Skill
    from api.schemas.industries import IndustryCreateSchema
    from api.schemas.roles import RoleCreateSchema
    from api.schemas.salary_bands import SalaryBandWriteSchema
    from api.schemas.skills import SkillCreateSchema

    pairs = [
        (RoleCreateSchema, Role),
        (IndustryCreateSchema, Industry),
        (SkillCreateSchema, Skill),
        (SalaryBandWriteSchema, SalaryBand),
    ]
    checked = 0
    for schema, model in pairs:
        for name, field in schema().fields.items():
            column = model.__table__.columns.get(name)
            length = getattr(getattr(column, "type", None), "length", None)
            limits = [v.max for v in field.validators if isinstance(v, validate.Length) and v.max is not None]
            if length and limits:
                assert max(limits) <= length, f"{schema.__name__}.{name}: {max(limits)} > {length}"
                checked += 1
    assert checked >= 6
