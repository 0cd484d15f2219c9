"""Fuzzing: schemathesis walks the API statefully (create, read, change, delete, with a valid key and
each resource's current ETag), hypothesis throws arbitrary bodies at the import and arbitrary query
strings at every list. No server error may come back, and the database must pass its integrity
checks afterwards. The number of cases run is printed at the end of the session."""

import json
import os
from urllib.parse import urlencode

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from api.extensions import db
from api.models import Change, Dataset, Role, SalaryBand
from tests.conftest import CASES_RUN, clear_tables, make_key, seed
from tests.test_contract import CONFIG, SPEC, AppUnderTest, BearerKey

STATEFUL_EXAMPLES = int(os.environ.get("STATEFUL_EXAMPLES", "40"))
CONDITIONAL = {"PUT", "PATCH", "DELETE"}

stateful_app = AppUnderTest()
stateful_schema = schemathesis.openapi.from_path(SPEC, config=CONFIG)
stateful_schema.app = stateful_app
stateful_schema.auth(refresh_interval=None)(BearerKey)  # the key, sent the way schemathesis knows is ours


class Workflow(stateful_schema.as_state_machine()):
    """Chains of calls along the spec's links, each write sent with the key and the current ETag."""

    app = client = None

    def setup(self):
        # Every scenario starts from the seed data, so a replayed scenario meets the same state.
        with self.app.app_context():
            clear_tables()
            seed()
        BearerKey.headers = make_key(self.app, "fuzzer", "write")

    def before_call(self, case):
        if case.method in CONDITIONAL:
            current = self.client.get(case.formatted_path)
            if current.status_code == 200:  # else the write answers 404 or 428, as it should
                case.headers["If-Match"] = current.headers["ETag"]

    def after_call(self, response, case):
        super().after_call(response, case)
        CASES_RUN["stateful calls"] = CASES_RUN.get("stateful calls", 0) + 1
        if case.method != "GET" and response.status_code < 300:
            CASES_RUN["stateful writes applied"] = CASES_RUN.get("stateful writes applied", 0) + 1
        assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:500]}"


def integrity_problems() -> list[str]:
    """What is wrong with the data as a whole; an empty list when nothing is."""
    problems = []
    if db.engine.dialect.name == "sqlite":
        problems += [f"sqlite: {row}" for row in db.session.execute(text("PRAGMA integrity_check")) if row[0] != "ok"]
        problems += [f"foreign key: {row}" for row in db.session.execute(text("PRAGMA foreign_key_check"))]
    bad_bands = db.session.scalar(
        select(func.count()).where((SalaryBand.salary_min > SalaryBand.salary_max) | (SalaryBand.salary_min < 1))
    )
    if bad_bands:
        problems.append(f"{bad_bands} bands break salary_min <= salary_max")
    version = db.session.scalar(select(Dataset.version))
    logged = db.session.scalar(select(func.max(Change.dataset_version))) or 0
    if logged > version:
        problems.append(f"the change log reaches version {logged}, past the dataset's {version}")
    versions = db.session.scalars(select(Change.dataset_version).order_by(Change.id)).all()
    if versions != sorted(versions):
        problems.append("the change log's versions go backwards")
    return problems


def every_resource_reads(client) -> None:
    for slug in db.session.scalars(select(Role.slug)):
        assert client.get(f"/v1/roles/{slug}").status_code == 200
    for band_id in db.session.scalars(select(SalaryBand.id)):
        assert client.get(f"/v1/salary-bands/{band_id}").status_code == 200
    for url in ("/v1/roles", "/v1/salary-bands", "/v1/industries", "/v1/skills", "/v1/changes"):
        assert client.get(url, headers=BearerKey.headers).status_code == 200


@pytest.mark.timeout(900)  # 40 scenarios of 8 steps, each from a freshly seeded database
def test_stateful_workflows_never_fail_and_leave_the_data_whole(app, client, writer):
    stateful_app.target = app
    Workflow.app, Workflow.client = app, client
    Workflow.run(
        settings=settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=8,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
    )
    with app.app_context():
        assert integrity_problems() == []
        assert db.session.scalar(select(func.count()).select_from(Change)) > 0  # the walk did write
        every_resource_reads(client)


