"""Small helpers the request-flow tests share."""


def get_ok(client, url, **kwargs):
    """GET `url`, assert 200 JSON, return the body."""
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def slugs(page):
    return [item["slug"] for item in page["data"]]


# The problem type each status answers with: the contract (README, /problems), written out, not imported.
PROBLEM_TYPES = {
    400: "/problems/malformed-request",
    401: "/problems/unauthenticated",
    403: "/problems/forbidden",
    404: "/problems/not-found",
    405: "/problems/method-not-allowed",
    406: "/problems/not-acceptable",
    408: "/problems/request-timeout",
    409: "/problems/conflict",
    412: "/problems/precondition-failed",
    413: "/problems/payload-too-large",
    415: "/problems/unsupported-media-type",
    422: "/problems/validation",
    428: "/problems/precondition-required",
    429: "/problems/rate-limited",
    500: "/problems/internal-error",
    503: "/problems/unavailable",
}


def assert_problem(response, status, field=None):
    """Assert an RFC 9457 problem with `status`, naming `field` when given; return the body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert body["type"] == PROBLEM_TYPES.get(status, "about:blank")
    assert body["title"] and body["detail"] and body["instance"]
    assert "Traceback" not in response.get_data(as_text=True)
    if field is not None:
        assert field in {error["field"] for error in body["errors"]}
        assert f"'{field}'" in body["detail"]
    return body


OWN_SOURCE = {
    "slug": "hr-team-structure",
    "title": "HR team salary structure",
    "publisher": "HR team",
    "provenance": "The HR team's own bands, set by the team.",
}


def own_source(client, headers) -> int:
    """The id of the team's own source (made through the API on first use), to keep bands under."""
    source = client.post("/v1/sources", json=OWN_SOURCE, headers=headers)
    if source.status_code == 201:
        return source.get_json()["id"]
    return client.get("/v1/sources?editable=true").get_json()["data"][0]["id"]


def own_band(client, headers, **fields) -> str:
    """A band the team may change (the guide's are read-only): a copy of band 1's figures under a
    source of the team's own, made through the API. Returns its path."""
    band = {
        "role": "customer-service-specialist",
        "source_id": own_source(client, headers),
        "year": 2026,
        "geography": "US",
        "currency": "USD",
        "period": "annual",
        "salary_min": 38500,
        "salary_max": 48500,
        "provenance": "The HR team's copy of the guide's figures.",
        **fields,
    }
    response = client.post("/v1/salary-bands", json=band, headers=headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    return f"/v1/salary-bands/{response.get_json()['id']}"
