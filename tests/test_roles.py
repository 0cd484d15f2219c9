"""Roles: the six the guide names, their filters and their detail view."""

import pytest

from tests.helpers import assert_problem, get_ok, slugs

SIX_ROLES = [
    "customer-service-specialist",
    "call-center-specialist",
    "senior-customer-service-specialist",
    "customer-experience-specialist",
    "customer-service-manager",
    "account-manager",
]
WITH_BAND = ["customer-service-specialist", "call-center-specialist", "customer-service-manager"]


def test_lists_the_six_roles_in_guide_order(client):
    page = get_ok(client, "/v1/roles")
    assert slugs(page) == SIX_ROLES
    assert page["pagination"] == {"total": 6, "limit": 20, "offset": 0, "next": None, "prev": None}
    specialist = page["data"][0]
    assert specialist["title"] == "Customer service specialist"
    assert specialist["level"] == "front-line"
    assert specialist["responsibilities"] == [
        "Solve customer questions by phone, chat or email",
        "Explain next steps",
        "Follow through to resolution",
    ]
    assert specialist["provenance"].startswith("Customer service specialist—Solve customer questions")
    assert specialist["source"]["title"] == "2026 Salary Guide From Robert Half"


def test_levels_are_the_four_named(client):
    levels = {role["slug"]: role["level"] for role in get_ok(client, "/v1/roles")["data"]}
    assert levels["senior-customer-service-specialist"] == "senior"
    assert levels["customer-service-manager"] == "management"
    assert levels["account-manager"] == "account"
    assert slugs(get_ok(client, "/v1/roles?level=senior")) == ["senior-customer-service-specialist"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("has_published_band=true", WITH_BAND),
        ("has_published_band=false", [s for s in SIX_ROLES if s not in WITH_BAND]),
        ("industry=retail", SIX_ROLES),
        ("industry=no-such-industry", []),
        ("skill=data-literacy", SIX_ROLES),  # field-wide: the guide ties it to no role
        ("skill=no-such-skill", []),
        ("q=MANAGER", ["customer-service-manager", "account-manager"]),
        ("q=escalations", ["senior-customer-service-specialist"]),  # matches the description
        ("q=100%25", []),  # a literal percent sign, not a wildcard
        ("level=front-line&has_published_band=false", ["customer-experience-specialist"]),
    ],
)
def test_filters(client, query, expected):
    page = get_ok(client, f"/v1/roles?{query}")
    assert slugs(page) == expected
    assert page["pagination"]["total"] == len(expected)


def test_sorts_by_title_both_ways(client):
    ascending = slugs(get_ok(client, "/v1/roles?sort=title"))
    assert ascending[0] == "account-manager"
    assert slugs(get_ok(client, "/v1/roles?sort=-title")) == ascending[::-1]


def test_has_published_band_says_when_there_is_none(client):
    flags = {role["slug"]: role["has_published_band"] for role in get_ok(client, "/v1/roles")["data"]}
    assert [slug for slug, has in flags.items() if has] == WITH_BAND


def test_detail_embeds_bands_industries_and_skills(client):
    role = get_ok(client, "/v1/roles/customer-service-manager")
    assert role["title"] == "Customer service manager"
    [band] = role["salary_bands"]
    assert (band["salary_min"], band["salary_max"], band["midpoint"]) == (57000, 81250, 69125)
    assert [i["slug"] for i in role["industries"]] == ["healthcare", "hospitality", "tech", "retail"]
    assert len(role["skills"]) == 17
    assert {skill["scope"] for skill in role["skills"]} == {"field-wide"}


def test_detail_of_a_role_without_a_band_guesses_nothing(client):
    role = get_ok(client, "/v1/roles/account-manager")
    assert role["has_published_band"] is False
    assert role["salary_bands"] == []


def test_unknown_role_is_a_404_problem(client):
    body = assert_problem(client.get("/v1/roles/chief-happiness-officer"), 404)
    assert "chief-happiness-officer" in body["detail"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("level=intern", "level"),
        ("has_published_band=maybe", "has_published_band"),
        ("sort=salary", "sort"),
        ("industry=Not%20A%20Slug", "industry"),
        ("q=", "q"),
    ],
)
def test_malformed_filters_are_422_naming_the_field(client, query, field):
    assert_problem(client.get(f"/v1/roles?{query}"), 422, field)
