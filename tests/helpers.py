"""Small helpers the request-flow tests share."""


def get_ok(client, url, **kwargs):
    """GET `url`, assert 200 JSON, return the body."""
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def slugs(page):
    return [item["slug"] for item in page["data"]]


def assert_problem(response, status, field=None):
    """Assert an RFC 9457 problem with `status`, naming `field` when given; return the body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["title"] and body["detail"] and body["instance"]
    assert "Traceback" not in response.get_data(as_text=True)
    if field is not None:
        assert field in {error["field"] for error in body["errors"]}
        assert f"'{field}'" in body["detail"]
    return body
