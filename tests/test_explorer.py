"""The band explorer page in a real browser, and the same chart as server-side SVG."""

import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import missing

SVG_NS = "{http://www.w3.org/2000/svg}"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def svg(client, query=""):
    response = client.get(f"/v1/salary-bands/chart.svg{query}")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    return ET.fromstring(response.data)  # raises unless it is well-formed XML


def texts(root):
    return [node.text for node in root.iter(f"{SVG_NS}text")]


def test_svg_has_one_bar_per_published_band_with_its_figures(client):
    root = svg(client)
    bars = root.findall(f".//{SVG_NS}rect[@class='band']")
    assert [bar.get("data-role") for bar in bars] == [
        "customer-service-specialist",
        "call-center-specialist",
        "customer-service-manager",
    ]
    assert len(root.findall(f".//{SVG_NS}line[@class='midpoint']")) == 3
    labels = texts(root)
    # Each band's figures are one line of text: two labels at a narrow bar's ends ran together ("$38,500$48,500").
    assert [text for text in labels if " – " in text] == [
        "$38,500 – $48,500 · midpoint $43,500",
        "$34,750 – $47,000 · midpoint $40,875",
        "$57,000 – $81,250 · midpoint $69,125",
    ]
    assert labels.count("No published band") == 3
    assert any("Source: 2026 Salary Guide From Robert Half" in text for text in labels)


def test_svg_draws_a_labelled_scale_and_marks_that_keep_3_to_1(client):
    root = svg(client)
    ticks = [node.text for node in root.iter(f"{SVG_NS}text") if node.get("class") == "tick"]
    assert ticks == ["$30,000", "$40,000", "$50,000", "$60,000", "$70,000", "$80,000", "$90,000"]
    assert root.findall(f".//{SVG_NS}line[@class='grid']")  # gridlines behind the bars
    assert {line.get("stroke") for line in root.findall(f".//{SVG_NS}line[@class='midpoint']")} == {"#ffffff"}
    assert any("starts at $30,000, not zero" in text for text in texts(root))
    # A row without a band is one line high, not a full row.
    rows = [float(node.get("y")) for node in root.iter(f"{SVG_NS}text") if node.get("x") == "16"][1:7]
    assert rows[3] - rows[2] < rows[1] - rows[0]


def test_svg_follows_the_filters_and_the_period(client):
    assert "$18.51 – $23.32 · midpoint $20.91" in texts(svg(client, "?period=hourly"))
    senior = svg(client, "?level=senior")
    assert senior.findall(f".//{SVG_NS}rect[@class='band']") == [] and "No published band" in texts(senior)
    assert len(svg(client, "?industry=retail&level=management").findall(f".//{SVG_NS}rect[@class='band']")) == 1


def test_the_page_loads_nothing_from_elsewhere(client):
    with client.get("/explorer") as response:
        html = response.get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(url.startswith(("/", "data:")) for url in assets)
    for asset in (
        "/explorer/explorer.js",
        "/explorer/data.js",
        "/explorer/chart.js",
        "/explorer/roster.js",
        "/explorer/explorer.css",
    ):
        with client.get(asset) as response:
            assert response.status_code == 200
            assert "http" not in response.get_data(as_text=True).replace("http://www.w3.org/2000/svg", "")
    # Every control sits inside its <label>, so screen readers name it and a click on the text focuses it.
    controls = re.findall(r"<label[^>]*>[^<]*<(select|input)", html)
    assert len(controls) == html.count("<select") + html.count("<input") == 6  # 5 chart controls, the roster file


