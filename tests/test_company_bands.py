"""HR teams keep their own bands here (issue #19, sections 2 and 3): sources of their own beside the
guide's, whose figures stay as published; bands by country, subdivision or metro area; effective dates."""

import csv
import io

import pytest

from tests.helpers import assert_problem, get_ok

GUIDE_BAND = "/v1/salary-bands/1"
ACME = {
    "slug": "acme-2026-structure",
    "title": "Acme salary structure 2026",
    "publisher": "Acme Corp. HR",
    "provenance": "Approved by Acme's compensation committee on 2026-11-20.",
    "url": "https://hr.example.com/pay/2026",
    "published_on": "2026-11-20",
    "licence": "Internal use only",
}
SPECIALIST = {
    "role": "customer-service-specialist",
    "year": 2026,
    "geography": "US",
    "currency": "USD",
    "period": "annual",
    "salary_min": 38500,
    "salary_max": 49500,
    "provenance": "Acme 2026 structure: maximum raised to 49,500 for retention.",
}


def etag(client, url):
    return client.get(url).headers["ETag"]


def version(client):
    return int(client.get("/v1/roles").headers["X-Dataset-Version"])


def patch(client, key, url, body):
    return client.patch(url, json=body, headers={**key, "If-Match": etag(client, url)})


def make_source(client, key, **changes):
    response = client.post("/v1/sources", json={**ACME, **changes}, headers=key)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["id"]


def make_band(client, key, **fields):
    response = client.post("/v1/salary-bands", json={**SPECIALIST, **fields}, headers=key)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def ids(client, query):
    return [band["id"] for band in get_ok(client, f"/v1/salary-bands?{query}")["data"]]


# 2. Edited figures keep the guide's words


def test_the_guides_band_keeps_its_figures_and_words(client, writer):
    before, seen = get_ok(client, GUIDE_BAND), version(client)
    body = assert_problem(patch(client, writer, GUIDE_BAND, {"salary_max": 49500}), 422, "salary_max")
    assert "publication" in body["errors"][0]["message"] and "POST /v1/sources" in body["errors"][0]["message"]
    # New words alone do not make the figures the team's either, nor does a source of the team's own.
    own = make_source(client, writer)
    body = assert_problem(
        patch(
            client, writer, GUIDE_BAND, {"salary_max": 49500, "source_id": own, "provenance": SPECIALIST["provenance"]}
        ),
        422,
    )
    assert {e["field"] for e in body["errors"]} == {"salary_max", "source_id", "provenance"}
    put = {**SPECIALIST, "source_id": 1}
    assert_problem(
        client.put(GUIDE_BAND, json=put, headers={**writer, "If-Match": etag(client, GUIDE_BAND)}), 422, "salary_max"
    )
    after = get_ok(client, GUIDE_BAND)
    assert after == before
    assert (after["salary_max"], after["provenance"]) == (48500, "Customer service specialist: $38,500 – $48,500")
    assert after["source"]["title"] == "2026 Salary Guide From Robert Half"
    assert version(client) == seen + 1  # the source was made; nothing else was written
    assert get_ok(client, "/v1/changes?resource=salary%20band", headers=writer)["data"] == []


def test_no_new_band_is_attributed_to_the_guide(client, writer):
    body = assert_problem(
        client.post("/v1/salary-bands", json={**SPECIALIST, "year": 2027, "source_id": 1}, headers=writer),
        422,
        "source_id",
    )
    assert "Source 1 ('2026 Salary Guide From Robert Half') is a publication" in body["errors"][0]["message"]
    assert ids(client, "year=2027") == []


