"""Lookups remembered per dataset version, so a read that varies only in how it places or converts runs no query.

An HR tool places each employee's salary in the same few bands, and reads them against the same few
areas: every call is new to the response cache, but the band, the area and the market wages behind
it are not. What a lookup found is kept under the dataset version the request read
(`dataset.read_version`, read from the database on every request). Every write bumps that version in
its own transaction, so after a write each instance's next read looks under the new version and
misses: no read is staler than the version it reports.

A miss runs the usual query, after the version was read, so what it finds is at least that version;
it is kept only when the session began no transaction earlier (one begun before the version was read
might show an older state). Kept are frozen copies (the band, its role and source; an area, an
occupation, market wages; read-only mappings of them): never an ORM row shared between requests.
Each app keeps its own, as tests run several apps on several databases.
"""

import threading
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from flask import current_app

from api.extensions import db
from api.models import Area, MarketWage, Occupation, SalaryBand, Source
from api.store.dataset import read_version
from api.store.queries import one_or_404
from api.store.records import Band, SourceRef

MAX_ENTRIES = 10_000  # lookups kept per version; past this the version starts over (bounded memory)
# Arguments that place a salary rather than choose the band; every other argument is part of the key.
PLACING = frozenset({"salary", "period", "hours_per_year"})


@dataclass(frozen=True, slots=True)
class AreaRef:
    code: str
    name: str
    type: str
    usps: str | None


@dataclass(frozen=True, slots=True)
class OccupationRef:
    system: str
    code: str
    title: str
    attribution: str


@dataclass(frozen=True, slots=True)
class Wages:
    """What MarketWageSchema reads of one OEWS estimate."""

    area: AreaRef
    occupation: OccupationRef
    source: SourceRef
    employment: int | None
    hourly_mean: Decimal | None
    hourly_pct10: Decimal | None
    hourly_pct25: Decimal | None
    hourly_median: Decimal | None
    hourly_pct75: Decimal | None
    hourly_pct90: Decimal | None
    annual_mean: int | None
    annual_pct10: int | None
    annual_pct25: int | None
    annual_median: int | None
    annual_pct75: int | None
    annual_pct90: int | None
    top_coded: tuple[str, ...]


def frozen(value):
    """A copy of an answer that needs no session and that no request can change: rows become the frozen
    records above, mappings read-only; anything else is kept as it is (numbers, text: immutable)."""
    if isinstance(value, dict):
        return MappingProxyType({name: frozen(item) for name, item in value.items()})
    if isinstance(value, SalaryBand):
        return Band.of(value)
    if isinstance(value, Area):
        return AreaRef(value.code, value.name, value.type, value.usps)
    if isinstance(value, Occupation):
        return OccupationRef(value.system, value.code, value.title, value.attribution)
    if isinstance(value, Source):
        return SourceRef(value.id, value.title)
    if isinstance(value, MarketWage):
        return Wages(
            frozen(value.area),
            frozen(value.occupation),
            frozen(value.source),
            value.employment,
            *(getattr(value, name) for name in WAGE_COLUMNS),
            tuple(value.top_coded),
        )
    return value


WAGE_COLUMNS = [name for name in Wages.__slots__ if name.startswith(("hourly_", "annual_"))]


class Lookups:
    """One app's lookups under one dataset version; replaced whole when the version moves on."""

    def __init__(self):
        self.held = (None, {})  # (version, {key: answer}): one attribute, so a reader never pairs two versions
        self.lock = threading.Lock()

    def get(self, key, find):
        """What `find()` returns for `key` (a tuple naming the lookup) at the request's version, frozen."""
        version = read_version()
        held_version, found = self.held
        if held_version == version:
            answer = found.get(key)
            if answer is not None:
                return answer
        fresh = not db.session().in_transaction()
        answer = frozen(find())
        if fresh:
            with self.lock:
                held_version, found = self.held
                if held_version != version or len(found) >= MAX_ENTRIES:
                    found = {}
                    self.held = (version, found)
                found[key] = answer
        return answer


def band(band_id: int, args: dict):
    """The band with this id (404 when there is none) for a read that places a salary in it."""
    return _placed(("id", band_id), args, lambda: one_or_404(SalaryBand, "salary band", id=band_id))


def band_of_role(args: dict, find):
    """The band `find(args)` chooses (it answers 404/422 itself) for a read that places a salary in it."""
    return _placed(("role",), args, lambda: find(args))


def band_read(band_id: int, args: dict, read):
    """`read(band, args)` for the band with this id (404 when there is none): a read whose answer depends
    on the band's data and on the arguments that neither place nor convert (`area`, `survey`), the only
    ones `read` is given. The answer is read-only: every request with those arguments shares it."""
    chosen = {name: value for name, value in args.items() if name not in PLACING}
    return _kept(
        ("read", read, band_id), chosen, lambda: read(one_or_404(SalaryBand, "salary band", id=band_id), chosen)
    )


def _placed(what: tuple, args: dict, find):
    if "area" in args:  # a position localizes through the session's role and wages: not kept
        return find()
    return _kept(what, args, find)


def _kept(what: tuple, args: dict, find):
    key = (*what, *sorted((name, value) for name, value in args.items() if name not in PLACING))
    return current_app.extensions["band_lookups"].get(key, find)


def init_app(app) -> None:
    app.extensions["band_lookups"] = Lookups()
