"""Writes: keys, validation, If-Match, conflicts, links, and nothing partial ever left behind."""

import pytest

from tests.helpers import assert_problem, get_ok, own_source

NEW_ROLE = {
    "slug": "escalations-specialist",
    "title": "Escalations specialist",
    "level": "senior",
    "summary": "Owns complex escalations end to end.",
    "responsibilities": ["Own complex escalations", "Report root causes"],
    "provenance": "Added by the HR team from its own job architecture, 2026-11.",
    "source_id": 1,
}
NEW_BAND = {
    "role": "account-manager",
    "source_id": 1,
    "year": 2027,
    "geography": "us",
    "geography_scope": "national",
    "currency": "usd",
    "period": "annual",
    "salary_min": 50000,
    "salary_max": 70000,
    "provenance": "HR team estimate for 2027, not from the guide.",
}


def etag(client, url):
    return client.get(url).headers["ETag"]


def version(client):
    return int(client.get("/v1/roles").headers["X-Dataset-Version"])


def changes(client, headers, **query):
    params = "&".join(f"{key}={value}" for key, value in query.items())
    return get_ok(client, f"/v1/changes?limit=100&{params}", headers=headers)["data"]


def test_create_a_role_then_read_it(client, writer):
    before = version(client)
    response = client.post("/v1/roles", json=NEW_ROLE, headers=writer)
    assert response.status_code == 201, response.get_json()
    assert response.headers["Location"].endswith("/v1/roles/escalations-specialist")
    assert response.headers["ETag"]
    role = get_ok(client, "/v1/roles/escalations-specialist")
    assert role["title"] == "Escalations specialist" and role["has_published_band"] is False
    assert role["occupation"] is None and role["source"]["id"] == 1
    assert version(client) == before + 1
    [change] = changes(client, writer, resource="role")
    assert (change["action"], change["actor"], change["resource_key"]) == (
        "create",
        "hr-tool",
        "escalations-specialist",
    )
    assert change["before"] is None and change["after"]["title"] == "Escalations specialist"
    assert change["dataset_version"] == before + 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"slug": "Not A Slug"}, "slug"),
        ({"title": ""}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"level": "intern"}, "level"),
        ({"source_id": "1"}, "source_id"),
        ({"source_id": 999}, "source_id"),
        ({"soc_code": "43-9999"}, "soc_code"),
        ({"soc_code": "4340"}, "soc_code"),
        ({"colour": "blue"}, "colour"),
        ({"responsibilities": "one"}, "responsibilities"),
    ],
)
def test_invalid_roles_are_422_naming_the_field_and_write_nothing(client, writer, change, field):
    before = version(client)
    assert_problem(client.post("/v1/roles", json={**NEW_ROLE, **change}, headers=writer), 422, field)
    assert version(client) == before
    assert client.get("/v1/roles/escalations-specialist").status_code == 404


def test_missing_fields_are_all_named(client, writer):
    body = assert_problem(client.post("/v1/roles", json={"slug": "x"}, headers=writer), 422)
    assert {e["field"] for e in body["errors"]} >= {
        "title",
        "level",
        "summary",
        "responsibilities",
        "provenance",
        "source_id",
    }


def test_a_duplicate_slug_is_409(client, writer):
    body = assert_problem(client.post("/v1/roles", json={**NEW_ROLE, "slug": "account-manager"}, headers=writer), 409)
    assert "account-manager" in body["detail"]


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer nope"}, 401),
        ({"Authorization": "Bearer sbk_abc_def"}, 401),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, 401),
    ],
)
def test_writes_need_a_valid_key(client, restore, headers, status):
    response = client.post("/v1/roles", json=NEW_ROLE, headers=headers)
    assert_problem(response, status)
    assert response.headers["WWW-Authenticate"].startswith('Bearer realm="salary-bands"')


def test_a_revoked_key_stops_working(client, writer, runner):
    assert client.post("/v1/roles", json=NEW_ROLE, headers=writer).status_code == 201
    assert runner.invoke(args=["keys", "revoke", "hr-tool"]).exit_code == 0
    assert_problem(client.post("/v1/roles", json={**NEW_ROLE, "slug": "other"}, headers=writer), 401)


def test_malformed_and_mistyped_bodies(client, writer):
    bad_json = client.post("/v1/roles", data="{not json", headers={**writer, "Content-Type": "application/json"})
    assert_problem(bad_json, 400)
    assert_problem(client.post("/v1/roles", data="slug=x", headers={**writer, "Content-Type": "text/plain"}), 415)
    assert_problem(client.post("/v1/roles", json=["a", "list"], headers=writer), 422)


