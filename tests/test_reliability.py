"""Reliability: a PostgreSQL outage answers 503 fast and heals without a restart; headers on every response."""

import socket
import threading
import time

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from api.extensions import db
from tests.conftest import empty_database, make_key, seeded_app
from tests.helpers import assert_problem, own_band


class FlakyProxy:
    """A TCP proxy on loopback in front of PostgreSQL that can pass traffic, refuse it, or swallow it."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.mode = "up"
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.mode == "refuse":
                client.close()
            elif self.mode == "blackhole":
                self.open.append(client)  # accepted, never answered: only a timeout ends the wait
            else:
                upstream = socket.create_connection(self.target)
                self.open += [client, upstream]
                for source, sink in ((client, upstream), (upstream, client)):
                    threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.close()
                except OSError:
                    pass

    def set(self, mode: str):
        """Switch mode; every connection through the proxy is cut, as when a database restarts."""
        self.mode = mode
        for connection in self.open:
            try:
                connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            except OSError:
                pass
        self.open.clear()

    def close(self):
        self.set("refuse")
        self.listener.close()


@pytest.mark.timeout(60)  # without a connect timeout a black-holed database would hang here for ever
def test_a_database_outage_is_a_fast_503_and_heals_by_itself(tmp_path):
    with empty_database("postgresql", tmp_path) as direct_url:
        direct = make_url(direct_url)
        proxy = FlakyProxy(direct.host or "127.0.0.1", direct.port or 5432)
        url = direct.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        try:
            with seeded_app(url, DB_CONNECT_TIMEOUT=2) as app:
                writer = make_key(app, "hr-tool", "write")
                client = app.test_client()
                assert client.get("/v1/roles").status_code == 200
                assert client.get("/readyz").status_code == 200

                for mode in ("refuse", "blackhole"):
                    proxy.set(mode)
                    started = time.perf_counter()
                    response = client.get("/v1/roles")
                    elapsed = time.perf_counter() - started
                    assert_problem(response, 503)
                    assert response.headers["Retry-After"] == "5"
                    # One connect timeout, the test's own (DB_CONNECT_TIMEOUT=2): the default 5 s would fail here.
                    assert elapsed < 3.5, f"{mode}: took {elapsed:.1f} s"
                    assert_problem(
                        client.post(
                            "/v1/industries",
                            json={"slug": "x", "name": "X", "provenance": "p", "source_id": 1},
                            headers=writer,
                        ),
                        503,
                    )
                    assert client.get("/healthz").status_code == 200  # alive, just not ready
                    assert_problem(client.get("/readyz"), 503)

                proxy.set("up")
                assert client.get("/v1/roles").status_code == 200  # no restart: the pool reconnects
                assert client.get("/readyz").get_json()["status"] == "ready"
                assert client.get("/v1/industries/x").status_code == 404  # the refused write left nothing
        finally:
            proxy.close()


def test_readyz_reports_the_schema_revision(app, client):
    head = ScriptDirectory(app.extensions["migrate"].directory).get_current_head()
    ready = client.get("/readyz").get_json()
    assert ready["status"] == "ready" and ready["migration"] == head and head is not None


def test_every_response_carries_security_headers_and_a_request_id(client):
    for url in ("/v1/roles", "/v1/nothing", "/docs", "/explorer", "/healthz"):
        with client.get(url) as response:
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.headers["X-Frame-Options"] == "DENY"
            assert "default-src 'self'" in response.headers["Content-Security-Policy"]
            assert len(response.headers["X-Request-ID"]) == 32
    assert client.get("/healthz", headers={"X-Request-ID": "trace-42"}).headers["X-Request-ID"] == "trace-42"
    assert client.get("/healthz", headers={"X-Request-ID": "bad id!"}).headers["X-Request-ID"] != "bad id!"


def test_cors_lets_browsers_read_the_headers_clients_need(client):
    preflight = client.options(
        "/v1/roles/account-manager",
        headers={
            "Origin": "https://hr.example",
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "Authorization, If-Match",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] in ("*", "https://hr.example")
    assert "PATCH" in preflight.headers["Access-Control-Allow-Methods"]
    exposed = client.get("/v1/roles", headers={"Origin": "https://hr.example"}).headers["Access-Control-Expose-Headers"]
    assert {"ETag", "Link", "X-Dataset-Version", "X-Request-ID"} <= {h.strip() for h in exposed.split(",")}


def test_access_log_is_json_without_secrets(client, writer, caplog):
    caplog.set_level("INFO", logger="api.access")
    client.get("/v1/roles?q=secret-query", headers=writer)
    [record] = [r for r in caplog.records if r.name == "api.access"]
    assert record.fields["path"] == "/v1/roles" and record.fields["status"] == 200
    assert "secret-query" not in str(record.fields) and "Bearer" not in str(record.fields)


def test_concurrent_writers_lose_no_update_and_imports_never_half_apply(tmp_path):
    """Many HR tools at once, through a real threaded server on PostgreSQL."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx
    from werkzeug.serving import make_server

    with empty_database("postgresql", tmp_path) as url, seeded_app(url) as app:
        key = make_key(app, "hr-tool", "write")
        # The guide's bands are read-only: the HR tools write bands of the team's own.
        band = own_band(app.test_client(), key)
        own_band(app.test_client(), key, role="call-center-specialist", salary_min=34750, salary_max=47000)
        mine = f"/v1/salary-bands?source={app.test_client().get(band).get_json()['source']['id']}"
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            with httpx.Client(base_url=base, timeout=30) as http:
                start = http.get(band).json()["salary_max"]

            def bump(_):
                """Raise salary_max by one, re-reading after each 412 until it lands."""
                with httpx.Client(base_url=base, timeout=30) as http:
                    for _attempt in range(200):
                        current = http.get(band)
                        response = http.patch(
                            band,
                            json={"salary_max": current.json()["salary_max"] + 1},
                            headers={**key, "If-Match": current.headers["ETag"]},
                        )
                        if response.status_code == 200:
                            return 1
                        assert response.status_code == 412, response.text
                return 0

            with ThreadPoolExecutor(max_workers=8) as pool:
                landed = sum(pool.map(bump, range(40)))
            with httpx.Client(base_url=base, timeout=30) as http:
                assert landed == 40
                assert http.get(band).json()["salary_max"] == start + 40  # no update lost
                log = http.get("/v1/changes?resource=salary%20band&action=update&limit=100", headers=key).json()
                assert log["pagination"]["total"] == 40
                versions = [change["dataset_version"] for change in log["data"]]
                assert versions == sorted(versions) and len(set(versions)) == 40  # one ordered history

                # Two imports of the same bands with different figures, at once: each applies whole.
                export = http.get(mine, headers={"Accept": "text/csv"}).text
                lines = export.splitlines()

                def edited(amount):
                    rows = [lines[0]] + [
                        ",".join(cell if i != 9 else str(amount) for i, cell in enumerate(line.split(",", 12)[:12]))
                        + ","
                        + line.split(",", 12)[12]
                        for line in lines[1:]
                    ]
                    return "\r\n".join(rows) + "\r\n"

                def run_import(amount):
                    with httpx.Client(base_url=base, timeout=60) as client:
                        return client.post(
                            "/v1/salary-bands/import",
                            content=edited(amount),
                            headers={**key, "Content-Type": "text/csv"},
                        ).status_code

            with ThreadPoolExecutor(max_workers=4) as pool:
                statuses = list(pool.map(run_import, [90001, 90002, 90003, 90004]))
            assert statuses == [200, 200, 200, 200]
            with httpx.Client(base_url=base, timeout=30) as http:
                maxima = {row["salary_max"] for row in http.get(mine).json()["data"]}
            assert len(maxima) == 1 and maxima <= {90001, 90002, 90003, 90004}  # one import's figures, whole
        finally:
            server.shutdown()


def test_the_statement_timeout_reaches_every_postgresql_connection(tmp_path):
    """DB_STATEMENT_TIMEOUT_MS cuts off a runaway statement on the app's connections and the version
    reader's, and the options the database URL gives (a search_path here) are kept beside it."""
    with empty_database("postgresql", tmp_path) as url, seeded_app(url, DB_STATEMENT_TIMEOUT_MS=300) as app:
        schema = make_url(url).query["options"].removeprefix("-csearch_path=")
        with app.app_context():
            assert db.session.scalar(text("SHOW statement_timeout")) == "300ms"
            assert db.session.scalar(text("SHOW search_path")) == schema
            with pytest.raises(OperationalError, match="statement timeout"):
                db.session.execute(text("SELECT pg_sleep(2)"))
            db.session.rollback()
        with app.extensions["version_reader"].engine.connect() as connection:
            assert connection.scalar(text("SHOW statement_timeout")) == "300ms"
            assert connection.scalar(text("SHOW search_path")) == schema
