"""The import's quick row check never disagrees with ImportRowSchema: whatever it accepts, the schema
accepts, with the same values; and the rows an export writes do take the quick path."""

import marshmallow as ma
from hypothesis import given, settings
from hypothesis import strategies as st

from api.ingest.imports import ImportRowSchema, quick_row

VALID = {
    "role_slug": "customer-service-specialist",
    "year": "2026",
    "geography": "us",
    "geography_scope": "national",
    "currency": "usd",
    "period": "annual",
    "salary_min": "38500",
    "salary_max": "48500",
    "provenance": "Customer service specialist $38,500 – $48,500",
    "source_id": "1",
}
near = {
    "role_slug": st.sampled_from(["customer-service-specialist", "a", "A-b", "a--b", "-a", "x" * 81, "ab\n", ""]),
    "year": st.sampled_from(["2026", "1899", "2101", "02026", " 2026", "2026.0", 2026, 2026.0, True, "", "-1"]),
    "geography": st.sampled_from(
        [
            "US",
            "us",
            "USA",
            "U",
            "U1",
            "US\n",
            "",
            "ÜS",
            "US-CA",
            "us-ca",
            "US-ZZ",
            "XX",
            "US-MSA-31080",
            "US-MSA-3108",
            "US-CA\n",
            1,
        ]
    ),
    "geography_scope": st.sampled_from(
        ["national", "National", "state-wide", "a" * 21, "", "x1", "subdivision", "metro", None]
    ),
    "effective_from": st.sampled_from(
        ["2026-01-01", "2026-02-30", "20260101", "2026-W01-1", "1899-12-31", "2026-01-01\n", "", None, 20260101]
    ),
    "effective_to": st.sampled_from(["2026-12-31", "2025-12-31", "2100-12-31", "2101-01-01", "", None]),
    "currency": st.sampled_from(["USD", "usd", "XYZ", "US", "EUR", "USD\n", ""]),
    "period": st.sampled_from(["annual", "hourly", "Annual", "yearly", ""]),
    "salary_min": st.sampled_from(["38500", "0", "1", "1000000000", "1000000001", "38500.5", 38500, "", "+5"]),
    "salary_max": st.sampled_from(["48500", "1", "38499", "1000000000", 48500, "", "4.85e4"]),
    "provenance": st.sampled_from(["quote", "", "x" * 2000, "x" * 2001, "nul \x00 here"]),
    "source_id": st.sampled_from(["1", "0", "2147483648", 1, "", "one"]),
}
extra = {"midpoint": st.sampled_from(["43500", "\x00"])}
# Rows from scratch, and the valid row with some fields swapped for near misses.
rows = st.fixed_dictionaries({}, optional={**near, **extra}) | st.builds(
    lambda changes: {**VALID, **changes}, st.fixed_dictionaries({}, optional={**near, **extra})
)


@settings(max_examples=600, deadline=None)
@given(raw=rows)
def test_what_the_quick_check_accepts_the_schema_loads_the_same(raw):
    quick = quick_row(raw)
    if quick is None:
        return
    present = {key: value for key, value in raw.items() if value not in ("", None)}
    try:
        loaded = ImportRowSchema().load(present)
    except ma.ValidationError as error:
        raise AssertionError(f"quick_row accepted {raw!r}, the schema says {error.messages}") from None
    assert loaded == quick


def test_the_rows_an_export_writes_take_the_quick_path():
    assert quick_row(VALID) == ImportRowSchema().load(VALID)
    assert quick_row({**VALID, "year": 2026, "salary_min": 38500, "id": "1", "midpoint": "43500"}) is not None
