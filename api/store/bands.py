"""Rules a band write keeps beyond its own fields: whose figures they are, where and when they apply.

- A publication's bands (a source with `editable` false: the guide, BLS OEWS) are what it published:
  no write through the API may create one or change one; a team keeps its own figures under a source
  of its own (POST /v1/sources), beside the guide's. Deleting is allowed: the change log keeps them.
- Bands of one role, year, geography, currency and source must not overlap in time (null dates are
  open-ended), so `as_of` finds at most one of them.
"""

from flask_smorest import abort
from sqlalchemy import or_, select

from api.extensions import db
from api.models import PERIOD_KEY, Industry, Role, SalaryBand, Skill, Source


def _unprocessable(errors: dict[str, str]):
    abort(422, errors={"json": {name: [message] for name, message in errors.items()}})


def _read_only(source: Source) -> str:
    return (
        f"Source {source.id} ('{source.title}') is a publication: its bands are what it published and stay "
        f"read-only. Keep your own figures under a source of your own (POST /v1/sources)."
    )


def check_create(row) -> None:
    if isinstance(row, SalaryBand) and not row.source.editable:
        _unprocessable({"source_id": _read_only(row.source)})


def check_update(row, values: dict) -> None:
    """Before `values` (resolved model attributes) are applied to `row`: 422 naming every field a
    write would change on a publication's band or source, or a band it would move into one."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if not changed:
        return
    fields = ["source_id" if name == "source" else name for name in changed]
    if isinstance(row, Source) and not row.editable:
        _unprocessable(
            {name: f"Source {row.id} is a publication loaded from a reviewed file; it is read-only." for name in fields}
        )
    if isinstance(row, SalaryBand):
        if not row.source.editable:
            _unprocessable({name: _read_only(row.source) for name in fields})
        if "source" in changed and not values["source"].editable:
            _unprocessable({"source_id": _read_only(values["source"])})


def check_delete(row) -> None:
    if isinstance(row, Source):
        if not row.editable:
            abort(409, message=f"Source {row.id} is a publication loaded from a reviewed file; it is read-only.")
        for model, what in ((SalaryBand, "salary band"), (Role, "role"), (Industry, "industry"), (Skill, "skill")):
            found = db.session.scalars(select(model.id).where(model.source_id == row.id).limit(1)).first()
            if found is not None:
                abort(
                    409,
                    message=f"Source {row.id} still has a {what} under it (id {found}, maybe more); delete "
                    f"or move what is kept under it first.",
                )


def overlapping(key: dict, effective_from, effective_to):
    """Conditions selecting the bands of the same period key (`key`: PERIOD_KEY's values by name) whose
    effective periods meet the one given."""
    same = [getattr(SalaryBand, name) == key[name] for name in PERIOD_KEY]
    if effective_to is not None:
        same.append(or_(SalaryBand.effective_from.is_(None), SalaryBand.effective_from <= effective_to))
    if effective_from is not None:
        same.append(or_(SalaryBand.effective_to.is_(None), SalaryBand.effective_to >= effective_from))
    return same


def period_text(effective_from, effective_to) -> str:
    if effective_from is None and effective_to is None:
        return "undated, so always in effect"
    return f"in effect {effective_from or 'since always'} to {effective_to or 'further notice'}"


def check_no_overlap(row: SalaryBand) -> None:
    """A 409 naming the band `row` would overlap in time."""
    ids = {"role_id": row.role.id, "source_id": row.source.id}  # a write sets the relationships; a flush, the ids
    key = {name: ids[name] if name in ids else getattr(row, name) for name in PERIOD_KEY}
    same = overlapping(key, row.effective_from, row.effective_to)
    if row.id is not None:
        same.append(SalaryBand.id != row.id)
    with db.session.no_autoflush:  # the check must run before the database sees the change
        clash = db.session.scalars(select(SalaryBand).where(*same).order_by(SalaryBand.id)).first()
    if clash is not None:
        abort(
            409,
            message=f"Salary band {clash.id} ({period_text(clash.effective_from, clash.effective_to)}) already "
            f"covers {row.role.slug} {row.year} {row.geography} {row.currency} from this source "
            f"at that time; bands of one source must not overlap.",
        )


def filter_bands(stmt, args: dict, band=SalaryBand):
    """The `source` and `as_of` filters every band list takes (`band`: the entity or alias to filter)."""
    if "source" in args:
        stmt = stmt.where(band.source_id == args["source"])
    if "as_of" in args:
        day = args["as_of"]
        stmt = stmt.where(
            or_(band.effective_from.is_(None), band.effective_from <= day),
            or_(band.effective_to.is_(None), band.effective_to >= day),
        )
    return stmt


def matches(band: SalaryBand, args: dict) -> bool:
    """`filter_bands` for a band already loaded."""
    day = args.get("as_of")
    return ("source" not in args or band.source_id == args["source"]) and (
        day is None
        or (
            (band.effective_from is None or band.effective_from <= day)
            and (band.effective_to is None or band.effective_to >= day)
        )
    )
