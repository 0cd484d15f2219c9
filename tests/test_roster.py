"""A whole roster in one call: rows placed in their bands, per-row errors, the summary, CSV both ways, privacy."""

import csv
import io
import json
import logging

import pytest

from tests.helpers import assert_problem

CSV_ROSTER = (
    "reference,name,role,salary,period\r\n"
    "E-1,Ann,customer-service-specialist,45000,\r\n"
    "E-2,Bob,customer-service-specialist,22.50,hourly\r\n"
    "E-3,Cy,customer-service-specialist,50000,\r\n"
    "E-4,Di,astronaut,45000,\r\n"
    "E-5,Ed,account-manager,45000,\r\n"
    "E-6,Flo,customer-service-specialist,-1,\r\n"
    "=cmd(),Gus,customer-service-manager,50000,\r\n"
)


def post(client, body, content_type="text/csv", query="year=2026", **headers):
    return client.post(f"/v1/roster?{query}", data=body, headers={"Content-Type": content_type, **headers})


def placed(client, body, content_type="text/csv", query="year=2026"):
    response = post(client, body, content_type, query)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_json()


def test_each_row_is_placed_in_its_band_or_gets_its_own_error(client):
    result = placed(client, CSV_ROSTER)
    rows = {row["reference"]: row for row in result["rows"]}
    assert [row["row"] for row in result["rows"]] == [1, 2, 3, 4, 5, 6, 7]
    # The figures of /v1/salary-bands/position: 45,000 in 38,500-48,500 is 1.0345 and 0.65.
    ann = rows["E-1"]
    assert {
        k: ann[k]
        for k in (
            "compa_ratio",
            "range_penetration",
            "midpoint",
            "placement",
            "distance_from_min",
            "distance_to_max",
            "salary_min",
            "salary_max",
            "error",
        )
    } == {
        "compa_ratio": 1.0345,
        "range_penetration": 0.65,
        "midpoint": 43500,
        "placement": "within",
        "distance_from_min": 6500,
        "distance_to_max": 3500,
        "salary_min": 38500,
        "salary_max": 48500,
        "error": None,
    }
    # 22.50 an hour × 2,080 = 46,800 a year.
    assert (rows["E-2"]["salary_in_band_period"], rows["E-2"]["compa_ratio"], rows["E-2"]["salary_period"]) == (
        46800,
        1.0759,
        "hourly",
    )
    assert (rows["E-3"]["placement"], rows["E-3"]["distance_to_max"]) == ("above", -1500)
    assert rows["E-4"]["error_field"] == "role" and "astronaut" in rows["E-4"]["error"]
    assert rows["E-5"]["error_field"] == "role" and "no 2026 band" in rows["E-5"]["error"]
    assert rows["E-6"]["error_field"] == "salary" and rows["E-6"]["compa_ratio"] is None
    assert rows["=cmd()"]["placement"] == "below"
    assert "name" not in ann and "Ann" not in json.dumps(result)  # other columns are never echoed


def test_the_summary_per_role(client):
    summary = placed(client, CSV_ROSTER)["summary"]
    assert (summary["placed"], summary["errors"]) == (4, 3)
    by_role = {item["role"]: item for item in summary["roles"]}
    specialist = by_role["customer-service-specialist"]
    # Compa-ratios 1.0345, 1.0759, 1.1494: mean 1.0866, median the middle one.
    assert specialist == {
        "role": "customer-service-specialist",
        "count": 3,
        "below_minimum": 0,
        "above_maximum": 1,
        "mean_compa_ratio": 1.0866,
        "median_compa_ratio": 1.0759,
    }
    assert by_role["customer-service-manager"]["below_minimum"] == 1


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two(client):
    body = "reference,role,salary\r\na,customer-service-specialist,43500\r\nb,customer-service-specialist,47850\r\n"
    [item] = placed(client, body)["summary"]["roles"]
    assert (item["median_compa_ratio"], item["mean_compa_ratio"]) == (1.05, 1.05)


def test_json_and_ndjson_rosters_give_the_same_answer_as_csv(client):
    rows = [
        {"reference": "E-1", "role": "customer-service-specialist", "salary": 45000},
        {"reference": 7, "role": "customer-service-specialist", "salary": "22.5", "period": "hourly", "year": 2026},
        {"reference": "E-3", "role": "customer-service-specialist", "salary": 1e3},
        ["not", "an", "object"],
    ]
    as_json = placed(client, json.dumps(rows), "application/json")
    as_ndjson = placed(client, "\n".join(json.dumps(row) for row in rows) + "\n{oops\n", "application/x-ndjson")
    assert as_json["rows"] == as_ndjson["rows"][:4]
    assert as_json["rows"][0]["compa_ratio"] == 1.0345 and as_json["rows"][1]["reference"] == "7"
    assert as_json["rows"][2]["salary"] == 1000
    assert as_json["rows"][3]["error_field"] == "row" and as_ndjson["rows"][4]["error_field"] == "row"


