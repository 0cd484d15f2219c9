"""Reading an import file as a stream: one row at a time, in memory bounded by a row, not the file.

CSV is read through a text wrapper, NDJSON line by line, and JSON arrays (or the `data` array of a
list response) item by item with a small incremental parser over `json`'s own decoder. Whatever
the body, a reader never holds more than one chunk and one item.
"""

import codecs
import csv
import io
import json
from collections.abc import Iterator

from api.formats.exports import unneutralize

CHUNK = 64 * 1024
# A band row is a few hundred bytes; anything far larger is not a row.
MAX_ITEM_BYTES = 1024 * 1024
# Rows nest one level (`role.slug`, `source.id`); deeper objects are not rows.
MAX_DEPTH = 3


class UnreadableFile(ValueError):
    """The file as a whole cannot be used: 400 when it cannot be read, 422 when its layout is wrong."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def flatten(item: dict, prefix: str = "", depth: int = 1) -> dict:
    """A JSON object as export columns: nested objects joined with `_` (`role.slug` → `role_slug`)."""
    if depth > MAX_DEPTH:
        raise UnreadableFile(f"A JSON row nests objects more than {MAX_DEPTH} levels deep.")
    flat = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}_", depth + 1))
        else:
            flat[name] = value
    return flat


def rows(stream, media_type: str) -> Iterator[dict]:
    """The rows of a CSV, JSON (array or list envelope) or NDJSON byte stream, one at a time."""
    if media_type == "text/csv":
        yield from _csv_rows(stream)
        return
    items = _ndjson_items(stream) if media_type == "application/x-ndjson" else JsonItems(stream).items()
    for item in items:
        if not isinstance(item, dict):
            raise UnreadableFile('The JSON must be an array of objects, a list response ({"data": [...]}) or NDJSON.')
        yield flatten(item)


def _csv_rows(stream) -> Iterator[dict]:
    reader = csv.reader(io.TextIOWrapper(_buffered(stream), encoding="utf-8-sig", newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise UnreadableFile("The CSV is empty: it needs a header row and at least one row.", 422)
        width = len(header)
        for record in reader:
            if not record:
                continue  # blank lines are skipped, as csv.DictReader does
            if len(record) > width:
                raise UnreadableFile("A CSV row has more fields than the header.")
            # An exported cell may carry the quote that neutralized a formula: off again, so it round-trips.
            row = dict(zip(header, [unneutralize(cell) if cell[:1] == "'" else cell for cell in record]))
            if len(record) < width:  # a short row's missing fields are None, as csv.DictReader reads
                row = {**dict.fromkeys(header), **row}
            yield row
    except csv.Error as error:
        raise UnreadableFile(f"The CSV is malformed at line {reader.line_num}: {error}.") from None
    except UnicodeDecodeError:
        raise UnreadableFile(f"The body is not UTF-8 (near line {reader.line_num + 1}).") from None


def _buffered(stream):
    return stream if isinstance(stream, io.BufferedIOBase) else io.BufferedReader(stream, CHUNK)


def _ndjson_items(stream) -> Iterator:
    buffered = _buffered(stream)
    number = 0
    while line := buffered.readline(MAX_ITEM_BYTES + 1):
        number += 1
        if len(line) > MAX_ITEM_BYTES and not line.endswith(b"\n"):
            raise UnreadableFile(f"NDJSON line {number} is longer than {MAX_ITEM_BYTES} bytes.", 413)
        try:
            text = line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise UnreadableFile(f"The body is not UTF-8 (line {number}).") from None
        if text.strip():
            yield _decode(text.strip())


def _decode(text: str):
    try:
        return json.loads(text)
    except RecursionError:
        raise UnreadableFile("The JSON is nested too deeply to be a row.") from None
    except ValueError as error:  # JSONDecodeError, or an integer literal past Python's digit limit
        raise UnreadableFile(f"The JSON is malformed: {error}.") from None


class JsonItems:
    """The items of a top-level JSON array, or of the `data` array of an object, decoded one by one."""

    def __init__(self, stream):
        self.stream = _buffered(stream)
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.scanner = json.JSONDecoder()
        self.text, self.pos, self.eof, self.offset = "", 0, False, 0

    def items(self) -> Iterator:
        opening = self._next_char()
        if opening == "[":
            yield from self._array()
        elif opening == "{":
            yield from self._envelope()
        else:
            raise self._malformed("expected an array or an object")
        if self._next_char(required=False) is not None:
            raise self._malformed("extra data after the end")

    def _envelope(self) -> Iterator:
        found, first = False, True
        while (char := self._next_char()) != "}":
            if not first:
                if char != ",":
                    raise self._malformed("expected ',' or '}'")
                char = self._next_char()
            first = False
            self.pos -= 1
            key = self._value()
            if not isinstance(key, str) or self._next_char() != ":":
                raise self._malformed("expected a key and ':'")
            if key == "data" and self._next_char() == "[":
                found = True
                yield from self._array()
            else:
                if key == "data":
                    self.pos -= 1
                self._value()  # other members (pagination) are read and dropped
        if not found:
            raise UnreadableFile('The JSON must be an array of objects, a list response ({"data": [...]}) or NDJSON.')

    def _array(self) -> Iterator:
        if self._next_char() == "]":
            return
        self.pos -= 1
        while True:
            yield self._value()
            char = self._next_char()
            if char == "]":
                return
            if char != ",":
                raise self._malformed("expected ',' or ']'")

    def _value(self):
        """Decode the value at `pos`, reading more while it may be cut off by the chunk's end."""
        self._next_char()
        self.pos -= 1
        while True:
            try:
                value, end = self.scanner.raw_decode(self.text, self.pos)
            except RecursionError:
                raise UnreadableFile("The JSON is nested too deeply to be a row.") from None
            except ValueError as error:  # cut off by the chunk's end, or malformed: read on to tell
                if (
                    self.eof
                    or len(self.text) - self.pos > MAX_ITEM_BYTES
                    or not isinstance(error, json.JSONDecodeError)
                ):
                    raise self._malformed(str(error)) from None
            else:
                if end < len(self.text) or self.eof:  # a number at the very end may go on
                    self.pos = end
                    return value
            self._read()

    def _next_char(self, required: bool = True):
        """The next character that is not whitespace, consumed; None at the end when not `required`."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.text):
                self.pos += 1
                return self.text[self.pos - 1]
            if self.eof:
                if required:
                    raise self._malformed("unexpected end of the body")
                return None
            self._read()

    def _read(self) -> None:
        chunk = self.stream.read(CHUNK)
        self.eof = not chunk
        try:
            decoded = self.decoder.decode(chunk, final=self.eof)
        except UnicodeDecodeError as error:
            raise UnreadableFile(f"The body is not UTF-8 (byte {self.offset + error.start}).") from None
        self.offset += len(chunk)
        self.text = self.text[self.pos :] + decoded  # consumed text is dropped: memory stays one item
        self.pos = 0

    def _malformed(self, why: str) -> UnreadableFile:
        return UnreadableFile(f"The JSON is malformed: {why}.")
