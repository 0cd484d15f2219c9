"""The band explorer: one page of plain HTML, CSS and a JavaScript module, calling the public API."""

from pathlib import Path

from flask import Blueprint, send_from_directory

STATIC = Path(__file__).resolve().parent / "static" / "explorer"

blp = Blueprint("explorer", __name__)


@blp.get("/explorer")
def page():
    return send_from_directory(STATIC, "index.html", max_age=0)


@blp.get("/explorer/<any('explorer.js', 'data.js', 'chart.js', 'roster.js', 'explorer.css'):filename>")
def asset(filename):
    return send_from_directory(STATIC, filename, max_age=300)
