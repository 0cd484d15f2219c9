"""Ingestion: the band import (`imports`, read by `stream`, checked by `rows`, run by `importer`, written
by `bulk`), the BLS OEWS market-wage import (`oews`) and the seed (`seed`), with their `flask` commands."""

from flask import Flask

from api.ingest import imports, oews, seed


def init_app(app: Flask) -> None:
    """Register the `flask bands`, `flask oews` and `flask seed` commands."""
    for command in (imports.bands_cli, oews.oews_cli, seed.seed_command):
        app.cli.add_command(command)
