"""Whole-list exports as an xlsx workbook: typed cells, money formats, a frozen header row.

openpyxl's write-only mode streams rows to a temporary file, so memory stays bounded by one batch
however long the list is; the finished file is then streamed from disk. Every text cell is stored
as text, so a value starting with `=` is never a formula.
"""

import re
import tempfile

from flask import Response, stream_with_context
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.packaging.custom import IntProperty
from openpyxl.styles import Font

from api.formats.exports import XLSX, Column, exact, value

CHUNK = 64 * 1024
FORMATS = {"integer": "0", "ratio": "0.0000"}
# Characters XML 1.0 cannot carry; openpyxl refuses them, so they are shown as U+FFFD.
ILLEGAL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def money_format(currency: str | None, whole: bool) -> str:
    figure = "#,##0" if whole else "#,##0.00"
    if currency == "USD":
        return f'"$"{figure}'
    return f'{figure} "{currency}"' if currency and currency.isalpha() else figure


def _cell(sheet, cell, column: Column, currency: str | None) -> WriteOnlyCell:
    if cell is None or isinstance(cell, bool):
        return WriteOnlyCell(sheet, value=cell)
    if column.kind in ("money", "integer", "ratio") and not isinstance(cell, str):
        number = exact(cell)
        whole = number == number.to_integral_value()
        written = WriteOnlyCell(sheet, value=int(number) if whole else float(number))
        written.number_format = (
            money_format(currency, column.kind == "money" and whole) if column.kind == "money" else FORMATS[column.kind]
        )
        return written
    written = WriteOnlyCell(sheet, value=ILLEGAL_RE.sub("\ufffd", str(cell)))
    written.data_type = "s"  # openpyxl would otherwise read a leading `=` as a formula
    return written


def _write(dumped, cols: list[Column], name: str, version: int, handle) -> None:
    book = Workbook(write_only=True)
    book.properties.title = name
    book.custom_doc_props.append(IntProperty(name="dataset_version", value=version))
    sheet = book.create_sheet(name[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in cols:
        cell = WriteOnlyCell(sheet, value=column.name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    currency = next((c for c in cols if c.path == ("currency",)), None)
    for batch in dumped:
        for item in batch:
            code = value(item, currency) if currency else None
            sheet.append([_cell(sheet, value(item, column), column, code) for column in cols])
    book.save(handle)


def response(dumped, cols: list[Column], name: str, version: int, headers: dict) -> Response:
    """The workbook of every dumped item, written to a temporary file and streamed from it."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the response streams it, then closes it
    try:
        _write(dumped, cols, name, version, handle)
        size = handle.tell()
        handle.seek(0)
    except BaseException:
        handle.close()
        raise

    def chunks():
        with handle:
            while chunk := handle.read(CHUNK):
                yield chunk

    return Response(stream_with_context(chunks()), mimetype=XLSX, headers={**headers, "Content-Length": str(size)})
