"""Localized pay: the BLS OEWS importer, areas, market wages, adjusted bands, band vs market, places."""

import csv
import io
import zipfile

import pytest
from openpyxl import Workbook

from tests.helpers import assert_problem, get_ok

COLUMNS = [
    "AREA",
    "AREA_TITLE",
    "AREA_TYPE",
    "PRIM_STATE",
    "NAICS",
    "OWN_CODE",
    "OCC_CODE",
    "OCC_TITLE",
    "TOT_EMP",
    "H_MEAN",
    "A_MEAN",
    "H_PCT10",
    "H_PCT25",
    "H_MEDIAN",
    "H_PCT75",
    "H_PCT90",
    "A_PCT10",
    "A_PCT25",
    "A_MEDIAN",
    "A_PCT75",
    "A_PCT90",
]
CSR = ("43-4051", "Customer Service Representatives")


def synthetic(area, title, area_type, usps, occ=CSR, naics="000000", wages=None):
    """A BLS-layout row with synthetic (test-only) figures."""
    row = dict(
        zip(
            COLUMNS,
            [
                area,
                title,
                area_type,
                usps,
                naics,
                "1235",
                *occ,
                "1000",
                "20",
                "41600",
                "10",
                "15",
                "20",
                "25",
                "30",
                "20800",
                "31200",
                "41600",
                "52000",
                "62400",
            ],
        )
    )
    row.update(wages or {})
    return row


FIXTURE_ROWS = [
    synthetic("99", "U.S.", "1", "US"),
    synthetic("06", "California", "2", "CA", wages={"A_MEDIAN": "52000", "H_MEDIAN": "25"}),
    synthetic("02", "Alaska", "2", "AK", wages={"TOT_EMP": "**", "A_MEAN": "*", "H_MEAN": "*"}),
    synthetic("15", "Hawaii", "2", "HI", wages={"A_PCT90": "#", "H_PCT90": "#"}),
    synthetic("99", "U.S.", "1", "US", naics="517000"),  # an industry row: skipped
    synthetic("99", "U.S.", "1", "US", occ=("29-1141", "Registered Nurses")),  # not a role's occupation
]


def write_csv(path, rows, columns=COLUMNS):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for row in rows:  # numbers as numbers, markers as text, the way BLS's xlsx files hold them
        sheet.append(
            [
                float(v)
                if v.replace(".", "").isdigit() and key not in ("AREA", "NAICS", "OWN_CODE", "AREA_TYPE")
                else v
                for key, v in row.items()
            ]
        )
    book.save(path)
    return path


def oews(runner, *paths, extra=()):
    return runner.invoke(args=["oews", "import", *map(str, paths), *extra])


def wage(client, area, soc="43-4051"):
    [row] = get_ok(client, f"/v1/market-wages?area={area}&soc_code={soc}")["data"]
    return row


def specialist_band(client):
    return get_ok(client, "/v1/salary-bands?role=customer-service-specialist")["data"][0]["id"]


def test_the_shared_extract_imports_idempotently(client, runner, restore, oews_extract):
    first = oews(runner, oews_extract)
    assert first.exit_code == 0, first.output
    assert "OEWS May 2024: read 110, kept 110, skipped 0" in first.stdout
    before = get_ok(client, "/v1/market-wages?limit=100")
    version = client.get("/v1/areas").headers["X-Dataset-Version"]
    again = oews(runner, oews_extract)
    assert "kept 110" in again.stdout and "(created 0, updated 0, unchanged 110)" in again.stdout
    assert get_ok(client, "/v1/market-wages?limit=100") == before
    assert client.get("/v1/areas").headers["X-Dataset-Version"] == version  # nothing changed, nothing recorded
    areas = get_ok(client, "/v1/areas?limit=100")
    assert areas["pagination"]["total"] == 55
    assert {area["type"] for area in areas["data"]} == {"national", "state", "territory"}
    assert [a["name"] for a in get_ok(client, "/v1/areas?type=territory")["data"]] == [
        "Guam",
        "Puerto Rico",
        "Virgin Islands",
    ]


