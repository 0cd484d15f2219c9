"""Create, update and delete: validated input in, one transaction, a change-log entry per change."""

from dataclasses import dataclass
from functools import partial

import marshmallow as ma
from flask_smorest import abort
from sqlalchemy import select

from api.auth import actor
from api.extensions import db
from api.models import Industry, Occupation, Role, SalaryBand, Skill, Source
from api.models.salary_band import broken_rule
from api.schemas.industries import IndustrySchema
from api.schemas.roles import RoleSchema
from api.schemas.salary_bands import SalaryBandSchema
from api.schemas.skills import SkillSchema
from api.schemas.sources import SourceSchema
from api.store import bands, dataset
from api.store.queries import one_or_404


@dataclass(frozen=True)
class Kind:
    """How one resource is named, keyed and recorded in the change log."""

    model: type
    name: str
    key: str
    record_schema: ma.Schema

    def key_of(self, row) -> str:
        return str(getattr(row, self.key))


ROLE = Kind(Role, "role", "slug", RoleSchema())
BAND = Kind(SalaryBand, "salary band", "id", SalaryBandSchema())
INDUSTRY = Kind(Industry, "industry", "slug", IndustrySchema())
SKILL = Kind(Skill, "skill", "slug", SkillSchema())
SOURCE = Kind(Source, "source", "id", SourceSchema())
KINDS = {kind.model: kind for kind in (ROLE, BAND, INDUSTRY, SKILL, SOURCE)}


def _unprocessable(field: str, message: str):
    abort(422, errors={"json": {field: [message]}})


def _resolve(model, data: dict) -> dict:
    """Input fields as model attributes: references looked up, each missing one a 422 naming it."""
    values = dict(data)
    if "source_id" in values:
        source = db.session.get(Source, values.pop("source_id"))
        if source is None:
            _unprocessable("source_id", "No such source.")
        values["source"] = source
    if "soc_code" in values:
        code = values.pop("soc_code")
        values["occupation"] = None
        if code is not None:
            values["occupation"] = db.session.scalars(select(Occupation).filter_by(code=code)).first()
            if values["occupation"] is None:
                _unprocessable("soc_code", f"No occupation with SOC code {code}.")
    if model is SalaryBand and "role" in values:
        role = db.session.scalars(select(Role).filter_by(slug=values.pop("role"))).one_or_none()
        if role is None:
            _unprocessable("role", "No such role.")
        values["role"] = role
    return values


def _check_unique(row) -> None:
    """A 409 naming the existing row when `row` would duplicate a slug or a band's natural key."""
    model = type(row)
    if model is SalaryBand:
        return bands.check_no_overlap(row)
    same = [model.slug == row.slug]
    if row.id is not None:
        same.append(model.id != row.id)
    with db.session.no_autoflush:  # the check must run before the database sees the change
        clash = db.session.scalars(select(model).where(*same)).first()
    if clash is None:
        return
    abort(409, message=f"A {KINDS[model].name} with slug '{row.slug}' exists already.")


def _check_rules(row) -> None:
    """Rules across fields, checked on the merged row: the schema checks those a body holds whole, and
    a PATCH sends only some fields."""
    if isinstance(row, SalaryBand) and (broken := broken_rule(partial(getattr, row))) is not None:
        _unprocessable(*broken)
    if isinstance(row, Skill) and (row.pay_driver is None) != (row.pay_driver_provenance is None):
        _unprocessable("pay_driver_provenance", "pay_driver and pay_driver_provenance are set together or not at all.")


def load_for_write(model, **key):
    """Start a write and load the row to change, after taking the write lock (or 404)."""
    dataset.begin_write()
    return one_or_404(model, KINDS[model].name, **key)


def create(model, data: dict):
    dataset.begin_write()
    kind = KINDS[model]
    row = model(**_resolve(model, data))
    bands.check_create(row)
    _check_rules(row)
    _check_unique(row)
    db.session.add(row)
    db.session.flush()
    dataset.record(kind.name, kind.key_of(row), "create", actor(), after=kind.record_schema.dump(row))
    dataset.commit()
    return row


def update(row, data: dict):
    """Apply `data` to a row loaded with `load_for_write` (PUT sends every field, PATCH some). A write that
    changes nothing is rolled back: no change-log entry, and the dataset version (every cache's key)
    stays as it was."""
    kind = KINDS[type(row)]
    before = kind.record_schema.dump(row)
    values = _resolve(type(row), data)
    bands.check_update(row, values)
    for name, value in values.items():
        setattr(row, name, value)
    _check_rules(row)
    _check_unique(row)
    after = kind.record_schema.dump(row)
    if after == before:
        dataset.abandon()
        return row
    db.session.flush()
    dataset.record(kind.name, kind.key_of(row), "update", actor(), before=before, after=after)
    dataset.commit()
    return row


def delete(row, cascade: bool = False) -> None:
    """Delete a row loaded with `load_for_write`; a role with bands needs `cascade` (409 otherwise)."""
    bands.check_delete(row)
    if isinstance(row, Role) and row.has_published_band:
        if not cascade:  # the bands are named by their list: a role may have a million
            abort(
                409,
                message=f"Role '{row.slug}' has salary bands (/v1/salary-bands?role={row.slug}); delete "
                "them first or pass cascade=true.",
            )
        for band in list(row.salary_bands):
            _delete_one(band)
    _delete_one(row)
    dataset.commit()


def _delete_one(row) -> None:
    kind = KINDS[type(row)]
    dataset.record(kind.name, kind.key_of(row), "delete", actor(), before=kind.record_schema.dump(row))
    db.session.delete(row)
    db.session.flush()


LINKS = {Industry: ("industries", "role industry"), Skill: ("skills", "role skill")}


def link(role: Role, target) -> bool:
    """Link a role to an industry or skill; False when the link was there already."""
    collection, resource = LINKS[type(target)]
    linked = getattr(role, collection)
    if target in linked:
        return False
    linked.append(target)
    dataset.record(resource, f"{role.slug}/{target.slug}", "link", actor())
    dataset.commit()
    return True


def unlink(role: Role, target) -> None:
    collection, resource = LINKS[type(target)]
    linked = getattr(role, collection)
    if target not in linked:
        abort(404, message=f"Role '{role.slug}' is not linked to '{target.slug}'.")
    linked.remove(target)
    dataset.record(resource, f"{role.slug}/{target.slug}", "unlink", actor())
    dataset.commit()
