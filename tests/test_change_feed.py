"""A change feed for readers: a `read` key follows /v1/changes without write rights."""

from tests.conftest import make_key
from tests.helpers import assert_problem, get_ok

NEW_ROLE = {
    "slug": "escalations-specialist",
    "title": "Escalations specialist",
    "level": "senior",
    "summary": "Owns escalations.",
    "responsibilities": [],
    "provenance": "Added by HR.",
    "source_id": 1,
}


def test_a_read_key_follows_changes_but_cannot_write(app, client, writer, runner):
    reader = make_key(app, "partner", "read")
    seen = int(client.get("/v1/roles").headers["X-Dataset-Version"])
    assert client.post("/v1/roles", json=NEW_ROLE, headers=writer).status_code == 201
    [change] = get_ok(client, f"/v1/changes?after_version={seen}", headers=reader)["data"]
    assert (change["resource_key"], change["action"], change["actor"]) == (
        "escalations-specialist",
        "create",
        "hr-tool",
    )
    assert client.get("/v1/changes", headers={**reader, "Accept": "text/csv"}).status_code == 200
    denied = assert_problem(client.post("/v1/roles", json={**NEW_ROLE, "slug": "other"}, headers=reader), 403)
    assert "scope" in denied["detail"]
    assert_problem(client.get("/v1/changes"), 401)


def test_write_and_admin_keys_still_read_changes(app, client, writer, admin):
    for headers in (writer, admin):
        assert get_ok(client, "/v1/changes", headers=headers)["pagination"]["total"] >= 1


def test_keys_of_scope_read_are_issued_by_the_cli(client, runner, restore):
    result = runner.invoke(args=["keys", "create", "--name", "partner", "--scope", "read"])
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    assert get_ok(client, "/v1/changes", headers={"Authorization": f"Bearer {secret}"})["data"]
    assert "partner\tread\t" in runner.invoke(args=["keys", "list"]).stdout
