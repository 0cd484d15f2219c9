"""Many instances, one truth: real server processes behind no balancer, on one PostgreSQL and one Redis.

A write through one instance is read through another at once; the rate-limit budget is one per
client across instances; concurrent If-Match writes through all of them lose nothing; the change
log is one ordered history; two instances migrating at once migrate once.
"""

import os
import secrets
import subprocess
import sys
import threading
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from benchmarks.common import free_port, server
from tests.conftest import empty_database, make_app, make_key, seed
from tests.helpers import own_band

ROOT = Path(__file__).resolve().parents[1]
BAND = "/v1/salary-bands/4"  # the team's own copy of band 1, made by the fixture (the guide's are read-only)
READ_BUDGET = 25


def upgrade_process(url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "api", "db", "upgrade"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_instances_migrating_at_once_migrate_once(tmp_path):
    with empty_database("postgresql", tmp_path) as url:
        processes = [upgrade_process(url) for _ in range(2)]
        outputs = [process.communicate(timeout=120)[0] for process in processes]
        assert [process.returncode for process in processes] == [0, 0], outputs
        assert sum(output.count("Running upgrade  -> 0001") for output in outputs) == 1, outputs
        app = make_app(url)
        try:
            with app.app_context():
                from api.resources.meta import readiness

                assert readiness()["status"] == "ready"
        finally:
            with app.app_context():
                from api.extensions import db

                db.engine.dispose()


@pytest.fixture(scope="module")
def fleet(tmp_path_factory, redis_url):
    """Three instances of the production server on one migrated, seeded schema and one Redis."""
    with empty_database("postgresql", tmp_path_factory.mktemp("fleet")) as url, ExitStack() as stack:
        migration = upgrade_process(url)
        output = migration.communicate(timeout=120)[0]
        assert migration.returncode == 0, output
        app = make_app(url)
        with app.app_context():
            seed()
        key = make_key(app, "fleet", "write")
        assert own_band(app.test_client(), key) == BAND
        with app.app_context():
            from api.extensions import db

            db.engine.dispose()
        env = {
            "DATABASE_URL": url,
            "REDIS_URL": redis_url,
            "REDIS_KEY_PREFIX": f"fleet-{secrets.token_hex(4)}",
            "TRUSTED_PROXIES": "1",
            "RATE_LIMIT_READS": f"{READ_BUDGET} per minute",
            "RATE_LIMIT_WRITES": "100000 per minute",
            "WEB_CONCURRENCY": "1",
            "THREADS": "4",
        }
        bases = [
            stack.enter_context(server([sys.executable, "-m", "api.server"], {**env, "PORT": str(free_port())}))[0]
            for _ in range(3)
        ]
        clients = [stack.enter_context(httpx.Client(base_url=base, timeout=30)) for base in bases]
        yield clients, key


def as_client(address: str) -> dict:
    """Requests from this client address (the instances trust one proxy hop)."""
    return {"X-Forwarded-For": address}


def fresh_address() -> str:
    return f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"


def patch_band(client, key, address, **changes):
    current = client.get(BAND, headers=as_client(address))
    return client.patch(BAND, json=changes, headers={**key, **as_client(address), "If-Match": current.headers["ETag"]})


def test_a_write_through_one_instance_is_read_through_another_at_once(fleet):
    (one, two, three), key = fleet
    for _ in range(10):
        address = fresh_address()
        before = two.get(BAND, headers=as_client(address))  # cached on two (and in Redis) now
        assert three.get(BAND, headers=as_client(address)).headers["ETag"] == before.headers["ETag"]
        written = patch_band(one, key, address, salary_max=before.json()["salary_max"] + 1)
        assert written.status_code == 200, written.text
        after = two.get(BAND, headers=as_client(fresh_address()))
        assert after.json()["salary_max"] == before.json()["salary_max"] + 1
        assert after.headers["ETag"] == written.headers["ETag"] != before.headers["ETag"]
        assert after.headers["X-Dataset-Version"] == written.headers["X-Dataset-Version"]


def test_a_client_cannot_double_its_budget_by_alternating_instances(fleet):
    clients, _ = fleet
    address = fresh_address()
    statuses = [clients[n % 3].get("/v1/roles", headers=as_client(address)).status_code for n in range(READ_BUDGET + 6)]
    assert statuses == [200] * READ_BUDGET + [429] * 6
    assert clients[0].get("/v1/roles", headers=as_client(fresh_address())).status_code == 200  # others unaffected


def test_concurrent_if_match_writes_through_every_instance_lose_nothing(fleet):
    clients, key = fleet
    start = clients[0].get(BAND, headers=as_client(fresh_address())).json()["salary_max"]
    per_thread, done = 5, []

    def bump(client):
        for _ in range(per_thread):
            while True:  # 412: someone else's write got in first; read again and retry
                address = fresh_address()  # retries are many; keep clear of the small read budget
                current = client.get(BAND, headers=as_client(address))
                response = client.patch(
                    BAND,
                    json={"salary_max": current.json()["salary_max"] + 1},
                    headers={**key, **as_client(address), "If-Match": current.headers["ETag"]},
                )
                if response.status_code == 200:
                    done.append(response.headers["X-Dataset-Version"])
                    break
                assert response.status_code == 412, response.text

    threads = [threading.Thread(target=bump, args=(clients[n % 3],)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(done) == 6 * per_thread and len(set(done)) == len(done)  # one version per write
    for client in clients:
        assert client.get(BAND, headers=as_client(fresh_address())).json()["salary_max"] == start + 6 * per_thread


def test_the_change_log_is_one_ordered_history_from_every_instance(fleet):
    clients, key = fleet
    histories = []
    for client in clients:
        entries, url = [], "/v1/changes?limit=100"
        while url:
            page = client.get(url, headers={**key, **as_client(fresh_address())}).json()
            entries += [(entry["id"], entry["dataset_version"]) for entry in page["data"]]
            url = page["pagination"]["next"]
        histories.append(entries)
    assert histories[0] == histories[1] == histories[2] and histories[0]
    versions = [version for _, version in histories[0]]
    assert versions == sorted(versions)
