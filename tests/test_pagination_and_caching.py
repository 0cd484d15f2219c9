"""The shared list envelope: limits, next/prev links, Link headers, ETags."""

import pytest

from tests.helpers import assert_problem, get_ok, slugs

LISTS = ["/v1/roles", "/v1/salary-bands", "/v1/industries", "/v1/skills", "/v1/sources"]


def test_following_next_links_visits_every_item_once(client):
    everything = slugs(get_ok(client, "/v1/skills?limit=100"))
    seen, url = [], "/v1/skills?limit=5"
    while url:
        response = client.get(url)
        page = response.get_json()
        seen += slugs(page)
        url = page["pagination"]["next"]
        if url:
            assert f'<{url}>; rel="next"' in response.headers["Link"]
    assert seen == everything and len(seen) == 17


def test_next_and_prev_keep_the_filters(client):
    page = get_ok(client, "/v1/roles?has_published_band=true&limit=1&offset=1")
    assert "has_published_band=true" in page["pagination"]["next"] and "offset=2" in page["pagination"]["next"]
    assert "has_published_band=true" in page["pagination"]["prev"] and "offset=0" in page["pagination"]["prev"]
    last = get_ok(client, "/v1/roles?has_published_band=true&limit=1&offset=2")
    assert last["pagination"]["next"] is None


def test_an_offset_past_the_end_is_an_empty_page(client):
    page = get_ok(client, "/v1/roles?offset=50")
    assert page["data"] == [] and page["pagination"]["total"] == 6
    # prev: the last page that has items, here the first (50, 30 and 10 hold none); never another empty page.
    assert "offset=0" in page["pagination"]["prev"]


@pytest.mark.parametrize("url", LISTS)
def test_every_list_has_the_same_envelope(client, url):
    page = get_ok(client, url)
    assert set(page) == {"data", "pagination"}
    assert set(page["pagination"]) == {"total", "limit", "offset", "next", "prev"}


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("limit=0", 422, "limit"),
        ("limit=101", 422, "limit"),
        ("offset=-1", 422, "offset"),
        ("limit=ten", 422, "limit"),
        ("colour=blue", 400, "colour"),
    ],
)
def test_every_list_rejects_bad_paging_and_unknown_parameters(client, url, query, status, field):
    assert_problem(client.get(f"{url}?{query}"), status, field)


def test_limit_100_is_allowed(client):
    assert get_ok(client, "/v1/skills?limit=100")["pagination"]["limit"] == 100


@pytest.mark.parametrize("url", [*LISTS, "/v1/roles/account-manager", "/v1/industries/tech"])
def test_reads_carry_an_etag_and_answer_304(client, url):
    first = client.get(url)
    etag = first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_different_pages_have_different_etags(client):
    assert client.get("/v1/roles?limit=1").headers["ETag"] != client.get("/v1/roles?limit=1&offset=1").headers["ETag"]


def test_keyset_pages_visit_every_band_once_without_counting(client):
    everything = [band["id"] for band in get_ok(client, "/v1/salary-bands?limit=100")["data"]]
    seen, url = [], "/v1/salary-bands?after=0&limit=1"
    while url:
        page = get_ok(client, url)
        assert page["pagination"]["total"] is None and page["pagination"]["offset"] is None
        seen += [band["id"] for band in page["data"]]
        url = page["pagination"]["next"]
    assert seen == everything and len(seen) == 3
    assert [b["id"] for b in get_ok(client, f"/v1/salary-bands?after={everything[0]}")["data"]] == everything[1:]


@pytest.mark.parametrize("query", ["after=1&offset=2", "after=1&sort=year", "after=-1"])
def test_keyset_paging_rejects_what_it_cannot_honour(client, query):
    assert_problem(client.get(f"/v1/salary-bands?{query}"), 422, "after")