def test_csv_in_gives_csv_out_when_asked_and_neutralizes_formulas(client):
    response = post(client, CSV_ROSTER, Accept="text/csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["reference"] for row in rows] == ["E-1", "E-2", "E-3", "E-4", "E-5", "E-6", "'=cmd()"]
    assert (rows[0]["compa_ratio"], rows[0]["placement"], rows[0]["error"]) == ("1.0345", "within", "")
    assert rows[3]["error_field"] == "role"


@pytest.mark.parametrize(
    ("cells", "field"),
    [
        ("E-1,customer-service-specialist,45000.12345", "salary"),
        ("E-1,customer-service-specialist,1e5", "salary"),
        ("E-1,customer-service-specialist, 45000", "salary"),
        ("E-1,customer-service-specialist,1000000001", "salary"),
        ("E-1,Customer Service,45000", "role"),
        (",customer-service-specialist,45000", "reference"),
        ("E-1,customer-service-specialist,45000,fortnightly", "period"),
        ("E-1,customer-service-specialist,45000,,2031.0", "year"),
        ("E-1,customer-service-specialist,45000,,,Narnia", "area"),
        ('"E\x071",customer-service-specialist,45000', "reference"),
    ],
)
def test_bad_values_are_per_row_errors_in_the_shared_grammar(client, cells, field):
    body = f"reference,role,salary,period,year,area\r\nok,customer-service-specialist,45000\r\n{cells}\r\n"
    good, bad = placed(client, body)["rows"]
    assert good["error"] is None and good["compa_ratio"] == 1.0345
    assert bad["error_field"] == field and bad["compa_ratio"] is None


def test_bytes_that_are_not_utf8_fail_their_row_only(client):
    body = (
        b"reference,role,salary\r\n"
        b"E-\xff,customer-service-specialist,45000\r\nE-2,customer-service-specialist,45000\r\n"
    )
    bad, good = placed(client, body)["rows"]
    assert bad["error_field"] == "reference" and good["compa_ratio"] == 1.0345


def test_a_row_without_a_year_needs_the_query_parameter(client):
    body = (
        "reference,role,salary,year\r\n"
        "a,customer-service-specialist,45000,\r\nb,customer-service-specialist,45000,2026\r\n"
    )
    first, second = placed(client, body, query="")["rows"]
    assert first["error_field"] == "year" and second["compa_ratio"] == 1.0345


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("reference,salary\r\nE-1,45000\r\n", "text/csv", 422),
        ("", "text/csv", 422),
        ('{"reference": "E-1"}', "application/json", 422),
        ("[{", "application/json", 400),
        ("<roster/>", "application/xml", 415),
    ],
)
def test_a_roster_that_cannot_be_read_at_all_is_a_problem(client, body, content_type, status):
    assert_problem(post(client, body, content_type), status)


def test_unknown_query_parameters_and_bad_options_are_refused(client):
    assert_problem(post(client, CSV_ROSTER, query="year=2026&salary_floor=1"), 400)
    assert_problem(post(client, CSV_ROSTER, query="year=1800"), 422, "year")
    assert_problem(post(client, CSV_ROSTER, Accept="application/xml"), 406)


def test_a_location_adjusted_band_where_an_area_is_given(client, market):
    body = (
        "reference,role,salary,area\r\n"
        "E-1,customer-service-specialist,45000,06\r\nE-2,customer-service-specialist,45000,\r\n"
    )
    local, national = placed(client, body)["rows"]
    # The California band of /localized?area=06: 42,959 - 54,117 (factor 1.1158).
    assert (local["salary_min"], local["salary_max"], local["area_factor"], local["area"]) == (
        42959,
        54117,
        1.1158,
        "06",
    )
    # 45,000 / 48,538 (the local midpoint), as /v1/salary-bands/position?area=06 says.
    position = client.get(f"/v1/salary-bands/{local['band_id']}/position?salary=45000&area=06").get_json()
    assert local["compa_ratio"] == position["compa_ratio"] == 0.9271 and national["compa_ratio"] == 1.0345


def test_an_area_without_market_data_is_a_row_error(client):
    body = "reference,role,salary,area\r\nE-1,customer-service-specialist,45000,CA\r\n"
    [row] = placed(client, body)["rows"]
    assert row["error_field"] == "area" and "OEWS" in row["error"]


def test_no_salary_or_employee_reference_reaches_any_log_line(client, caplog):
    caplog.set_level(logging.DEBUG)
    body = (
        "reference,role,salary\r\nEMP-SECRET-77,customer-service-specialist,45678.91\r\nEMP-SECRET-78,astronaut,-5\r\n"
    )
    assert post(client, body).status_code == 200
    assert post(client, body, Accept="text/csv").status_code == 200
    assert_problem(post(client, "reference,salary\r\nEMP-SECRET-79,45678.91\r\n"), 422)
    logged = "\n".join(f"{record.getMessage()} {getattr(record, 'fields', '')}" for record in caplog.records)
    assert caplog.records  # the access log did write
    for secret in ("EMP-SECRET", "45678", "astronaut"):
        assert secret not in logged


def test_a_roster_counts_against_the_import_budget(more_apps):
    app = more_apps(RATELIMIT_ENABLED=True, RATE_LIMIT_IMPORTS="1 per minute")
    client = app.test_client()
    assert post(client, CSV_ROSTER).status_code == 200
    assert_problem(post(client, CSV_ROSTER), 429)


@pytest.mark.parametrize("accept", ["text/csv", "application/json"])
def test_a_row_the_csv_reader_cannot_read_fails_alone(client, accept):
    # A bare carriage return inside an unquoted cell, and a cell longer than the csv module reads.
    body = (
        "reference,role,salary\r\nE-1,customer-service-specialist,45000\r\nE\r2,customer-service-specialist,45000\r\n"
        f"E-3,{'x' * (csv.field_size_limit() + 1)},45000\r\nE-4,customer-service-specialist,45000\r\n"
    )
    response = post(client, body, Accept=accept)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text))) if accept == "text/csv" else response.get_json()["rows"]
    assert [row["reference"] or None for row in rows][0] == "E-1" and rows[-1]["reference"] == "E-4"
    assert [row["error_field"] for row in rows if row["error_field"]] == ["row", "row"]
    assert_problem(post(client, "reference,\rrole,salary\r\nE-1,customer-service-specialist,45000\r\n"), 422)
