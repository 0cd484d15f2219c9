"""Numbers and times in the one grammar (api/grammar.py): whole numbers, amounts, exact money, years and
UTC times, the same on every path (query, JSON body, CSV, NDJSON)."""

from datetime import UTC
from decimal import Decimal
from typing import ClassVar

import marshmallow as ma
from marshmallow import fields

from api import grammar
from api.spec_bounds import DATETIME_LENGTH

MAX_AMOUNT = 1_000_000_000


class WholeNumber(fields.Field):
    """A whole number from `minimum` to `maximum` in the shared grammar (`grammar.whole`): ASCII digits
    only, no sign, point, exponent, separator or space, bounded before it is converted. `strict`
    (JSON bodies) takes a JSON integer only; otherwise digits as text too (query strings, CSV)."""

    default_error_messages: ClassVar[dict[str, str]] = {
        "invalid": "Must be a whole number from {minimum} to {maximum}, in plain digits.",
        "strict": "Must be a JSON integer from {minimum} to {maximum}.",
    }

    def __init__(self, minimum: int, maximum: int, *, strict: bool = False, **kwargs):
        metadata = {"type": "integer", "minimum": minimum, "maximum": maximum, **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)
        self.minimum, self.maximum, self.strict = minimum, maximum, strict

    def _deserialize(self, value, attr, data, **kwargs):
        if self.strict and type(value) is not int:
            raise self.make_error("strict", minimum=self.minimum, maximum=self.maximum)
        number = grammar.whole(value, self.minimum, self.maximum)
        if number is None:
            raise self.make_error("invalid", minimum=self.minimum, maximum=self.maximum)
        return number


def year_field(**kwargs):
    """A year from MIN_YEAR to MAX_YEAR (`grammar`): a band's, a filter's, a source's edition."""
    return WholeNumber(grammar.MIN_YEAR, grammar.MAX_YEAR, **kwargs)


def _amount_pattern(maximum: int) -> str:
    """The spec's pattern for an amount above 0 and at most `maximum` (a power of ten) in the grammar:
    up to 12 whole digits, leading zeros included, and up to 4 decimals."""
    digits = len(str(maximum)) - 1
    if maximum != 10**digits:
        raise ValueError(f"{maximum} is not a power of ten")
    below = "|".join(f"0{{0,{12 - n}}}[1-9]" + (f"[0-9]{{{n - 1}}}" if n > 1 else "") for n in range(1, digits + 1))
    fraction = r"(?:\.[0-9]{1,4})?"
    cents = r"0{1,12}\.(?:[1-9][0-9]{0,3}|0[1-9][0-9]{0,2}|00[1-9][0-9]?|000[1-9])"
    return f"^(?:(?:{below}){fraction}|{cents}|0{{0,{11 - digits}}}{maximum}(?:\\.0{{1,4}})?)$"


class Amount(fields.Field):
    """An exact amount above 0 and at most `maximum`, in the shared grammar (`grammar.amount`): digits
    with up to 4 decimals, no sign or exponent, bounded before any arithmetic. A Decimal."""

    default_error_messages: ClassVar[dict[str, str]] = {
        "invalid": "Must be a number in plain digits (up to 12, and up to 4 decimals; no sign or exponent).",
        "range": "Must be greater than 0 and at most {maximum}.",
    }

    def __init__(self, maximum: int = MAX_AMOUNT, **kwargs):
        metadata = {"type": "string", "pattern": _amount_pattern(maximum), **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)
        self.maximum = maximum

    def _deserialize(self, value, attr, data, **kwargs):
        number = grammar.amount(value)
        if number is None:
            raise self.make_error("invalid")
        if not 0 < number <= self.maximum:
            raise self.make_error("range", maximum=self.maximum)
        return number


class ExactNumber(fields.Field):
    """A Decimal written as a JSON integer when whole, else as a JSON number (e.g. 40875.5)."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else self.as_json(value)

    @staticmethod
    def as_json(value) -> int | float:
        value = Decimal(value)
        return int(value) if value == value.to_integral_value() else float(value)


class UtcDateTime(fields.AwareDateTime):
    """RFC 3339 with an offset, always; a naive value (SQLite keeps no zone) is UTC. Read, at most
    DATETIME_LENGTH characters (the spec's `maxLength`): microseconds are all a time keeps."""

    def __init__(self, **kwargs):
        super().__init__(format="iso", default_timezone=UTC, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and len(value) > DATETIME_LENGTH:
            raise ma.ValidationError(f"Must be at most {DATETIME_LENGTH} characters (RFC 3339, to the microsecond).")
        return super()._deserialize(value, attr, data, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)
