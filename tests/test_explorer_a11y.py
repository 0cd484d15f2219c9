"""The explorer as people meet it: axe-core finds nothing in its main states at desktop and phone width, the
numbers it shows are the API's, and typing a salary asks the API once."""

import json
from pathlib import Path

import pytest

from api.ingest.oews import import_files
from tests.conftest import missing
from tests.test_explorer import browser, drawn, ready  # noqa: F401 (browser is a fixture)

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BUSY = {
    "type": "about:blank",
    "title": "Service Unavailable",
    "status": 503,
    "detail": "The database is busy; try again in a moment.",
}


@pytest.fixture
def axe():
    """Runs axe-core (from npm) over a page; returns its violations as (rule, targets) pairs."""
    if not AXE.exists():
        missing("axe-core is missing: make lint runs npm ci before the tests", "run npm ci for axe-core")

    def run(page, **options):
        page.add_script_tag(path=AXE)
        options = options or {"runOnly": {"type": "tag", "values": WCAG}}
        return page.evaluate(
            "(options) => axe.run(document, options).then((result) => result.violations.map("
            "(v) => [v.id, v.nodes.map((node) => node.target.join(' '))]))",
            options,
        )

    return run


def open_explorer(browser, live_server, width):  # noqa: F811
    # axe is injected as a script, which the page's CSP (script-src 'self') would refuse.
    page = browser.new_page(viewport={"width": width, "height": 900}, bypass_csp=True)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server}/explorer")
    ready(page)
    return page, errors


def settle(page):
    """Waits until the page has asked for and drawn the controls' current state."""
    page.wait_for_timeout(500)  # past the debounce
    ready(page)


def problem(route):
    """Answers a routed request as the API answers when its database is busy."""
    route.fulfill(status=BUSY["status"], content_type="application/problem+json", body=json.dumps(BUSY))


@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_violation_in_the_explorers_states(browser, axe, market, live_server, tmp_path, width):  # noqa: F811
    page, errors = open_explorer(browser, live_server, width)
    found = {"initial": axe(page)}
    page.screenshot(path=tmp_path / f"initial-{width}.png", full_page=True)

    page.select_option("#level", "front-line")
    page.fill("#salary", "45000")
    drawn(page, "#chart text.label-min", "$38,500")
    page.wait_for_selector("#chart text.salary-label", state="attached")
    found["role and salary"] = axe(page)

    page.select_option("#area", "06")
    drawn(page, "#chart text.label-min", "$42,959")
    found["area"] = axe(page)
    page.screenshot(path=tmp_path / f"area-{width}.png", full_page=True)

    page.route("**/v1/roster", problem)
    page.fill("#salary", "46000")
    page.wait_for_selector("#error:not([hidden])")
    found["error"] = axe(page)
    page.screenshot(path=tmp_path / f"error-{width}.png", full_page=True)
    assert found == {"initial": [], "role and salary": [], "area": [], "error": []}
    assert errors == []
    print(f"explorer screenshots ({width} px): {tmp_path}")


def test_the_docs_page_has_no_colour_contrast_violation(browser, axe, live_server):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page.goto(f"{live_server}/docs")
    page.wait_for_selector(".opblock-summary-method", timeout=20000)
    assert axe(page, runOnly={"type": "rule", "values": ["color-contrast"]}) == []


def test_with_an_area_the_salary_is_measured_against_the_band_drawn(browser, market, live_server, client):  # noqa: F811
    page, errors = open_explorer(browser, live_server, 1280)
    page.fill("#salary", "45000")
    page.select_option("#area", "06")
    drawn(page, "#chart text.label-min", "$42,959")
    page.wait_for_function("() => document.querySelector('#chart text.salary-label')?.textContent.includes('0.9271')")
    localized = client.get("/v1/salary-bands/1/localized?area=06").get_json()
    position = client.get("/v1/salary-bands/1/position?salary=45000&area=06").get_json()
    specialist = page.locator('#chart g[data-role="customer-service-specialist"]')
    assert specialist.locator("text.label-min").text_content() == f"${localized['salary_min']:,}"
    assert specialist.locator("text.label-max").text_content() == f"${localized['salary_max']:,}"
    label = specialist.locator("text.salary-label").text_content()
    assert label.endswith(f"compa-ratio {position['compa_ratio']}") and "1.0345" not in label  # not the national band's
    assert f"compa-ratio {position['compa_ratio']}" in page.locator("#table tbody tr").first.text_content()
    assert f"compa-ratio {position['compa_ratio']}" in page.text_content("#status")  # what a screen reader hears
    assert "Estimate for California" in page.text_content("#legend")
    assert errors == []


@pytest.fixture
def unpublished_percentiles(app, restore, oews_extract, tmp_path):
    """The BLS extract with California's 25th percentile not released (`*`) and its 90th top-coded (`#`)."""
    lines = oews_extract.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    for index, line in enumerate(lines):
        cells = line.split(",")
        if cells[0] == "06" and "43-4051" in line:
            for column, marker in (("A_PCT25", "*"), ("H_PCT25", "*"), ("A_PCT90", "#"), ("H_PCT90", "#")):
                cells[header.index(column)] = marker
            lines[index] = ",".join(cells)
    extract = tmp_path / "oews.csv"
    extract.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with app.app_context():
        import_files([extract], 2024)


