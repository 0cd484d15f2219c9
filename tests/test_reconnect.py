"""A database restart while the app sits idle: the pooled connections die server-side, and the next
request reconnects instead of failing (the pool pings a connection before reusing it)."""

import secrets

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import empty_database, make_key, seeded_app


def terminate_backends(url: str, application_name: str) -> int:
    """End every server process of `application_name`, as a PostgreSQL restart does; how many there were."""
    engine = create_engine(make_url(url).difference_update_query(["application_name", "options"]))
    try:
        with engine.begin() as connection:
            return len(
                connection.execute(
                    text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :name"),
                    {"name": application_name},
                ).all()
            )
    finally:
        engine.dispose()


def test_connections_killed_while_idle_are_replaced_without_a_failed_request(tmp_path):
    name = f"reconnect-{secrets.token_hex(4)}"
    with empty_database("postgresql", tmp_path) as direct:
        url = make_url(direct).update_query_dict({"application_name": name}).render_as_string(hide_password=False)
        with seeded_app(url) as app:
            writer = make_key(app, "hr-tool", "write")
            client = app.test_client()
            assert client.get("/v1/roles").status_code == 200  # the pools now hold live connections

            assert terminate_backends(url, name) >= 1
            # Every request after the restart succeeds: a read that needs the session, and a write.
            assert client.get("/v1/roles/customer-service-manager").status_code == 200
            created = client.post(
                "/v1/industries",
                headers=writer,
                json={"slug": "field-service", "name": "Field service", "provenance": "p", "source_id": 1},
            )
            assert created.status_code == 201, created.get_json()

            assert terminate_backends(url, name) >= 1
            assert client.get("/v1/industries/field-service").status_code == 200
