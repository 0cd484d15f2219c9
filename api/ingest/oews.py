"""`flask oews import`: BLS Occupational Employment and Wage Statistics files into market wages.

The files are read by api/ingest/bls_files.py; a top-coded wage is stored as null and named in
`top_coded`. One transaction: a file with any bad row writes nothing.
"""

import sys
from dataclasses import dataclass, field
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import insert, select, update

from api.extensions import db
from api.ingest.bls_files import WAGE_COLUMNS, OewsFileError, read_rows, row_count, survey_year, wage
from api.models import BLS_AREA_TYPES, Area, MarketWage, Occupation, Role, Source
from api.store import dataset

ATTRIBUTION = "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics"
SOC_ATTRIBUTION = "U.S. Bureau of Labor Statistics, 2018 Standard Occupational Classification (SOC)"
MAX_PRINTED_ERRORS = 200  # bad rows the command prints; the count says how many there were


@dataclass
class Summary:
    read: int = 0
    kept: int = 0
    skipped: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)


def _keep(row: dict, codes: set | None) -> bool:
    """Cross-industry, all-ownership, detailed-occupation rows of the occupations asked for."""
    if str(row.get("NAICS", "000000")).strip() not in ("000000", "0"):
        return False
    if str(row.get("OWN_CODE", "1235")).strip() not in ("1235", ""):
        return False
    if str(row.get("O_GROUP", "detailed")).strip().lower() not in ("detailed", ""):
        return False
    return codes is None or str(row["OCC_CODE"]).strip() in codes


def _parse(row: dict, number: int, summary: Summary):
    values, top_coded = {}, []
    for column, name in WAGE_COLUMNS.items():
        try:
            values[name], capped = wage(row[column], integer=name.startswith("annual"))
        except ValueError as error:
            summary.errors.append(f"row {number}: {column}: {error}")
            return None
        if capped:
            top_coded.append(name)
    try:
        values["employment"], _ = wage(row["TOT_EMP"], integer=True)
    except ValueError as error:
        summary.errors.append(f"row {number}: TOT_EMP: {error}")
        return None
    area_type = BLS_AREA_TYPES.get(str(row["AREA_TYPE"]).strip())
    if area_type is None:
        summary.errors.append(f"row {number}: AREA_TYPE: '{row['AREA_TYPE']}' is not an OEWS area type")
        return None
    area = {
        "code": str(row["AREA"]).strip(),
        "name": str(row["AREA_TITLE"]).strip(),
        "type": area_type,
        "usps": str(row.get("PRIM_STATE", "")).strip() or None,
    }
    occupation = {"code": str(row["OCC_CODE"]).strip(), "title": str(row["OCC_TITLE"]).strip()}
    return area, occupation, {**values, "top_coded": top_coded}


def _survey_source(year: int) -> Source:
    slug = f"bls-oews-may-{year}"
    source = db.session.scalars(select(Source).where(Source.slug == slug)).one_or_none()
    if source is None:
        source = Source(slug=slug)
        db.session.add(source)
    source.title = f"Occupational Employment and Wage Statistics (OEWS), May {year}"
    source.publisher = "U.S. Bureau of Labor Statistics"
    source.document = (
        f"OEWS May {year} estimates (oesm{year % 100:02d}nat, oesm{year % 100:02d}st, oesm{year % 100:02d}ma)"
    )
    source.edition_year = year
    source.geography, source.geography_scope = "US", "areas"
    source.salary_basis = "wages of all employees: mean and percentiles"
    source.provenance = f"{ATTRIBUTION}, May {year}. Public domain (a US federal work)."
    db.session.flush()
    return source


