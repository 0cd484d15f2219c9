"""Every list answers CSV and NDJSON with all pages and the same filters; other Accept values get 406."""

import csv
import io
import json

import pytest

from tests.helpers import assert_problem, get_ok

LISTS = ["/v1/roles", "/v1/salary-bands", "/v1/industries", "/v1/skills", "/v1/sources", "/v1/sources/1/notes"]


def read_csv(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))


@pytest.mark.parametrize("url", LISTS)
def test_csv_has_every_item_of_every_page(client, url):
    everything = get_ok(client, f"{url}?limit=100")
    rows = read_csv(client.get(f"{url}?limit=1", headers={"Accept": "text/csv"}))
    assert len(rows) == everything["pagination"]["total"]
    assert [row[next(iter(row))] for row in rows] == [str(next(iter(item.values()))) for item in everything["data"]]


@pytest.mark.parametrize("url", LISTS)
def test_ndjson_is_one_item_per_line(client, url):
    response = client.get(url, headers={"Accept": "application/x-ndjson"})
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    lines = response.get_data(as_text=True).splitlines()
    assert [json.loads(line) for line in lines] == get_ok(client, f"{url}?limit=100")["data"]


def test_csv_keeps_filters_quotes_and_exact_figures(client):
    rows = read_csv(client.get("/v1/salary-bands?salary=47000&sort=salary_min", headers={"Accept": "text/csv"}))
    assert [row["role_slug"] for row in rows] == ["call-center-specialist", "customer-service-specialist"]
    assert (rows[1]["salary_min"], rows[1]["salary_max"], rows[1]["midpoint"]) == ("38500", "48500", "43500")
    assert rows[1]["provenance"] == "Customer service specialist: $38,500 – $48,500"  # a quoted field with commas


def test_csv_flattens_nested_fields_and_lists(client):
    response = client.get("/v1/roles?q=account", headers={"Accept": "text/csv"})
    [row] = read_csv(response)
    assert row["occupation_code"] == "" and row["source_title"] == "2026 Salary Guide From Robert Half"
    assert row["responsibilities"] == (
        "Build long-term client relationships; Run regular check-ins; "
        "Protect and grow accounts; Bring customer feedback back to the business"
    )
    header = response.get_data(as_text=True).splitlines()[0]
    assert header.startswith("slug,title,level,summary,responsibilities,has_published_band,occupation_system")


def test_csv_of_converted_bands(client):
    rows = read_csv(
        client.get("/v1/salary-bands?period=hourly&role=customer-service-specialist", headers={"Accept": "text/csv"})
    )
    assert (rows[0]["converted_period"], rows[0]["converted_salary_min"], rows[0]["converted_hours_per_year"]) == (
        "hourly",
        "18.51",
        "2080",
    )


def test_an_empty_export_still_has_its_header(client):
    response = client.get("/v1/roles?industry=mining", headers={"Accept": "text/csv"})
    assert read_csv(response) == []
    assert response.get_data(as_text=True).startswith("slug,title,")


def test_browser_accept_headers_get_json(client):
    response = client.get("/v1/roles", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200 and response.mimetype == "application/json"


@pytest.mark.parametrize("url", [*LISTS, "/v1/roles/account-manager"])
def test_unsupported_accept_is_a_406_problem(client, url):
    assert_problem(client.get(url, headers={"Accept": "application/xml"}), 406)


def test_detail_views_answer_json_only(client):
    assert_problem(client.get("/v1/roles/account-manager", headers={"Accept": "text/csv"}), 406)
