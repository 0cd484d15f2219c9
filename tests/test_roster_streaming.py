"""The roster at scale: memory that does not grow with the rows, and the fast path equal to the grammar."""

import tracemalloc

ROWS = 10_000


def held_while_streaming(client, body: str) -> int:
    """Bytes the app holds (traced) once the whole answer has been read, before the response is closed."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        response = client.post(
            "/v1/roster?year=2026",
            data=body,
            headers={"Content-Type": "text/csv", "Accept": "text/csv"},
            buffered=False,
        )
        for _chunk in response.response:
            pass
        held = tracemalloc.get_traced_memory()[0] - before
        response.close()
        return held
    finally:
        tracemalloc.stop()


def test_rows_that_fail_the_same_lookup_are_not_kept_alive(client):
    # An unknown role fails each of its rows with one remembered lookup error; raising that one error
    # again chained every row's frame (and its cells) onto the error's traceback, for the whole roster.
    body = "reference,role,salary\r\n" + "".join(f"E{n:06d},astronaut,{40000 + n}\r\n" for n in range(ROWS))
    held = held_while_streaming(client, body)
    assert held < 2 * len(body) + 1_000_000, f"{held:,} bytes held for a {len(body):,}-byte roster"
