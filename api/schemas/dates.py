"""Calendar dates as clients send them: `YYYY-MM-DD` only, years MIN_YEAR to MAX_YEAR, on every path."""

import re
from datetime import date

import marshmallow as ma
from marshmallow import fields

from api.grammar import MAX_YEAR, MIN_YEAR

DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MESSAGE = f"Must be a date as YYYY-MM-DD, from {MIN_YEAR}-01-01 to {MAX_YEAR}-12-31."


def iso_date(value, bounded: bool = True) -> date | None:
    """`value` as a date when it is a `YYYY-MM-DD` string of a real day (from MIN_YEAR to MAX_YEAR when
    `bounded`, as stored dates are); else None. `date.fromisoformat` alone would also take
    `20260101` and week dates."""
    if type(value) is not str or not _DATE_RE.fullmatch(value):
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if not bounded or MIN_YEAR <= day.year <= MAX_YEAR else None


class IsoDate(fields.Date):
    """A date field held to `iso_date`; `bounded=False` for a filter, where any real day may be asked."""

    def __init__(self, bounded: bool = True, **kwargs):
        self.bounded = bounded
        metadata = {"pattern": DATE_PATTERN, **kwargs.pop("metadata", {})}
        super().__init__(format="iso", metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        day = iso_date(value, self.bounded)
        if day is None:
            raise ma.ValidationError(MESSAGE if self.bounded else "Must be a real day as YYYY-MM-DD.")
        return day
