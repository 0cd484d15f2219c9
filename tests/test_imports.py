"""Bulk import: export, edit, import back; every row validated first; all rows or none."""

import csv
import io
import json

import pytest

from tests.helpers import assert_problem, get_ok, own_band, own_source

CSV = {"Content-Type": "text/csv"}


def export_csv(client) -> str:
    return client.get("/v1/salary-bands", headers={"Accept": "text/csv"}).get_data(as_text=True)


def edit(text: str, row: int, **values) -> str:
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    rows[row].update({key: str(value) for key, value in values.items()})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def add_row(text: str, **values) -> str:
    first = next(csv.DictReader(io.StringIO(text, newline="")))
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=list(first), lineterminator="\r\n").writerow({**first, "id": "", **values})
    return text + out.getvalue()


def state(client):
    """The bands and the dataset version, to prove a failed import changed nothing."""
    response = client.get("/v1/salary-bands?limit=100")
    return response.get_json()["data"], response.headers["X-Dataset-Version"]


def post(client, body, headers, query=""):
    return client.post(f"/v1/salary-bands/import{query}", data=body, headers=headers)


def test_an_unedited_export_imports_as_unchanged(client, writer):
    before = state(client)
    response = post(client, export_csv(client), {**writer, **CSV})
    assert response.status_code == 200, response.get_json()
    # Nothing changed, so nothing is written: no new version, no change-log entry.
    assert response.get_json() == {
        "dry_run": False,
        "rows": 3,
        "created": 0,
        "updated": 0,
        "unchanged": 3,
        "dataset_version": int(before[1]),
    }
    assert state(client) == before


def test_edit_one_add_one_import_back(client, writer):
    own_band(client, writer)  # the guide's bands are read-only: the team edits a band of its own (row 4)
    text = edit(export_csv(client), 3, salary_max=49000, provenance="HR update 2026-11")
    text = add_row(
        text,
        role_slug="account-manager",
        year="2026",
        salary_min="60000",
        salary_max="90000",
        provenance="HR team band, not from the guide",
        source_id=own_source(client, writer),
    )
    result = post(client, text, {**writer, **CSV}).get_json()
    assert (result["created"], result["updated"], result["unchanged"]) == (1, 1, 3)
    bands = {band["role"]["slug"]: band for band in get_ok(client, "/v1/salary-bands")["data"]}
    assert bands["customer-service-specialist"]["salary_max"] == 49000
    assert bands["account-manager"]["midpoint"] == 75000
    log = get_ok(client, "/v1/changes?resource=salary%20band", headers=writer)["data"][1:]
    assert [(c["action"], c["actor"]) for c in log] == [("create", "hr-tool"), ("update", "hr-tool")]
    assert log[1]["before"]["salary_max"] == 48500 and log[1]["after"]["salary_max"] == 49000


def test_change_records_of_an_import_match_those_of_a_single_write(client, writer):
    text = add_row(
        export_csv(client),
        role_slug="account-manager",
        year="2026",
        salary_min="60001",
        salary_max="90000",
        source_id=own_source(client, writer),
    )
    post(client, text, {**writer, **CSV})
    [created] = get_ok(client, "/v1/changes?resource=salary%20band", headers=writer)["data"]
    served = get_ok(client, f"/v1/salary-bands/{created['resource_key']}")
    assert created["after"] == {key: value for key, value in served.items() if key != "converted"}


def test_dry_run_reports_and_writes_nothing(client, writer):
    source_id = own_source(client, writer)
    before = state(client)
    text = add_row(export_csv(client), role_slug="account-manager", year="2026", source_id=source_id)
    result = post(client, text, {**writer, **CSV}, "?dry_run=true").get_json()
    [change] = result.pop("changes")
    assert result == {
        "dry_run": True,
        "rows": 4,
        "created": 1,
        "updated": 0,
        "unchanged": 3,
        "conflicts": [],
        "dataset_version": None,
    }
    assert (change["row"], change["action"], change["before"]) == (4, "create", None)
    assert change["after"]["role_slug"] == "account-manager"
    assert state(client) == before


@pytest.mark.parametrize("accept", ["application/json", "application/x-ndjson"])
def test_json_and_ndjson_exports_import_back(client, writer, accept):
    body = client.get("/v1/salary-bands", headers={"Accept": accept}).get_data(as_text=True)
    result = post(client, body, {**writer, "Content-Type": accept}).get_json()
    assert (result["rows"], result["unchanged"]) == (3, 3)


