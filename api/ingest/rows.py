"""One import row: the export's columns, checked with the API's one grammar and the database's limits.

A row passes only if the database would store it as given: whole numbers in plain ASCII digits
(`api.grammar.whole`), text free of control characters and within its column's length (read from
the model), so a dry run that passes cannot fail on write.
"""

import marshmallow as ma

from api.domain.geography import scope_of
from api.grammar import MAX_YEAR, MIN_YEAR, is_clean_text, whole
from api.models import PERIODS, Role, SalaryBand
from api.models.salary_band import broken_rule
from api.schemas.common import CURRENCIES, CURRENCY, MAX_INT32, SLUG, SLUG_LENGTH, column_length, slug_field
from api.schemas.dates import iso_date
from api.schemas.numbers import MAX_AMOUNT, WholeNumber, year_field
from api.schemas.salary_bands import SalaryBandWriteSchema
from api.spec_bounds import LONG_TEXT

BLANK = ("", None)
# Each text column by its export name: (longest the database stores, whether newlines are allowed).
TEXT_COLUMNS = {
    "role_slug": (column_length(Role.slug), False),
    "geography": (column_length(SalaryBand.geography), False),
    "geography_scope": (column_length(SalaryBand.geography_scope), False),
    "currency": (column_length(SalaryBand.currency), False),
    "period": (column_length(SalaryBand.period), False),
    "provenance": (LONG_TEXT, True),  # a Text column: the write schema's bound
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
                elif len(value) > length:
                    errors[name] = [f"Must be at most {length} characters."]
        if errors:
            raise ma.ValidationError(errors)
        return data


COLUMNS = {f.data_key or name for name, f in ImportRowSchema().load_fields.items()}
REQUIRED = frozenset(f.data_key or name for name, f in ImportRowSchema().load_fields.items() if f.required)
DATES = ("effective_from", "effective_to")


def _dates(raw: dict) -> tuple | None:
    """(effective_from, effective_to), each None when blank; None when either is not a real day."""
    dates = tuple(None if raw.get(name) in BLANK else iso_date(raw[name]) for name in DATES)
    return None if any(day is None and raw.get(name) not in BLANK for day, name in zip(dates, DATES)) else dates


def quick_row(raw: dict) -> dict | None:
    """The row as ImportRowSchema loads it, for rows plainly valid; None for any other row, which then
    goes through the schema (and its messages). Every pattern, limit and rule is the schema's own; only
    the marshmallow machinery, which would cost most of an import's time, is left out. A test holds
    this equal to the schema on generated rows."""
    if not REQUIRED <= raw.keys() or any(type(v) is str and "\x00" in v for v in raw.values()):
        return None
    role, geography, currency, period, provenance = (
        raw[k] for k in ("role_slug", "geography", "currency", "period", "provenance")
    )
    numbers = (
        whole(raw["source_id"], 1, MAX_INT32),
        whole(raw["year"], MIN_YEAR, MAX_YEAR),
        whole(raw["salary_min"], 1, MAX_AMOUNT),
        whole(raw["salary_max"], 1, MAX_AMOUNT),
    )
    scope, dates = scope_of(geography), _dates(raw)
    if (
        None in numbers
        or type(role) is not str
        or len(role) > SLUG_LENGTH
        or not SLUG.regex.fullmatch(role)
        or scope is None
        or dates is None
        or type(currency) is not str
        or not CURRENCY.regex.fullmatch(currency)
        or currency.upper() not in CURRENCIES
        or period not in PERIODS
        or type(provenance) is not str
        or not 1 <= len(provenance) <= LONG_TEXT
        or not is_clean_text(provenance)
    ):
        return None
    row = {
        "role": role,
        "source_id": numbers[0],
        "year": numbers[1],
        "geography": geography.upper(),
        "geography_scope": scope if raw.get("geography_scope") in BLANK else raw["geography_scope"],
        "currency": currency.upper(),
        "period": period,
        "salary_min": numbers[2],
        "salary_max": numbers[3],
        "provenance": provenance,
        "effective_from": dates[0],
        "effective_to": dates[1],
    }
    return None if broken_rule(row.get) else row
