"""One import row: the export's columns, checked with the API's one grammar and the database's limits.

A row passes only if the database would store it as given: whole numbers in plain ASCII digits
(`api.grammar.whole`), text free of control characters and within its column's length (read from
the model), so a dry run that passes cannot fail on write.
"""

import re

import marshmallow as ma
import pycountry

from api.grammar import WHOLE_DIGITS, is_clean_text, whole
from api.models import PERIODS, Role, SalaryBand
from api.schemas.common import MAX_AMOUNT, MAX_INT32, SLUG_PATTERN, slug_field
from api.schemas.salary_bands import SalaryBandWriteSchema

PROVENANCE_MAX = 2000  # Text column; the write schema's bound
YEARS = (1900, 2100)  # the salary_bands year_range constraint


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


class WholeNumber(ma.fields.Integer):
    """An integer in the shared grammar: a JSON integer or plain ASCII digits; never a float, a sign,
    spaces, separators or other scripts' digits (`38500.9`, `+200`, `1_000`, `١٠٠` are refused)."""

    def __init__(self, low: int, high: int, **kwargs):
        super().__init__(validate=ma.validate.Range(min=low, max=high), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        number = whole(value, 0, 10**WHOLE_DIGITS)
        if number is None:
            raise ma.ValidationError("Must be a whole number in plain digits (0-9), without sign, spaces or decimals.")
        return number


class ImportRowSchema(SalaryBandWriteSchema):
    """One row, by its export column names; numbers may come as text (CSV has no types)."""

    class Meta:
        unknown = ma.EXCLUDE  # derived columns; unknown ones are caught from the header

    role = slug_field(data_key="role_slug", required=True)
    source_id = WholeNumber(1, MAX_INT32, required=True)
    year = WholeNumber(*YEARS, required=True)
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
REQUIRED = frozenset(COLUMNS)
CURRENCIES = frozenset(currency.alpha_3 for currency in pycountry.currencies)
SLUG_RE, SCOPE_RE = re.compile(SLUG_PATTERN.rstrip("$")), re.compile(r"[a-z][a-z-]{0,19}")
LETTERS = {2: re.compile(r"[A-Za-z]{2}"), 3: re.compile(r"[A-Za-z]{3}")}
ROLE_MAX = TEXT_COLUMNS["role_slug"][0]


def quick_row(raw: dict) -> dict | None:
    """The row as ImportRowSchema loads it, for rows plainly valid; None for any other row, which then
    goes through the schema (and its messages). Validating with marshmallow costs about 55 µs a row,
    a third of a 20,000 rows/s budget; a test holds this equal to the schema on generated rows."""
    if not REQUIRED <= raw.keys() or any(type(v) is str and "\x00" in v for v in raw.values()):
        return None
    role, geography, scope, currency, period, provenance = (raw[k] for k in (
        "role_slug", "geography", "geography_scope", "currency", "period", "provenance"))
    numbers = (whole(raw["source_id"], 1, MAX_INT32), whole(raw["year"], *YEARS),
               whole(raw["salary_min"], 1, MAX_AMOUNT), whole(raw["salary_max"], 1, MAX_AMOUNT))
    if (None in numbers or numbers[2] > numbers[3] or type(role) is not str or len(role) > min(80, ROLE_MAX)
            or not SLUG_RE.fullmatch(role) or type(geography) is not str or not LETTERS[2].fullmatch(geography)
            or type(scope) is not str or not SCOPE_RE.fullmatch(scope) or type(currency) is not str
            or not LETTERS[3].fullmatch(currency) or currency.upper() not in CURRENCIES or period not in PERIODS
            or type(provenance) is not str or not 1 <= len(provenance) <= PROVENANCE_MAX
            or not is_clean_text(provenance)):
        return None
    return {"role": role, "source_id": numbers[0], "year": numbers[1], "geography": geography.upper(),
            "geography_scope": scope, "currency": currency.upper(), "period": period, "salary_min": numbers[2],
            "salary_max": numbers[3], "provenance": provenance}
