"""Import safety: one number grammar, the database's limits in the dry run too, bounded reading of any
body, a quick 503 for writers queued behind the lock, and no lost updates (issue #14, #19 §1)."""

import csv
import io
import json
import time

import pycountry
import pytest
from sqlalchemy import create_engine, text

from tests.helpers import assert_problem, get_ok, own_band, own_source
from tests.test_imports import CSV, add_row, edit, export_csv, post, state

JSON = {"Content-Type": "application/json"}
COUNTRIES = [country.alpha_2 for country in pycountry.countries]
ROW = {
    "role_slug": "account-manager",
    "source_id": 1,
    "year": 2026,
    "geography": "US",
    "geography_scope": "national",
    "currency": "USD",
    "period": "annual",
    "salary_min": 60000,
    "salary_max": 90000,
    "provenance": "HR band",
}


@pytest.fixture(autouse=True)
def team_source(request, monkeypatch):
    """ROW's bands go under a source of the team's own: the guide's bands are read-only."""
    if "client" in request.fixturenames:
        client, writer = request.getfixturevalue("client"), request.getfixturevalue("writer")
        monkeypatch.setitem(ROW, "source_id", own_source(client, writer))


def one_row_csv(**values) -> str:
    row = {**ROW, **values}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row), lineterminator="\r\n")
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue()


# --- #14 finding 6: the import reads numbers with the shared grammar -------------------------------


@pytest.mark.parametrize(
    ("field", "value"), [("salary_min", 38500.9), ("year", 2031.9), ("salary_max", 90000.0), ("source_id", True)]
)
def test_json_numbers_that_are_not_whole_are_422_naming_row_and_field(client, writer, field, value):
    before = state(client)
    body = json.dumps([ROW, {**ROW, "year": 2027, field: value}])
    problem = assert_problem(post(client, body, {**writer, **JSON}), 422)
    assert [(e["row"], e["field"]) for e in problem["errors"]] == [(2, field)]
    assert state(client) == before


@pytest.mark.parametrize("value", ["1_000", "١٠٠", " 100 ", "+200", "100\n", "1e3", "0x10", "５０"])
@pytest.mark.parametrize("field", ["salary_min", "year", "source_id"])
def test_csv_numbers_outside_the_grammar_are_422(client, writer, field, value):
    before = state(client)
    problem = assert_problem(post(client, one_row_csv(**{field: value}), {**writer, **CSV}), 422)
    assert (1, field) in {(e["row"], e["field"]) for e in problem["errors"]}
    assert state(client) == before


# --- #14 finding 5: a dry run checks what the real import checks, database limits included -----------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("geography_scope", "a" * 20 + "\n"),  # passes a `$` pattern; 21 characters overflow varchar(20)
        ("geography_scope", "a" * 21),
        ("provenance", "red \x1b[31m text"),
        ("provenance", "a\u0085b"),
        ("role_slug", "account-manager\n"),
        ("currency", "USD\n"),
    ],
)
@pytest.mark.parametrize("dry_run", [True, False])
def test_text_that_the_database_would_refuse_or_that_carries_control_characters_is_422(
    client, writer, field, value, dry_run
):
    before = state(client)
    response = post(client, one_row_csv(**{field: value}), {**writer, **CSV}, f"?dry_run={str(dry_run).lower()}")
    problem = assert_problem(response, 422)
    assert [(e["row"], e["field"]) for e in problem["errors"]] == [(1, field)]
    assert state(client) == before


def test_a_dry_run_answers_what_the_import_then_does(client, writer):
    first = int(own_band(client, writer).rsplit("/", 1)[1])  # row 4, after the guide's three
    text = edit(export_csv(client), 3, salary_max=49000)
    text = add_row(text, role_slug="account-manager", year="2026", source_id=ROW["source_id"])
    dry = post(client, text, {**writer, **CSV}, "?dry_run=true").get_json()
    real = post(client, text, {**writer, **CSV}).get_json()
    assert (
        [dry[k] for k in ("rows", "created", "updated", "unchanged")]
        == [real[k] for k in ("rows", "created", "updated", "unchanged")]
        == [5, 1, 1, 3]
    )
    update = next(change for change in dry["changes"] if change["action"] == "update")
    assert update == {
        "row": 4,
        "id": first,
        "action": "update",
        "before": {"salary_max": 48500},
        "after": {"salary_max": 49000},
    }


