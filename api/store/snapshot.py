"""Band lookups remembered per dataset version, so a read that varies only in its salary runs no query.

An HR tool places each employee's salary in the same few bands: every call is new to the response
cache, but the band behind it is not. The band a lookup found is kept under the dataset version the
request read (`dataset.read_version`, read from the database on every request). Every write bumps that
version in its own transaction, so after a write each instance's next read looks under the new version
and misses: no read is staler than the version it reports.

A miss runs the usual query, after the version was read, so what it finds is at least that version;
it is kept only when the session began no transaction earlier (one begun before the version was read
might show an older state). Kept are frozen copies of the band, its role and source: never an ORM row
shared between requests. Each app keeps its own, as tests run several apps on several databases.
"""

import threading
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import current_app

from api.extensions import db
from api.models import SalaryBand
from api.models.salary_band import midpoint
from api.store.dataset import read_version
from api.store.queries import one_or_404

MAX_ENTRIES = 10_000  # lookups kept per version; past this the version starts over (bounded memory)
# Arguments that place a salary rather than choose the band; every other argument is part of the key.
PLACING = frozenset({"salary", "period", "hours_per_year"})


@dataclass(frozen=True, slots=True)
class RoleRef:
    slug: str
    title: str


@dataclass(frozen=True, slots=True)
class SourceRef:
    id: int
    title: str


@dataclass(frozen=True, slots=True)
class Band:
    """What SalaryBandSchema and the pay math read of a band, and nothing that needs a session."""

    id: int
    role: RoleRef
    year: int
    geography: str
    geography_scope: str
    currency: str
    period: str
    salary_min: int
    salary_max: int
    provenance: str
    source: SourceRef
    effective_from: date | None
    effective_to: date | None

    @property
    def midpoint(self) -> Decimal:
        return midpoint(self.salary_min, self.salary_max)

    @classmethod
    def of(cls, row) -> "Band":
        return cls(
            row.id,
            RoleRef(row.role.slug, row.role.title),
            row.year,
            row.geography,
            row.geography_scope,
            row.currency,
            row.period,
            row.salary_min,
            row.salary_max,
            row.provenance,
            SourceRef(row.source.id, row.source.title),
            row.effective_from,
            row.effective_to,
        )


class Lookups:
    """One app's lookups under one dataset version; replaced whole when the version moves on."""

    def __init__(self):
        self.held = (None, {})  # (version, {key: Band}): one attribute, so a reader never pairs two versions
        self.lock = threading.Lock()

    def get(self, key, find):
        """The band `find()` returns for `key` (a tuple naming the lookup) at the request's version."""
        version = read_version()
        held_version, found = self.held
        if held_version == version:
            band = found.get(key)
            if band is not None:
                return band
        fresh = not db.session().in_transaction()
        band = Band.of(find())
        if fresh:
            with self.lock:
                held_version, found = self.held
                if held_version != version or len(found) >= MAX_ENTRIES:
                    found = {}
                    self.held = (version, found)
                found[key] = band
        return band


def band(band_id: int, args: dict):
    """The band with this id (404 when there is none) for a read that places a salary in it."""
    return _kept(("id", band_id), args, lambda: one_or_404(SalaryBand, "salary band", id=band_id))


def band_of_role(args: dict, find):
    """The band `find(args)` chooses (it answers 404/422 itself) for a read that places a salary in it."""
    return _kept(("role",), args, lambda: find(args))


def _kept(what: tuple, args: dict, find):
    if "area" in args:  # localizing reads the role's occupation and market wages through the session
        return find()
    key = (*what, *sorted((name, value) for name, value in args.items() if name not in PLACING))
    return current_app.extensions["band_lookups"].get(key, find)


def init_app(app) -> None:
    app.extensions["band_lookups"] = Lookups()