def test_put_needs_a_current_if_match(client, writer):
    url = "/v1/roles/account-manager"
    body = {key: value for key, value in NEW_ROLE.items() if key != "slug"}
    assert_problem(client.put(url, json=body, headers=writer), 428)
    assert_problem(client.put(url, json=body, headers={**writer, "If-Match": '"stale"'}), 412)
    current = etag(client, url)
    response = client.put(url, json=body, headers={**writer, "If-Match": current})
    assert response.status_code == 200 and response.get_json()["title"] == "Escalations specialist"
    assert response.headers["ETag"] == etag(client, url) != current
    # The other HR tool still holds the old ETag: its write is refused, not silently lost.
    assert_problem(client.put(url, json=body, headers={**writer, "If-Match": current}), 412)


def test_patch_changes_only_what_it_sends(client, writer):
    url = "/v1/roles/account-manager"
    response = client.patch(
        url, json={"title": "Key account manager"}, headers={**writer, "If-Match": etag(client, url)}
    )
    assert response.status_code == 200
    role = response.get_json()
    assert role["title"] == "Key account manager" and role["level"] == "account"
    assert role["summary"].startswith("Build long-term client relationships")
    [change] = changes(client, writer, action="update")
    assert (change["before"]["title"], change["after"]["title"]) == ("Account manager", "Key account manager")


def test_a_role_can_get_a_soc_code(client, writer):
    url = "/v1/roles/call-center-specialist"
    response = client.patch(url, json={"soc_code": "43-4051"}, headers={**writer, "If-Match": etag(client, url)})
    assert response.get_json()["occupation"]["code"] == "43-4051"


def test_create_update_and_delete_a_band(client, writer):
    band = {**NEW_BAND, "source_id": own_source(client, writer)}  # the guide's own bands are read-only
    response = client.post("/v1/salary-bands", json=band, headers=writer)
    assert response.status_code == 201, response.get_json()
    band = response.get_json()
    assert (band["geography"], band["currency"], band["midpoint"]) == ("US", "USD", 60000)
    url = response.headers["Location"]
    assert get_ok(client, "/v1/roles/account-manager")["has_published_band"] is True
    patched = client.patch(url, json={"salary_max": 71000}, headers={**writer, "If-Match": etag(client, url)})
    assert patched.get_json()["midpoint"] == 60500
    assert_problem(
        client.patch(url, json={"salary_min": 80000}, headers={**writer, "If-Match": etag(client, url)}),
        422,
        "salary_min",
    )
    assert client.delete(url, headers={**writer, "If-Match": etag(client, url)}).status_code == 204
    assert client.get(url).status_code == 404
    assert [c["action"] for c in changes(client, writer, resource="salary%20band")] == ["create", "update", "delete"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"salary_min": -1}, "salary_min"),
        ({"salary_min": 0}, "salary_min"),
        ({"salary_min": 50000.5}, "salary_min"),
        ({"salary_min": "50000"}, "salary_min"),
        ({"salary_max": 10**10}, "salary_max"),
        ({"salary_min": 90000}, "salary_min"),
        ({"currency": "XYZ"}, "currency"),
        ({"currency": "dollars"}, "currency"),
        ({"year": 1899}, "year"),
        ({"year": 2026.5}, "year"),
        ({"period": "daily"}, "period"),
        ({"geography": "USA"}, "geography"),
        ({"role": "astronaut"}, "role"),
        ({"provenance": ""}, "provenance"),
    ],
)
def test_invalid_bands_are_422_naming_the_field(client, writer, change, field):
    assert_problem(client.post("/v1/salary-bands", json={**NEW_BAND, **change}, headers=writer), 422, field)


def test_a_second_band_for_the_same_natural_key_is_409(client, writer):
    band = {**NEW_BAND, "role": "customer-service-manager", "year": 2026, "source_id": own_source(client, writer)}
    assert client.post("/v1/salary-bands", json=band, headers=writer).status_code == 201
    body = assert_problem(
        client.post("/v1/salary-bands", json={**band, "salary_min": 1, "salary_max": 2}, headers=writer), 409
    )
    assert "customer-service-manager 2026 US USD" in body["detail"]


def test_deleting_a_role_with_bands_needs_cascade_and_admin(client, writer, admin):
    url = "/v1/roles/customer-service-manager"
    assert_problem(client.delete(url, headers={**writer, "If-Match": etag(client, url)}), 409)
    assert_problem(client.delete(f"{url}?cascade=true", headers={**writer, "If-Match": etag(client, url)}), 403)
    assert client.delete(f"{url}?cascade=true", headers={**admin, "If-Match": etag(client, url)}).status_code == 204
    assert client.get(url).status_code == 404
    assert get_ok(client, "/v1/salary-bands")["pagination"]["total"] == 2
    assert [step["role"]["slug"] for step in get_ok(client, "/v1/career-ladder")["data"]][
        -1
    ] != "customer-service-manager"
    deleted = changes(client, admin, action="delete")
    assert {c["resource"] for c in deleted} == {"role", "salary band"} and len(
        {c["dataset_version"] for c in deleted}
    ) == 1


