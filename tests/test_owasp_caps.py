"""The caps behind the spec's bounds (issue #15): each is enforced by the server, as the spec says."""

import json

import pytest
import yaml
from sqlalchemy import delete

from api.domain.roster import MAX_JSON_ROWS, MAX_REFERENCE
from api.errors import DETAIL_LENGTH, FIELD_LENGTH, MESSAGE_LENGTH
from api.extensions import db
from api.ingest.seed import DEFAULT_SEED_FILE
from api.models import Industry, Role, SalaryBand, Skill, Source, SourceNote
from api.schemas.numbers import MAX_AMOUNT
from api.schemas.pay import LADDER_STEPS, MAX_COMPARED, POSTING_TEXT_LENGTH
from api.store import dataset, queries
from tests.helpers import assert_problem, get_ok

MORE = queries.EMBEDDED + 1  # one past the cap


def _role(slug: str) -> Role:
    return Role(
        slug=slug, title=slug, level="front-line", summary="s", responsibilities=[], provenance="p", source_id=1
    )


@pytest.fixture
def crowded(app, restore):
    """An industry with MORE roles, a role in MORE industries and tied to MORE skills, a skill tied to
    MORE roles and the guide's source with MORE notes more: written straight to the tables, as no
    request lists this many, in one write (a new dataset version, so no cached answer is reused)."""
    with app.app_context():
        dataset.begin_write()
        roles = [_role(f"crowded-role-{n}") for n in range(MORE)]
        industries = [
            Industry(slug=f"crowded-industry-{n}", name="i", provenance="p", source_id=1) for n in range(MORE)
        ]
        skills = [
            Skill(slug=f"crowded-skill-{n}", name="s", category="soft", provenance="p", source_id=1)
            for n in range(MORE)
        ]
        industries[0].roles.extend(roles)
        roles[0].industries.extend(industries[1:])  # and industries[0]
        roles[0].skills.extend(skills)
        skills[1].roles.extend(roles[1:])  # and roles[0]
        notes = [
            SourceNote(source_id=1, slug=f"crowded-note-{n}", topic="market", label="l", provenance="p")
            for n in range(MORE)
        ]
        db.session.add_all([*roles, *industries, *skills, *notes])
        db.session.commit()


def _capped(detail: dict, name: str, count_name: str, total: int):
    assert len(detail[name]) == queries.EMBEDDED
    assert detail[count_name] == total
    return detail[f"{name}_url"]


def _all(client, url: str) -> list:
    assert url.startswith("/v1/")
    return [item["slug"] for item in get_ok(client, f"{url}&limit=100")["data"]]


def test_a_detail_embeds_the_first_of_each_list_with_its_count_and_a_link_to_all(client, crowded):
    industry = get_ok(client, "/v1/industries/crowded-industry-0")
    url = _capped(industry, "roles", "role_count", MORE)
    assert url == "/v1/roles?industry=crowded-industry-0"
    listed = _all(client, url)
    assert len(listed) == MORE and [role["slug"] for role in industry["roles"]] == listed[: queries.EMBEDDED]

    role = get_ok(client, "/v1/roles/crowded-role-0")
    assert _capped(role, "industries", "industry_count", MORE) == "/v1/industries?role=crowded-role-0"
    field_wide = len(get_ok(client, "/v1/skills?role=customer-service-specialist")["data"])
    url = _capped(role, "skills", "skill_count", MORE + field_wide)
    assert url == "/v1/skills?role=crowded-role-0"
    assert {skill["scope"] for skill in role["skills"]} == {"roles"}  # tied ones first
    assert len(_all(client, url)) == min(MORE + field_wide, 100)

    skill = get_ok(client, "/v1/skills/crowded-skill-1")
    assert _capped(skill, "roles", "role_count", MORE) == "/v1/roles?skill=crowded-skill-1"

    source = get_ok(client, "/v1/sources/1")
    seeded = len(yaml.safe_load(DEFAULT_SEED_FILE.read_text(encoding="utf-8"))["source"]["notes"])
    assert _capped(source, "notes", "note_count", seeded + MORE) == "/v1/sources/1/notes"


def test_the_guides_details_are_whole_and_say_so(client):
    role = get_ok(client, "/v1/roles/customer-service-specialist")
    assert role["industry_count"] == len(role["industries"]) and role["skill_count"] == len(role["skills"])
    skill = get_ok(client, f"/v1/skills/{role['skills'][0]['slug']}")
    assert skill["roles"] == [] and skill["role_count"] == 0  # field-wide: tied to none, applies to all
    assert skill["roles_url"] == f"/v1/roles?skill={role['skills'][0]['slug']}"


def test_a_problem_cuts_a_long_field_name(client, writer):
    name = "x" * 5000
    response = client.post("/v1/industries", json={"slug": "a", "name": "a", name: 1}, headers=writer)
    body = assert_problem(response, 422)
    assert "x" * (FIELD_LENGTH - 1) + "…" in [error["field"] for error in body["errors"]]
    assert len(body["detail"]) <= DETAIL_LENGTH and "x" * (FIELD_LENGTH - 1) + "…'" in body["detail"]

    query = client.get(f"/v1/roles?{'y' * 1000}=1")
    assert assert_problem(query, 400)["errors"][0]["field"] == "y" * (FIELD_LENGTH - 1) + "…"


