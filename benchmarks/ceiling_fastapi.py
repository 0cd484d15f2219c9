"""What many would pick instead: a minimal FastAPI app answering the same prebuilt JSON body."""

import json

from fastapi import FastAPI
from fastapi.responses import Response

app = FastAPI()
_bodies: dict[int, bytes] = {}


@app.get("/body/{size}")
def body(size: int):
    if size not in _bodies:
        _bodies[size] = json.dumps({"data": "x" * max(0, size - 12)}).encode()
    return Response(_bodies[size], media_type="application/json")


@app.get("/healthz")
def health():
    return {"status": "ok"}
