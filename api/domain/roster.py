"""A whole roster in one call: each employee's salary placed in their role's band, and a summary per role.

Salaries are personal data. Rows are read, placed and written out as they stream: nothing is stored,
nothing about a row is logged (no body, no reference, no salary), and the answer is `no-store`.
A row that cannot be placed gets its own error and never fails the others.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

from flask import Response, request, stream_with_context
from flask_smorest import abort
from werkzeug.exceptions import HTTPException

from api import grammar
from api.domain import localized_pay, pay, paymath
from api.errors import MESSAGE_LENGTH, clip
from api.formats import exports
from api.formats.roster import RowError, as_csv, as_json, open_rows, read_csv_cells
from api.models import PERIODS
from api.schemas.common import SLUG, SLUG_LENGTH
from api.schemas.numbers import MAX_AMOUNT

MEDIA_TYPES = (exports.CSV, exports.JSON, exports.NDJSON)
MAX_REFERENCE = 100
# Distinct (role, year) and (band, area) pairs one roster may look up: each is a query, so a roster
# of made-up roles cannot turn into a query per row.
MAX_LOOKUPS = 1000
# The JSON answer is one document: at most this many rows, placed before it starts (CSV streams any number).
MAX_JSON_ROWS = 10_000
NOT_UTF8_RE = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of bytes that are not UTF-8
BLANK = ("", None)


# Checking one row, in the shared grammar.


def _text(raw: dict, name: str) -> str | None:
    value = raw.get(name)
    if value in BLANK:
        return None
    if type(value) is not str and name != "reference":
        raise RowError(name, "Must be text.")
    value = str(value) if type(value) is int else value
    if type(value) is not str or NOT_UTF8_RE.search(value) or not grammar.is_clean_text(value):
        raise RowError(name, "Must be UTF-8 text without control characters.")
    return value


def check(raw: dict, default_year) -> dict:
    reference = _text(raw, "reference")
    if reference is None or len(reference) > MAX_REFERENCE:
        raise RowError("reference", f"Required: 1 to {MAX_REFERENCE} characters of your choosing.")
    role = _text(raw, "role")
    if role is None or len(role) > SLUG_LENGTH or not SLUG.regex.fullmatch(role):
        raise RowError("role", "Required: a role slug such as customer-service-specialist (see /v1/roles).")
    salary = grammar.amount(raw.get("salary"))
    if salary is None or not 0 < salary <= MAX_AMOUNT:
        raise RowError("salary", f"Required: plain digits with up to 4 decimals, above 0 and at most {MAX_AMOUNT}.")
    period = _text(raw, "period")
    if period is not None and period not in PERIODS:
        raise RowError("period", f"Must be one of {', '.join(PERIODS)}, or empty for the band's own.")
    year = default_year if raw.get("year") in BLANK else grammar.whole(raw["year"], grammar.MIN_YEAR, grammar.MAX_YEAR)
    if year is None:
        raise RowError(
            "year",
            f"A year from {grammar.MIN_YEAR} to {grammar.MAX_YEAR}: in the row, or as the `year` query parameter.",
        )
    area = _text(raw, "area")
    if area is not None and (area := localized_pay.parse_area(area)) is None:
        raise RowError("area", "An OEWS area code, a USPS code (CA) or ISO 3166-2 (US-CA); see /v1/areas.")
    return {"reference": reference, "role": role, "salary": salary, "period": period, "year": year, "area": area}


class Lookups:
    """Bands and area adjustments, each looked up once per roster (at most MAX_LOOKUPS of them)."""

    def __init__(self, args: dict):
        self.args = args
        self.found: dict = {}

    def _once(self, key, find, field_name: str):
        if key not in self.found:
            if len(self.found) >= MAX_LOOKUPS:
                raise RowError(
                    field_name, f"More than {MAX_LOOKUPS} distinct roles, years and areas in one roster; split it."
                )
            try:
                self.found[key] = find()
            except HTTPException as error:
                self.found[key] = RowError(
                    field_name, (getattr(error, "data", None) or {}).get("message", error.description)
                )
        found = self.found[key]
        if isinstance(found, RowError):
            # A fresh error per row: raising the remembered one again would chain this row's frame onto its
            # traceback, keeping every failed row alive until the roster ends.
            raise RowError(found.field, str(found))
        return found

    def band(self, role: str, year: int):
        return self._once(
            ("band", role, year), lambda: pay.band_for_role({**self.args, "role": role, "year": year}), "role"
        )

    def location(self, band, area: str) -> dict:
        return self._once(("area", band.id, area), lambda: localized_pay.location(band, area), "area")


def place(row: dict, lookups: Lookups, hours_per_year: int) -> dict:
    """The row's position in its band (adjusted to its area, when it names one)."""
    band = lookups.band(row["role"], row["year"])
    low, high, factor = band.salary_min, band.salary_max, None
    if row["area"] is not None:
        location = lookups.location(band, row["area"])
        low, high, factor = location["salary_min"], location["salary_max"], location["factor"]
    salary_period = row["period"] or band.period
    position = paymath.position_in_whole_band(
        row["salary"],
        paymath.periods_per_year(salary_period, hours_per_year),
        paymath.periods_per_year(band.period, hours_per_year),
        low,
        high,
    )
    row.update(
        position, band_id=band.id, salary_period=salary_period, area_factor=factor, salary_min=low, salary_max=high
    )
    return row