@pytest.fixture
def many_bands(app, restore):
    """A role with more bands for one year, geography and currency than compare holds (one per source),
    so the 422 naming them all is long."""
    with app.app_context():
        dataset.begin_write()
        role = _role("many-sourced")
        sources = [Source(slug=f"many-{n}", title="t", publisher="p", provenance="p") for n in range(MAX_COMPARED + 1)]
        bands = [
            SalaryBand(
                role=role,
                source=source,
                year=2026,
                geography="US",
                geography_scope="national",
                currency="USD",
                period="annual",
                salary_min=100 + n,
                salary_max=200 + n,
                provenance="p",
            )
            for n, source in enumerate(sources)
        ]
        db.session.add_all([role, *sources, *bands])
        db.session.commit()
        return sources[0].id


def test_a_long_detail_and_a_roster_rows_error_are_cut_and_compare_refuses_past_its_cap(app, client, many_bands):
    position = client.get("/v1/salary-bands/position?role=many-sourced&year=2026&salary=150")
    detail = assert_problem(position, 422)["detail"]
    assert len(detail) == DETAIL_LENGTH and detail.endswith("…") and detail.startswith(f"{MAX_COMPARED + 1} bands")

    compare = client.get("/v1/salary-bands/compare?roles=many-sourced&years=2026")
    refused = assert_problem(compare, 422, "roles")
    assert str(MAX_COMPARED) in refused["detail"] and refused["errors"][0]["location"] == "query"
    narrowed = get_ok(client, f"/v1/salary-bands/compare?roles=many-sourced&years=2026&source={many_bands}")
    assert len(narrowed["data"]) == 1

    rows = [
        {"reference": "r" * 500, "role": "many-sourced", "salary": 150},
        {"reference": "E-1", "role": "many-sourced", "salary": 150, "year": 2026},
    ]
    placed = get_rows(client, rows)
    assert placed[0]["reference"] == "r" * (MAX_REFERENCE - 1) + "…" and placed[0]["error_field"] == "reference"
    assert len(placed[1]["error"]) == MESSAGE_LENGTH and placed[1]["error"].endswith("…")
    with app.app_context():  # one band fewer: exactly as many as compare holds
        dataset.begin_write()
        db.session.execute(delete(SalaryBand).where(SalaryBand.source_id == many_bands))
        db.session.commit()
    assert len(get_ok(client, "/v1/salary-bands/compare?roles=many-sourced&years=2026")["data"]) == MAX_COMPARED


def get_rows(client, rows: list) -> list:
    response = client.post("/v1/roster?year=2026", data=json.dumps(rows), content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["rows"]


def test_the_roster_answers_json_up_to_its_cap_and_points_past_it_at_csv(client):
    ndjson = "\n".join(json.dumps({"reference": f"E-{n}"}) for n in range(MAX_JSON_ROWS + 1))
    too_many = client.post("/v1/roster", data=ndjson, content_type="application/x-ndjson")
    body = assert_problem(too_many, 413, "rows")
    assert f"{MAX_JSON_ROWS:,}" in body["detail"] and "text/csv" in body["detail"]

    as_csv = client.post("/v1/roster", data=ndjson, content_type="application/x-ndjson", headers={"Accept": "text/csv"})
    assert as_csv.status_code == 200 and as_csv.get_data(as_text=True).count("\r\n") == MAX_JSON_ROWS + 2

    at_cap = "\n".join(ndjson.split("\n")[:MAX_JSON_ROWS])
    answer = client.post("/v1/roster", data=at_cap, content_type="application/x-ndjson")
    assert answer.status_code == 200 and len(answer.get_json()["rows"]) == MAX_JSON_ROWS


def test_the_seed_refuses_a_ladder_past_its_cap(app, runner, restore, tmp_path):
    data = yaml.safe_load(DEFAULT_SEED_FILE.read_text(encoding="utf-8"))
    steps = data["career_ladder"]["steps"]
    data["career_ladder"]["steps"] = (steps * LADDER_STEPS)[: LADDER_STEPS + 1]
    path = tmp_path / "long-ladder.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(args=["seed", "--file", str(path)])
    assert result.exit_code != 0 and f"at most {LADDER_STEPS} steps" in result.output


def test_a_posting_of_the_widest_amounts_fits_its_documented_length(app, client, restore):
    with app.app_context():
        dataset.begin_write()
        band = SalaryBand(
            role_id=1,
            source_id=1,
            year=1999,
            geography="US",
            geography_scope="national",
            currency="USD",
            period="hourly",
            salary_min=MAX_AMOUNT - 1,
            salary_max=MAX_AMOUNT,
            provenance="p",
        )
        db.session.add(band)
        db.session.commit()
        band_id = band.id
    posting = get_ok(client, f"/v1/salary-bands/{band_id}/posting?period=annual&hours_per_year=4160")
    assert posting["text"].endswith(" per year") and len(posting["text"]) <= POSTING_TEXT_LENGTH
