"""Content negotiation, and whole-list exports as CSV (RFC 4180), NDJSON or xlsx, streamed in batches.

Spreadsheets run formulas. A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return
is one (OWASP, "CSV Injection"), so CSV writes such a cell with a leading single quote, inside
double quotes; `unneutralize` takes exactly that quote off again, so an exported file imports as
it was. Numbers (negative ones included) are numbers, never quoted. xlsx cells are typed, so text
there is always text (see api/formats/workbook.py).
"""

import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal

import marshmallow as ma
from flask import Response, request, stream_with_context
from flask_smorest import abort

from api.extensions import db
from api.schemas.numbers import ExactNumber
from api.store import dataset

JSON = "application/json"
CSV = "text/csv"
NDJSON = "application/x-ndjson"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSIONS = {CSV: "csv", NDJSON: "ndjson", XLSX: "xlsx"}
BATCH = 500
BOM = "\ufeff"
# Any run of single quotes, then a character that starts a formula: one more quote neutralizes it,
# and taking one off restores it, so every text round-trips.
FORMULA_RE = re.compile(r"'*[=+\-@\t\r]")
# Whole-unit money columns; ExactNumber columns are money unless their description says places.
MONEY_INTEGER_RE = re.compile(r"salary_min|salary_max|midpoint|area_median|national_median|annual_(mean|median|pct\d+)")
CENT = Decimal("0.01")


def negotiate(offered: list[str]) -> str:
    """The offered media type the client's Accept header prefers, or a 406 problem."""
    if not request.headers.get("Accept"):
        return offered[0]  # no Accept header: any media type is acceptable (RFC 9110 §12.5.1)
    best = request.accept_mimetypes.best_match(offered)
    if best is None:
        abort(406, message=f"This operation answers {', '.join(offered)}; the Accept header allows none of them.")
    return best


def neutralize(text: str) -> str:
    """`text` with a leading single quote when a spreadsheet would read it as a formula."""
    return "'" + text if FORMULA_RE.match(text) else text


def unneutralize(cell: str) -> str:
    """A CSV cell as it was before `neutralize`: exactly one leading quote off, where one was added."""
    return cell[1:] if cell.startswith("'") and FORMULA_RE.match(cell, 1) else cell


@dataclass(frozen=True)
class Column:
    path: tuple[str, ...]
    kind: str  # text, boolean, integer, money, ratio

    @property
    def name(self) -> str:
        return "_".join(self.path)


def _kind(name: str, field: ma.fields.Field) -> str:
    if isinstance(field, ma.fields.Boolean):
        return "boolean"
    if isinstance(field, ExactNumber):
        return "ratio" if "places" in field.metadata.get("description", "") else "money"
    if isinstance(field, ma.fields.Integer):
        return "money" if MONEY_INTEGER_RE.fullmatch(name) else "integer"
    return "text"


def columns(schema: ma.Schema, prefix: tuple = ()) -> list[Column]:
    """Each leaf field as a column, nested objects flattened (`role` → `role_slug`, `role_title`)."""
    found = []
    for name, field in schema.dump_fields.items():
        if isinstance(field, ma.fields.Nested) and not field.many:
            found.extend(columns(field.schema, (*prefix, name)))
        else:
            found.append(Column((*prefix, name), _kind(name, field)))
    return found


def value(item: dict, column: Column):
    """The column's value in a dumped item: None when absent; objects as JSON, lists joined by `; `."""
    for key in column.path:
        item = item.get(key) if isinstance(item, dict) else None
    if isinstance(item, dict):  # a free-form object (a change's before/after): JSON, not Python's repr
        return json.dumps(item, ensure_ascii=False, sort_keys=True)
    if isinstance(item, list):
        return "; ".join(str(each) for each in item)
    return item


def exact(number) -> Decimal:
    return Decimal(repr(number)) if isinstance(number, float) else Decimal(number)


def csv_field(cell, kind: str) -> str:
    """One RFC 4180 field: booleans `true`/`false`, money with cents unless whole, formulas neutralized."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if kind == "money" and not isinstance(cell, str):
        amount = exact(cell)
        return str(amount.quantize(CENT) if amount != amount.to_integral_value() else int(amount))
    if not isinstance(cell, str):
        return str(cell)
    text = neutralize(cell)
    if text is not cell or any(char in text for char in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def items(listing, item_schema: ma.Schema):
    """Every item of the listing (a `queries.Listing`), dumped, one batch of rows at a time."""
    every = listing.query.execution_options(yield_per=BATCH)
    for batch in db.session.scalars(every, dict(listing.params)).partitions():
        yield item_schema.dump(listing.items(batch), many=True)


def _csv(dumped, cols: list[Column], bom: bool):
    yield (BOM if bom else "") + ",".join(csv_field(column.name, "text") for column in cols) + "\r\n"
    for batch in dumped:
        yield "".join(",".join(csv_field(value(item, c), c.kind) for c in cols) + "\r\n" for item in batch)


def _ndjson(dumped):
    for batch in dumped:
        yield "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in batch)


def etag(media_type: str, args: dict, version: tuple) -> str:
    """The export's strong validator: the dataset version, the path and what was negotiated."""
    what = json.dumps([version, request.path, media_type, args], sort_keys=True, default=str)
    return hashlib.sha256(what.encode()).hexdigest()[:32]


def export(listing, item_schema: ma.Schema, media_type: str, name: str, args: dict, *, bom: bool = False) -> Response:
    """Every item of the listing (a `queries.Listing`: all pages, the same filters), streamed in
    `media_type`, with the ETag and dataset version it was taken at."""
    # Read before the rows: a write landing in between can only make the file newer than it says.
    version = dataset.read_version()
    tag = etag(media_type, {**args, "bom": bom}, version)
    filename = f"{name}-v{version[0]}.{EXTENSIONS[media_type]}"
    headers = {"ETag": f'"{tag}"', "Content-Disposition": f'attachment; filename="{filename}"'}
    if request.if_none_match.contains(tag):
        return Response(status=304, headers=headers)
    cols = columns(item_schema)
    dumped = items(listing, item_schema)
    if media_type == XLSX:
        from api.formats import workbook  # openpyxl loads only when a workbook is asked for

        return workbook.response(dumped, cols, name, version[0], headers)
    body = _csv(dumped, cols, bom) if media_type == CSV else _ndjson(dumped)
    # Flask adds `charset=utf-8` to text/csv
    return Response(stream_with_context(body), mimetype=media_type, headers=headers)
