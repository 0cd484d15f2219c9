"""Salary bands: the guide's three figures exactly, with provenance, filters and sorting."""

import pytest

from tests.helpers import assert_problem, get_ok

GUIDE_BANDS = {
    "customer-service-specialist": (38500, 48500, 43500),
    "call-center-specialist": (34750, 47000, 40875),
    "customer-service-manager": (57000, 81250, 69125),
}


def figures(page):
    return {band["role"]["slug"]: (band["salary_min"], band["salary_max"], band["midpoint"]) for band in page["data"]}


def test_the_three_published_bands_exactly(client):
    page = get_ok(client, "/v1/salary-bands")
    assert figures(page) == GUIDE_BANDS
    for band in page["data"]:
        assert band["year"] == 2026
        assert (band["geography"], band["geography_scope"]) == ("US", "national")
        assert (band["currency"], band["period"]) == ("USD", "annual")
        assert band["source"]["title"] == "2026 Salary Guide From Robert Half"
    provenance = {band["role"]["slug"]: band["provenance"] for band in page["data"]}
    assert provenance["call-center-specialist"] == "Call center specialist: $34,750 – $47,000"


def test_detail_by_id_matches_the_list(client):
    for band in get_ok(client, "/v1/salary-bands")["data"]:
        assert get_ok(client, f"/v1/salary-bands/{band['id']}") == band


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("role=customer-service-manager", {"customer-service-manager"}),
        ("role=account-manager", set()),
        ("year=2026", set(GUIDE_BANDS)),
        ("year=2025", set()),
        ("geography=us&currency=usd", set(GUIDE_BANDS)),
        ("currency=EUR", set()),
        ("salary=47000", {"customer-service-specialist", "call-center-specialist"}),  # max is inclusive
        ("salary=48500", {"customer-service-specialist"}),
        ("salary=34750", {"call-center-specialist"}),  # min is inclusive
        ("salary=50000", set()),
        ("salary=57000", {"customer-service-manager"}),
        ("salary_min_gte=38500", {"customer-service-specialist", "customer-service-manager"}),
        ("salary_max_lte=48500", {"customer-service-specialist", "call-center-specialist"}),
    ],
)
def test_filters(client, query, expected):
    assert set(figures(get_ok(client, f"/v1/salary-bands?{query}"))) == expected


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("salary_min", ["call-center-specialist", "customer-service-specialist", "customer-service-manager"]),
        ("-salary_max", ["customer-service-manager", "customer-service-specialist", "call-center-specialist"]),
        ("midpoint", ["call-center-specialist", "customer-service-specialist", "customer-service-manager"]),
        ("-midpoint", ["customer-service-manager", "customer-service-specialist", "call-center-specialist"]),
    ],
)
def test_sorts(client, sort, order):
    page = get_ok(client, f"/v1/salary-bands?sort={sort}")
    assert [band["role"]["slug"] for band in page["data"]] == order


def test_unknown_band_is_a_404_problem(client):
    assert_problem(client.get("/v1/salary-bands/999999"), 404)


@pytest.mark.parametrize(
    "path", ["/v1/salary-bands/abc", "/v1/salary-bands/-1", "/v1/salary-bands/99999999999999999999"]
)
def test_band_ids_that_cannot_exist_are_404(client, path):
    assert_problem(client.get(path), 404)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("salary=abc", "salary"),
        ("salary=-5", "salary"),
        ("salary=10000000000", "salary"),
        ("year=1800", "year"),
        ("currency=US", "currency"),
        ("geography=USA", "geography"),
        ("sort=-role", "sort"),
    ],
)
def test_malformed_filters_are_422_naming_the_field(client, query, field):
    assert_problem(client.get(f"/v1/salary-bands?{query}"), 422, field)
