"""What the benchmarks share: throwaway databases, servers started and measured, wrk runs parsed."""

import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from api import create_app  # noqa: E402
from api.extensions import db  # noqa: E402
from api.ingest.seed import DEFAULT_SEED_FILE, load_seed, read_seed_file  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
# The PostgreSQL the benchmarks make throwaway schemas in.
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def database(url: str | None):
    """A new empty database: a temporary SQLite file, or a new schema in the PostgreSQL `url`.
    Returns its URL and a function that drops it."""
    if not url:
        return f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3", lambda: None
    schema = f"bench_{secrets.token_hex(4)}"
    engine = create_engine(make_url(url))
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop():
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()

    return make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False), drop


@contextmanager
def seeded_database(database_url: str | None):
    """The URL of a new database (SQLite file or PostgreSQL schema), migrated and seeded."""
    url, drop = database(database_url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    try:
        with app.app_context():
            upgrade()
            load_seed(read_seed_file(DEFAULT_SEED_FILE))
            db.session.remove()
            db.engine.dispose()
        yield url
    finally:
        drop()


def issue_key(url: str, name: str) -> str:
    """A new `write` API key in the database at `url`; returns the secret to send."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        from api.models import ApiKey

        key, secret = ApiKey.issue(name, "write")
        db.session.add(key)
        db.session.commit()
        db.engine.dispose()
    return secret


def own_source() -> int:
    """In an app context: a source of a team's own (editable) for the bands a benchmark writes, as the
    guide's bands are read-only; returns its id."""
    from api.models import Source

    source = Source(
        slug="benchmark-team",
        title="Benchmark team bands",
        publisher="benchmark",
        provenance="synthetic benchmark data",
        editable=True,
    )
    db.session.add(source)
    db.session.commit()
    return source.id


@contextmanager
def throwaway_app(database_url: str | None):
    """An app context on a new database (SQLite file or PostgreSQL schema), migrated and seeded."""
    with seeded_database(database_url) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url})
        with app.test_request_context():
            yield
            db.session.remove()
            db.engine.dispose()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server(command: list[str], env: dict, ready_path: str = "/healthz", cwd=ROOT):
    """Start a server process on env["PORT"], wait until it answers, yield (base URL, process)."""
    port = env["PORT"]
    log = open(tempfile.mktemp(suffix=".log"), "w")
    process = subprocess.Popen(
        command, env={**os.environ, **env}, cwd=cwd, stdout=log, stderr=log, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + ready_path, timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(f"{command} exited; see {log.name}") from None
                time.sleep(0.1)
        else:
            raise RuntimeError(f"{command} did not answer on {base}; see {log.name}")
        yield base, process
    finally:
        # SIGTERM to the server alone: it stops its workers itself (0.4 s measured); signalling the
        # whole group races that shutdown and can leave it waiting.
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()
        log.close()


def worker_rss_mb(pid: int) -> list[float]:
    """Resident memory of each child process (worker) of `pid`, in MB."""
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children += [int(child) for child in (task / "children").read_text().split()]
    sizes = []
    for child in children:
        status = Path(f"/proc/{child}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return sizes


def wrk(url: str, seconds: int, connections: int = 32, headers: dict | None = None, script: str | None = None) -> dict:
    """Load `url` with wrk on loopback (through a Lua `script` when given); requests/s, p50 and p99 in
    ms, and non-2xx/3xx responses."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *(["-s", script] if script else []), url]
    for name, value in (headers or {}).items():
        command[1:1] = ["-H", f"{name}: {value}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def ms(label):
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": ms("50%"),
        "p99": ms("99%"),
        "bad": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1) if errors else "",
    }
