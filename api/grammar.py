"""One grammar for every number and every piece of text a client sends, on every path.

Query strings, JSON bodies, CSV cells and NDJSON lines all go through these functions, so a value
means the same wherever it arrives: plain ASCII digits, no sign, no exponent, no separators, no
surrounding space, and bounded in length before anything computes with it. Validate with
`fullmatch` only: `$` would also match before a final newline.
"""

import re
from decimal import Decimal

# A whole number: at most 10 ASCII digits (a 32-bit column holds every value that passes a range check).
WHOLE_DIGITS = 10
WHOLE_RE = re.compile(r"[0-9]{1,10}")
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
