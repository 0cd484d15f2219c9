"""Responses stay bounded however many bands there are (issue #14, finding 3).

A few thousand bands for one role and a few dozen extra roles, written with the bulk writer, stand
in for the million: the shapes are asserted (embedded lists capped, counts bounded, links given,
chart rows capped) and so is the work (bands the ORM loads, statements run), never timings.
"""

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event, insert, select, update

from api.domain import chart
from api.extensions import db
from api.ingest.bulk import InsertBulk
from api.models import Dataset, Role, SalaryBand
from api.models.api_key import utcnow
from api.store import queries
from tests.helpers import get_ok

CROWDED = "call-center-specialist"  # the seed gives it one band; the fixture adds BANDS more
BANDS = 3000
EXTRA_ROLES = 50  # more roles than the chart draws


def crowd(app) -> None:
    """BANDS more bands for one role (200 years x 15 geographies) and EXTRA_ROLES more roles."""
    with app.app_context():
        role_id = db.session.scalar(select(Role.id).where(Role.slug == CROWDED))
        rows = [
            {
                "role_id": role_id,
                "source_id": 1,
                "year": 1900 + year,
                "geography": f"X{chr(65 + geo)}",
                "geography_scope": "national",
                "currency": "USD",
                "period": "annual",
                "salary_min": 30000 + year,
                "salary_max": 40000 + year,
                "provenance": "synthetic",
            }
            for year in range(200)
            for geo in range(15)
        ]
        InsertBulk.create_bands(rows)
        db.session.execute(
            insert(Role),
            [
                {
                    "slug": f"extra-role-{n}",
                    "title": f"Extra role {n}",
                    "level": "front-line",
                    "summary": "synthetic",
                    "responsibilities": [],
                    "provenance": "synthetic",
                    "source_id": 1,
                }
                for n in range(EXTRA_ROLES)
            ],
        )
        # A new dataset version, so no cached body from before the bands can answer.
        db.session.execute(update(Dataset).values(version=Dataset.version + 1, changed_at=utcnow()))
        db.session.commit()


@pytest.fixture
def crowded(app, restore):
    crowd(app)


@pytest.fixture
def uncached(more_apps):
    """A client of an app on the same database without the response cache, so every request does its work."""
    return more_apps(RESPONSE_CACHE=False).test_client()


@contextmanager
def loaded_bands():
    """The ids of the SalaryBand rows the ORM loads inside the block."""
    loaded = []

    def count(band, _context):
        loaded.append(band.id)

    event.listen(SalaryBand, "load", count)
    try:
        yield loaded
    finally:
        event.remove(SalaryBand, "load", count)


@contextmanager
def statements(client):
    """The SQL statements the client's app runs inside the block."""
    with client.application.app_context():
        engine = db.engine
    ran = []

    def record(_conn, _cursor, statement, *_args):
        ran.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield ran
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_role_embeds_at_most_the_cap_with_a_count_and_a_link(crowded, uncached):
    role = get_ok(uncached, f"/v1/roles/{CROWDED}")
    assert len(role["salary_bands"]) == queries.EMBEDDED_BANDS
    assert role["salary_band_count"] == BANDS + 1
    assert role["salary_bands_url"] == f"/v1/salary-bands?role={CROWDED}&sort=-year"
    first_page = get_ok(uncached, role["salary_bands_url"])
    newest = [band["year"] for band in role["salary_bands"]]
    assert newest == [2099] * 15 + [2098] * 5 == [band["year"] for band in first_page["data"]]
    assert role["has_published_band"] is True


def test_a_role_without_bands_says_so_with_a_zero_count(crowded, uncached):
    role = get_ok(uncached, "/v1/roles/account-manager")
    assert role["salary_bands"] == [] and role["salary_band_count"] == 0 and role["has_published_band"] is False


