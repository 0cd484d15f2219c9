"""Benchmark: importing a full-size OEWS file (every occupation) with `--all`.

    python benchmarks/import_oews.py [--areas 54] [--occupations 830] [--database-url postgresql+psycopg://...]

BLS's full state file has about 54 areas x 830 detailed occupations plus aggregate rows. This writes
a file of that shape in BLS's layout (CSV, and the same rows as xlsx) with synthetic figures (benchmark
data, never served) and times the importer on a throwaway database, migrated and seeded.
"""

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from api.extensions import db  # noqa: E402
from api.ingest.oews import import_files  # noqa: E402
from benchmarks.common import throwaway_app  # noqa: E402

COLUMNS = [
    "AREA",
    "AREA_TITLE",
    "AREA_TYPE",
    "PRIM_STATE",
    "NAICS",
    "OWN_CODE",
    "O_GROUP",
    "OCC_CODE",
    "OCC_TITLE",
    "TOT_EMP",
    "H_MEAN",
    "A_MEAN",
    "H_PCT10",
    "H_PCT25",
    "H_MEDIAN",
    "H_PCT75",
    "H_PCT90",
    "A_PCT10",
    "A_PCT25",
    "A_MEDIAN",
    "A_PCT75",
    "A_PCT90",
]


def rows(areas: int, occupations: int):
    for a in range(areas):
        for o in range(occupations):
            hourly = 15 + (a * 7 + o) % 40
            marker = "#" if o % 97 == 0 else ""
            yield [
                f"{a + 1:02d}",
                f"Area {a + 1}",
                "2",
                "ZZ",
                "000000",
                "1235",
                "detailed",
                f"{11 + o // 100:02d}-{1000 + o:04d}",
                f"Occupation {o}",
                1000 + o,
                hourly,
                hourly * 2080,
                hourly - 5,
                hourly - 2,
                hourly,
                hourly + 2,
                marker or hourly + 5,
                (hourly - 5) * 2080,
                (hourly - 2) * 2080,
                hourly * 2080,
                (hourly + 2) * 2080,
                marker or (hourly + 5) * 2080,
            ]


def write(directory: Path, areas: int, occupations: int) -> tuple[Path, Path]:
    csv_path, xlsx_path = directory / "state_M2024_dl.csv", directory / "state_M2024_dl.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(COLUMNS)
    with open(csv_path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in rows(areas, occupations):
            writer.writerow(row)
            sheet.append(row)
    book.save(xlsx_path)
    return csv_path, xlsx_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=54)
    parser.add_argument("--occupations", type=int, default=830)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()
    for path in write(Path(tempfile.mkdtemp()), args.areas, args.occupations):
        with throwaway_app(args.database_url):
            started = time.perf_counter()
            summary = import_files([path], 2024, keep_all=True)
            elapsed = time.perf_counter() - started
            print(
                f"{db.engine.dialect.name:<10} {path.suffix:<5} {summary.read:>7} rows read, "
                f"{summary.kept:>7} kept  {elapsed:6.2f} s  {summary.read / elapsed:>8,.0f} rows/s"
            )


if __name__ == "__main__":
    main()