# --- #14 finding 4: any nesting depth is a 4xx --------------------------------------------------------


@pytest.mark.parametrize("content_type", ["application/json", "application/x-ndjson"])
@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_a_body_nested_fifty_thousand_deep_is_400(client, writer, content_type, opening):
    before = state(client)
    depth = 50_000
    body = "[" + opening * depth + "1" + ("]" if opening == "[" else "}") * depth + "]"
    if content_type == "application/x-ndjson":
        body = body[1:-1]
    problem = assert_problem(post(client, body, {**writer, "Content-Type": content_type}), 400)
    assert "nested too deeply" in problem["detail"]
    assert state(client) == before


def test_a_row_nesting_objects_deeper_than_a_row_does_is_400(client, writer):
    deep = {**ROW, "role": {"slug": {"a": {"b": {"c": 1}}}}}
    assert_problem(post(client, json.dumps([deep]), {**writer, **JSON}), 400)


# --- #14 finding 10: bounded reading, capped errors, a quick 503 behind the lock -------------------


class CountingBody(io.RawIOBase):
    """A large request body made on the fly, counting how much of it the server reads."""

    def __init__(self, lines, size: int):
        self.lines, self.pending, self.read_bytes, self.size, self.position = iter(lines), b"", 0, size, 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, offset, whence=io.SEEK_SET):  # only the test client's length probe, before any read
        self.position = self.size if whence == io.SEEK_END else offset
        return self.position

    def tell(self):
        return self.position

    def readinto(self, buffer):
        while len(self.pending) < len(buffer):
            line = next(self.lines, None)
            if line is None:
                break
            self.pending += line.encode()
        count = min(len(buffer), len(self.pending))
        buffer[:count], self.pending = self.pending[:count], self.pending[count:]
        self.read_bytes += count
        return count


def test_an_invalid_file_stops_at_the_error_cap_without_reading_the_rest(client, writer):
    before = state(client)
    rows = 200_000
    header = "role_slug,year,geography,geography_scope,currency,period,salary_min,salary_max,provenance,source_id\r\n"
    line = "account-manager,2026,US,national,USD,annual,abc,90000,HR,1\r\n"
    size = len(header) + len(line) * rows
    body = CountingBody([header] + [line] * rows, size)
    response = client.post("/v1/salary-bands/import", input_stream=body, headers={**writer, **CSV})
    problem = assert_problem(response, 422)
    assert problem["detail"].startswith("At least 1000 error(s) in the first 1000 rows (reading stopped there)")
    assert len(problem["errors"]) == 1000 and problem["errors"][-1]["row"] == 1000
    assert state(client) == before


@pytest.mark.parametrize("media_type", ["text/csv", "application/json", "application/x-ndjson"])
def test_rows_are_read_one_at_a_time_from_the_stream(media_type):
    from api.ingest.stream import rows as read_rows

    count = 200_000
    if media_type == "text/csv":
        lines = ["role_slug,year\r\n"] + ["account-manager,2026\r\n"] * count
    elif media_type == "application/json":
        lines = ['{"data": ['] + ['{"role_slug": "account-manager", "year": 2026},\n'] * (count - 1) + ["{}]}"]
    else:
        lines = ['{"role_slug": "account-manager", "year": 2026}\n'] * count
    size = sum(len(line) for line in lines)
    body = CountingBody(lines, size)
    reader = read_rows(body, media_type)
    assert next(reader) == {"role_slug": "account-manager", "year": "2026" if media_type == "text/csv" else 2026}
    assert body.read_bytes <= 2 * 64 * 1024 < size / 20  # a chunk or two, not the body
    assert sum(1 for _ in reader) == count - 1 and body.read_bytes == size