def test_role_detail_loads_no_more_bands_than_it_shows(app, restore, uncached):
    with loaded_bands() as few, statements(uncached) as few_statements:
        get_ok(uncached, f"/v1/roles/{CROWDED}")
    crowd(app)
    with loaded_bands() as many, statements(uncached) as many_statements:
        get_ok(uncached, f"/v1/roles/{CROWDED}")
    assert len(few) == 1 and len(many) == queries.EMBEDDED_BANDS
    assert len(many_statements) == len(few_statements)


def test_the_role_list_loads_no_bands(crowded, uncached):
    with loaded_bands() as loaded, statements(uncached) as two:
        page = get_ok(uncached, "/v1/roles?limit=2")
    assert loaded == []
    assert [role["has_published_band"] for role in page["data"]] == [True, True]
    with statements(uncached) as hundred:
        page = get_ok(uncached, "/v1/roles?limit=100")
    assert len(hundred) == len(two)  # one EXISTS in the roles' SELECT, not a query per role
    flags = {role["slug"]: role["has_published_band"] for role in page["data"]}
    assert flags["account-manager"] is False and flags["extra-role-0"] is False and flags[CROWDED] is True


def test_counts_stop_at_the_cap(crowded, uncached, monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 1000)
    page = get_ok(uncached, f"/v1/salary-bands?role={CROWDED}&limit=100")
    assert page["pagination"]["total"] is None and len(page["data"]) == 100
    assert "offset=100" in page["pagination"]["next"]
    last = get_ok(uncached, f"/v1/salary-bands?role={CROWDED}&limit=100&offset={BANDS - 99}")
    assert len(last["data"]) == 100 and last["pagination"]["next"] is None
    assert get_ok(uncached, f"/v1/roles/{CROWDED}")["salary_band_count"] is None
    small = get_ok(uncached, "/v1/salary-bands?role=customer-service-manager")
    assert small["pagination"]["total"] == 1 and small["pagination"]["next"] is None


def test_a_roles_band_list_is_its_bands_in_id_order_however_filtered(crowded, uncached, app):
    with app.app_context():
        role_id = db.session.scalar(select(Role.id).where(Role.slug == CROWDED))
        bands = db.session.execute(
            select(SalaryBand.id, SalaryBand.year, SalaryBand.salary_min)
            .where(SalaryBand.role_id == role_id)
            .order_by(SalaryBand.id)
        ).all()
    ids = [band.id for band in bands]

    def listed(query):
        return [band["id"] for band in get_ok(uncached, f"/v1/salary-bands?role={CROWDED}&limit=100&{query}")["data"]]

    assert listed("offset=0") == ids[:100] and listed("offset=1000") == ids[1000:1100]
    assert listed(f"after={ids[1500]}") == ids[1501:1601]
    assert listed("year=1950") == [band.id for band in bands if band.year == 1950][:100]  # another index
    assert listed("salary=31950") == [band.id for band in bands if band.salary_min <= 31950][:100]  # a filter
    assert get_ok(uncached, "/v1/salary-bands?role=no-such-role")["data"] == []


def test_a_count_reads_no_further_than_the_cap(crowded, uncached):
    with statements(uncached) as ran:
        get_ok(uncached, "/v1/salary-bands?limit=1")
    [count] = [sql for sql in ran if "count(" in sql.lower()]
    assert re.search(r"\bLIMIT\b", count, re.IGNORECASE)


def test_the_chart_draws_at_most_the_cap_and_says_more_match(crowded, uncached):
    with loaded_bands() as loaded:
        response = uncached.get("/v1/salary-bands/chart.svg")
    assert response.status_code == 200
    svg = response.get_data(as_text=True)
    drawn = svg.count('class="band"') + svg.count('class="no-band"')
    assert drawn == chart.CHART_ROWS
    assert '<a class="more" href="/v1/roles">' in svg
    assert len(loaded) <= chart.CHART_ROWS  # the latest band of each role drawn, not every band


def test_the_chart_draws_each_roles_latest_band(crowded, uncached):
    svg = uncached.get("/v1/salary-bands/chart.svg?level=management").get_data(as_text=True)
    assert svg.count('class="band"') == 1 and 'class="more"' not in svg
    assert "$57,000" in svg and "$81,250" in svg


