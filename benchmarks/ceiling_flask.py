"""The ceiling reference: a bare Flask app answering a prebuilt JSON body of the size asked for."""

import json

from flask import Flask, Response

app = Flask(__name__)
_bodies: dict[int, bytes] = {}


@app.get("/body/<int:size>")
def body(size: int):
    if size not in _bodies:
        _bodies[size] = json.dumps({"data": "x" * max(0, size - 12)}).encode()
    return Response(_bodies[size], mimetype="application/json")


@app.get("/healthz")
def health():
    return {"status": "ok"}