def test_a_team_keeps_its_band_beside_the_guides(client, writer):
    source = client.post("/v1/sources", json=ACME, headers=writer)
    assert source.status_code == 201 and source.headers["ETag"]
    assert source.headers["Location"].endswith(f"/v1/sources/{source.get_json()['id']}")
    own = source.get_json()
    assert (own["editable"], own["url"], own["published_on"], own["licence"]) == (
        True,
        ACME["url"],
        "2026-11-20",
        "Internal use only",
    )
    assert get_ok(client, "/v1/sources/1")["editable"] is False
    band = make_band(client, writer, source_id=own["id"])
    assert band["source"] == {"id": own["id"], "title": "Acme salary structure 2026"}
    # Same role, year, geography and currency, a different source: a different band, beside the guide's.
    assert ids(client, "role=customer-service-specialist") == [1, band["id"]]
    assert ids(client, "role=customer-service-specialist&source=1") == [1]
    assert ids(client, f"role=customer-service-specialist&source={own['id']}") == [band["id"]]
    assert ids(client, "source=999") == []
    assert [s["id"] for s in get_ok(client, "/v1/sources?editable=true")["data"]] == [own["id"]]
    url = f"/v1/salary-bands/{band['id']}"
    changed = patch(client, writer, url, {"salary_max": 50000, "provenance": "Acme 2026 structure, revised."})
    assert changed.status_code == 200 and changed.get_json()["salary_max"] == 50000
    assert get_ok(client, GUIDE_BAND)["salary_max"] == 48500
    # Two bands now match by role: the pay math asks which, and `source` says.
    assert_problem(client.get("/v1/salary-bands/position?role=customer-service-specialist&year=2026&salary=45000"), 422)
    mine = get_ok(
        client, f"/v1/salary-bands/position?role=customer-service-specialist&year=2026&salary=45000&source={own['id']}"
    )
    assert mine["band"]["id"] == band["id"]
    compared = get_ok(client, "/v1/salary-bands/compare?roles=customer-service-specialist&source=1")
    assert [item["band"]["id"] for item in compared["data"]] == [1]
    ladder = get_ok(client, f"/v1/career-ladder?source={own['id']}")
    assert [step["band"] and step["band"]["id"] for step in ladder["data"]] == [band["id"], None, None]


def test_the_change_log_keeps_the_guides_figures_apart(client, writer):
    own = make_source(client, writer)
    band = make_band(client, writer, source_id=own)
    url = f"/v1/salary-bands/{band['id']}"
    patch(client, writer, url, {"salary_max": 51000})
    log = get_ok(client, "/v1/changes?resource=salary%20band", headers=writer)["data"]
    assert [(c["action"], c["after"]["source"]["id"], c["after"]["salary_max"]) for c in log] == [
        ("create", own, 49500),
        ("update", own, 51000),
    ]
    assert all(c["resource_key"] != "1" for c in log)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "https://hr.example.com/\n"}, "url"),
        ({"url": "https://" + "a" * 2000 + ".com"}, "url"),
        ({"published_on": "2026-02-30"}, "published_on"),
        ({"published_on": "20261120"}, "published_on"),
        ({"published_on": "2026-11-20\n"}, "published_on"),
        ({"title": "Acme\x1b[31m"}, "title"),
        ({"title": ""}, "title"),
        ({"publisher": "x" * 121}, "publisher"),
        ({"licence": "x" * 201}, "licence"),
        ({"slug": "Acme 2026"}, "slug"),
        ({"geography": "US-ZZ"}, "geography"),
        ({"editable": False}, "editable"),
        ({"provenance": None}, "provenance"),
    ],
)
def test_invalid_sources_are_422_naming_the_field(client, writer, change, field):
    assert_problem(client.post("/v1/sources", json={**ACME, **change}, headers=writer), 422, field)
    assert get_ok(client, "/v1/sources")["pagination"]["total"] == 1


def test_sources_change_and_go_with_if_match(client, writer):
    assert_problem(client.post("/v1/sources", json=ACME), 401)
    own = make_source(client, writer)
    assert_problem(client.post("/v1/sources", json=ACME, headers=writer), 409)
    url = f"/v1/sources/{own}"
    assert_problem(client.patch(url, json={"licence": "CC BY 4.0"}, headers=writer), 428)
    assert_problem(client.patch(url, json={"licence": "CC BY 4.0"}, headers={**writer, "If-Match": '"stale"'}), 412)
    assert patch(client, writer, url, {"licence": "CC BY 4.0"}).get_json()["licence"] == "CC BY 4.0"
    assert_problem(patch(client, writer, "/v1/sources/1", {"title": "Our guide"}), 422, "title")
    assert_problem(client.delete("/v1/sources/1", headers={**writer, "If-Match": etag(client, "/v1/sources/1")}), 409)
    band = make_band(client, writer, source_id=own)
    assert_problem(client.delete(url, headers={**writer, "If-Match": etag(client, url)}), 409)
    band_url = f"/v1/salary-bands/{band['id']}"
    assert client.delete(band_url, headers={**writer, "If-Match": etag(client, band_url)}).status_code == 204
    role = {
        "slug": "acme-escalations",
        "title": "Escalations lead",
        "level": "senior",
        "summary": "Owns escalations.",
        "responsibilities": ["Own escalations"],
        "provenance": "Acme job architecture.",
        "source_id": own,
    }
    assert client.post("/v1/roles", json=role, headers=writer).status_code == 201
    assert (
        "still has a role"
        in assert_problem(client.delete(url, headers={**writer, "If-Match": etag(client, url)}), 409)["detail"]
    )
    role_url = "/v1/roles/acme-escalations"
    assert client.delete(role_url, headers={**writer, "If-Match": etag(client, role_url)}).status_code == 204
    assert client.delete(url, headers={**writer, "If-Match": etag(client, url)}).status_code == 204
    assert client.get(url).status_code == 404