@pytest.fixture
def browser():
    if CHROMIUM is None:
        missing(
            "Chromium is missing; .ci/run installs Debian's chromium package",
            "Chromium is not installed on this machine (apt-get install chromium)",
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def ready(page):
    page.wait_for_selector('#chart[data-ready="true"]', timeout=20000)


def drawn(page, selector, text):
    """Wait until the first `selector` in the chart reads `text` (the page redraws after each change)."""
    page.wait_for_function(
        "([selector, text]) => document.querySelector(selector)?.textContent === text",
        arg=[selector, text],
        timeout=20000,
    )
    ready(page)


# `market` before `live_server`: fixtures stop in reverse, so the server is down before the data is reset.
def test_the_explorer_draws_the_apis_numbers_and_follows_its_controls(browser, market, live_server, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server}/explorer")
    ready(page)
    assert page.locator("#chart rect.band").count() == 3
    assert page.locator("#chart text.label-min").all_text_contents() == ["$38,500", "$34,750", "$57,000"]
    assert page.locator("#chart text.label-max").all_text_contents() == ["$48,500", "$47,000", "$81,250"]
    assert page.locator("#chart text.none").count() == 3
    assert page.locator("#table tbody tr").count() == 6
    assert "2026 Salary Guide From Robert Half" in page.text_content("#source")
    page.screenshot(path=tmp_path / "explorer-desktop.png", full_page=True)

    page.select_option("#period", "hourly")
    drawn(page, "#chart text.label-min", "$18.51")
    assert page.locator("#chart text.label-min").all_text_contents() == ["$18.51", "$16.71", "$27.40"]

    page.fill("#salary", "22.50")  # redrawn once typing pauses
    page.wait_for_selector("#chart line.salary-marker", state="attached", timeout=20000)
    ready(page)
    assert page.locator("#chart line.salary-marker").count() == 3
    assert page.locator("#chart text.salary-label").first.text_content().endswith("compa-ratio 1.0759")

    page.select_option("#area", "06")
    drawn(page, "#chart text.label-min", "$42,959")
    assert page.locator("#chart text.label-min").first.text_content() == "$42,959"
    assert page.locator("#chart text.label-max").first.text_content() == "$54,117"
    assert page.locator("#chart rect.market").count() == 3  # the three banded roles with a SOC code
    assert "estimates, not published by the guide" in page.text_content("#source")

    page.select_option("#level", "senior")
    page.wait_for_function("() => document.querySelectorAll('#chart text.none').length === 1", timeout=20000)
    ready(page)
    assert page.locator("#chart rect.band").count() == 0 and page.locator("#chart text.none").count() == 1

    page.set_viewport_size({"width": 390, "height": 844})
    page.select_option("#level", "")
    page.wait_for_function("() => document.querySelectorAll('#chart rect.band').length === 3", timeout=20000)
    ready(page)
    assert page.locator("#chart rect.band").count() == 3
    page.screenshot(path=tmp_path / "explorer-phone.png", full_page=True)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") in ("A", "SELECT")
    assert errors == []
    page.close()
    print(f"explorer screenshots: {tmp_path / 'explorer-desktop.png'}, {tmp_path / 'explorer-phone.png'}")


def test_a_dropped_roster_is_placed_against_the_bands(browser, live_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server}/explorer")
    ready(page)
    roster = (
        "reference,role,salary\nE-1,customer-service-specialist,45000\n"
        "<b>E-2</b>,customer-service-manager,50000\nE-3,astronaut,45000\n"
    )
    page.set_input_files(
        "#roster-file", files=[{"name": "team.csv", "mimeType": "text/csv", "buffer": roster.encode()}]
    )
    page.wait_for_function(
        "() => document.getElementById('roster-status').textContent.includes('placed,')", timeout=20000
    )
    assert page.text_content("#roster-status") == "2 placed, 1 not placed."
    cells = [row.locator("td").all_text_contents() for row in page.locator("#roster-table tbody tr").all()]
    assert cells[0][1:7] == ["E-1", "customer-service-specialist", "45000", "38500 – 48500", "1.0345", "within"]
    assert cells[1][1] == "<b>E-2</b>" and cells[1][6] == "below"  # shown as text, never as markup
    assert cells[2][7] == "No role 'astronaut'."
    assert page.locator("#roster-summary tbody tr").count() == 2
    assert errors == []
    page.close()
