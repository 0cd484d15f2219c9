"""A CSV roster answered in CSV at the speed of the rows: no dict, Decimal or lookup per row.

The first row of each distinct (role, period, year, area) is placed by the general path
(api/domain/roster.py), and what it found becomes the template for the later rows of that
combination: each of those only checks its reference and salary in the shared grammar and runs the
integer math of `paymath.position_in_whole_band`. A row with anything else about it (cells missing,
a reference or salary those checks refuse, a combination not templated) takes the general path
itself, so every row reads exactly as the general path writes it (tests compare the two).
"""

import csv
import io
import operator
import re
from decimal import Decimal

from api import grammar
from api.domain import paymath
from api.domain.roster import MAX_LOOKUPS, MAX_REFERENCE, NOT_UTF8_RE, Lookups, result
from api.formats import exports
from api.formats.roster import OUTPUT, WRITE_ROWS, RowError
from api.schemas.numbers import MAX_AMOUNT

SCALE = 10**4  # salaries are held as whole ten-thousandths: the grammar allows 4 decimals
# Combinations templated per roster: their keys are the client's cell texts, so they are bounded too.
MAX_TEMPLATES = 4 * MAX_LOOKUPS
QUOTED = re.compile(r'[,"\r\n]')  # what makes the csv module's minimal quoting quote a cell
# Text `_text` refuses: the grammar's control characters, or bytes that were not UTF-8 (one search for both).
NOT_CLEAN = re.compile(f"{grammar.CONTROL_RE.pattern}|{NOT_UTF8_RE.pattern}")
KEY_COLUMNS = ("role", "period", "year", "area")


def ten_thousandths(text: str) -> int | None:
    """`grammar.amount(text) * 10**4` as an int for a str `text`, else None: the same grammar, as its
    pattern alone bounds the length (12 + 1 + 4 characters)."""
    if not grammar.AMOUNT_RE.fullmatch(text):
        return None
    whole, _, fraction = text.partition(".")
    return int(whole) * SCALE + (int(fraction.ljust(4, "0")) if fraction else 0)


def _cell(value) -> str:
    """One value as csv.writer writes it among others (None and "" as nothing, quoted when it must be)."""
    text = "" if value is None else str(value)
    return '"' + text.replace('"', '""') + '"' if QUOTED.search(text) else text


def _cents(value: int) -> str:
    """`value` cents (>= 0) as str(Decimal) writes money: "0.05", "1234.50"."""
    return f"{value // 100}.{value % 100:02d}"


def _places4(value: int) -> str:
    """`value` ten-thousandths (>= 0) as str(Decimal) writes a ratio: "1.0345", "0.0000"."""
    return f"{value // 10000}.{value % 10000:04d}"


def _signed_cents(numerator: int, denominator: int) -> str:
    """numerator / denominator rounded half-up (ties away from zero) to cents, as `paymath` writes it."""
    magnitude = (200 * abs(numerator) + denominator) // (2 * denominator)
    return f"-{_cents(magnitude)}" if numerator < 0 and magnitude else _cents(magnitude)


def _signed_places4(numerator: int, denominator: int) -> str:
    """numerator / denominator rounded half-up (ties away from zero) to 4 places, as `paymath` writes it."""
    magnitude = (20000 * abs(numerator) + denominator) // (2 * denominator)
    return f"-{_places4(magnitude)}" if numerator < 0 and magnitude else _places4(magnitude)


class Placed:
    """The template of a combination that places: the band's edges and periods, and its fixed cells."""

    def __init__(self, row: dict, band_period: str, hours_per_year: int):
        self.per_year = paymath.periods_per_year(row["salary_period"], hours_per_year)
        self.denominator = SCALE * paymath.periods_per_year(band_period, hours_per_year)
        low, high = row["salary_min"], row["salary_max"]
        self.at_low, self.at_high = low * self.denominator, high * self.denominator
        self.compa_denominator = self.denominator * (low + high)
        self.width_denominator = self.denominator * (high - low)
        self.head = ",".join(_cell(row[name]) for name in ("role", "year", "band_id")) + ","
        self.middle = f",{_cell(row['salary_period'])},"
        self.tail = "," + ",".join(
            _cell(row[name]) for name in ("area", "area_factor", "salary_min", "salary_max", "midpoint")
        )

    def line(self, number: int, reference: str, salary: str, scaled: int) -> str:
        numerator, denominator = scaled * self.per_year, self.denominator
        from_low, to_high = numerator - self.at_low, self.at_high - numerator
        penetration = _signed_places4(from_low, self.width_denominator) if self.width_denominator else ""
        placement = "below" if from_low < 0 else "above" if to_high < 0 else "within"
        return (
            f"{number},{reference},{self.head}{salary}{self.middle}"
            f"{_cents((200 * numerator + denominator) // (2 * denominator))}{self.tail},"
            f"{_places4((40000 * numerator + self.compa_denominator) // (2 * self.compa_denominator))},"
            f"{penetration},{placement},{_signed_cents(from_low, denominator)},"
            f"{_signed_cents(to_high, denominator)},,\r\n"
        )


