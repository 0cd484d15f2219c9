"""The seed data: faithful to the guide, and idempotent."""

import re

import yaml
from sqlalchemy import select

from api.extensions import db
from api.ingest.seed import DEFAULT_SEED_FILE
from api.models import Industry, Role, SalaryBand, Skill, Source, SourceNote, role_industries
from tests.conftest import seed

MODELS = (Source, SourceNote, Role, Industry, Skill, SalaryBand)
FIGURES = re.compile(r"^(?P<title>.+): \$(?P<min>[\d,]+) – \$(?P<max>[\d,]+)$")


def provenance_values(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("provenance"):
                yield value
            yield from provenance_values(value)
    elif isinstance(node, list):
        for item in node:
            yield from provenance_values(item)


def snapshot():
    """Every seeded row as plain data, ids included."""
    rows = {}
    for model in MODELS:
        columns = [column.key for column in model.__table__.columns]
        rows[model.__tablename__] = [
            {key: getattr(row, key) for key in columns} for row in db.session.scalars(select(model).order_by(model.id))
        ]
    rows["role_industries"] = sorted(db.session.execute(select(role_industries)).all())
    return rows


def test_every_provenance_is_quoted_verbatim_from_the_guide(guide_text):
    data = yaml.safe_load(DEFAULT_SEED_FILE.read_text(encoding="utf-8"))
    quotes = list(provenance_values(data))
    assert len(quotes) > 50
    missing = [quote for quote in quotes if quote not in guide_text]
    assert missing == []


def test_every_band_matches_the_figures_in_its_own_provenance(app_context):
    bands = db.session.scalars(select(SalaryBand)).all()
    assert len(bands) == 3
    for band in bands:
        match = FIGURES.match(band.provenance)
        assert match, band.provenance
        assert match["title"] == band.role.title
        assert band.salary_min == int(match["min"].replace(",", ""))
        assert band.salary_max == int(match["max"].replace(",", ""))


def test_seeding_twice_changes_nothing_and_keeps_ids(app_context):
    before = snapshot()
    seed()
    assert snapshot() == before
    assert len(before["roles"]) == 6 and len(before["salary_bands"]) == 3
    assert len(before["industries"]) == 4 and len(before["skills"]) == 17


def test_the_cli_seeds_an_empty_database(unseeded, app, runner):
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "Seeded" in result.output
    with app.app_context():
        first = snapshot()
    assert runner.invoke(args=["seed"]).exit_code == 0
    with app.app_context():
        assert snapshot() == first
    assert len(first["roles"]) == 6


def test_a_broken_seed_file_writes_nothing(unseeded, app, runner, tmp_path):
    data = yaml.safe_load(DEFAULT_SEED_FILE.read_text(encoding="utf-8"))
    data["salary_bands"][1]["salary_min"] = 99_000_000  # above its max: the database refuses it
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(args=["seed", "--file", str(broken)])
    assert result.exit_code != 0
    with app.app_context():
        db.session.rollback()
        assert db.session.scalars(select(Role)).all() == []
        assert db.session.scalars(select(Source)).all() == []


def test_a_seed_band_breaking_a_rule_across_fields_writes_nothing(unseeded, app, runner, tmp_path):
    # The database holds geography_scope to its three values only; whether it fits the geography is
    # the band rule the API and the import check, and the seed must too.
    data = yaml.safe_load(DEFAULT_SEED_FILE.read_text(encoding="utf-8"))
    data["salary_bands"][1]["geography_scope"] = "subdivision"  # for US, a country
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(args=["seed", "--file", str(broken)])
    assert result.exit_code != 0
    assert "geography_scope" in result.output
    with app.app_context():
        db.session.rollback()
        assert db.session.scalars(select(SalaryBand)).all() == []
