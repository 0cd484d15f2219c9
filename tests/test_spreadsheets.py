"""Files a spreadsheet opens right: no formula injection in CSV, typed xlsx, UTF-8 that says so."""

import csv
import io

import pytest
from openpyxl import load_workbook

from api.formats import exports
from tests.helpers import assert_problem, get_ok, own_source

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = {"Accept": "text/csv"}
FORMULAS = ['=HYPERLINK("http://evil.example","Click")', "+1+2", "-2+3", "@SUM(A1:A2)", "=1+2;=3"]
ROLE = {
    "level": "senior",
    "summary": "Owns escalations.",
    "responsibilities": ["=cmd|' /C calc'!A0"],
    "provenance": "Added by the HR team.",
    "source_id": 1,
}


def rows(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))


def workbook(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == XLSX
    return load_workbook(io.BytesIO(response.get_data()))


@pytest.mark.parametrize("title", FORMULAS)
def test_csv_neutralizes_formulas_and_the_import_side_restores_them(client, writer, title):
    assert client.post("/v1/roles", json={**ROLE, "slug": "formula", "title": title}, headers=writer).status_code == 201
    response = client.get("/v1/roles?level=senior", headers=CSV)
    line = next(line for line in response.get_data(as_text=True).splitlines() if line.startswith("formula,"))
    assert line.startswith("formula,\"'" + title.replace('"', '""') + '"'), line  # quoted, single quote first
    [row] = [row for row in rows(response) if row["slug"] == "formula"]
    assert row["title"] == "'" + title
    assert row["responsibilities"] == "'=cmd|' /C calc'!A0"
    assert exports.unneutralize(row["title"]) == title  # what the import must call on every text cell


@pytest.mark.parametrize("text", ["=1", "'=1", "''+x", "\t=1", "\rx", "'", "'plain", "plain", "-", ""])
def test_neutralizing_round_trips_every_text(text):
    assert exports.unneutralize(exports.neutralize(text)) == text


def test_numbers_stay_numbers_negative_ones_too():
    assert exports.csv_field(-6500, "money") == "-6500" and exports.csv_field(-0.5, "money") == "-0.50"
    assert exports.csv_field(-3, "integer") == "-3"
    assert exports.csv_field("-3", "text") == '"\'-3"'


def test_band_provenance_is_neutralized_in_csv(client, writer):
    band = {
        "role": "account-manager",
        "source_id": own_source(client, writer),
        "year": 2027,
        "geography": "US",
        "geography_scope": "national",
        "currency": "USD",
        "period": "annual",
        "salary_min": 50000,
        "salary_max": 70000,
        "provenance": "@HR estimate, not from the guide",
    }
    assert client.post("/v1/salary-bands", json=band, headers=writer).status_code == 201
    [row] = rows(client.get("/v1/salary-bands?role=account-manager", headers=CSV))
    assert row["provenance"] == "'@HR estimate, not from the guide"


def test_csv_money_has_cents_and_booleans_are_lowercase(client):
    [band] = rows(client.get("/v1/salary-bands?role=call-center-specialist&period=hourly", headers=CSV))
    assert (band["converted_salary_min"], band["converted_salary_max"]) == ("16.71", "22.60")  # was "22.6"
    assert band["midpoint"] == "40875" and band["salary_min"] == "34750"  # whole money stays whole
    [role] = rows(client.get("/v1/roles?q=account", headers=CSV))
    assert role["has_published_band"] == "false"  # was "False"
    assert {row["has_published_band"] for row in rows(client.get("/v1/roles", headers=CSV))} == {"true", "false"}


def test_a_byte_order_mark_on_request(client):
    plain = client.get("/v1/salary-bands", headers=CSV).get_data()
    marked = client.get("/v1/salary-bands?bom=true", headers=CSV).get_data()
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert marked == b"\xef\xbb\xbf" + plain
    assert "$38,500 – $48,500" in marked.decode("utf-8-sig")
    assert get_ok(client, "/v1/salary-bands?bom=true")["data"]  # JSON ignores it
    assert_problem(client.get("/v1/salary-bands?bom=maybe", headers=CSV), 422, "bom")


def test_every_list_answers_xlsx(client):
    for url in ["/v1/roles", "/v1/salary-bands", "/v1/industries", "/v1/skills", "/v1/sources", "/v1/areas"]:
        sheet = workbook(client.get(url, headers={"Accept": XLSX})).active
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row == 1 + get_ok(client, url)["pagination"]["total"]


def test_xlsx_cells_are_typed(client):
    response = client.get("/v1/salary-bands?period=hourly&sort=salary_min", headers={"Accept": XLSX})
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    sheet = workbook(response).active
    header = [cell.value for cell in sheet[1]]
    assert all(cell.font.b for cell in sheet[1])
    call_center = dict(zip(header, sheet[2]))
    assert call_center["role_slug"].value == "call-center-specialist"
    assert call_center["salary_min"].value == 34750 and call_center["salary_min"].number_format == '"$"#,##0'
    assert call_center["midpoint"].value == 40875
    assert call_center["converted_salary_max"].value == pytest.approx(22.6)
    assert call_center["converted_salary_max"].number_format == '"$"#,##0.00'
    assert call_center["year"].value == 2026 and call_center["year"].data_type == "n"
    assert call_center["provenance"].value == "Call center specialist: $34,750 – $47,000"


def test_xlsx_never_holds_a_formula(client, writer):
    title = '=HYPERLINK("http://evil.example","Click")'
    assert client.post("/v1/roles", json={**ROLE, "slug": "formula", "title": title}, headers=writer).status_code == 201
    sheet = workbook(client.get("/v1/roles?level=senior", headers={"Accept": XLSX})).active
    header = [cell.value for cell in sheet[1]]
    found = [dict(zip(header, row)) for row in sheet.iter_rows(min_row=2)]
    [cells] = [cells for cells in found if cells["slug"].value == "formula"]
    assert cells["title"].value == title and cells["title"].data_type == "s"
    assert cells["has_published_band"].value is False


def test_exports_carry_their_etag_and_dataset_version(client, writer):
    for accept in ("text/csv", "application/x-ndjson", XLSX):
        response = client.get("/v1/salary-bands", headers={"Accept": accept})
        assert response.get_data()  # a streamed body holds its request context until read
        version = response.headers["X-Dataset-Version"]
        assert response.headers["ETag"].startswith('"')
        assert f"-v{version}." in response.headers["Content-Disposition"]
        again = client.get("/v1/salary-bands", headers={"Accept": accept, "If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304 and again.get_data() == b""
    before = client.get("/v1/salary-bands", headers={"Accept": XLSX})
    assert load_workbook(io.BytesIO(before.get_data())).custom_doc_props["dataset_version"].value == int(
        before.headers["X-Dataset-Version"]
    )
    assert (
        client.get("/v1/salary-bands?bom=true", headers=CSV).headers["ETag"]
        != client.get("/v1/salary-bands", headers=CSV).headers["ETag"]
    )
    assert (
        client.post("/v1/roles", json={**ROLE, "slug": "new-role", "title": "New"}, headers=writer).status_code == 201
    )
    after = client.get("/v1/salary-bands", headers={"Accept": XLSX, "If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert int(after.headers["X-Dataset-Version"]) == int(before.headers["X-Dataset-Version"]) + 1