# 3. Bands where people work, and when


@pytest.mark.parametrize(
    ("sent", "stored", "scope"),
    [
        ("US", "US", "national"),
        ("us-ca", "US-CA", "subdivision"),
        ("GB-ENG", "GB-ENG", "subdivision"),
        ("US-MSA-31080", "US-MSA-31080", "metro"),
    ],
)
def test_bands_by_country_subdivision_and_metro(client, writer, sent, stored, scope):
    own = make_source(client, writer)
    band = make_band(client, writer, source_id=own, geography=sent)
    assert (band["geography"], band["geography_scope"]) == (stored, scope)
    assert ids(client, f"geography={sent}&source={own}") == [band["id"]]
    assert ids(client, f"geography_scope={scope}&source={own}") == [band["id"]]
    assert get_ok(client, f"/v1/salary-bands/{band['id']}/position?salary=45000")["placement"] == "within"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"geography": "US-ZZ"}, "geography"),
        ({"geography": "USA"}, "geography"),
        ({"geography": "US-CA\n"}, "geography"),
        ({"geography": "US-MSA-3108"}, "geography"),
        ({"geography": "US-MSA-310800"}, "geography"),
        ({"geography": "XX"}, "geography"),
        ({"geography": "US–CA"}, "geography"),
        ({"geography": "US-CA", "geography_scope": "national"}, "geography_scope"),
        ({"geography_scope": "metro"}, "geography_scope"),
        ({"geography_scope": "state-wide"}, "geography_scope"),
        ({"effective_from": "2026-13-01"}, "effective_from"),
        ({"effective_from": "2026-1-1"}, "effective_from"),
        ({"effective_to": "2026-W01-1"}, "effective_to"),
        ({"effective_to": "2026-12-31\n"}, "effective_to"),
        ({"effective_from": "1899-12-31"}, "effective_from"),
        ({"effective_from": "2027-01-01", "effective_to": "2026-12-31"}, "effective_from"),
    ],
)
def test_invalid_geographies_and_dates_are_422(client, writer, change, field):
    own = make_source(client, writer)
    before = version(client)
    assert_problem(
        client.post("/v1/salary-bands", json={**SPECIALIST, "source_id": own, **change}, headers=writer), 422, field
    )
    assert version(client) == before


def test_a_2026_structure_and_a_2027_plan_side_by_side(client, writer):
    own = make_source(client, writer)
    current = make_band(client, writer, source_id=own, effective_from="2026-01-01", effective_to="2026-12-31")
    plan = make_band(
        client,
        writer,
        source_id=own,
        year=2027,
        salary_min=40000,
        salary_max=51000,
        provenance="Acme 2027 plan, draft.",
        effective_from="2027-01-01",
    )
    assert (current["effective_from"], current["effective_to"]) == ("2026-01-01", "2026-12-31")
    assert (plan["effective_from"], plan["effective_to"]) == ("2027-01-01", None)
    mine = f"source={own}&role=customer-service-specialist"
    assert ids(client, f"{mine}&as_of=2026-06-30") == [current["id"]]
    assert ids(client, f"{mine}&as_of=2026-12-31") == [current["id"]]
    assert ids(client, f"{mine}&as_of=2027-01-01") == [plan["id"]]
    assert ids(client, f"{mine}&as_of=2025-12-31") == []
    assert ids(client, "source=1&as_of=1950-01-01") == [1, 2, 3]  # the guide's undated bands: always
    assert get_ok(client, GUIDE_BAND)["effective_from"] is None
    # The ladder's latest year is the latest of the bands asked for: the team's 2027 plan is not the guide's.
    assert get_ok(client, "/v1/career-ladder?source=1")["year"] == 2026
    assert get_ok(client, f"/v1/career-ladder?source={own}")["year"] == 2027
    for bad in ("2026-02-29", "26-06-30", "2026-06-30T00:00:00", "2026-06-30%0A", ""):
        assert_problem(client.get(f"/v1/salary-bands?as_of={bad}"), 422, "as_of")
    # A filter checks the form only: a well-formed code no band has matches nothing.
    assert ids(client, "geography=XX") == ids(client, "geography=US-MSA-99999") == []
    for bad in ("US-CA%0A", "USA", "US-MSA-1", "U%C3%9C"):
        assert_problem(client.get(f"/v1/salary-bands?geography={bad}"), 422, "geography")


