"""Shipping: the operator's `salary-bands` command, INSTANCE_PATH, and a Dockerfile and compose fleet
that name only settings the service reads. The built wheel itself, installed and run from outside
the checkout, is proven by .ci/wheel-check (in .ci/run)."""

import json
import re
from pathlib import Path

import yaml
from sqlalchemy import inspect

from api import create_app
from api.cli import cli
from api.extensions import db
from tests.conftest import empty_database, make_app

ROOT = Path(__file__).resolve().parents[1]
# Variables the images and the Python runtime read themselves, not the service.
NOT_THE_SERVICE = re.compile(r"(PATH|PYTHON\w+|PIP_\w+|POSTGRES_\w+)\Z")


def test_the_command_migrates_seeds_and_makes_keys_on_an_empty_database(backend, tmp_path):
    with empty_database(backend, tmp_path) as url:
        app = make_app(url)
        runner = app.test_cli_runner()
        try:
            help_text = runner.invoke(cli, ["--help"]).output
            for command in ("migrate", "seed", "serve", "keys", "bands", "oews", "db"):
                assert re.search(rf"^  {command}\s", help_text, re.MULTILINE), help_text
            for args in (["migrate"], ["migrate"], ["seed"], ["keys", "create", "--name", "ops", "--scope", "write"]):
                result = runner.invoke(cli, args)
                assert result.exit_code == 0, result.output
            secret = result.stdout.strip()
            with app.app_context():
                assert "alembic_version" in inspect(db.engine).get_table_names()
            client = app.test_client()
            assert len(client.get("/v1/roles").get_json()["data"]) == 6
            changes = client.get("/v1/changes", headers={"Authorization": f"Bearer {secret}"})
            assert changes.status_code == 200
        finally:
            with app.app_context():
                db.engine.dispose()


def test_instance_path_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INSTANCE_PATH", "data")  # relative: taken from the working directory
    app = create_app()
    try:
        assert app.instance_path == str(tmp_path / "data")
        assert (tmp_path / "data").is_dir()
        assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'data'}/salary_bands.sqlite3"
    finally:
        with app.app_context():
            db.engine.dispose()


def settings_the_service_reads() -> set[str]:
    """Every upper-case name quoted in the code: a superset of the settings, which catches a misspelt one."""
    code = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "api").rglob("*.py"))
    return set(re.findall(r"\"([A-Z][A-Z0-9_]+)\"", code))


def dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")


def test_the_compose_fleet_is_complete_and_names_only_real_settings():
    services = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))["services"]
    known = settings_the_service_reads()
    apis = [name for name, service in services.items() if service.get("command") is None and "build" in service]
    assert len(apis) >= 2
    assert services["migrate"]["command"] == ["migrate"]
    for name in apis:
        service = services[name]
        assert {"DATABASE_URL", "REDIS_URL"} <= set(service["environment"])
        assert service["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    for name, service in services.items():
        unknown = {key for key in service.get("environment", {}) if not NOT_THE_SERVICE.match(key)} - known
        assert not unknown, f"{name} sets {unknown}, which nothing reads"


def test_the_image_runs_unprivileged_migrates_apart_and_checks_readiness():
    text = dockerfile()
    assert len(re.findall(r"^FROM ", text, re.MULTILINE)) >= 2
    assert ".ci/wheel-build" in text  # the steps .ci/wheel-check runs
    (user,) = re.findall(r"^USER (\S+)", text, re.MULTILINE)
    assert user.split(":")[0] not in ("root", "0")
    (healthcheck,) = re.findall(r"^HEALTHCHECK .* CMD (\[.*\])$", text, re.MULTILINE)
    assert "/readyz" in " ".join(json.loads(healthcheck))
    assert re.search(r'^ENTRYPOINT \["salary-bands"\]$', text, re.MULTILINE)
    assert re.search(r'^CMD \["serve"\]$', text, re.MULTILINE)  # migrations are a command of their own
    for line in re.findall(r"^ENV (.*)$", text, re.MULTILINE):
        names = set(re.findall(r"([A-Z_]+)=", line))
        assert {name for name in names if not NOT_THE_SERVICE.match(name)} <= settings_the_service_reads()
