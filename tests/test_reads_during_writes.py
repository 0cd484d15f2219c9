"""Reads go on while a long write holds the write lock (an import of many rows), on every database."""

from sqlalchemy import text

from api.extensions import db


def test_reads_are_answered_while_a_large_write_is_open(app, client, restore):
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        try:
            if db.engine.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA cache_size=1")  # spill to the file at once, as a large import does
            connection.execute(text("UPDATE salary_bands SET provenance = provenance || ' x' WHERE id > 0"))
            connection.execute(text("UPDATE roles SET summary = summary || ' x' WHERE id > 0"))
            response = client.get("/v1/roles?limit=3")
            assert response.status_code == 200, response.get_data(as_text=True)
            assert not response.get_json()["data"][0]["summary"].endswith(" x")  # the last committed state
        finally:
            transaction.rollback()
            connection.close()