def test_a_plain_json_array_of_flat_rows(client, writer):
    rows = [
        {
            "role_slug": "account-manager",
            "source_id": own_source(client, writer),
            "year": 2026,
            "geography": "US",
            "geography_scope": "national",
            "currency": "USD",
            "period": "annual",
            "salary_min": 60000,
            "salary_max": 90000,
            "provenance": "HR",
        }
    ]
    assert post(client, json.dumps(rows), {**writer, "Content-Type": "application/json"}).get_json()["created"] == 1


def test_every_bad_row_is_reported_and_nothing_is_written(client, writer):
    before = state(client)
    text = add_row(export_csv(client), role_slug="account-manager", year="2026")  # row 4: valid
    text = add_row(text, role_slug="account-manager", year="2026")  # row 5: the same band as row 4
    text = add_row(text, role_slug="astronaut")  # row 6
    text = edit(text, 0, salary_min="abc")
    text = edit(text, 1, salary_min="50000", salary_max="40000")
    text = edit(text, 2, currency="XYZ")
    body = assert_problem(post(client, text, {**writer, **CSV}), 422)
    found = {(e["row"], e["field"]) for e in body["errors"]}
    assert found == {(1, "salary_min"), (2, "salary_min"), (3, "currency"), (5, "role_slug"), (6, "role_slug")}
    assert all(e["location"] == "body" for e in body["errors"])
    assert body["detail"] == "5 error(s) in 6 rows; nothing was written."  # not "At least": every row was read
    assert state(client) == before


@pytest.mark.parametrize(
    ("body", "content_type", "status", "words"),
    [
        ("", "text/csv", 422, "empty"),
        ("role_slug,year\n", "text/csv", 422, "no rows"),
        ("role_slug,colour\nx,blue\n", "text/csv", 422, "Unknown column(s): colour"),
        ('role_slug,year\n"unterminated,2026\n', "text/csv", 400, "malformed"),
        ("role_slug,year\na,2026,extra\n", "text/csv", 400, "more fields"),
        ("[{", "application/json", 400, "JSON is malformed"),
        ('{"rows": 1}', "application/json", 400, "array of objects"),
        ("[1, 2]", "application/json", 400, "array of objects"),
    ],
)
def test_unreadable_files_are_a_clear_4xx(client, writer, body, content_type, status, words):
    before = state(client)
    problem = assert_problem(post(client, body, {**writer, "Content-Type": content_type}), status)
    assert words in problem["detail"] and "Nothing was written" in problem["detail"]
    assert state(client) == before


def test_wrong_encoding_type_and_size(client, app, writer):
    latin1 = "role_slug,provenance\naccount-manager,Montréal\n".encode("latin-1")
    assert "not UTF-8" in assert_problem(post(client, latin1, {**writer, **CSV}), 400)["detail"]
    assert_problem(post(client, "x", {**writer, "Content-Type": "application/xml"}), 415)
    limit = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 100
    try:
        assert_problem(post(client, export_csv(client), {**writer, **CSV}), 413)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit


def test_import_needs_a_key(client, restore):
    assert_problem(post(client, "role_slug\n", CSV), 401)


def test_the_cli_imports_with_a_summary_and_refuses_bad_files(client, runner, writer, tmp_path):
    good = tmp_path / "bands.csv"
    good.write_text(
        add_row(export_csv(client), role_slug="account-manager", year="2026", source_id=own_source(client, writer)),
        encoding="utf-8",
    )
    result = runner.invoke(args=["bands", "import", str(good), "--actor", "nightly-sync"])
    assert result.exit_code == 0, result.output
    assert "created 1, updated 0, unchanged 3" in result.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(edit(export_csv(client), 0, salary_min="-5"), encoding="utf-8")
    before = state(client)
    refused = runner.invoke(args=["bands", "import", str(bad)])
    assert refused.exit_code != 0 and "row 1: salary_min" in refused.output and "nothing was written" in refused.output
    assert state(client) == before
    assert runner.invoke(args=["bands", "import", str(tmp_path / "bands.txt")]).exit_code != 0
    log = get_ok(client, "/v1/changes?action=create", headers=writer)["data"]
    assert log[-1]["actor"] == "nightly-sync"