def test_the_spec_documents_the_caps(client):
    spec = get_ok(client, "/openapi.json")
    detail = spec["components"]["schemas"]["RoleDetail"]
    assert detail["properties"]["salary_bands"]["maxItems"] == queries.EMBEDDED_BANDS
    assert {"salary_band_count", "salary_bands_url"} <= set(detail["required"])


def test_refusing_to_delete_a_crowded_role_names_its_bands_by_link(crowded, uncached, app):
    from tests.conftest import make_key

    url = f"/v1/roles/{CROWDED}"
    headers = {**make_key(app, "hr-tool", "write"), "If-Match": uncached.get(url).headers["ETag"]}
    with loaded_bands() as loaded:
        response = uncached.delete(url, headers=headers)
    assert response.status_code == 409
    assert f"/v1/salary-bands?role={CROWDED}" in response.get_json()["detail"]
    assert len(response.get_data()) < 1000 and len(loaded) <= queries.EMBEDDED_BANDS  # the ETag: the detail view


@pytest.mark.parametrize(
    "sort", ["salary_min", "-salary_min", "salary_max", "-salary_max", "midpoint", "-midpoint", "year", "-year"]
)
def test_sorted_band_lists_keep_their_order_ties_by_id_reversed_with_the_sort(crowded, uncached, app, sort):
    # The crowded role's bands tie 15 at a time on every sort column (15 geographies a year), so pages
    # cut through ties both ways; the sorts are read from indexes, which must not change the order. A
    # descending sort is the ascending one reversed, ties included.
    with app.app_context():
        role_id = db.session.scalar(select(Role.id).where(Role.slug == CROWDED))
        bands = db.session.execute(
            select(SalaryBand.id, SalaryBand.role_id, SalaryBand.year, SalaryBand.salary_min, SalaryBand.salary_max)
        ).all()
    column, descending = sort.lstrip("-"), sort.startswith("-")

    def key(band):
        value = band.salary_min + band.salary_max if column == "midpoint" else getattr(band, column)
        return (-value, -band.id) if descending else (value, band.id)

    def listed(query):
        return [band["id"] for band in get_ok(uncached, f"/v1/salary-bands?sort={sort}&limit=100&{query}")["data"]]

    everyone = [band.id for band in sorted(bands, key=key)]
    role = [band.id for band in sorted((band for band in bands if band.role_id == role_id), key=key)]
    assert listed("offset=0") == everyone[:100] and listed("offset=1507") == everyone[1507:1607]
    assert listed(f"role={CROWDED}") == role[:100] and listed(f"role={CROWDED}&offset=2993") == role[2993:3001]


def test_comparing_a_crowded_role_refuses_without_loading_every_band(crowded, uncached, app):
    from datetime import date

    from api.schemas.pay import MAX_COMPARED

    # Two more bands a year in one geography (later in each year), so 600 match there: past the cap.
    with app.app_context():
        role_id = db.session.scalar(select(Role.id).where(Role.slug == CROWDED))
        base = {"role_id": role_id, "source_id": 1, "geography": "XA", "geography_scope": "national"}
        rows = [
            {
                **base,
                "year": year,
                "currency": "USD",
                "period": "annual",
                "salary_min": 30000,
                "salary_max": 40000,
                "provenance": "synthetic",
                "effective_from": date(year, month, 1),
            }
            for year in range(1900, 2100)
            for month in (4, 10)
        ]
        InsertBulk.create_bands(rows)
        db.session.execute(update(Dataset).values(version=Dataset.version + 1, changed_at=utcnow()))
        db.session.commit()
    with loaded_bands() as loaded:
        response = uncached.get(f"/v1/salary-bands/compare?roles={CROWDED}&geography=XA")
    assert response.status_code == 422
    assert "narrow with `years` or `source`" in response.get_json()["errors"][0]["message"]
    assert len(loaded) <= MAX_COMPARED + 1  # the 422 reads one band past the cap, not all 600
