"""One import row: the export's columns, checked with the API's one grammar and the database's limits.

A row passes only if the database would store it as given: whole numbers in plain ASCII digits
(`api.grammar.whole`), text free of control characters and within its column's length (read from
the model), so a dry run that passes cannot fail on write.
"""

import re

import marshmallow as ma

from api.domain.geography import scope_of
from api.grammar import MAX_YEAR, MIN_YEAR, is_clean_text, whole
from api.models import PERIODS, Role, SalaryBand
from api.schemas.common import CURRENCIES, MAX_AMOUNT, MAX_INT32, SLUG_PATTERN, WholeNumber, slug_field, year_field
from api.schemas.dates import iso_date
from api.schemas.salary_bands import SalaryBandWriteSchema

PROVENANCE_MAX = 2000  # Text column; the write schema's bound
BLANK = ("", None)


def column_length(model, name: str) -> int | None:
    return getattr(model.__table__.c[name].type, "length", None)


# Each text column by its export name: (longest the database stores, whether newlines are allowed).
TEXT_COLUMNS = {
    "role_slug": (column_length(Role, "slug"), False),
    "geography": (column_length(SalaryBand, "geography"), False),
    "geography_scope": (column_length(SalaryBand, "geography_scope"), False),
    "currency": (column_length(SalaryBand, "currency"), False),
    "period": (column_length(SalaryBand, "period"), False),
    "provenance": (PROVENANCE_MAX, True),
}


class ImportRowSchema(SalaryBandWriteSchema):
    """One row, by its export column names; numbers may come as text (CSV has no types)."""

    class Meta:
        unknown = ma.EXCLUDE  # derived columns; unknown ones are caught from the header

    role = slug_field(data_key="role_slug", required=True)
    source_id = WholeNumber(1, MAX_INT32, required=True)
    year = year_field(required=True)
    salary_min = WholeNumber(1, MAX_AMOUNT, required=True)
    salary_max = WholeNumber(1, MAX_AMOUNT, required=True)

    @ma.pre_load
    def _text_fits_its_column(self, data, **kwargs):
        errors = {}
        for name, (length, multiline) in TEXT_COLUMNS.items():
            value = data.get(name)
            if isinstance(value, str):
                if not is_clean_text(value, multiline=multiline):
                    errors[name] = ["Must not contain control characters."]
                elif length is not None and len(value) > length:
                    errors[name] = [f"Must be at most {length} characters."]
        if errors:
            raise ma.ValidationError(errors)
        return data


COLUMNS = {f.data_key or name for name, f in ImportRowSchema().load_fields.items()}
REQUIRED = frozenset(f.data_key or name for name, f in ImportRowSchema().load_fields.items() if f.required)
SLUG_RE, LETTERS = re.compile(SLUG_PATTERN.rstrip("$")), re.compile(r"[A-Za-z]{3}")
ROLE_MAX = TEXT_COLUMNS["role_slug"][0]


def _dates(raw: dict) -> tuple | None:
    """(effective_from, effective_to) when both are blank or real days in order; else None."""
    dates = tuple(None if raw.get(name) in BLANK else iso_date(raw[name]) for name in ("effective_from", "effective_to"))
    if any(day is None and raw.get(name) not in BLANK for day, name in zip(dates, ("effective_from", "effective_to"))):
        return None
    return None if None not in dates and dates[0] > dates[1] else dates


def quick_row(raw: dict) -> dict | None:
    """The row as ImportRowSchema loads it, for rows plainly valid; None for any other row, which then
    goes through the schema (and its messages). Validating with marshmallow costs about 55 µs a row,
    a third of a 20,000 rows/s budget; a test holds this equal to the schema on generated rows."""
    if not REQUIRED <= raw.keys() or any(type(v) is str and "\x00" in v for v in raw.values()):
        return None
    role, geography, currency, period, provenance = (raw[k] for k in (
        "role_slug", "geography", "currency", "period", "provenance"))
    numbers = (whole(raw["source_id"], 1, MAX_INT32), whole(raw["year"], MIN_YEAR, MAX_YEAR),
               whole(raw["salary_min"], 1, MAX_AMOUNT), whole(raw["salary_max"], 1, MAX_AMOUNT))
    scope, dates = scope_of(geography), _dates(raw)
    if (None in numbers or numbers[2] > numbers[3] or type(role) is not str or len(role) > min(80, ROLE_MAX)
            or not SLUG_RE.fullmatch(role) or scope is None or raw.get("geography_scope") not in (*BLANK, scope)
            or dates is None or type(currency) is not str
            or not LETTERS.fullmatch(currency) or currency.upper() not in CURRENCIES or period not in PERIODS
            or type(provenance) is not str or not 1 <= len(provenance) <= PROVENANCE_MAX
            or not is_clean_text(provenance)):
        return None
    return {"role": role, "source_id": numbers[0], "year": numbers[1], "geography": geography.upper(),
            "geography_scope": scope, "currency": currency.upper(), "period": period, "salary_min": numbers[2],
            "salary_max": numbers[3], "provenance": provenance, "effective_from": dates[0], "effective_to": dates[1]}
