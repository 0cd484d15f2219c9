"""Industries, skills and sources: the guide's other facts, reachable with their provenance."""

import pytest

from tests.helpers import assert_problem, get_ok, slugs

SOFT = ["empathy-and-emotional-intelligence", "communication", "problem-solving-and-curiosity", "collaboration"]
TECHNICAL = [
    "data-literacy",
    "ai-prompting-and-evaluation",
    "cybersecurity-awareness-and-privacy",
    "basic-nlp-familiarity",
]
RAISED_STARTING_PAY = [
    "customer-experience",
    "team-management",
    "ai-driven-data-management",
    "data-analysis",
    "database-management",
    "ai-powered-customer-support-tools",
]
COMPETITIVE_PAY = [
    "empathy-and-emotional-intelligence",
    "customer-loyalty-experience",
    "bilingual-skills",
    "business-acumen",
]


def test_four_industries_each_with_all_six_roles(client):
    page = get_ok(client, "/v1/industries")
    assert slugs(page) == ["healthcare", "hospitality", "tech", "retail"]
    for industry in page["data"]:
        assert "healthcare, hospitality, tech and retail" in industry["provenance"]
        detail = get_ok(client, f"/v1/industries/{industry['slug']}")
        assert len(detail["roles"]) == 6


def test_industry_filters(client):
    assert slugs(get_ok(client, "/v1/industries?role=account-manager")) == [
        "healthcare",
        "hospitality",
        "tech",
        "retail",
    ]
    assert slugs(get_ok(client, "/v1/industries?q=HOSP")) == ["hospitality"]
    assert slugs(get_ok(client, "/v1/industries?sort=-name")) == ["tech", "retail", "hospitality", "healthcare"]
    assert_problem(client.get("/v1/industries/aerospace"), 404)


@pytest.mark.parametrize(("category", "expected"), [("soft", SOFT), ("technical", TECHNICAL)])
def test_the_eight_skills_by_category(client, category, expected):
    page = get_ok(client, f"/v1/skills?category={category}")
    assert slugs(page) == expected
    assert all(skill["description"] and skill["scope"] == "field-wide" for skill in page["data"])


def test_pay_drivers_are_flagged_with_their_sentence(client):
    page = get_ok(client, "/v1/skills?pay_driver=true&limit=100")
    kinds = {skill["slug"]: skill["pay_driver"] for skill in page["data"]}
    assert kinds == {
        **{slug: "raised-starting-salary" for slug in RAISED_STARTING_PAY},
        **{slug: "competitive-pay" for slug in COMPETITIVE_PAY},
    }
    for skill in page["data"]:
        assert skill["pay_driver_provenance"].startswith(("Employers are also raising", "Salaries vary"))
    others = get_ok(client, "/v1/skills?pay_driver=false")
    assert all(skill["pay_driver"] is None and skill["pay_driver_provenance"] is None for skill in others["data"])
    assert others["pagination"]["total"] == 7


def test_skill_detail_says_it_applies_field_wide(client):
    skill = get_ok(client, "/v1/skills/bilingual-skills")
    assert skill["category"] == "qualification"
    assert skill["description"] is None  # the guide names it without describing it
    assert (skill["scope"], skill["roles"]) == ("field-wide", [])
    assert_problem(client.get("/v1/skills/juggling"), 404)


def test_skills_for_a_role_include_field_wide_ones(client):
    assert get_ok(client, "/v1/skills?role=account-manager")["pagination"]["total"] == 17
    assert get_ok(client, "/v1/skills?role=no-such-role")["pagination"]["total"] == 0
    assert slugs(get_ok(client, "/v1/skills?q=nlp")) == ["basic-nlp-familiarity"]


def test_the_source_and_its_notes(client):
    [source] = get_ok(client, "/v1/sources")["data"]
    assert source["title"] == "2026 Salary Guide From Robert Half"
    assert (source["publisher"], source["edition_year"], source["geography"]) == ("Robert Half", 2026, "US")
    assert source["salary_basis"] == "starting salaries"
    detail = get_ok(client, f"/v1/sources/{source['id']}")
    topics = {note["topic"] for note in detail["notes"]}
    assert {"market", "demand", "channel", "metric"} <= topics
    market = [note for note in detail["notes"] if note["slug"] == "front-line-starting-salaries"]
    assert "mid-$30Ks to low-$40Ks" in market[0]["provenance"]


def test_notes_filter_by_topic(client):
    source_id = get_ok(client, "/v1/sources")["data"][0]["id"]
    channels = get_ok(client, f"/v1/sources/{source_id}/notes?topic=channel")
    assert [note["label"] for note in channels["data"]] == ["Phone", "Chat", "Email", "Social"]
    metrics = get_ok(client, f"/v1/sources/{source_id}/notes?topic=metric")
    assert [note["label"] for note in metrics["data"]] == ["First-contact resolution", "Customer effort"]
    assert_problem(client.get("/v1/sources/999/notes"), 404)
    assert_problem(client.get(f"/v1/sources/{source_id}/notes?topic=gossip"), 422, "topic")