def test_a_role_without_bands_deletes_with_its_links(client, writer):
    url = "/v1/roles/account-manager"
    assert client.delete(url, headers={**writer, "If-Match": etag(client, url)}).status_code == 204
    assert "account-manager" not in [r["slug"] for r in get_ok(client, "/v1/industries/tech")["roles"]]


def test_industries_and_skills_round_trip(client, writer):
    industry = {"slug": "finance", "name": "Finance", "provenance": "HR team addition.", "source_id": 1}
    assert client.post("/v1/industries", json=industry, headers=writer).status_code == 201
    skill = {
        "slug": "conflict-resolution",
        "name": "Conflict resolution",
        "category": "soft",
        "provenance": "HR team addition.",
        "source_id": 1,
    }
    assert client.post("/v1/skills", json=skill, headers=writer).status_code == 201
    assert get_ok(client, "/v1/skills/conflict-resolution")["scope"] == "field-wide"
    half_driver = {**skill, "slug": "upselling", "pay_driver": "competitive-pay"}
    assert_problem(client.post("/v1/skills", json=half_driver, headers=writer), 422, "pay_driver_provenance")
    url = "/v1/industries/finance"
    renamed = client.put(
        url,
        json={"name": "Financial services", "provenance": "HR.", "source_id": 1},
        headers={**writer, "If-Match": etag(client, url)},
    )
    assert renamed.get_json()["name"] == "Financial services"


def test_links_between_roles_industries_and_skills(client, writer):
    link = "/v1/roles/account-manager/skills/data-literacy"
    assert client.put(link, headers=writer).status_code == 204
    assert client.put(link, headers=writer).status_code == 204  # idempotent
    skill = get_ok(client, "/v1/skills/data-literacy")
    assert skill["scope"] == "roles" and [r["slug"] for r in skill["roles"]] == ["account-manager"]
    assert [r["slug"] for r in get_ok(client, "/v1/roles?skill=data-literacy")["data"]] == ["account-manager"]
    assert client.delete(link, headers=writer).status_code == 204
    assert_problem(client.delete(link, headers=writer), 404)
    assert get_ok(client, "/v1/skills/data-literacy")["scope"] == "field-wide"
    assert client.delete("/v1/roles/account-manager/industries/retail", headers=writer).status_code == 204
    assert "retail" not in [i["slug"] for i in get_ok(client, "/v1/roles/account-manager")["industries"]]
    assert_problem(client.put("/v1/roles/account-manager/industries/mining", headers=writer), 404)
    links = [c for c in changes(client, writer) if c["resource"] in ("role skill", "role industry")]
    assert [(c["action"], c["resource_key"]) for c in links] == [
        ("link", "account-manager/data-literacy"),
        ("unlink", "account-manager/data-literacy"),
        ("unlink", "account-manager/retail"),
    ]


def test_the_change_log_needs_a_key_and_filters(client, writer):
    assert_problem(client.get("/v1/changes"), 401)
    client.post("/v1/roles", json=NEW_ROLE, headers=writer)
    source_id = own_source(client, writer)
    seen = version(client)
    client.post("/v1/salary-bands", json={**NEW_BAND, "source_id": source_id}, headers=writer)
    later = changes(client, writer, after_version=seen)
    assert [c["resource"] for c in later] == ["salary band"]
    assert (
        changes(client, writer, since="2000-01-01T00:00:00Z", resource="role")[0]["resource_key"]
        == "escalations-specialist"
    )
    assert changes(client, writer, until="2000-01-01T00:00:00%2B02:00") == []
    assert changes(client, writer)[0]["created_at"].endswith("+00:00")


def test_keys_cli_shows_a_key_once_and_stores_only_its_hash(app, runner, restore):
    created = runner.invoke(args=["keys", "create", "--name", "payroll", "--scope", "admin"])
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip().splitlines()[0]
    assert secret.startswith("sbk_")
    listed = runner.invoke(args=["keys", "list"]).output
    assert "payroll\tadmin" in listed and secret not in listed
    with app.app_context():
        from api.models import ApiKey

        key = ApiKey.verify(secret)
        assert key.name == "payroll" and secret not in (key.key_hash, key.prefix)
    assert runner.invoke(args=["keys", "create", "--name", "payroll"]).exit_code != 0
    assert runner.invoke(args=["keys", "revoke", "nobody"]).exit_code != 0


def test_the_change_log_exports_before_and_after_as_json(client, writer):
    import csv
    import io
    import json

    client.post("/v1/roles", json=NEW_ROLE, headers=writer)
    text = client.get("/v1/changes?resource=role", headers={**writer, "Accept": "text/csv"}).get_data(as_text=True)
    [row] = list(csv.DictReader(io.StringIO(text, newline="")))
    assert json.loads(row["after"])["slug"] == "escalations-specialist" and row["before"] == ""