def test_market_wages_are_exactly_blss(client, market):
    national = wage(client, "99")
    assert (national["annual_median"], national["hourly_median"], national["employment"]) == (42830, 20.59, 2725930)
    assert national["survey"]["title"] == "Occupational Employment and Wage Statistics (OEWS), May 2024"
    california = wage(client, "06")
    assert (california["annual_pct10"], california["annual_median"], california["annual_pct90"]) == (
        37340,
        47790,
        75160,
    )
    by_role = get_ok(client, "/v1/market-wages?role=customer-service-manager&area=06")["data"]
    assert [w["occupation"]["code"] for w in by_role] == ["43-1011"]
    source = get_ok(client, f"/v1/sources/{national['survey']['id']}")
    assert source["publisher"] == "U.S. Bureau of Labor Statistics" and "Public domain" in source["provenance"]


def test_worked_example_specialist_in_california(client, market):
    result = get_ok(client, f"/v1/salary-bands/{specialist_band(client)}/localized?area=06")
    # 47,790 / 42,830 = 1.11580…; 38,500 × that = 42,958.67 → 42,959; 48,500 × that = 54,116.97 → 54,117
    assert (result["factor"], result["salary_min"], result["salary_max"]) == (1.1158, 42959, 54117)
    assert (result["area_median"], result["national_median"]) == (47790, 42830)
    assert result["estimate"] is True and "not published by the guide" in result["method"]
    assert (result["band"]["salary_min"], result["band"]["salary_max"]) == (38500, 48500)


def test_worked_example_band_versus_the_national_market(client, market):
    result = get_ok(client, f"/v1/salary-bands/{specialist_band(client)}/market-position")
    # 38,500 lies between the 25th (35,970) and 50th (42,830): 25 + 25 × 2,530 / 6,860 = 34.22
    low = result["salary_min_position"]
    assert (low["percentile"], low["placement"]) == (34.2201, "within") and result["band"]["salary_min"] == 38500
    # 48,500 between the 50th (42,830) and 75th (50,140): 50 + 25 × 5,670 / 7,310 = 69.39
    assert result["salary_max_position"]["percentile"] == 69.3912
    assert result["area"]["code"] == "99" and result["market"]["annual_median"] == 42830


def test_compare_places_sorted_by_adjusted_midpoint_and_exported(client, market):
    band = specialist_band(client)
    page = get_ok(client, f"/v1/salary-bands/{band}/places?area_type=state&sort=-midpoint&limit=100")
    midpoints = [place["adjusted"]["midpoint"] for place in page["data"]]
    assert midpoints == sorted(midpoints, reverse=True) and page["pagination"]["total"] == 51
    california = next(p for p in page["data"] if p["area"]["code"] == "06")
    assert (california["adjusted"]["salary_min"], california["adjusted"]["salary_max"]) == (42959, 54117)
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(f"/v1/salary-bands/{band}/places", headers={"Accept": "text/csv"}).get_data(as_text=True)
            )
        )
    )
    assert len(rows) == 55 and rows[0]["adjusted_salary_min"]


def test_roles_without_soc_and_areas_without_data_say_which(client, market):
    call_center = get_ok(client, "/v1/salary-bands?role=call-center-specialist")["data"][0]["id"]
    assert get_ok(client, f"/v1/salary-bands/{call_center}/localized?area=06")["occupation"]["code"] == "43-4051"
    body = assert_problem(client.get("/v1/roles/account-manager/market-pay"), 404)
    assert "'account-manager' has no SOC code" in body["detail"]
    assert (
        "No area '12345'"
        in assert_problem(client.get(f"/v1/salary-bands/{specialist_band(client)}/localized?area=12345"), 404)["detail"]
    )
    assert_problem(client.get(f"/v1/salary-bands/{specialist_band(client)}/localized"), 422, "area")
    assert "no SOC code" in assert_problem(client.get("/v1/market-wages?role=account-manager"), 404)["detail"]