def test_overlapping_bands_of_one_source_are_409(client, writer):
    own = make_source(client, writer)
    first = make_band(client, writer, source_id=own, effective_from="2026-01-01", effective_to="2026-06-30")
    second = make_band(client, writer, source_id=own, effective_from="2026-07-01", salary_max=50500)
    for dates in (
        {"effective_from": "2026-06-30"},
        {"effective_from": "2025-01-01", "effective_to": "2026-01-01"},
        {},
        {"effective_to": "2026-03-01"},
    ):
        body = assert_problem(
            client.post("/v1/salary-bands", json={**SPECIALIST, "source_id": own, **dates}, headers=writer), 409
        )
        assert "customer-service-specialist 2026 US USD" in body["detail"]
    undated_before = make_band(client, writer, source_id=own, effective_to="2025-12-31")
    url = f"/v1/salary-bands/{second['id']}"
    assert_problem(patch(client, writer, url, {"effective_from": "2026-06-01"}), 409)
    assert patch(client, writer, url, {"effective_to": "2026-12-31"}).status_code == 200
    assert_problem(patch(client, writer, url, {"effective_to": "2026-06-30"}), 422, "effective_from")
    assert ids(client, f"source={own}") == [first["id"], second["id"], undated_before["id"]]


def test_import_carries_geographies_and_dates(client, writer):
    own = make_source(client, writer)
    header = [
        "role_slug",
        "year",
        "geography",
        "currency",
        "period",
        "salary_min",
        "salary_max",
        "provenance",
        "source_id",
        "effective_from",
        "effective_to",
    ]
    rows = [
        [
            "customer-service-specialist",
            "2026",
            "us-ca",
            "USD",
            "annual",
            "42000",
            "54000",
            "Acme CA 2026",
            str(own),
            "2026-01-01",
            "2026-12-31",
        ],
        [
            "customer-service-specialist",
            "2026",
            "US-MSA-31080",
            "USD",
            "annual",
            "43000",
            "55000",
            "Acme LA 2026",
            str(own),
            "",
            "",
        ],
    ]
    response = client.post(
        "/v1/salary-bands/import", data=_csv(header, rows), headers={**writer, "Content-Type": "text/csv"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["created"] == 2
    california = get_ok(client, f"/v1/salary-bands?source={own}&geography=US-CA")["data"][0]
    assert (california["geography_scope"], california["effective_to"]) == ("subdivision", "2026-12-31")
    # The export imports back unchanged, the guide's rows included.
    export = client.get("/v1/salary-bands", headers={"Accept": "text/csv"}).get_data(as_text=True)
    again = client.post("/v1/salary-bands/import", data=export, headers={**writer, "Content-Type": "text/csv"})
    assert again.get_json()["unchanged"] == 5, again.get_data(as_text=True)
    # An overlapping row, and figures attributed to the guide, are row errors; nothing is written.
    bad = [
        rows[0][:9] + ["2026-06-01", ""],
        ["account-manager", "2026", "US", "USD", "annual", "60000", "90000", "HR band", "1", "", ""],
    ]
    refused = client.post(
        "/v1/salary-bands/import", data=_csv(header, bad), headers={**writer, "Content-Type": "text/csv"}
    )
    errors = assert_problem(refused, 422)["errors"]
    assert {(e["row"], e["field"]) for e in errors} == {(1, "effective_from"), (2, "source_id")}
    assert len(get_ok(client, "/v1/salary-bands")["data"]) == 5


def _csv(header, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([header, *rows])
    return out.getvalue()