def test_a_percentile_the_survey_does_not_publish_reads_not_published(browser, unpublished_percentiles, live_server):  # noqa: F811
    page, errors = open_explorer(browser, live_server, 1280)
    page.select_option("#area", "06")
    drawn(page, "#chart text.label-min", "$42,959")
    specialist = page.locator('#chart g[data-role="customer-service-specialist"]')
    assert specialist.locator("text.label-market").text_content() == "· 10th–90th $37,340 – not published"
    assert specialist.locator("rect.market, rect.market-iqr").count() == 0  # no band of the market is drawn
    assert specialist.locator("line.median").count() == 1
    row = page.locator("#table tbody tr").first.text_content()
    assert "$37,340 – not published" in row
    assert "$0" not in page.text_content("#chart") + page.text_content("#table")
    assert errors == []


def test_typing_a_salary_asks_once_and_unchanged_figures_are_kept(browser, live_server):  # noqa: F811
    page, errors = open_explorer(browser, live_server, 1280)
    asked = []
    page.on(
        "request",
        lambda request: (
            asked.append(f"{request.method} {request.url.split('/v1/')[-1]}") if "/v1/" in request.url else None
        ),
    )
    page.type("#salary", "45000", delay=80)  # five keystrokes, each before the debounce runs out
    page.wait_for_selector("#chart text.salary-label", state="attached")
    settle(page)
    assert asked == ["POST roster"]  # every band's position in one call; roles and bands were kept

    asked.clear()
    page.fill("#salary", "")
    page.type("#salary", "52000", delay=80)
    drawn(page, "#chart text.salary-label", "Your $52,000: above the band · compa-ratio 1.1954")
    settle(page)
    assert asked == ["POST roster"]

    asked.clear()
    page.select_option("#period", "hourly")
    drawn(page, "#chart text.label-min", "$18.51")
    page.select_option("#period", "annual")
    drawn(page, "#chart text.label-min", "$38,500")
    settle(page)
    assert asked == ["GET salary-bands?period=hourly&limit=100&sort=year", "POST roster"]  # annual was kept
    assert errors == []


def test_a_salary_implausible_for_its_period_gets_a_hint_and_an_arrow(browser, live_server):  # noqa: F811
    page, errors = open_explorer(browser, live_server, 390)
    page.select_option("#period", "hourly")
    page.fill("#salary", "45000")
    page.wait_for_selector("#salary-hint:not([hidden])")
    ready(page)
    assert "is the period right?" in page.text_content("#salary-hint")
    assert page.locator("#chart path.off-scale").count() == 3  # drawn at the edge, not past it
    assert page.locator("#chart line.salary-marker").count() == 0
    assert "off the scale, right" in page.locator("#chart g[data-role='customer-service-specialist']").text_content()
    assert "is the period right?" in page.text_content("#status")
    assert errors == []


def test_an_error_shows_its_detail_keeps_the_chart_and_retries(browser, live_server):  # noqa: F811
    page, errors = open_explorer(browser, live_server, 1280)
    page.route("**/v1/roles?*", problem)
    page.select_option("#level", "senior")
    page.wait_for_selector("#error:not([hidden])")
    assert page.text_content("#error-text") == f"Could not load the chart: {BUSY['detail']}"
    assert page.locator("#chart rect.band").count() == 3  # what was drawn stays drawn
    page.unroute("**/v1/roles?*")
    page.click("#retry")
    page.wait_for_function("() => document.querySelectorAll('#chart text.none').length === 1")
    assert page.is_hidden("#error") and page.locator("#chart rect.band").count() == 0
    assert errors == []


def test_a_failed_citation_does_not_blank_the_chart(browser, live_server):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.route("**/v1/sources/*", problem)
    page.goto(f"{live_server}/explorer")
    ready(page)
    page.wait_for_function("() => document.getElementById('source').textContent.includes('could not be loaded')")
    assert page.locator("#chart rect.band").count() == 3 and page.is_hidden("#error")
    assert "2026 Salary Guide From Robert Half" in page.text_content("#source")


def test_areas_past_the_first_page_are_offered(browser, market, live_server):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})

    def first_page_of_50(route):
        answer = route.fetch()
        body = answer.json()
        body["data"], body["pagination"]["next"] = body["data"][:50], "/v1/areas?limit=100&offset=50"
        route.fulfill(response=answer, json=body)

    page.route("**/v1/areas?limit=100", first_page_of_50)
    page.goto(f"{live_server}/explorer")
    ready(page)
    options = page.locator("#area option").all_text_contents()
    assert len(options) == 55 and {"Alabama", "Wyoming", "Virgin Islands"} <= set(options)  # and "United States"


def test_an_industry_filter_that_cannot_narrow_is_hidden_and_says_why(browser, live_server):  # noqa: F811
    page, errors = open_explorer(browser, live_server, 1280)
    assert page.is_hidden("#industry-control")
    assert "every role in all 4 of its industries" in page.text_content("#industry-note")