@dataclass
class RoleSummary:
    count: int = 0
    below_minimum: int = 0
    above_maximum: int = 0
    compa_total: Decimal = Decimal(0)
    # Compa-ratios are rounded to 4 places, so counting each value keeps the exact median in bounded memory.
    compa_counts: Counter = field(default_factory=Counter)

    def add(self, result: dict) -> None:
        self.count += 1
        self.below_minimum += result["placement"] == "below"
        self.above_maximum += result["placement"] == "above"
        self.compa_total += result["compa_ratio"]
        self.compa_counts[result["compa_ratio"]] += 1

    def median(self) -> Decimal:
        middle, seen, values = (self.count - 1) // 2, 0, []
        for value in sorted(self.compa_counts):
            seen += self.compa_counts[value]
            while seen > middle + len(values) and len(values) < 2:
                values.append(value)
        return paymath.ratio(values[0] if self.count % 2 else (values[0] + values[1]) / 2)

    def as_dict(self, role: str) -> dict:
        return {
            "role": role,
            "count": self.count,
            "below_minimum": self.below_minimum,
            "above_maximum": self.above_maximum,
            "mean_compa_ratio": paymath.ratio(self.compa_total / self.count),
            "median_compa_ratio": self.median(),
        }


def results(rows, args: dict, summary: dict):
    """Each row placed, or its error; `summary` gathers the per-role figures as rows go by."""
    lookups = Lookups(args)
    for number, raw in rows:
        yield result(number, raw, lookups, args, summary)


def result(number: int, raw, lookups: Lookups, args: dict, summary: dict) -> dict:
    """One row placed, or its error."""
    row = {"row": number, "reference": None}
    try:
        if isinstance(raw, RowError):
            raise raw
        reference = _text(raw, "reference")
        row["reference"] = reference and clip(reference, MAX_REFERENCE)  # echoed even when too long: cut first
        row.update(check(raw, args.get("year")))
        place(row, lookups, args["hours_per_year"])
        summary.setdefault(row["role"], RoleSummary()).add(row)
    except RowError as error:
        row.update(error_field=error.field, error=clip(str(error), MESSAGE_LENGTH))
    return row


def _json_rows(placed) -> list:
    rows = list(islice(placed, MAX_JSON_ROWS + 1))
    if len(rows) > MAX_JSON_ROWS:
        message = f"More than {MAX_JSON_ROWS:,} rows: ask for CSV (`Accept: text/csv`), which streams any number."
        abort(413, errors={"body": {"rows": [message]}})
    return rows


def respond(args: dict) -> Response:
    """The whole roster placed: CSV when the client asks for it, else JSON (rows, then the summary)."""
    if request.mimetype not in MEDIA_TYPES:
        abort(
            415,
            message=f"Send the roster as {', '.join(MEDIA_TYPES)} (the Content-Type header says "
            f"{request.mimetype or 'nothing'}).",
        )
    media_type = exports.negotiate([exports.JSON, exports.CSV])
    if request.mimetype == media_type == exports.CSV:
        from api.domain import roster_csv  # it builds on this module

        body = roster_csv.as_csv(*read_csv_cells(request.stream), args)
    else:
        placed = results(open_rows(), args, summary := {})
        body = as_csv(placed) if media_type == exports.CSV else as_json(_json_rows(placed), summary)
    response = Response(stream_with_context(body), mimetype=media_type)
    response.headers["Cache-Control"] = "no-store"
    return response
