"""API keys: the secret behind a real, public prefix is what is checked, not only the prefix."""

import re
import secrets

import pytest

from api.extensions import db
from api.models import ApiKey
from api.models.api_key import _digest
from tests.helpers import assert_problem

NEW_INDUSTRY = {"slug": "field-service", "name": "Field service", "provenance": "p", "source_id": 1}


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def store_key(app, name: str, secret: str, prefix: str, scope: str = "write") -> None:
    """A key with a secret of the test's choosing (issue() draws a random one)."""
    with app.app_context():
        db.session.add(ApiKey(name=name, prefix=prefix, key_hash=_digest(secret), scope=scope))
        db.session.commit()


def assert_refused(client, headers) -> None:
    response = client.post("/v1/industries", json=NEW_INDUSTRY, headers=headers)
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="salary-bands"'
    assert client.get(f"/v1/industries/{NEW_INDUSTRY['slug']}").status_code == 404  # nothing written


def test_a_real_prefix_with_a_wrong_secret_is_401(app, client, runner, restore):
    secret = runner.invoke(args=["keys", "create", "--name", "hr-tool"]).stdout.strip()
    listed = runner.invoke(args=["keys", "list"]).stdout.split("\t")
    prefix = listed[2]  # public: `keys list` prints it
    marker, public, random_part = secret.split("_", 2)
    assert (marker, public) == ("sbk", prefix)
    assert re.fullmatch(r"[0-9a-f]{12}", prefix)  # fits the stored prefix column on every database
    assert len(random_part) >= 43  # 256 bits of secret
    assert_refused(client, bearer(f"sbk_{prefix}_{secrets.token_urlsafe(32)}"))
    assert_refused(client, bearer(secret[:-1]))  # one character short
    assert_refused(client, bearer(secret + "A"))  # one character more
    assert_refused(client, bearer("xbk" + secret[3:]))  # the right secret under another scheme's marker
    for malformed in ("sbk", "sbk_", f"sbk_{prefix}"):
        assert_refused(client, bearer(malformed))
    assert client.post("/v1/industries", json=NEW_INDUSTRY, headers=bearer(secret)).status_code == 201


def test_a_secret_with_underscores_in_its_random_part_is_accepted(app, client, restore):
    prefix = secrets.token_hex(6)
    secret = f"sbk_{prefix}_under_scored_part"
    store_key(app, "scripted", secret, prefix)
    assert client.post("/v1/industries", json=NEW_INDUSTRY, headers=bearer(secret)).status_code == 201
    assert_problem(client.get("/v1/changes", headers=bearer(f"sbk_{prefix}_under_scored_parT")), 401)


@pytest.mark.parametrize("scope, cascade_status", [("write", 403), ("admin", 204)])
def test_admin_can_do_all_write_can_and_cascade_deletes(app, client, restore, scope, cascade_status):
    prefix = secrets.token_hex(6)
    secret = f"sbk_{prefix}_{secrets.token_urlsafe(32)}"
    store_key(app, f"{scope}-key", secret, prefix, scope)
    assert client.post("/v1/industries", json=NEW_INDUSTRY, headers=bearer(secret)).status_code == 201
    url = "/v1/roles/customer-service-manager"
    etag = client.get(url).headers["ETag"]
    response = client.delete(f"{url}?cascade=true", headers={**bearer(secret), "If-Match": etag})
    assert response.status_code == cascade_status, response.get_data(as_text=True)
