"""The docs page renders the spec's operations in a real headless Chromium, offline."""

import re
import shutil
import subprocess

import pytest
import yaml

from tests.conftest import missing
from tests.test_openapi import COMMITTED

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Chromium as root in a sandboxless container, with every background service that would call out
# switched off: the page must render from this machine alone.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--virtual-time-budget=15000",
]


@pytest.fixture
def chromium(tmp_path):
    if CHROMIUM is None:
        missing(
            "Chromium is missing; .ci/run installs Debian's chromium package",
            "Chromium is not installed on this machine (apt-get install chromium)",
        )

    def run(*args):
        command = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout

    return run


def test_docs_page_lists_every_operation_in_a_real_browser(chromium, live_server, tmp_path):
    dom = chromium("--dump-dom", f"{live_server}/docs")
    rendered = set(re.findall(r'class="opblock-summary-path" data-path="([^"]+)"', dom))
    documented = set(yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))["paths"])
    assert rendered == documented
    assert "Customer Service Salary Bands API" in dom

    screenshot = tmp_path / "docs.png"
    chromium("--window-size=1280,1600", f"--screenshot={screenshot}", f"{live_server}/docs")
    assert screenshot.stat().st_size > 10_000
    print(f"docs screenshot: {screenshot}")


def test_docs_page_loads_nothing_from_elsewhere(client):
    html = client.get("/docs").get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(url.startswith("/") for url in assets)
    for asset in assets:
        with client.get(asset) as response:
            assert response.status_code == 200
    with client.get("/static/docs.js") as response:
        assert "validatorUrl: null" in response.get_data(as_text=True)
