"""`flask seed`: load the reviewed seed file, idempotently (upsert by natural key)."""

from pathlib import Path

import click
import yaml
from flask.cli import with_appcontext
from sqlalchemy import select

from api.extensions import db
from api.models import PERIOD_KEY, CareerLadderStep, Industry, Occupation, Role, SalaryBand, Skill, Source, SourceNote
from api.models.salary_band import broken_rule
from api.paths import shipped
from api.schemas.pay import LADDER_STEPS
from api.spec_bounds import LONG_TEXT
from api.store import dataset

DEFAULT_SEED_FILE = shipped("seeds") / "guide-2026.yaml"


def _upsert(model, key: dict, values: dict):
    """The row matching `key`, created or updated to `values`; its id never changes."""
    row = db.session.scalars(select(model).filter_by(**key)).one_or_none()
    if row is None:
        row = model(**key)
        db.session.add(row)
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
    return row


def _link(collection, rows):
    for row in rows:
        if row not in collection:
            collection.append(row)


def _upsert_by_slug(model, item: dict, source: Source, **defaults):
    """Upsert one slugged row and link it to the roles it lists."""
    values = {**defaults, **item, "source": source}
    linked = values.pop("roles", [])
    row = _upsert(model, {"slug": values.pop("slug")}, values)
    return row, linked


def load_seed(data: dict) -> None:
    """Apply the seed data in one transaction: all of it or none."""
    source_values = dict(data["source"])
    notes = source_values.pop("notes", [])
    source = _upsert(Source, {"slug": source_values.pop("slug")}, source_values)
    db.session.flush()
    for note in notes:
        values = dict(note)
        _upsert(SourceNote, {"source_id": source.id, "slug": values.pop("slug")}, values)

    occupations = {}
    for item in data["occupations"]:
        values = dict(item)
        key = {"system": values.pop("system"), "code": values.pop("code")}
        occupations[key["code"]] = _upsert(Occupation, key, values)

    roles = {}
    for item in data["roles"]:
        values = dict(item)
        values["occupation"] = occupations[values["occupation"]] if "occupation" in values else None
        role, _ = _upsert_by_slug(Role, values, source)
        roles[role.slug] = role
    for item in data["industries"]:
        industry, linked = _upsert_by_slug(Industry, item, source)
        _link(industry.roles, [roles[slug] for slug in linked])
    for item in data["skills"]:
        skill, linked = _upsert_by_slug(
            Skill, item, source, description=None, pay_driver=None, pay_driver_provenance=None
        )
        _link(skill.roles, [roles[slug] for slug in linked])
    db.session.flush()
    for number, item in enumerate(data["salary_bands"], start=1):
        broken = broken_rule(item.get)  # the database backs some of these rules, not all
        if broken is not None:
            raise ValueError(f"salary_bands item {number} ({item['role']}): {broken[0]}: {broken[1]}")
        values = {**item, "role_id": roles[item["role"]].id, "source_id": source.id}
        del values["role"]
        # The guide's bands are undated, so the period key finds each one.
        _upsert(SalaryBand, {name: values.pop(name) for name in PERIOD_KEY}, values)
    ladder = data["career_ladder"]
    if len(ladder["steps"]) > LADDER_STEPS or len(ladder["provenance"]) > LONG_TEXT:
        raise ValueError(f"career_ladder: at most {LADDER_STEPS} steps and {LONG_TEXT} characters of provenance")
    for position, slug in enumerate(ladder["steps"], start=1):
        _upsert(
            CareerLadderStep, {"position": position}, {"role_id": roles[slug].id, "provenance": ladder["provenance"]}
        )
    if db.session.new or db.session.dirty or db.session.deleted:
        # Seeding is a change like any other: it gets a dataset version and a change-log entry.
        dataset.begin_write()
        counts = {name: len(data[name]) for name in ("roles", "industries", "skills", "salary_bands")}
        dataset.record("dataset", source.slug, "seed", "flask seed", after=counts)
    db.session.commit()


def read_seed_file(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@click.command("seed")
@click.option(
    "--file",
    "path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=DEFAULT_SEED_FILE,
    show_default=True,
    help="Seed file to load.",
)
@with_appcontext
def seed_command(path: Path) -> None:
    """Load the guide's data (idempotent: running it twice changes nothing)."""
    try:
        load_seed(read_seed_file(path))
    except ValueError as error:
        raise click.ClickException(f"{path.name}: {error}") from None
    click.echo(f"Seeded from {path.name}.")
