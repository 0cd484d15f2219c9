"""Where a band applies: a country, a subdivision of one, or a metro area a source publishes figures for.

One code per band, upper-case, matched whole (`fullmatch`):
- `national`: an ISO 3166-1 alpha-2 country code, e.g. `US`.
- `subdivision`: an ISO 3166-2 code (the country, a hyphen, one to three letters or digits), e.g. `US-CA`.
- `metro`: `US-MSA-` and the five-digit area code BLS OEWS publishes for a metropolitan area (the Census
  CBSA code), e.g. `US-MSA-31080`, Los Angeles-Long Beach-Anaheim, CA.
Countries and subdivisions must exist in ISO 3166 (pycountry carries it); metro codes are checked by form.
"""

import functools
import re

import pycountry

SCOPES = ("national", "subdivision", "metro")
MAX_LENGTH = 12  # `US-MSA-31080`; the longest ISO 3166-2 code is 6 characters
PATTERN = r"^(?:[A-Za-z]{2}(?:-[A-Za-z0-9]{1,3})?|[Uu][Ss]-[Mm][Ss][Aa]-[0-9]{5})$"
_FORMS = {
    "national": re.compile(r"[A-Z]{2}"),
    "subdivision": re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}"),
    "metro": re.compile(r"US-MSA-[0-9]{5}"),
}


@functools.cache
def _codes(scope: str) -> frozenset:
    # A set per scope, built on first use: pycountry's own lookup is far slower than a set's, and an
    # import checks every row.
    if scope == "national":
        return frozenset(country.alpha_2 for country in pycountry.countries)
    return frozenset(subdivision.code for subdivision in pycountry.subdivisions)


MESSAGE = (
    "Must be an ISO 3166-1 country code (US), an ISO 3166-2 subdivision (US-CA) or a metro area as "
    "US-MSA- and its five-digit OEWS area code (US-MSA-31080)."
)


def scope_of(code, known: bool = True) -> str | None:
    """The scope of a geography code (any case), or None when it is not one; with `known`, a country
    or subdivision must also exist in ISO 3166 (a filter needs only the form: an unknown code matches
    nothing)."""
    if type(code) is not str or len(code) > MAX_LENGTH:
        return None
    code = code.upper()
    for scope, form in _FORMS.items():
        if form.fullmatch(code):
            return scope if not known or scope == "metro" or code in _codes(scope) else None
    return None
