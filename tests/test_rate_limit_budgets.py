"""A request under more than one limit is answered for the tightest: the headers and the 429 name it.

Windows are fixed and aligned to the clock, so these use hours and days: a window that ends
between two requests would reset a count mid-test."""

import socket
import threading

import pytest

from tests.helpers import assert_problem
from tests.test_rate_limits import a_client

IMPORT = "/v1/salary-bands/import?dry_run=true"
EMPTY_CSV = b"role_slug,year,geography,currency,salary_min,salary_max,provenance,source_id\r\n"


@pytest.fixture
def budgets(more_apps):
    def make(reads="100 per hour", writes="100 per hour", imports="100 per hour", **config):
        return a_client(
            more_apps(
                RATELIMIT_ENABLED=True,
                RATE_LIMIT_READS=reads,
                RATE_LIMIT_WRITES=writes,
                RATE_LIMIT_IMPORTS=imports,
                **config,
            )
        )

    return make


def limit_headers(response) -> tuple[str, str]:
    return response.headers["RateLimit-Limit"], response.headers["RateLimit-Remaining"]


def post_import(client, writer):
    return client.post(IMPORT, data=EMPTY_CSV, headers={**writer, "Content-Type": "text/csv"})


@pytest.mark.parametrize(
    "writes, imports, tighter, limit",
    [
        ("100 per hour", "1 per hour", "imports", "1 per hour"),
        ("1 per hour", "100 per hour", "writes", "1 per hour"),
    ],
)
def test_an_import_reports_the_tighter_of_its_write_and_import_budgets(
    budgets, writer, writes, imports, tighter, limit
):
    client = budgets(writes=writes, imports=imports)
    assert limit_headers(post_import(client, writer)) == ("1", "0")
    refused = post_import(client, writer)
    body = assert_problem(refused, 429)
    assert body["detail"] == (
        f"Too many {tighter} from this client (the limit is {limit}). Wait the seconds Retry-After gives, then retry."
    )
    assert limit_headers(refused) == ("1", "0")
    assert 1 <= int(refused.headers["Retry-After"]) <= 3600


@pytest.mark.parametrize("reads", ["3 per hour;5 per day", "5 per day;3 per hour"])
def test_of_two_limits_in_one_budget_the_one_with_fewer_left_is_reported(budgets, reads):
    client = budgets(reads=reads)
    assert [limit_headers(client.get("/v1/roles")) for _ in range(3)] == [("3", "2"), ("3", "1"), ("3", "0")]
    assert_problem(client.get("/v1/roles"), 429)


def test_a_breached_limit_is_reported_before_one_merely_used_up(budgets):
    client = budgets(reads="2 per day;1 per hour")
    assert limit_headers(client.get("/v1/roles")) == ("1", "0")
    refused = client.get("/v1/roles")  # both at 0 left; only the hour's is breached
    assert_problem(refused, 429)
    assert limit_headers(refused) == ("1", "0")
    assert int(refused.headers["RateLimit-Reset"]) <= 3600  # the hour's window, not the day's


class SilentServer:
    """A TCP server that accepts connections and never answers: a Redis that has hung."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"redis://127.0.0.1:{self.listener.getsockname()[1]}/0"
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.accepted.append(self.listener.accept()[0])
            except OSError:
                return

    def close(self):
        for connection in [*self.accepted, self.listener]:
            connection.close()


@pytest.mark.timeout(30)  # without a socket timeout the first request would wait for ever
def test_a_hung_redis_costs_one_short_wait_then_limits_count_in_process(budgets, caplog):
    hung = SilentServer()
    try:
        client = budgets(reads="3 per hour", REDIS_URL=hung.url, RESPONSE_CACHE=False)  # the limits' Redis alone
        statuses = [client.get("/v1/roles").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        assert len(hung.accepted) == 1  # tried once, then left alone for FALLBACK_SECONDS
        [warning] = [record for record in caplog.records if record.name == "api.edge.ratelimit"]
        assert warning.levelname == "WARNING"
        assert warning.getMessage().startswith("Rate-limit storage unavailable, counting in this process: Timeout")
    finally:
        hung.close()


def test_other_writes_never_spend_the_import_budget(budgets, writer):
    client = budgets(imports="1 per hour")
    for _ in range(3):
        assert client.post("/v1/industries", json={}, headers=writer).status_code == 422
    imported = post_import(client, writer)
    assert imported.status_code == 422  # the empty file is refused on its merits, not as a 429
    assert limit_headers(imported) == ("1", "0")