IMPORT_COLUMNS = [
    "role_slug",
    "year",
    "geography",
    "geography_scope",
    "currency",
    "period",
    "salary_min",
    "salary_max",
    "provenance",
    "source_id",
    "id",
    "midpoint",
]
cell = st.one_of(
    st.text(max_size=12),
    st.integers(-(10**12), 10**12).map(str),
    st.sampled_from(
        ["customer-service-specialist", "2026", "US", "USD", "annual", "national", "1", "38500", "", "\x00"]
    ),
)


@st.composite
def import_bodies(draw):
    """CSV, JSON or NDJSON, from well-formed rows with wild values to plain garbage."""
    media_type = draw(st.sampled_from(["text/csv", "application/json", "application/x-ndjson"]))
    columns = draw(
        st.lists(st.sampled_from(IMPORT_COLUMNS) | st.text(max_size=6), min_size=1, max_size=11, unique=True)
    )
    rows = draw(st.lists(st.fixed_dictionaries({c: cell for c in columns}), max_size=5))
    if draw(st.integers(0, 9)) == 0:
        return media_type, draw(st.binary(max_size=200))
    if media_type == "text/csv":
        lines = [",".join(columns)] + [",".join(row.values()) for row in rows]
        return media_type, "\r\n".join(lines).encode("utf-8", "surrogatepass")
    values = st.one_of(cell, st.integers(), st.floats(allow_nan=False), st.none(), st.booleans())
    items = [{k: draw(values) for k in row} for row in rows]
    if media_type == "application/json":
        return media_type, json.dumps(items).encode()
    return media_type, "\n".join(json.dumps(item) for item in items).encode()


@settings(
    max_examples=int(os.environ.get("IMPORT_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=import_bodies(), dry_run=st.booleans())
def test_the_import_answers_any_body_with_a_clear_status(app, client, writer, body, dry_run):
    media_type, data = body
    response = client.post(
        f"/v1/salary-bands/import?dry_run={str(dry_run).lower()}",
        data=data,
        headers={**writer, "Content-Type": media_type},
    )
    CASES_RUN["import bodies"] = CASES_RUN.get("import bodies", 0) + 1
    assert response.status_code in {200, 400, 422}, response.get_data(as_text=True)
    if response.status_code != 200:
        assert response.mimetype == "application/problem+json" and response.get_json()["detail"]
    with app.app_context():
        assert integrity_problems() == []


LISTS = [
    "/v1/roles",
    "/v1/salary-bands",
    "/v1/industries",
    "/v1/skills",
    "/v1/sources",
    "/v1/areas",
    "/v1/market-wages",
    "/v1/salary-bands/compare",
    "/v1/career-ladder",
    "/v1/salary-bands/position",
]
PARAMETERS = [
    "limit",
    "offset",
    "cursor",
    "sort",
    "q",
    "role",
    "roles",
    "year",
    "years",
    "salary",
    "period",
    "hours_per_year",
    "industry",
    "skill",
    "level",
    "has_published_band",
    "soc_code",
    "geography",
    "currency",
    "pay_driver",
    "category",
    "area",
    "type",
    "usps",
    "salary_min_gte",
    "salary_max_lte",
]
query_value = st.one_of(
    st.text(max_size=20),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(
        ["-midpoint", "true", "hourly", "2026", "customer-service-specialist", "0", "-1", "1e999", "NaN", "\x00"]
    ),
)


@settings(
    max_examples=int(os.environ.get("QUERY_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    url=st.sampled_from(LISTS),
    params=st.lists(st.tuples(st.sampled_from(PARAMETERS) | st.text(max_size=8), query_value), max_size=4),
)
def test_any_query_string_gets_data_or_a_problem_never_a_crash(client, url, params):
    response = client.get(f"{url}?{urlencode(params)}")
    CASES_RUN["query strings"] = CASES_RUN.get("query strings", 0) + 1
    assert response.status_code in {200, 400, 404, 422}, response.get_data(as_text=True)
    if response.status_code != 200:
        assert response.mimetype == "application/problem+json"
