"""BLS OEWS files as BLS publishes them: the xlsx inside oesm24nat.zip, oesm24st.zip and oesm24ma.zip (the
zip itself, or the xlsx taken out), or CSV with the same column names; and BLS's markers read honestly:
`*` and `**` (estimate not released) become null, `#` (at or above the top-coding threshold) null and
top-coded, never a made-up figure."""

import csv
import io
import re
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

WAGE_COLUMNS = {
    "H_MEAN": "hourly_mean",
    "H_PCT10": "hourly_pct10",
    "H_PCT25": "hourly_pct25",
    "H_MEDIAN": "hourly_median",
    "H_PCT75": "hourly_pct75",
    "H_PCT90": "hourly_pct90",
    "A_MEAN": "annual_mean",
    "A_PCT10": "annual_pct10",
    "A_PCT25": "annual_pct25",
    "A_MEDIAN": "annual_median",
    "A_PCT75": "annual_pct75",
    "A_PCT90": "annual_pct90",
}
REQUIRED = {"AREA", "AREA_TITLE", "AREA_TYPE", "OCC_CODE", "OCC_TITLE", "TOT_EMP", *WAGE_COLUMNS}
NOT_RELEASED = {"*", "**"}
TOP_CODED = "#"


class OewsFileError(ValueError):
    """A file that cannot be imported; nothing is written."""


def survey_year(paths: list[Path]) -> int:
    """The survey year named in BLS's file names (oesm24st.zip, state_M2024_dl.xlsx, ...may2024...)."""
    for path in paths:
        match = re.search(r"(?i)(?:_m|may)(\d{4})|oesm(\d{2})", path.name)
        if match:
            return int(match[1]) if match[1] else 2000 + int(match[2])
    raise OewsFileError("Say which survey this is with --year (the file names do not say, as BLS's do).")


def read_rows(path: Path):
    """The rows of one file, keyed by upper-case BLS column names."""
    suffix = path.suffix.lower()
    if suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".xlsx") and "description" not in n.lower()]
            if not names:
                raise OewsFileError(f"{path.name} holds no OEWS xlsx file.")
            yield from _xlsx_rows(io.BytesIO(archive.read(names[0])), path.name)
    elif suffix == ".xlsx":
        yield from _xlsx_rows(path, path.name)
    elif suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            _check_columns(reader.fieldnames or [], path.name)
            for row in reader:
                yield {key.strip().upper(): value for key, value in row.items() if key}
    else:
        raise OewsFileError(f"{path.name}: expected .xlsx, .zip (as BLS publishes) or .csv.")


def row_count(path: Path) -> int:
    """Data rows in a file, cheaply, for the progress bar."""
    if path.suffix.lower() == ".csv":
        with open(path, "rb") as handle:
            return max(sum(1 for _ in handle) - 1, 0)
    from openpyxl import load_workbook

    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                name = next(
                    n for n in archive.namelist() if n.lower().endswith(".xlsx") and "description" not in n.lower()
                )
                book = load_workbook(io.BytesIO(archive.read(name)), read_only=True)
        else:
            book = load_workbook(path, read_only=True)
        return max((book.worksheets[0].max_row or 1) - 1, 0)
    except Exception:  # an unreadable file is reported properly when it is read
        return 0


def _xlsx_rows(source, name: str):
    from openpyxl import load_workbook

    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several types for a file that is not xlsx
        raise OewsFileError(f"{name} is not a readable xlsx file ({error.__class__.__name__}).") from None
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = [str(cell).strip().upper() if cell is not None else "" for cell in next(rows, [])]
    _check_columns(header, name)
    for values in rows:
        yield {key: ("" if value is None else value) for key, value in zip(header, values) if key}
    book.close()


def _check_columns(header, name: str) -> None:
    missing = sorted(REQUIRED - {str(column).strip().upper() for column in header})
    if missing:
        raise OewsFileError(f"{name} lacks the OEWS column(s) {', '.join(missing)}.")


def wage(raw, integer: bool):
    """(value, top_coded) for one cell: markers become null, never a made-up number."""
    if isinstance(raw, (int, float)):
        number = Decimal(str(raw))
    else:
        text = str(raw).strip()
        if text in ("", *NOT_RELEASED):
            return None, False
        if text == TOP_CODED:
            return None, True
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"'{text}' is not a number or an OEWS marker") from None
    if not number.is_finite() or number < 0:
        raise ValueError(f"'{raw}' is not a wage")
    return (int(number) if integer else number.quantize(Decimal("0.01"))), False
