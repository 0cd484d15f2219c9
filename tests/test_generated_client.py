"""A partner's view: a client generated from openapi.yaml alone type-checks and reads the live API."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

SPEC = Path(__file__).resolve().parents[1] / "openapi.yaml"
BIN = Path(sys.executable).parent
PACKAGE = "salary_bands_client"
# openapi-python-client's own boilerplate (client.py) forwards *args to httpx's __exit__, which
# mypy 2 rejects as arg-type; that module is generator code, not derived from our spec, so only
# that one error code is waived there. Everything generated from the spec is checked --strict.
MYPY_CONFIG = f"[mypy]\nstrict = True\n\n[mypy-{PACKAGE}.client]\ndisable_error_code = arg-type\n"


def run(*args, cwd):
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_generated_python_client_type_checks_and_reads_the_seeded_roles(live_server, tmp_path, monkeypatch):
    run(
        BIN / "openapi-python-client",
        "generate",
        "--path",
        str(SPEC),
        "--meta",
        "none",
        "--output-path",
        str(tmp_path / PACKAGE),
        cwd=tmp_path,
    )
    (tmp_path / "mypy.ini").write_text(MYPY_CONFIG)
    checked = run(BIN / "mypy", "--config-file", "mypy.ini", PACKAGE, cwd=tmp_path)
    assert "Success" in checked.stdout

    monkeypatch.syspath_prepend(str(tmp_path))
    client_module = importlib.import_module(PACKAGE)
    get_roles = importlib.import_module(f"{PACKAGE}.api.roles.get_roles")
    get_band = importlib.import_module(f"{PACKAGE}.api.salary_bands.get_salary_band_by_id")
    get_salary_bands = importlib.import_module(f"{PACKAGE}.api.salary_bands.get_salary_bands")

    with client_module.Client(base_url=live_server) as client:
        roles = get_roles.sync(client=client)
        assert [role.slug for role in roles.data][:2] == ["customer-service-specialist", "call-center-specialist"]
        assert roles.pagination.total == 6
        bands = get_salary_bands.sync(client=client, role="customer-service-manager")
        [band] = bands.data
        assert (band.salary_min, band.salary_max, band.midpoint) == (57000, 81250, 69125)
        missing = get_band.sync_detailed(client=client, band_id=999999)
        assert missing.status_code == 404
        assert missing.parsed.status == 404 and "999999" in missing.parsed.detail