def import_files(
    paths: list[Path], year: int, keep_all: bool = False, actor: str = "flask oews import", progress=None
) -> Summary:
    """Read every file, then write all kept rows in one transaction (nothing if any row is bad)."""
    summary = Summary()
    codes = (
        None
        if keep_all
        else {
            code for code in db.session.scalars(select(Occupation.code).join(Role, Role.occupation_id == Occupation.id))
        }
    )
    parsed = {}
    for path in paths:
        number = 1
        for number, row in enumerate(read_rows(path), start=2):  # row 1 is the header
            summary.read += 1
            if progress:
                progress(1)
            if not _keep(row, codes):
                summary.skipped += 1
                continue
            result = _parse(row, number, summary)
            if result:
                area, occupation, values = result
                parsed[(area["code"], occupation["code"])] = (area, occupation, values)
        if number == 1:
            raise OewsFileError(f"{path.name} has no rows.")
    if summary.errors:
        return summary
    summary.kept = len(parsed)
    dataset.begin_write()
    source = _survey_source(year)
    areas = _upsert_areas({area["code"]: area for area, _, _ in parsed.values()})
    occupations = _upsert_occupations({occ["code"]: occ for _, occ, _ in parsed.values()})
    existing = {
        (wage.area_id, wage.occupation_id): wage
        for wage in db.session.scalars(select(MarketWage).where(MarketWage.source_id == source.id))
    }
    inserts, updates = [], []
    for (area_code, occ_code), (_, _, values) in parsed.items():
        key = (areas[area_code], occupations[occ_code])
        row = {"source_id": source.id, "area_id": key[0], "occupation_id": key[1], **values}
        stored = existing.get(key)
        if stored is None:
            inserts.append(row)
        elif any(getattr(stored, name) != value for name, value in values.items()):
            updates.append({"id": stored.id, **row})
        else:
            summary.unchanged += 1
    if not inserts and not updates:
        db.session.rollback()  # nothing new: no dataset version, no change-log entry
        return summary
    if inserts:
        db.session.execute(insert(MarketWage), inserts)
    if updates:
        db.session.execute(update(MarketWage), updates)
    summary.created, summary.updated = len(inserts), len(updates)
    dataset.record(
        "market wages",
        source.slug,
        "import",
        actor,
        after={
            "read": summary.read,
            "kept": summary.kept,
            "created": summary.created,
            "updated": summary.updated,
            "files": [path.name for path in paths],
        },
    )
    dataset.commit()
    return summary


def _upsert_areas(found: dict) -> dict:
    known = {area.code: area for area in db.session.scalars(select(Area).where(Area.code.in_(found)))}
    for code, values in found.items():
        area = known.get(code) or Area(code=code)
        area.name, area.type, area.usps = values["name"], values["type"], values["usps"]
        db.session.add(area)
        known[code] = area
    db.session.flush()
    return {code: area.id for code, area in known.items()}


def _upsert_occupations(found: dict) -> dict:
    known = {
        occ.code: occ
        for occ in db.session.scalars(
            select(Occupation).where(Occupation.system == "SOC 2018", Occupation.code.in_(found))
        )
    }
    for code, values in found.items():
        if code not in known:
            known[code] = Occupation(system="SOC 2018", code=code, title=values["title"], attribution=SOC_ATTRIBUTION)
            db.session.add(known[code])
    db.session.flush()
    return {code: occ.id for code, occ in known.items()}


oews_cli = AppGroup("oews", help="BLS Occupational Employment and Wage Statistics (OEWS) data.")


@oews_cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--all", "keep_all", is_flag=True, help="Keep every occupation, not only those roles map to.")
@click.option("--year", type=int, help="Survey year (May of it); read from BLS's file names when omitted.")
def import_command(paths: tuple[Path, ...], keep_all: bool, year: int | None) -> None:
    """Import OEWS files (BLS xlsx, the zip it comes in, or CSV with BLS's columns): all rows or none."""
    try:
        year = year or survey_year(list(paths))
        total = sum(row_count(path) for path in paths)
        with click.progressbar(length=total, label="Reading OEWS rows", file=sys.stderr, show_pos=True) as bar:
            summary = import_files(list(paths), year, keep_all, progress=bar.update)
    except OewsFileError as error:
        raise click.ClickException(f"{error} Nothing was written.") from None
    for message in summary.errors[:MAX_PRINTED_ERRORS]:
        click.echo(message, err=True)
    if summary.errors:
        raise click.ClickException(f"{len(summary.errors)} bad row(s); nothing was written.")
    click.echo(
        f"OEWS May {year}: read {summary.read}, kept {summary.kept}, skipped {summary.skipped} "
        f"(created {summary.created}, updated {summary.updated}, unchanged {summary.unchanged})."
    )
