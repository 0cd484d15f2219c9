"""The bounds a schema already implies, spelled out in the document: an anchored pattern's longest match
is its `maxLength`, an integer's range its `format`, an output integer the 32-bit column range, an output
string its column's length, and a slug, currency or geography read back the form every write checks."""

import re
from re import _parser as sre_parse

from marshmallow import fields
from sqlalchemy import String, Text

INT32 = (-(2**31), 2**31 - 1)
# Long text (summaries, descriptions, provenance) is written at most this long (`text_field`).
LONG_TEXT = 2000
# The longest RFC 3339 time the API writes or reads (`UtcDateTime`): microseconds and an offset.
DATETIME_LENGTH = len("2026-12-31T23:59:59.999999+00:00")


def pattern_length(pattern: str) -> int | None:
    """The longest string an anchored `pattern` can match, or None when it has no bound."""
    try:
        longest = sre_parse.parse(pattern).getwidth()[1]
    except re.error:
        return None
    return None if longest >= sre_parse.MAXREPEAT else longest


def walk(node, visit):
    if isinstance(node, dict):
        visit(node)
        for value in node.values():
            walk(value, visit)
    elif isinstance(node, list):
        for value in node:
            walk(value, visit)


def is_type(schema: dict, kind: str) -> bool:
    kinds = schema.get("type")
    return kinds == kind or (isinstance(kinds, list) and kind in kinds)


def implied_bounds(schema: dict) -> None:
    if is_type(schema, "string") and "maxLength" not in schema and "pattern" in schema:
        longest = pattern_length(schema["pattern"])
        if longest is not None:
            schema["maxLength"] = longest
    if is_type(schema, "integer") and "format" not in schema:
        low, high = schema.get("minimum", INT32[0]), schema.get("maximum", INT32[1])
        schema["format"] = "int32" if INT32[0] <= low and high <= INT32[1] else "int64"


def output_bounds(schema: dict) -> None:
    if is_type(schema, "integer"):
        schema.setdefault("minimum", INT32[0])
        schema.setdefault("maximum", INT32[1])


def known_forms(schema: dict) -> None:
    # What every write checks these against (`slug_field`, `currency_field`, `geography_field`), so what is
    # read back has the same form; an output schema's property of that name says so.
    from api.domain import geography
    from api.schemas.common import SLUG_PATTERN

    forms = {"slug": SLUG_PATTERN, "currency": r"^[A-Z]{3}$", "geography": geography.PATTERN}
    for name, prop in schema.get("properties", {}).items():
        if name in forms and is_type(prop, "string") and not {"pattern", "enum"} & set(prop):
            prop["pattern"] = forms[name]


def column_bounds(converter, field, ret, **kwargs) -> dict:
    """`maxLength` of an output string from what it is read from: the column of the schema's
    `Meta.model` by the same name (its length; long text's write cap), or a date's ISO form."""
    if ret.get("type") not in ("string", ["string", "null"]) or {"maxLength", "enum"} & set(ret):
        return {}
    if isinstance(field, fields.Date):
        return {"maxLength": len("2026-12-31")}
    if isinstance(field, fields.DateTime):
        return {"maxLength": DATETIME_LENGTH}
    model = getattr(getattr(type(field.parent), "Meta", None), "model", None) if field.parent else None
    column = getattr(model, field.attribute or field.name or "", None) if model else None
    kind = getattr(getattr(column, "type", None), "__class__", None)
    if kind is Text:
        return {"maxLength": LONG_TEXT}
    if kind is String and column.type.length:
        return {"maxLength": column.type.length}
    return {}