def test_without_market_data_the_answer_says_how_to_load_it(client):
    body = assert_problem(client.get(f"/v1/salary-bands/{specialist_band(client)}/localized?area=06"), 404)
    assert "oews import" in body["detail"]


@pytest.mark.parametrize("kind", ["csv", "xlsx", "zip"])
def test_own_fixtures_with_markers_in_every_published_format(client, runner, restore, tmp_path, kind):
    path = write_csv(tmp_path / "state_M2024_dl.csv", FIXTURE_ROWS)
    if kind != "csv":
        path = write_xlsx(tmp_path / "state_M2024_dl.xlsx", FIXTURE_ROWS)
    if kind == "zip":
        with zipfile.ZipFile(tmp_path / "oesm24st.zip", "w") as archive:
            archive.write(path, "oesm24st/state_M2024_dl.xlsx")
        path = tmp_path / "oesm24st.zip"
    result = oews(runner, path)
    assert result.exit_code == 0, result.output
    assert "read 6, kept 4, skipped 2" in result.stdout  # an industry row and an unmapped occupation
    alaska, hawaii = wage(client, "02"), wage(client, "15")
    assert (alaska["employment"], alaska["annual_mean"], alaska["hourly_mean"]) == (None, None, None)  # * and **
    assert alaska["annual_median"] == 41600
    assert (hawaii["annual_pct90"], hawaii["hourly_pct90"]) == (None, None)  # #: never a made-up number
    assert hawaii["top_coded"] == ["hourly_pct90", "annual_pct90"]
    assert wage(client, "06")["annual_median"] == 52000


def test_all_keeps_every_occupation(client, runner, restore, tmp_path):
    path = write_csv(tmp_path / "national_M2024_dl.csv", FIXTURE_ROWS)
    assert "kept 5" in oews(runner, path, extra=["--all"]).stdout
    assert wage(client, "99", soc="29-1141")["occupation"]["title"] == "Registered Nurses"


@pytest.mark.parametrize(
    ("rows", "columns", "message"),
    [
        ([], COLUMNS, "no rows"),
        (FIXTURE_ROWS, [c for c in COLUMNS if c != "A_MEDIAN"], "lacks the OEWS column(s) A_MEDIAN"),
        ([synthetic("06", "California", "2", "CA", wages={"A_MEDIAN": "lots"})], COLUMNS, "row 2: A_MEDIAN"),
        ([synthetic("06", "California", "2", "CA", wages={"H_MEAN": "-3"})], COLUMNS, "row 2: H_MEAN"),
        ([synthetic("06", "California", "9", "CA")], COLUMNS, "row 2: AREA_TYPE"),
    ],
)
def test_malformed_files_write_nothing(client, runner, restore, tmp_path, rows, columns, message):
    good = write_csv(tmp_path / "good_M2024.csv", FIXTURE_ROWS[:2])
    bad = write_csv(tmp_path / "bad_M2024.csv", rows, columns)
    result = oews(runner, good, bad)
    assert result.exit_code != 0 and message in result.output and "othing was written" in result.output
    assert get_ok(client, "/v1/areas")["pagination"]["total"] == 0


def test_a_file_that_is_not_xlsx_and_a_survey_that_cannot_be_named(runner, restore, tmp_path):
    fake = tmp_path / "state_M2024_dl.xlsx"
    fake.write_text("not a spreadsheet")
    assert "not a readable xlsx" in oews(runner, fake).output
    unnamed = write_csv(tmp_path / "wages.csv", FIXTURE_ROWS)
    assert "--year" in oews(runner, unnamed).output
    assert oews(runner, unnamed, extra=["--year", "2024"]).exit_code == 0
