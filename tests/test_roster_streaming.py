"""The roster at scale: memory that does not grow with the rows, and the fast path equal to the grammar."""

import csv
import io
import json
import tracemalloc

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api import grammar
from api.domain.roster_csv import ten_thousandths

ROWS = 10_000


def held_while_streaming(client, body: str) -> int:
    """Bytes the app holds (traced) once the whole answer has been read, before the response is closed."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        response = client.post(
            "/v1/roster?year=2026",
            data=body,
            headers={"Content-Type": "text/csv", "Accept": "text/csv"},
            buffered=False,
        )
        for _chunk in response.response:
            pass
        held = tracemalloc.get_traced_memory()[0] - before
        response.close()
        return held
    finally:
        tracemalloc.stop()


def test_rows_that_fail_the_same_lookup_are_not_kept_alive(client):
    # An unknown role fails each of its rows with one remembered lookup error; raising that one error
    # again chained every row's frame (and its cells) onto the error's traceback, for the whole roster.
    body = "reference,role,salary\r\n" + "".join(f"E{n:06d},astronaut,{40000 + n}\r\n" for n in range(ROWS))
    held = held_while_streaming(client, body)
    assert held < 2 * len(body) + 1_000_000, f"{held:,} bytes held for a {len(body):,}-byte roster"


# The CSV-to-CSV fast path (api/domain/roster_csv.py) against the general path, which a JSON roster
# takes: the same rows must come back as the same bytes.
ROLES = ["customer-service-specialist", "call-center-specialist", "customer-service-manager", "account-manager"]
amounts = st.one_of(
    st.from_regex(r"0{0,3}[0-9]{1,12}(\.[0-9]{1,4})?", fullmatch=True),
    st.integers(1, 1_000_000_001).map(str),
    st.sampled_from(
        ["", "0", "0.0000", "-1", "1e5", " 45000", "45000.12345", "1,000", "4500\u0660", "1000000000.0001"]
    ),
)
cells = {
    "reference": st.one_of(
        st.text(max_size=12),
        st.sampled_from(["", "=cmd()", "+1", "'=x", "a,b", 'say "hi"', "x" * 100, "x" * 101, "E\x071", "-5"]),
    ),
    "role": st.sampled_from([*ROLES, "astronaut", "Customer Service", ""]),
    "salary": amounts,
    "period": st.sampled_from(["", "hourly", "weekly", "biweekly", "monthly", "annual", "fortnightly"]),
    "year": st.sampled_from(["", "2026", "2025", "1800", "2031.0"]),
    "area": st.sampled_from(["", "06", "CA", "US-CA", "36", "Narnia"]),
}
rosters = st.lists(st.fixed_dictionaries(cells), min_size=1, max_size=40)


def answer_csv(client, body, content_type):
    response = client.post(
        "/v1/roster?year=2026", data=body, headers={"Content-Type": content_type, "Accept": "text/csv"}
    )
    assert response.status_code == 200
    return response.get_data()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rosters)
def test_the_fast_csv_path_writes_what_the_general_path_writes(client, market, rows):
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(cells)
    # Each row twice and then again later, so that most rows are written from a template.
    for row in rows + rows[::-1] + rows:
        writer.writerow([row[name] for name in cells])
    as_json = json.dumps(rows + rows[::-1] + rows)
    assert answer_csv(client, text.getvalue(), "text/csv") == answer_csv(client, as_json, "application/json")


@settings(max_examples=2000)
@given(text=st.one_of(amounts, st.text(max_size=20)))
def test_the_fast_amount_is_the_grammar_amount(text):
    expected = grammar.amount(text)
    assert ten_thousandths(text) == (None if expected is None else int(expected.scaleb(4)))


def test_a_roster_of_many_rows_reads_the_same_both_ways(client, market):
    # Salaries across the bands and periods, with repeats: the templates at the scale they are for.
    rows = [
        {
            "reference": f"E{n}",
            "role": ROLES[n % 4],
            "salary": f"{10 + (n * 7919) % 9_000_000 / 100:.2f}" if n % 7 else f"{n % 90 + 0.0001 * (n % 13):.4f}",
            "period": ["", "hourly", "monthly", "weekly", "biweekly", "annual"][n % 6],
            "year": "",
            "area": ["", "06", "36"][n % 3],
        }
        for n in range(3000)
    ]
    text = "reference,role,salary,period,year,area\r\n" + "".join(",".join(row.values()) + "\r\n" for row in rows)
    assert answer_csv(client, text, "text/csv") == answer_csv(client, json.dumps(rows), "application/json")
