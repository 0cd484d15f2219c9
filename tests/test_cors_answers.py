"""CORS answered as flask-cors answers it (api/edge/headers.py): the same headers for every kind of
request, origin and preflight, whether the answer is computed or remembered.

The reference is flask-cors itself, applied as this app applied it before (its after_request on every
response), to an app that answers the same paths.
"""

import pytest
from flask import Flask
from flask_cors import CORS

from api.edge.headers import EXPOSED_HEADERS

ALLOWED_HEADERS = ["Authorization", "Content-Type", "If-Match", "If-None-Match", "X-Request-ID"]
PATHS = ["/v1/roles", "/v1/salary-bands/1/position?salary=45000", "/v1/no-such-thing", "/openapi.json", "/healthz"]
REQUESTS = [
    ("GET", {}),
    ("GET", {"Origin": "https://hr.example"}),
    ("GET", {"Origin": "https://HR.example"}),
    ("GET", {"Origin": "https://elsewhere.example"}),
    ("GET", {"Origin": "https://hr.example", "Access-Control-Request-Private-Network": "true"}),
    ("HEAD", {"Origin": "https://pay.example"}),
    ("OPTIONS", {"Origin": "https://hr.example", "Access-Control-Request-Method": "PATCH"}),
    (
        "OPTIONS",
        {
            "Origin": "https://hr.example",
            "Access-Control-Request-Method": "put",
            "Access-Control-Request-Headers": "authorization, if-match, x-unknown",
        },
    ),
    ("OPTIONS", {"Origin": "https://hr.example", "Access-Control-Request-Method": "TRACE"}),
    ("OPTIONS", {"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET"}),
]


def reference(origins: list[str]) -> Flask:
    """flask-cors as configured before, on an app that answers every path (OPTIONS automatically)."""
    app = Flask(__name__)
    app.config["CORS_ORIGINS"] = origins

    @app.route("/<path:path>", methods=["GET", "PATCH", "PUT", "DELETE"])
    def anything(path):
        return {}

    CORS(
        app,
        resources={r"/v1/*": {}, r"/openapi.*": {}},
        origins=origins,
        send_wildcard="*" in origins,
        expose_headers=EXPOSED_HEADERS,
        allow_headers=ALLOWED_HEADERS,
        max_age=600,
    )
    return app


def cors_headers(response) -> list:
    return sorted(
        (name, value)
        for name, value in response.headers.items()
        if name.startswith("Access-Control-") or (name, value) == ("Vary", "Origin")
    )


@pytest.mark.parametrize(
    "origins", [["*"], ["https://hr.example"], ["https://hr.example", "https://pay.example"]], ids=["any", "one", "two"]
)
def test_every_request_gets_the_cors_headers_flask_cors_gives(more_apps, origins):
    ours, theirs = more_apps(CORS_ORIGINS=origins).test_client(), reference(origins).test_client()
    for path in PATHS:
        for method, headers in REQUESTS:
            expected = cors_headers(theirs.open(path, method=method, headers=headers))
            for _ in range(2):  # computed, then remembered
                answer = ours.open(path, method=method, headers=headers)
                assert cors_headers(answer) == expected, (path, method, headers)


def test_long_cors_inputs_are_answered_but_not_remembered(more_apps):
    from api.edge.headers import CORS_KEY_CHARS, CorsAnswers

    origins = ["https://hr.example"]
    app = more_apps(CORS_ORIGINS=origins)
    (memory,) = [func for func in app.after_request_funcs[None] if isinstance(func, CorsAnswers)]
    long_list = ", ".join(f"x-header-{n}" for n in range(CORS_KEY_CHARS // 10))
    headers = {"Origin": "https://hr.example", "Access-Control-Request-Method": "PUT"}
    for requested in ("authorization", long_list):
        preflight = {**headers, "Access-Control-Request-Headers": requested}
        expected = cors_headers(reference(origins).test_client().options("/v1/roles", headers=preflight))
        assert cors_headers(app.test_client().options("/v1/roles", headers=preflight)) == expected
    kept = [key for key in memory.known if key[0]]
    assert len(kept) == 1 and kept[0][3] == "authorization"  # the long header's answer was not kept