class Failed:
    """The template of a combination whose every row fails the same way (an unknown role, say)."""

    def __init__(self, row: dict):
        cells = [_cell(row.get(name)) for name in OUTPUT]
        salary_at = OUTPUT.index("salary")
        self.head = ",".join(cells[2:salary_at]) + ","
        self.shows_salary = row.get("salary") is not None
        self.tail = "," + ",".join(cells[salary_at + 1 :]) + "\r\n"

    def line(self, number: int, reference: str, salary: str, scaled: int) -> str:
        return f"{number},{reference},{self.head}{salary if self.shows_salary else ''}{self.tail}"


def _reference(raw: str) -> str | None:
    """The reference cell as written back (neutralized, quoted), or None if `_text` would refuse it."""
    if not 0 < len(raw) <= MAX_REFERENCE or NOT_CLEAN.search(raw):
        return None
    raw = exports.neutralize(raw)
    return '"' + raw.replace('"', '""') + '"' if QUOTED.search(raw) else raw


def as_csv(wanted: list, numbered, args: dict):
    """The placed rows as CSV, in chunks of WRITE_ROWS rows."""
    columns = dict((name, index) for index, name in wanted)  # a repeated column: the last one, as read_csv
    key_of = operator.itemgetter(*(columns[name] for name in KEY_COLUMNS if name in columns))
    reference_at, salary_at, width = columns["reference"], columns["salary"], max(columns.values()) + 1
    lookups, templates, general = Lookups(args), {}, _GeneralRows(wanted, args)
    lines = [",".join(OUTPUT) + "\r\n"]
    for number, cells in numbered:
        template = key = None
        if cells.__class__ is list and len(cells) >= width:  # not a RowError, and no cell missing
            key = key_of(cells)
            template = templates.get(key)
            reference, salary = _reference(cells[reference_at]), cells[salary_at]
            scaled = ten_thousandths(salary) if reference is not None else None
            if scaled is not None and 0 < scaled <= MAX_AMOUNT * SCALE:
                if salary[0] == "0":
                    salary = str(Decimal(salary))  # as the general path writes it: no leading zeros
                if template is not None:
                    lines.append(template.line(number, reference, salary, scaled))
                    if len(lines) >= WRITE_ROWS:
                        yield "".join(lines)
                        lines.clear()
                    continue
            else:
                key = None  # the row's own cells fail: its outcome says nothing about the combination
        row = general.row(number, cells, lookups)
        lines.append(general.line(row))
        if key is not None and len(templates) < MAX_TEMPLATES:
            templates[key] = general.template(row, lookups)
    yield "".join(lines)


class _GeneralRows:
    """Rows through the general path, written by csv.writer exactly as api/formats/roster.py writes them."""

    def __init__(self, wanted: list, args: dict):
        self.wanted, self.args, self.summary = wanted, args, {}
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\r\n")

    def row(self, number: int, cells: list, lookups: Lookups) -> dict:
        if isinstance(cells, RowError):
            return result(number, cells, lookups, self.args, self.summary)
        raw = {name: cells[index] if index < len(cells) else "" for index, name in self.wanted}
        return result(number, raw, lookups, self.args, self.summary)

    def line(self, row: dict) -> str:
        reference = row["reference"]
        self.writer.writerow(
            [
                exports.neutralize(reference) if name == "reference" and reference is not None else row.get(name)
                for name in OUTPUT
            ]
        )
        line = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return line

    def template(self, row: dict, lookups: Lookups):
        if row.get("error"):
            return Failed(row)
        return Placed(row, lookups.band(row["role"], row["year"]).period, self.args["hours_per_year"])
