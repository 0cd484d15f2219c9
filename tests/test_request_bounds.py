"""The bounds the spec documents for what a request carries outside its parameters and body, enforced
at the edge (api/edge/bounds.py): the URL's length, and If-Match/If-None-Match's form and length."""

import pytest
import yaml

from api.edge.bounds import ETAG_LIST_MAX, URL_MAX
from api.spec import LINK_MAX, PAGE_URL_MAX
from tests.helpers import assert_problem, get_ok


def test_an_overlong_url_is_refused_naming_it(client):
    query = "q=" + "a" * (URL_MAX - len("/v1/roles?q="))
    assert client.get(f"/v1/roles?{query}").status_code in (200, 422)  # at the bound: read (q's own limit aside)
    body = assert_problem(client.get(f"/v1/roles?{query}a"), 400, "url")
    assert body["instance"] == "/v1/roles"  # the refusal echoes no more than URL_MAX (the spec's bound)
    long_path = "/v1/roles/" + "a" * URL_MAX
    assert len(assert_problem(client.get(long_path), 400, "url")["instance"]) <= URL_MAX


@pytest.mark.parametrize("header", ["If-None-Match", "If-Match"])
def test_an_overlong_or_malformed_entity_tag_list_is_refused_naming_it(client, header):
    at_bound = ", ".join(['"' + "a" * 40 + '"'] * 23)
    assert len(at_bound) <= ETAG_LIST_MAX
    assert client.get("/v1/roles", headers={header: at_bound}).status_code in (200, 412)
    too_long = '"' + "a" * (ETAG_LIST_MAX - 1) + '"'
    assert_problem(client.get("/v1/roles", headers={header: too_long}), 400, header)
    for malformed in ["abc", '"a" "b"', '"a",', "W/abc", '"a\\"b"']:
        assert_problem(client.get("/v1/roles", headers={header: malformed}), 400, header)


def test_if_match_is_checked_before_the_write_runs(client, writer):
    url = "/v1/roles/account-manager"
    assert_problem(client.patch(url, json={"title": "X"}, headers={**writer, "If-Match": "not-a-tag"}), 400, "If-Match")
    assert get_ok(client, url)["title"] != "X"


def test_a_cached_read_is_refused_too(client):
    get_ok(client, "/v1/roles")  # cached now, when the cache is on
    assert_problem(client.get("/v1/roles", headers={"If-None-Match": "x" * (ETAG_LIST_MAX + 1)}), 400, "If-None-Match")


def test_page_links_stay_within_the_documented_bound(client):
    # The longest query the edge lets in, of characters re-encoding expands most.
    filler = "\N{REPLACEMENT CHARACTER}"
    response = client.get("/v1/roles", query_string={"limit": 1, "q": filler * 100})
    if response.status_code == 200:
        for url in (response.get_json()["pagination"]["next"], response.get_json()["pagination"]["prev"]):
            assert url is None or len(url) <= PAGE_URL_MAX
        assert len(response.headers.get("Link", "")) <= LINK_MAX


def test_the_spec_documents_the_bounds_the_edge_enforces():
    with open("openapi.yaml") as file:
        spec = yaml.safe_load(file)
    for name in ("IF_MATCH", "IF_NONE_MATCH"):
        assert spec["components"]["parameters"][name]["schema"]["maxLength"] == ETAG_LIST_MAX
    assert spec["components"]["schemas"]["Pagination"]["properties"]["next"]["maxLength"] == PAGE_URL_MAX
    assert spec["components"]["schemas"]["Problem"]["properties"]["instance"]["maxLength"] == URL_MAX


def test_an_empty_if_none_match_is_no_tag(client):
    assert client.get("/v1/roles", headers={"If-None-Match": ""}).status_code == 200


def test_change_feed_times_past_their_documented_length_are_refused(client, admin):
    with open("openapi.yaml") as file:
        spec = yaml.safe_load(file)
    params = {p["name"]: p["schema"] for p in spec["paths"]["/v1/changes"]["get"]["parameters"] if "name" in p}
    longest = params["since"]["maxLength"]
    ok = "2026-12-31T23:59:59.999999+00:00"
    assert len(ok) == longest
    assert client.get("/v1/changes", query_string={"since": ok}, headers=admin).status_code == 200
    too_long = "2026-12-31T23:59:59.999999999999+00:00"
    assert_problem(client.get("/v1/changes", query_string={"since": too_long}, headers=admin), 422, "since")