@pytest.mark.parametrize("content_type", ["application/json", "application/x-ndjson"])
def test_large_json_bodies_stream_across_chunk_boundaries(client, writer, content_type):
    rows = [
        {
            **ROW,
            "year": 1900 + n % 200,
            "geography": COUNTRIES[n // 200],
            "salary_min": 10_000 + n,
            "salary_max": 20_000 + n,
            "provenance": "x" * (1 + n % 97),
        }
        for n in range(2000)
    ]
    items = [json.dumps(row, separators=(",", ":")) for row in rows]
    body = ("[" + ",\n ".join(items) + "]") if content_type == "application/json" else "\n".join(items)
    assert len(body) > 3 * 64 * 1024
    result = post(client, body, {**writer, "Content-Type": content_type}).get_json()
    assert (result["rows"], result["created"]) == (len(rows), len(rows))
    broken = body[: len(body) // 2] + "\x01" + body[len(body) // 2 :]  # invalid in and out of strings
    assert_problem(post(client, broken, {**writer, "Content-Type": content_type}), 400)


def test_a_list_response_with_its_pagination_imports(client, writer):
    page = client.get("/v1/salary-bands?limit=2").get_data(as_text=True)
    assert json.loads(page)["pagination"]["next"]
    result = post(client, page, {**writer, **JSON}).get_json()
    assert (result["rows"], result["unchanged"]) == (2, 2)


def test_rows_repeating_a_key_across_batches_are_reported(client, writer):
    from api.ingest.bulk import BATCH

    rows = [{**ROW, "year": 1900 + n % 201, "geography": COUNTRIES[n // 201]} for n in range(BATCH + 100)]
    rows.append({**rows[3], "salary_max": 99999})
    before = state(client)
    problem = assert_problem(post(client, json.dumps(rows), {**writer, **JSON}), 422)
    assert problem["errors"] == [
        {
            "location": "body",
            "row": len(rows),
            "field": "role_slug",
            "message": "Same role, year, geography, currency, source and effective_from as row 4.",
        }
    ]
    assert state(client) == before


@pytest.fixture
def write_lock_held(app):
    """Another writer (a long import, say) holding the write lock on its own connection."""
    timeout = app.config.get("WRITE_LOCK_TIMEOUT_MS")
    app.config["WRITE_LOCK_TIMEOUT_MS"] = 300
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    connection = engine.connect()
    try:
        connection.execute(text("UPDATE dataset SET version = version + 1 WHERE id = 1"))
        yield
    finally:
        connection.rollback()
        connection.close()
        engine.dispose()
        app.config["WRITE_LOCK_TIMEOUT_MS"] = timeout


def test_a_writer_queued_behind_an_import_gets_a_quick_503_with_retry_after(client, writer, write_lock_held):
    url = "/v1/salary-bands/1"
    tag = client.get(url).headers["ETag"]
    started = time.monotonic()
    response = client.patch(url, json={"salary_max": 49000}, headers={**writer, "If-Match": tag})
    waited = time.monotonic() - started
    problem = assert_problem(response, 503)
    assert "write lock" in problem["detail"] and response.headers["Retry-After"] == "5"
    assert waited < 3  # the lock timeout, not the statement or busy timeout (5 to 15 s)
    assert_problem(post(client, export_csv(client), {**writer, **CSV}), 503)


def test_writes_go_through_again_once_the_lock_is_free(client, writer):
    url = own_band(client, writer)
    response = client.patch(
        url, json={"salary_max": 49000}, headers={**writer, "If-Match": client.get(url).headers["ETag"]}
    )
    assert response.status_code == 200


# --- #19 §1: an import never silently undoes another tool's edit -----------------------------------


@pytest.fixture
def team(client, writer):
    """Copies of the guide's three bands under the team's source, which the team may edit: rows 4 to 6
    of an export. Returns their ids."""
    ids = []
    for guide in get_ok(client, "/v1/salary-bands")["data"]:
        copy = {
            k: guide[k] for k in ("year", "geography", "currency", "period", "salary_min", "salary_max", "provenance")
        }
        response = client.post(
            "/v1/salary-bands",
            json={**copy, "role": guide["role"]["slug"], "source_id": ROW["source_id"]},
            headers=writer,
        )
        assert response.status_code == 201, response.get_json()
        ids.append(response.get_json()["id"])
    return ids


def exported(client):
    response = client.get("/v1/salary-bands", headers={"Accept": "text/csv"})
    return response.get_data(as_text=True), int(response.headers["X-Dataset-Version"])


def patch_band(client, writer, band_id, **values):
    url = f"/v1/salary-bands/{band_id}"
    response = client.patch(url, json=values, headers={**writer, "If-Match": client.get(url).headers["ETag"]})
    assert response.status_code == 200, response.get_json()


def band(client, band_id):
    return get_ok(client, f"/v1/salary-bands/{band_id}")


def test_an_import_based_on_an_old_export_does_not_undo_a_later_edit(client, writer, team):
    text, version = exported(client)  # tool A exports
    patch_band(client, writer, team[1], salary_max=48000)  # tool B edits the second band, correctly, with If-Match
    mine = edit(text, 3, salary_max=49000)  # tool A changed only the first in its file
    before = state(client)
    problem = assert_problem(post(client, mine, {**writer, **CSV}, f"?based_on={version}"), 409)
    [conflict] = problem["errors"]
    assert (conflict["row"], conflict["band_id"], conflict["changed_in_version"]) == (5, team[1], version + 1)
    assert "on_conflict=overwrite" in problem["detail"]
    assert state(client) == before and band(client, team[1])["salary_max"] == 48000


def test_a_dry_run_shows_each_change_and_each_conflict(client, writer, team):
    text, version = exported(client)
    patch_band(client, writer, team[1], salary_max=48000)
    result = post(client, edit(text, 3, salary_max=49000), {**writer, **CSV}, f"?based_on={version}&dry_run=true")
    assert result.status_code == 200
    body = result.get_json()
    assert [(c["row"], c["id"], c["before"], c["after"]) for c in body["changes"]] == [
        (4, team[0], {"salary_max": 48500}, {"salary_max": 49000}),
        (5, team[1], {"salary_max": 48000}, {"salary_max": 47000}),
    ]
    assert [(c["row"], c["band_id"]) for c in body["conflicts"]] == [(5, team[1])]


def test_overwrite_is_explicit_and_unchanged_rows_are_not_rewritten(client, writer, team):
    text, version = exported(client)
    patch_band(client, writer, team[1], salary_max=48000)
    mine = edit(text, 3, salary_max=49000)
    result = post(client, mine, {**writer, **CSV}, f"?based_on={version}&on_conflict=overwrite").get_json()
    assert (result["updated"], result["unchanged"]) == (2, 4)
    assert band(client, team[1])["salary_max"] == 47000  # the file wins, as asked
    log = get_ok(client, f"/v1/changes?after_version={version + 1}", headers=writer)["data"]
    assert sorted(entry["resource_key"] for entry in log) == [str(team[0]), str(team[1])]  # the third was not rewritten


def test_an_import_based_on_the_current_version_goes_through(client, writer, team):
    patch_band(client, writer, team[1], salary_max=48000)
    text, version = exported(client)
    result = post(client, edit(text, 3, salary_max=49000), {**writer, **CSV}, f"?based_on={version}").get_json()
    assert (result["updated"], result["unchanged"], result["dataset_version"]) == (1, 5, version + 1)


def test_an_unchanged_file_writes_nothing_at_all(client, writer):
    text, version = exported(client)
    result = post(client, text, {**writer, **CSV}, f"?based_on={version}").get_json()
    assert (result["unchanged"], result["dataset_version"]) == (3, version)
    assert get_ok(client, f"/v1/changes?after_version={version}", headers=writer)["data"] == []


def test_a_band_deleted_since_is_not_silently_recreated(client, writer, team):
    text, version = exported(client)
    url = f"/v1/salary-bands/{team[2]}"
    assert client.delete(url, headers={**writer, "If-Match": client.get(url).headers["ETag"]}).status_code == 204
    problem = assert_problem(post(client, text, {**writer, **CSV}, f"?based_on={version}"), 409)
    assert [(e["row"], e["band_id"]) for e in problem["errors"]] == [(6, team[2])]
    assert client.get(url).status_code == 404


def test_based_on_must_not_be_newer_than_the_dataset(client, writer):
    text, version = exported(client)
    assert_problem(post(client, text, {**writer, **CSV}, f"?based_on={version + 1}"), 422, "based_on")
    assert_problem(post(client, text, {**writer, **CSV}, "?on_conflict=merge"), 422, "on_conflict")


def test_the_cli_refuses_conflicts_too(client, runner, writer, tmp_path, team):
    text, version = exported(client)
    patch_band(client, writer, team[1], salary_max=48000)
    path = tmp_path / "bands.csv"
    path.write_text(edit(text, 3, salary_max=49000), encoding="utf-8")
    refused = runner.invoke(args=["bands", "import", str(path), "--based-on", str(version)])
    assert refused.exit_code != 0 and f"row 5: (row): Band {team[1]} changed in version" in refused.output
    assert band(client, team[1])["salary_max"] == 48000
    dry = runner.invoke(args=["bands", "import", str(path), "--based-on", str(version), "--dry-run"])
    assert (
        dry.exit_code == 0
        and f"row 4: update band {team[0]}: {{'salary_max': 48500}} -> {{'salary_max': 49000}}" in dry.output
    )


# --- the CSV export's formula neutralization comes off on import: an export round-trips -----------


def test_an_exported_csv_with_formula_like_text_imports_back_unchanged(client, writer):
    own_band(client, writer, provenance='=HYPERLINK("http://x") the team\'s figure')
    own_band(client, writer, year=2027, provenance="@SUM(1+1) from the plan")
    text = export_csv(client)
    assert "'=HYPERLINK" in text and "'@SUM" in text  # neutralized on the way out
    before = state(client)
    result = post(client, text, {**writer, **CSV}).get_json()
    assert (result["created"], result["updated"], result["unchanged"]) == (0, 0, 5)
    assert state(client) == before
    assert export_csv(client) == text


# --- the bands' rules hold across the import's batches --------------------------------------------


def test_overlapping_effective_periods_in_different_batches_are_row_errors(client, writer):
    from api.ingest.bulk import BATCH

    rows = [{**ROW, "year": 1900 + n % 201, "geography": COUNTRIES[n // 201]} for n in range(BATCH + 10)]
    rows[2].update(effective_from="2026-01-01", effective_to="2026-06-30")
    rows.append({**rows[2], "effective_from": "2026-06-01", "effective_to": "2026-12-31"})
    before = state(client)
    problem = assert_problem(post(client, json.dumps(rows), {**writer, **JSON}), 422)
    assert [(e["row"], e["field"]) for e in problem["errors"]] == [(len(rows), "effective_from")]
    assert "Overlaps row 3 (in effect 2026-01-01 to 2026-06-30)" in problem["errors"][0]["message"]
    assert state(client) == before
    rows[-1]["effective_from"] = "2026-07-01"  # back to back is fine
    assert post(client, json.dumps(rows), {**writer, **JSON}).get_json()["created"] == len(rows)


def test_an_undated_row_overlaps_a_stored_dated_band(client, writer):
    url = own_band(client, writer, effective_from="2026-01-01", effective_to="2026-06-30")
    row = {**ROW, "role_slug": "customer-service-specialist", "salary_min": 38500, "salary_max": 48500}
    problem = assert_problem(post(client, json.dumps([row]), {**writer, **JSON}), 422)
    [error] = problem["errors"]
    assert (error["row"], error["field"]) == (1, "effective_from")
    assert f"Overlaps band {url.rsplit('/', 1)[1]} (in effect 2026-01-01 to 2026-06-30)" in error["message"]
    later = {**row, "effective_from": "2026-07-01"}
    assert post(client, json.dumps([later]), {**writer, **JSON}).get_json()["created"] == 1


def test_a_publications_band_is_read_only_to_the_import(client, writer):
    text = edit(export_csv(client), 0, salary_max=49000)  # band 1, the guide's
    before = state(client)
    problem = assert_problem(post(client, text, {**writer, **CSV}, "?dry_run=true"), 422)
    assert [(e["row"], e["field"]) for e in problem["errors"]] == [(1, "salary_max")]
    assert "read-only" in problem["errors"][0]["message"]
    assert state(client) == before


def test_a_based_on_too_new_names_the_current_version(client, writer):
    text, version = exported(client)
    problem = assert_problem(post(client, text, {**writer, **CSV}, f"?based_on={version + 1}"), 422, "based_on")
    [error] = [error for error in problem["errors"] if error["field"] == "based_on"]
    assert error == {
        "location": "query",
        "field": "based_on",
        "message": f"Must not be newer than the dataset's current version, {version}.",
    }


def test_a_refused_conflict_says_what_to_do_in_full(client, writer, team):
    text, version = exported(client)
    patch_band(client, writer, team[1], salary_max=48000)
    problem = assert_problem(
        post(client, edit(text, 3, salary_max=49000), {**writer, **CSV}, f"?based_on={version}"), 409
    )
    assert problem["detail"] == (
        "1 row(s) would undo changes made after the version the file is based on; nothing was "
        "written. Export again and reapply your edits, or import with on_conflict=overwrite."
    )
