"""One grammar for every number and every piece of text a client sends, on every path.

Query strings, JSON bodies, CSV cells and NDJSON lines all go through these functions, so a value
means the same wherever it arrives: plain ASCII digits, no sign, no exponent, no separators, no
surrounding space, and bounded in length before anything computes with it. Validate with
`fullmatch` only: `$` would also match before a final newline.
"""

import json
import re
from decimal import Decimal
from itertools import accumulate

# A whole number: at most 10 ASCII digits (a 32-bit column holds every value that passes a range check).
WHOLE_DIGITS = 10
WHOLE_RE = re.compile(r"[0-9]{1,10}")
# A year, in a band, a date or a source's edition: the salary_bands year_range constraint holds bands to it.
MIN_YEAR, MAX_YEAR = 1900, 2100
# An amount: whole part of at most 12 ASCII digits, an optional fraction of at most 4.
AMOUNT_RE = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,4})?")
AMOUNT_PATTERN = r"^[0-9]{1,12}(\.[0-9]{1,4})?$"
# Control characters (C0 and C1, DEL): never allowed in text; `\t`, `\n` only where multi-line text is.
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_EXCEPT_NEWLINES_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def whole(value, low: int, high: int) -> int | None:
    """`value` as an int in [low, high] when it is a JSON integer or a string of ASCII digits; else None.

    Booleans and floats are refused (`38500.9` is not a whole number, and neither is `2031.0` in text)."""
    if type(value) is int:
        number = value
    elif type(value) is str and WHOLE_RE.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if low <= number <= high else None


def amount(value) -> Decimal | None:
    """`value` as an exact Decimal when it is a JSON integer, a JSON number or a string in the amount
    grammar; else None. A float is taken by its shortest repr, then held to the same grammar."""
    if type(value) is int:
        text = str(value)
    elif type(value) is float:
        text = repr(value)
    elif type(value) is str:
        text = value
    else:
        return None
    if len(text) > 17 or not AMOUNT_RE.fullmatch(text):
        return None
    return Decimal(text)


def is_clean_text(value: str, multiline: bool = False) -> bool:
    """True when `value` has no control characters (newlines and tabs allowed only when `multiline`)."""
    return not (CONTROL_EXCEPT_NEWLINES_RE if multiline else CONTROL_RE).search(value)


# JSON: nesting deeper than this is refused before parsing (an export nests four levels). Parsers and
# every walk over the result recurse per level, so depth is a cost like length.
MAX_JSON_DEPTH = 32
# Depth is measured on bytes with C-speed passes: escaped backslashes and quotes dropped, then all but
# quotes and brackets, then strings (an unterminated one runs to the end; the parser refuses it).
_JSON_STRING_RE = re.compile(rb'"[^"]*"?')
_NOT_QUOTE_OR_BRACKET = bytes(sorted(set(range(256)) - set(b'"[]{}')))
_BRACKETS_AS_PARENS = bytes.maketrans(b"[]{}", b"()()")


class TooDeep(json.JSONDecodeError):
    """JSON nested deeper than MAX_JSON_DEPTH; a JSONDecodeError, so callers refuse it as malformed."""

    def __init__(self, depth: int):
        super().__init__(f"JSON nested {depth} levels deep; at most {MAX_JSON_DEPTH} are allowed", "", 0)
        self.args = (self.msg,)  # no line and column: the whole document is at fault


def json_depth(data: bytes) -> int:
    """The deepest nesting of arrays and objects in JSON `data` (exact up to MAX_JSON_DEPTH + 1),
    brackets inside strings not counted."""
    unescaped = data.replace(b"\\\\", b"").replace(b'\\"', b"")  # backslashes pair up from the left
    # Dropping two adjacent quotes only joins two strings, so most strings go at C speed here.
    structure = unescaped.translate(None, _NOT_QUOTE_OR_BRACKET).replace(b'""', b"")
    brackets = _JSON_STRING_RE.sub(b"", structure).translate(_BRACKETS_AS_PARENS)
    # Each pass removes every innermost pair, one level: balanced brackets n deep vanish in n passes.
    remaining = brackets
    for level in range(MAX_JSON_DEPTH + 2):
        if not remaining:
            return level
        remaining = remaining.replace(b"()", b"")
    return max(accumulate(1 if byte == 40 else -1 for byte in brackets))  # too deep, or unbalanced


def check_json_depth(data: str | bytes) -> None:
    """Raise TooDeep when JSON `data` (a document, or NDJSON lines) nests deeper than MAX_JSON_DEPTH."""
    depth = json_depth(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    if depth > MAX_JSON_DEPTH:
        raise TooDeep(depth)


def load_json(data: str | bytes):
    """`json.loads`, after refusing nesting deeper than MAX_JSON_DEPTH (TooDeep). Bytes must be UTF-8
    (UnicodeDecodeError otherwise)."""
    check_json_depth(data)
    return json.loads(data.decode("utf-8") if isinstance(data, bytes) else data)
