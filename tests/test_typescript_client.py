"""A front-end developer's view: examples/typescript, typed from the committed openapi.yaml by
openapi-typescript, passes `tsc --strict` and reads the live production server with openapi-fetch.

The types are generated at test time from the committed spec, never committed themselves, so a
spec change that breaks the typed client fails here; a spec with a field renamed proves it does.
The example is built in a copy under tmp_path (its node_modules a link to the repository's), so
the checkout is never written to. node_modules comes from `npm ci` (CI runs `make lint` first).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import yaml

from benchmarks.common import free_port, server
from tests.conftest import empty_database, missing, seeded_app

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "openapi.yaml"
EXAMPLE = ROOT / "examples" / "typescript"
NODE_MODULES = ROOT / "node_modules"


def node_tools() -> None:
    """node, npx and the pinned tools in node_modules: CI always has them, other machines may not."""
    absent = [name for name in ("node", "npx") if not shutil.which(name)]
    absent += [
        f"node_modules/.bin/{tool}"
        for tool in ("tsc", "openapi-typescript")
        if not (NODE_MODULES / ".bin" / tool).exists()
    ]
    if absent:
        missing(
            f"Missing for the TypeScript client: {', '.join(absent)} (CI runs `make lint`, which runs npm ci)",
            f"needs Node 20 and `npm ci` for the TypeScript client: missing {', '.join(absent)}",
        )


def npx(*args: str | Path) -> subprocess.CompletedProcess:
    """A tool pinned by package-lock.json, never fetched (--no-install)."""
    return subprocess.run(
        ["npx", "--no-install", *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def build(spec: Path, directory: Path) -> subprocess.CompletedProcess:
    """examples/typescript copied to `directory`, typed from `spec`, compiled by `tsc -p` (strict)."""
    shutil.copytree(EXAMPLE, directory, ignore=shutil.ignore_patterns("dist", "node_modules", "schema.d.ts"))
    (directory / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
    generated = npx("openapi-typescript", spec, "--output", directory / "src" / "schema.d.ts")
    assert generated.returncode == 0, generated.stdout + generated.stderr
    return npx("tsc", "-p", directory)


@pytest.fixture(scope="module")
def client_program(tmp_path_factory) -> Path:
    """The example compiled from the committed spec; the path of its dist/main.js."""
    node_tools()
    directory = tmp_path_factory.mktemp("typescript") / "example"
    compiled = build(SPEC, directory)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    assert "strict" in (directory / "tsconfig.json").read_text()
    return directory / "dist" / "main.js"


@pytest.fixture(scope="module")
def api(tmp_path_factory) -> str:
    """The production server (python -m api.server) on a seeded SQLite database; its base URL."""
    with empty_database("sqlite", tmp_path_factory.mktemp("db")) as url, seeded_app(url):
        env = {"DATABASE_URL": url, "PORT": str(free_port()), "WEB_CONCURRENCY": "1", "RATE_LIMIT_ENABLED": "false"}
        with server([sys.executable, "-m", "api.server"], env) as (base, _):
            yield base


def run_client(program: Path, base: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["node", str(program), *args],
        env={**os.environ, "API_BASE_URL": base},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_typed_client_lists_roles_reads_a_band_and_asks_a_position(client_program, api):
    # What the API itself answers for the calls the program makes, salary 52,000 (above the band).
    with httpx.Client(base_url=api) as http:
        roles = http.get("/v1/roles", params={"limit": 10}).json()
        [first] = http.get("/v1/salary-bands", params={"limit": 1}).json()["data"]
        band = http.get(f"/v1/salary-bands/{first['id']}").json()
        position = http.get(f"/v1/salary-bands/{band['id']}/position", params={"salary": "52000"}).json()

    ran = run_client(client_program, api, "52000")

    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ran.stdout.splitlines() == [
        f"roles: {roles['pagination']['total']} ({', '.join(role['slug'] for role in roles['data'])})",
        f"band {band['id']}: {band['role']['title']}, {band['currency']} {band['salary_min']}-{band['salary_max']} "
        f"{band['period']}",
        f"salary {position['salary']}: {position['placement']}, compa-ratio {position['compa_ratio']}, "
        f"range penetration {position['range_penetration']}",
    ]
    # The seeded guide's figures: six roles; band 1 is $38,500-$48,500 (midpoint 43,500), so
    # 52,000 is above it at 52,000 / 43,500 = 1.1954 and (52,000 - 38,500) / 10,000 = 1.35.
    assert ran.stdout.startswith("roles: 6 (customer-service-specialist, call-center-specialist, ")
    assert "band 1: Customer service specialist, USD 38500-48500 annual" in ran.stdout
    assert "salary 52000: above, compa-ratio 1.1954, range penetration 1.35" in ran.stdout


def test_an_error_response_ends_the_typed_client_non_zero_with_the_problem(client_program, api):
    ran = run_client(client_program, api, "52,000")

    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert [line.split(":")[0] for line in ran.stdout.splitlines()] == ["roles", "band 1"]
    assert "/v1/salary-bands/1/position?salary=52%2C000: 422 Invalid query field 'salary'" in ran.stderr


def test_a_spec_that_renames_a_field_the_client_reads_fails_tsc(tmp_path):
    node_tools()
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    position = spec["components"]["schemas"]["Position"]
    position["properties"]["ratio_to_midpoint"] = position["properties"].pop("compa_ratio")
    position["required"] = ["ratio_to_midpoint" if name == "compa_ratio" else name for name in position["required"]]
    broken = tmp_path / "openapi.yaml"
    broken.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")

    compiled = build(broken, tmp_path / "example")

    assert compiled.returncode != 0
    assert (
        "src/main.ts" in compiled.stdout and "error TS2339: Property 'compa_ratio' does not exist" in compiled.stdout
    ), compiled.stdout + compiled.stderr
    assert compiled.stdout.count("error TS") == 1, compiled.stdout
