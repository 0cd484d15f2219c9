"""The installed wheel, used as an operator would, from outside the checkout (run by .ci/wheel-check).

    VENV/bin/python -I .ci/wheel_check.py REPO DIST VENV

Checks the wheel's contents against the repository, then for SQLite (and PostgreSQL with Redis when
TEST_DATABASE_URL is set) runs the installed `salary-bands` command: migrate, seed, keys, serve; waits
for the Dockerfile's own HEALTHCHECK command to pass; reads every GET endpoint of the served spec,
the explorer and the docs page with their assets; imports the bands it exported, by the CLI and
over HTTP with the key. It imports nothing of the service itself: everything goes through the CLI
and HTTP, as it would in the image.
"""

import csv
import io
import json
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from email.message import Message
from pathlib import Path

import yaml

REPO, DIST, VENV = (Path(arg).resolve() for arg in sys.argv[1:4])
CLI = str(VENV / "bin" / "salary-bands")
# Where a checkout keeps what the wheel carries inside `api`.
SHIPPED = {"api": "api", "migrations": "api/migrations", "seeds": "api/seeds"}


def check(condition, message: str) -> None:
    if not condition:
        sys.exit(f"wheel-check: FAILED: {message}")


def tracked_files() -> list[str]:
    out = subprocess.run(["git", "-C", str(REPO), "ls-files", *SHIPPED], capture_output=True, text=True, check=True)
    return out.stdout.split()


def check_contents() -> None:
    """Every tracked file of api/, migrations/ and seeds/ is in the wheel, where the package looks."""
    (wheel,) = DIST.glob("*.whl")
    (sdist,) = DIST.glob("*.tar.gz")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in tracked_files():
        top, rest = path.split("/", 1)
        check(f"{SHIPPED[top]}/{rest}" in names, f"{path} is missing from {wheel.name}")
    check(
        not any("__pycache__" in name or name.startswith(("tests/", "benchmarks/")) for name in names),
        "the wheel carries caches, tests or benchmarks",
    )
    folders = {}
    for name in names:
        parts = name.split("/")
        folder = "/".join(parts[:2]) if parts[0] == "api" and len(parts) > 2 else parts[0]
        folders[folder] = folders.get(folder, 0) + 1
    print(
        f"wheel-check: {wheel.name}: {wheel.stat().st_size / 1024:.0f} KiB, {len(names)} files "
        f"({', '.join(f'{folder} {count}' for folder, count in sorted(folders.items()))}); "
        f"{sdist.name}: {sdist.stat().st_size / 1024:.0f} KiB"
    )


