"""The real app on a real database: SQLite always, PostgreSQL too when TEST_DATABASE_URL is set.

Every database-backed test runs once per backend (ids `[sqlite]`, `[postgresql]`). Each run gets
its own SQLite file or PostgreSQL schema, so parallel runs never collide.
"""

import os
import secrets
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask_migrate import upgrade
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from api import create_app
from api.extensions import db
from api.ingest.oews import import_files
from api.ingest.seed import DEFAULT_SEED_FILE, load_seed, read_seed_file
from api.models import ApiKey, Dataset

# CI replays the same generated examples every run; developers' runs keep exploring.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

# CI runs every backend; a CI without TEST_DATABASE_URL fails rather than silently testing less.
# TEST_BACKENDS=sqlite is the explicit way to leave PostgreSQL out (the mutation runs do).
BACKENDS = (
    os.environ["TEST_BACKENDS"].split(",")
    if os.environ.get("TEST_BACKENDS")
    else (["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") or os.environ.get("CI") else []))
)
# The guide and the BLS extract live beside the repository (SHARED_DIR when the tests run from a copy).
SHARED = Path(os.environ.get("SHARED_DIR") or Path(__file__).resolve().parents[2] / "shared")
GUIDE = SHARED / "source" / "customer-service-guide-2026.txt"
OEWS_EXTRACT = SHARED / "data" / "oews-may2024-customer-service.csv"


# How many generated cases the fuzz tests ran, by kind; printed at the end of the session.
CASES_RUN: dict[str, int] = {}


def pytest_report_header():
    return f"databases: {', '.join(BACKENDS)}"


def pytest_terminal_summary(terminalreporter):
    if CASES_RUN:
        counts = ", ".join(f"{count} {kind}" for kind, count in CASES_RUN.items())
        terminalreporter.write_line(f"fuzzed (all backends): {counts}")


def missing(in_ci: str, elsewhere: str):
    """A prerequisite CI always provides is missing: a failure under CI=true, a skip on other machines."""
    if os.environ.get("CI"):
        pytest.fail(in_ci)
    pytest.skip(elsewhere)


def postgresql_url() -> str:
    """TEST_DATABASE_URL; a test needing PostgreSQL fails under CI=true without it, and skips elsewhere."""
    if os.environ.get("TEST_BACKENDS") and "postgresql" not in BACKENDS:
        pytest.skip(f"TEST_BACKENDS={os.environ['TEST_BACKENDS']} leaves PostgreSQL out")
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        missing(
            "CI must set TEST_DATABASE_URL (PostgreSQL)",
            "needs PostgreSQL: set TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)",
        )
    return url


@contextmanager
def empty_database(backend: str, directory: Path):
    """The URL of a new, empty database of `backend`, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{directory / f'{secrets.token_hex(4)}.sqlite3'}"
        return
    base = make_url(postgresql_url())
    schema = f"test_{os.getpid()}_{secrets.token_hex(4)}"
    engine = create_engine(base)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def make_app(database_url: str, **config):
    """The app on `database_url`. Rate limits are off, as thousands of requests come from one
    address here; the rate-limit tests turn them on with their own budgets."""
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": False, **config})


@contextmanager
def seeded_app(database_url: str, **config):
    """The app on the empty database at `database_url`, migrated and seeded; its connections closed after."""
    app = make_app(database_url, **config)
    try:
        with app.app_context():
            upgrade()
            seed()
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()


def seed() -> None:
    load_seed(read_seed_file(DEFAULT_SEED_FILE))


def clear_tables() -> None:
    """Empty every table, restarting ids so a re-seed gets the same ones; the dataset is at version 0."""
    tables = [table.name for table in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        for name in tables:
            db.session.execute(text(f"DELETE FROM {name}"))
    db.session.add(Dataset(id=1, version=0))
    db.session.commit()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture(scope="session")
def app(backend, tmp_path_factory):
    """The app on a migrated, seeded database of `backend`, shared by the session's read tests."""
    with empty_database(backend, tmp_path_factory.mktemp("db")) as url, seeded_app(url) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def live_server(app):
    """The app served over real HTTP on a free loopback port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def more_apps(app):
    """Makes further apps on the session's database with other settings (instances of one fleet, or
    the app configured otherwise); their connections are closed after the test."""
    made = []

    def make(**config):
        made.append(make_app(app.config["SQLALCHEMY_DATABASE_URI"], **config))
        return made[-1]

    yield make
    for each in made:
        with each.app_context():
            db.engine.dispose()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def restore(app):
    """For tests that write: the seed data, and nothing else, is put back afterwards."""
    yield
    with app.app_context():
        clear_tables()
        seed()


def make_key(app, name: str, scope: str) -> dict:
    """Headers carrying a new API key of `scope`."""
    with app.app_context():
        key, secret = ApiKey.issue(name, scope)
        db.session.add(key)
        db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def writer(app, restore):
    return make_key(app, "hr-tool", "write")


@pytest.fixture
def admin(app, restore):
    return make_key(app, "data-admin", "admin")


@pytest.fixture
def unseeded(app):
    """Empty tables for this test; the seed data is put back after it."""
    with app.app_context():
        clear_tables()
    yield
    with app.app_context():
        clear_tables()
        seed()


@pytest.fixture
def oews_extract():
    """The shared BLS extract (never committed here); CI always has it."""
    if not OEWS_EXTRACT.exists():
        missing(
            f"The OEWS extract is missing at {OEWS_EXTRACT}",
            f"The OEWS extract is not at {OEWS_EXTRACT} on this machine",
        )
    return OEWS_EXTRACT


@pytest.fixture
def market(app, restore, oews_extract):
    """The shared OEWS extract imported; everything is put back after the test."""
    with app.app_context():
        import_files([oews_extract], 2024)


@pytest.fixture(scope="session")
def redis_url():
    """A real Redis (TEST_REDIS_URL); CI always sets it, as it sets TEST_DATABASE_URL."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        missing("CI must set TEST_REDIS_URL", "needs Redis: set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
    return url


@pytest.fixture(scope="session")
def guide_text():
    """The guide, verbatim; CI always has it beside the repository."""
    if not GUIDE.exists():
        missing(f"The guide is missing at {GUIDE}", f"The guide is not at {GUIDE} on this machine")
    return GUIDE.read_text(encoding="utf-8")
