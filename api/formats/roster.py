"""The roster's formats: rows read from CSV, JSON or NDJSON as they stream, placed rows written as JSON
(rows, then the summary) or CSV, in chunks. What a row means and where it falls is api/domain/roster.py."""

import csv
import io
import json
from collections import Counter
from decimal import Decimal

from flask import request
from flask_smorest import abort

from api import grammar
from api.domain import paymath
from api.formats import exports

COLUMNS = ("reference", "role", "salary", "period", "year", "area")
REQUIRED = ("reference", "role", "salary")
OUTPUT = (
    "row",
    "reference",
    "role",
    "year",
    "band_id",
    "salary",
    "salary_period",
    "salary_in_band_period",
    "area",
    "area_factor",
    "salary_min",
    "salary_max",
    "midpoint",
    "compa_ratio",
    "range_penetration",
    "placement",
    "distance_from_min",
    "distance_to_max",
    "error_field",
    "error",
)
READ_BYTES = 64 * 1024
WRITE_ROWS = 500  # rows per chunk written out: one yield per row costs more than the row


UNREADABLE = f"quote a cell that holds a line break, and keep each cell under {csv.field_size_limit():,} characters."


class RowError(ValueError):
    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name


# Reading: each format yields (row number, dict of cells or a RowError), streaming where it can.


def _lines(stream):
    for line in io.BufferedReader(stream, READ_BYTES):
        yield line.decode("utf-8", "surrogateescape")


def read_csv(stream):
    wanted, numbered = read_csv_cells(stream)
    return (
        (
            number,
            cells
            if isinstance(cells, RowError)
            else {name: cells[index] if index < len(cells) else "" for index, name in wanted},
        )
        for number, cells in numbered
    )


def read_csv_cells(stream):
    """The header's wanted columns as (index, name) pairs, and each row as (row number, its cells)."""
    lines = _lines(stream)
    reader = csv.reader(lines)
    try:
        header = next(reader, None)
    except csv.Error:
        abort(422, message=f"The CSV header row is not readable: {UNREADABLE}")
    if header is None:
        abort(422, message="The roster is empty: send a header row (reference,role,salary) and one row per employee.")
    header = [name.lstrip("\ufeff").strip().lower() for name in header]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        abort(
            422,
            message=f"The CSV header lacks {', '.join(missing)}: the columns are {', '.join(COLUMNS)} "
            f"(period, year and area optional; others are ignored).",
        )
    wanted = [(index, name) for index, name in enumerate(header) if name in COLUMNS]

    def rows():
        number = 0
        while True:
            try:
                for cells in reader:
                    number += 1
                    if len(cells) == 1 and cells[0] == "":
                        continue  # a blank line
                    yield number, cells
                return
            except csv.Error:  # this row only: the reader goes on with the next line
                number += 1
                yield number, RowError("row", f"Not readable: {UNREADABLE}")

    return wanted, rows()


def read_ndjson(stream):
    def rows():
        number = 0
        for line in _lines(stream):
            if not line.strip():
                continue
            number += 1
            try:
                yield number, _object(grammar.load_json(line))
            except (ValueError, RowError) as error:
                yield number, error if isinstance(error, RowError) else RowError("row", "Not a JSON object.")

    return rows()


def read_json(body: bytes):
    try:
        document = grammar.load_json(body)
    except grammar.TooDeep as error:
        abort(400, errors={"json": [f"{error}."]})
    except (ValueError, UnicodeDecodeError):
        abort(400, errors={"json": ["Invalid JSON body: send an array of objects, one per employee."]})
    if not isinstance(document, list):
        abort(422, message="Send the roster as a JSON array of objects, one per employee.")

    def rows():
        for number, item in enumerate(document, start=1):
            try:
                yield number, _object(item)
            except RowError as error:
                yield number, error

    return rows()


def _object(item) -> dict:
    if not isinstance(item, dict):
        raise RowError("row", "Not a JSON object.")
    return {name: item.get(name) for name in COLUMNS}


def open_rows():
    """The roster's rows, by Content-Type; a file that cannot be read at all is refused before any answer."""
    if request.mimetype == exports.JSON:
        return read_json(request.get_data())
    return (read_csv if request.mimetype == exports.CSV else read_ndjson)(request.stream)


# Writing: placed rows out in chunks.


def _json_value(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, (int, Decimal)):
        return str(value)  # Decimals here are never in exponent form: at most 4 places, from digits
    return json.dumps(value, ensure_ascii=False)


def _chunks(lines):
    """Lines joined into chunks of WRITE_ROWS."""
    chunk = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= WRITE_ROWS:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)


def _json_rows(placed, counts: Counter):
    for index, row in enumerate(placed):
        counts["errors" if row.get("error") else "placed"] += 1
        get = row.get
        yield ("," if index else "") + "{" + ",".join(f'"{name}":{_json_value(get(name))}' for name in OUTPUT) + "}"


def as_json(placed, summary: dict):
    yield '{"rows":['
    counts = Counter()
    yield from _chunks(_json_rows(placed, counts))
    roles = [item.as_dict(role) for role, item in sorted(summary.items())]
    yield (
        '],"summary":{'
        + f'"placed":{counts["placed"]},"errors":{counts["errors"]},"roles":['
        + ",".join("{" + ",".join(f'"{k}":{_json_value(v)}' for k, v in item.items()) + "}" for item in roles)
        + f']}},"rounding":{json.dumps(paymath.ROUNDING_RULE)}}}'
    )


def as_csv(placed):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(OUTPUT)
    for index, row in enumerate(placed, start=1):
        if row["reference"] is not None:  # the one text a client chose that comes back: a spreadsheet must not run it
            row["reference"] = exports.neutralize(row["reference"])
        writer.writerow([row.get(name) for name in OUTPUT])
        if index % WRITE_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