def error_of(body, field):
    [error] = [error for error in body["errors"] if error["field"] == field]
    return error


@pytest.mark.parametrize(
    "resource, body, field, message",
    [
        ("/v1/salary-bands", {"source_id": 999999}, "source_id", "No such source."),
        ("/v1/salary-bands", {"role": "nobody"}, "role", "No such role."),
        ("/v1/roles", {**NEW_ROLE, "soc_code": "99-9999"}, "soc_code", "No occupation with SOC code 99-9999."),
        (
            "/v1/skills",
            {
                "slug": "upselling",
                "name": "Upselling",
                "category": "soft",
                "provenance": "HR.",
                "source_id": 1,
                "pay_driver": "competitive-pay",
            },
            "pay_driver_provenance",
            "pay_driver and pay_driver_provenance are set together or not at all.",
        ),
    ],
)
def test_a_reference_or_rule_the_body_breaks_is_named_with_its_message(client, writer, resource, body, field, message):
    if resource == "/v1/salary-bands":
        body = {**NEW_BAND, "source_id": own_source(client, writer), **body}
    problem = assert_problem(client.post(resource, json=body, headers=writer), 422, field)
    assert error_of(problem, field) == {"location": "json", "field": field, "message": message}


def test_a_band_moved_to_another_role_is_under_that_role(client, writer):
    band = {**NEW_BAND, "source_id": own_source(client, writer)}
    url = f"/v1/salary-bands/{client.post('/v1/salary-bands', json=band, headers=writer).get_json()['id']}"
    moved = client.patch(
        url, json={"role": "customer-service-manager"}, headers={**writer, "If-Match": etag(client, url)}
    )
    assert moved.status_code == 200, moved.get_data(as_text=True)
    assert get_ok(client, url)["role"]["slug"] == "customer-service-manager"


def test_refusals_name_what_is_missing_or_in_the_way(client, writer):
    url = "/v1/roles/customer-service-manager"
    body = assert_problem(client.delete(url, headers={**writer, "If-Match": etag(client, url)}), 409)
    assert body["detail"] == (
        "Role 'customer-service-manager' has salary bands (/v1/salary-bands?role="
        "customer-service-manager); delete them first or pass cascade=true."
    )
    assert assert_problem(client.put("/v1/roles/nobody/skills/data-literacy", headers=writer), 404)["detail"] == (
        "No role 'nobody'."
    )
    assert (
        assert_problem(client.delete("/v1/roles/account-manager/skills/data-literacy", headers=writer), 404)["detail"]
        == "Role 'account-manager' is not linked to 'data-literacy'."
    )


def test_the_change_log_names_each_updated_and_deleted_row_with_its_before(client, writer):
    band = {**NEW_BAND, "source_id": own_source(client, writer)}
    created = client.post("/v1/salary-bands", json=band, headers=writer).get_json()
    url = f"/v1/salary-bands/{created['id']}"
    assert (
        client.patch(url, json={"salary_max": 71000}, headers={**writer, "If-Match": etag(client, url)}).status_code
        == 200
    )
    assert client.delete(url, headers={**writer, "If-Match": etag(client, url)}).status_code == 204
    log = [c for c in changes(client, writer, resource="salary%20band") if c["resource_key"] == str(created["id"])]
    update, delete = [c for c in log if c["action"] == "update"], [c for c in log if c["action"] == "delete"]
    assert len(update) == 1 and len(delete) == 1
    assert update[0]["before"]["salary_max"] == 70000 and update[0]["after"]["salary_max"] == 71000
    assert delete[0]["before"]["salary_max"] == 71000 and delete[0]["before"]["id"] == created["id"]


def test_a_source_renamed_to_a_taken_slug_is_409_naming_it(client, writer):
    def make(slug):
        body = {"slug": slug, "title": f"Title {slug}", "publisher": "HR team", "provenance": "The team's own."}
        response = client.post("/v1/sources", json=body, headers=writer)
        assert response.status_code == 201, response.get_data(as_text=True)
        return f"/v1/sources/{response.get_json()['id']}"

    make("team-structure-a")
    url = make("team-structure-b")
    body = assert_problem(
        client.patch(url, json={"slug": "team-structure-a"}, headers={**writer, "If-Match": etag(client, url)}), 409
    )
    assert body["detail"] == "A source with slug 'team-structure-a' exists already."
    kept = client.patch(
        url, json={"slug": "team-structure-b", "title": "Renamed"}, headers={**writer, "If-Match": etag(client, url)}
    )
    assert kept.status_code == 200, kept.get_data(as_text=True)  # its own slug is no clash