def run(*args: str, env: dict) -> str:
    result = subprocess.run([CLI, *args], env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    check(result.returncode == 0, f"salary-bands {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
    return result.stdout


def healthcheck_command() -> list[str]:
    """The Dockerfile's HEALTHCHECK, so the image's check is the one proven here."""
    text = (REPO / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    (line,) = [line for line in text.splitlines() if line.startswith("HEALTHCHECK")]
    return json.loads(line.split(" CMD ", 1)[1])


def get(base: str, path: str, accept: str = "application/json", **headers) -> tuple[int, Message, bytes]:
    request = urllib.request.Request(base + path, headers={"Accept": accept, **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def send(base: str, method: str, path: str, body: bytes, **headers) -> tuple[int, bytes]:
    request = urllib.request.Request(base + path, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def fill(template: str, base: str) -> str | None:
    """A path template with its parameter taken from the first item of the collection before it."""
    collection, _, rest = template.partition("/{")
    parameter, _, rest = rest.partition("}")
    status, _, body = get(base, collection)
    items = json.loads(body).get("data") if status == 200 else None
    field = "id" if parameter.endswith("_id") else parameter
    if not items or not isinstance(items, list) or field not in items[0]:
        return None  # no collection to take a value from: reported as not called
    return f"{collection}/{items[0][field]}{rest}"


def check_every_get(base: str, key: str) -> int:
    """Every GET of the served spec answers (with the key where it asks for one): 200 without required
    query parameters, a 4xx problem with them missing; never a 5xx."""
    spec = json.loads(get(base, "/openapi.json")[2])
    committed = yaml.safe_load((REPO / "openapi.yaml").read_text(encoding="utf-8"))
    check(spec == committed, "the installed service's spec differs from the committed openapi.yaml")
    count = 0
    for template, operations in spec["paths"].items():
        if "get" not in operations:
            continue
        path = fill(template, base) if "{" in template else template
        if path is None:
            print(f"wheel-check: not called (no value for its path parameter): GET {template}")
            continue
        operation = operations["get"]
        required = [p for p in operation.get("parameters", []) if p.get("required") and p["in"] == "query"]
        auth = {"Authorization": f"Bearer {key}"} if operation.get("security") else {}
        status, headers, _ = get(base, path, "*/*", **auth)
        if required:
            check(
                400 <= status < 500 and headers.get("Content-Type", "").startswith("application/problem+json"),
                f"GET {path} without {[p['name'] for p in required]} answered {status}",
            )
        else:
            check(status == 200, f"GET {path} answered {status}")
        count += 1
    return count


def check_pages(base: str) -> None:
    """The explorer and the docs page, and every asset they load, come from the installed package."""
    for path, accept, needle in [
        ("/explorer", "text/html", b"explorer.js"),
        ("/explorer/explorer.js", "*/*", b"./data.js"),
        ("/explorer/data.js", "*/*", b"fetch"),
        ("/explorer/chart.js", "*/*", b"export"),
        ("/explorer/roster.js", "*/*", b"fetch"),
        ("/explorer/explorer.css", "*/*", b"{"),
        ("/docs", "text/html", b"swagger-ui-bundle.js"),
        ("/docs/assets/swagger-ui-bundle.js", "*/*", b"SwaggerUI"),
        ("/docs/assets/swagger-ui.css", "*/*", b"{"),
        ("/static/docs.js", "*/*", b"SwaggerUIBundle"),
        ("/v1/salary-bands/1/position?salary=45000", "application/json", b'"compa_ratio"'),
        ("/v1/salary-bands/chart.svg", "image/svg+xml", b"<svg"),
        ("/v1/salary-bands/1/localized?area=06", "application/json", b'"California"'),
    ]:
        status, _, body = get(base, path, accept)
        check(status == 200 and needle in body, f"GET {path} answered {status} without {needle!r}")


def check_imports(base: str, env: dict, key: str, work: Path) -> None:
    """The bands it serves, exported as CSV, import again by the CLI and over HTTP (changing nothing)."""
    status, _, body = get(base, "/v1/salary-bands?limit=100", "text/csv")
    check(status == 200 and len(list(csv.reader(io.StringIO(body.decode())))) > 1, f"CSV export answered {status}")
    exported = work / "bands.csv"
    exported.write_bytes(body)
    run("bands", "import", str(exported), env=env)
    status, answer = send(
        base, "POST", "/v1/salary-bands/import", body, **{"Content-Type": "text/csv", "Authorization": f"Bearer {key}"}
    )
    check(status == 200, f"POST /v1/salary-bands/import answered {status}: {answer[:300]!r}")


def write_oews(path: Path) -> Path:
    """A BLS-layout file with synthetic figures (not BLS's) for customer service representatives."""
    columns = [
        "AREA",
        "AREA_TITLE",
        "AREA_TYPE",
        "PRIM_STATE",
        "OCC_CODE",
        "OCC_TITLE",
        "TOT_EMP",
        "H_MEAN",
        "H_PCT10",
        "H_PCT25",
        "H_MEDIAN",
        "H_PCT75",
        "H_PCT90",
        "A_MEAN",
        "A_PCT10",
        "A_PCT25",
        "A_MEDIAN",
        "A_PCT75",
        "A_PCT90",
    ]
    wages = ["20", "10", "15", "20", "25", "30", "41600", "20800", "31200", "41600", "52000", "62400"]
    occupation = ["43-4051", "Customer Service Representatives", "1000"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerows(
            [
                columns,
                ["99", "U.S.", "1", "US", *occupation, *wages],
                ["06", "California", "2", "CA", *occupation, *wages],
            ]
        )
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(env: dict) -> subprocess.Popen:
    server = subprocess.Popen([CLI, "serve"], env=env, stdin=subprocess.DEVNULL, start_new_session=True)
    probe = healthcheck_command()
    for _ in range(60):
        check(server.poll() is None, f"salary-bands serve exited {server.returncode}")
        if subprocess.run(probe, env=env, capture_output=True).returncode == 0:
            return server
        time.sleep(0.5)
    stop(server)
    check(False, f"the HEALTHCHECK ({shlex.join(probe)}) never passed")


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def operate(name: str, env: dict, work: Path) -> None:
    """What an operator does with a new deployment, then what its users do."""
    started = time.monotonic()
    oews = str(write_oews(work / "oews-synthetic.csv"))
    for command in (["migrate"], ["migrate"], ["seed"], ["oews", "import", oews, "--year", "2024"]):
        run(*command, env=env)
    key = run("keys", "create", "--name", f"wheel-check-{secrets.token_hex(3)}", "--scope", "write", env=env).strip()
    server = serve(env)
    try:
        base = f"http://127.0.0.1:{env['PORT']}"
        roles = json.loads(get(base, "/v1/roles")[2])["data"]
        check(len(roles) >= 6, f"GET /v1/roles listed {len(roles)} roles")
        gets = check_every_get(base, key)
        check_pages(base)
        check_imports(base, env, key, work)
    finally:
        stop(server)
    print(
        f"wheel-check: {name}: migrate, seed, OEWS import, keys, serve, {gets} GET endpoints, explorer, "
        f"docs, band import by CLI and HTTP: ok ({time.monotonic() - started:.0f} s)"
    )


def postgresql_schema(url: str, schema: str, create: bool) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"' if create else f'DROP SCHEMA "{schema}" CASCADE')


def main() -> None:
    work = Path.cwd()
    check(not str(work).startswith(str(REPO)), "run it from outside the checkout")
    check_contents()
    base_env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "FLASK_"))}
    # As in the image: the virtualenv first on PATH (the HEALTHCHECK's `python` is the venv's).
    base_env.update(
        {
            "HOST": "127.0.0.1",
            "SERVER_LOG_LEVEL": "error",
            "LOG_LEVEL": "WARNING",
            "PATH": f"{VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        }
    )
    where = subprocess.run(
        [str(VENV / "bin" / "python"), "-c", "import api; print(api.__file__)"],
        env=base_env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    check(where.startswith(str(VENV)), f"`import api` found {where}, not the installed wheel")
    print(f"wheel-check: {run('--version', env=base_env).strip()}, imported from the virtualenv")

    sqlite = {**base_env, "INSTANCE_PATH": str(work / "instance"), "PORT": str(free_port()), "WEB_CONCURRENCY": "1"}
    sqlite.pop("DATABASE_URL", None)
    sqlite.pop("REDIS_URL", None)
    operate("SQLite in INSTANCE_PATH", sqlite, work)
    check((work / "instance" / "salary_bands.sqlite3").is_file(), "no SQLite file in INSTANCE_PATH")

    database = os.environ.get("TEST_DATABASE_URL")
    if database:
        schema = f"wheel_check_{os.getpid()}_{secrets.token_hex(3)}"
        postgresql_schema(database, schema, create=True)
        try:
            separator = "&" if "?" in database else "?"
            fleet = {
                **base_env,
                "DATABASE_URL": f"{database}{separator}options=-csearch_path%3D{schema}",
                "PORT": str(free_port()),
                "WEB_CONCURRENCY": "2",
                "REDIS_KEY_PREFIX": schema,
            }
            if os.environ.get("TEST_REDIS_URL"):
                fleet["REDIS_URL"] = os.environ["TEST_REDIS_URL"]
            operate("PostgreSQL" + (" and Redis" if "REDIS_URL" in fleet else ""), fleet, work)
        finally:
            postgresql_schema(database, schema, create=False)


if __name__ == "__main__":
    main()
