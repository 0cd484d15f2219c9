"""Content negotiation, and whole-list exports as CSV (RFC 4180) or NDJSON, streamed in batches."""

import csv
import io
import json

import marshmallow as ma
from flask import Response, request, stream_with_context
from flask_smorest import abort

from api.extensions import db

JSON = "application/json"
CSV = "text/csv"
NDJSON = "application/x-ndjson"
BATCH = 500


def negotiate(offered: list[str]) -> str:
    """The offered media type the client's Accept header prefers, or a 406 problem."""
    if not request.headers.get("Accept"):
        return offered[0]  # no Accept header: any media type is acceptable (RFC 9110 §12.5.1)
    best = request.accept_mimetypes.best_match(offered)
    if best is None:
        abort(406, message=f"This operation answers {', '.join(offered)}; the Accept header allows none of them.")
    return best


def columns(schema: ma.Schema, prefix: tuple = ()) -> list[tuple[str, ...]]:
    """Each leaf field's path, nested objects flattened (`role` → `role.slug`, `role.title`)."""
    paths = []
    for name, field in schema.dump_fields.items():
        if isinstance(field, ma.fields.Nested) and not field.many:
            paths.extend(columns(field.schema, (*prefix, name)))
        else:
            paths.append((*prefix, name))
    return paths


def _cell(item: dict, path: tuple):
    for key in path:
        item = item.get(key) if isinstance(item, dict) else None
    if isinstance(item, dict):  # a free-form object (a change's before/after): JSON, not Python's repr
        return json.dumps(item, ensure_ascii=False, sort_keys=True)
    if isinstance(item, list):
        return "; ".join(str(value) for value in item)
    return "" if item is None else item


def _batches(stmt, prepare, args):
    for batch in db.session.scalars(stmt.execution_options(yield_per=BATCH)).partitions():
        yield prepare(list(batch), args) if prepare else batch


def export(stmt, item_schema: ma.Schema, media_type: str, name: str, prepare=None, args=None) -> Response:
    """Every row `stmt` selects (all pages, the same filters), streamed in `media_type`."""
    paths = columns(item_schema)

    def csv_lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["_".join(path) for path in paths])
        for batch in _batches(stmt, prepare, args):
            for item in item_schema.dump(batch, many=True):
                writer.writerow([_cell(item, path) for path in paths])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    def ndjson_lines():
        for batch in _batches(stmt, prepare, args):
            yield "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in item_schema.dump(batch, many=True))

    body = csv_lines() if media_type == CSV else ndjson_lines()
    extension = "csv" if media_type == CSV else "ndjson"
    return Response(
        stream_with_context(body),
        mimetype=media_type,  # Flask adds `charset=utf-8` to text/csv
        headers={"Content-Disposition": f'attachment; filename="{name}.{extension}"'},
    )
