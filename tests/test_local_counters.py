"""The rate limits' counters in process memory (api/edge/ratelimit.LocalCounters), used without Redis and
while Redis is away: one count per key, started again when its window is over, expired keys dropped so
memory stays bounded however many clients come, and exact under concurrent requests."""

import sys
import threading
import types

import pytest

from api.edge import ratelimit
from api.edge.ratelimit import LocalCounters


@pytest.fixture
def clock(monkeypatch):
    """A monotonic clock the test moves by hand (the module's `time`, replaced for these tests only)."""
    fake = types.SimpleNamespace(now=1000.0)
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(monotonic=lambda: fake.now, time=lambda: fake.now))
    return fake


def test_each_key_counts_on_its_own(clock):
    counters = LocalCounters()
    assert [counters.incr("a", 60) for _ in range(3)] == [1, 2, 3]
    assert [counters.incr("b", 60) for _ in range(2)] == [1, 2]
    assert counters.incr("a", 60) == 4


def test_a_count_starts_again_when_its_window_is_over(clock):
    counters = LocalCounters()
    assert [counters.incr("a", 10) for _ in range(2)] == [1, 2]
    clock.now += 9.5
    assert counters.incr("a", 10) == 3  # still inside the 10 s the first count opened
    clock.now += 0.5
    assert counters.incr("a", 10) == 1  # the window is over at its end, not one tick later
    assert counters.incr("a", 10) == 2


def test_a_count_outlives_the_sweeps_inside_its_window(clock):
    counters = LocalCounters()
    counters.incr("a", 60)
    for _ in range(5):  # each second a request sweeps expired keys; a live one is kept
        clock.now += 1.5
        counters.incr("other", 60)
    assert counters.incr("a", 60) == 2


def test_expired_keys_are_dropped_so_memory_stays_bounded(clock):
    counters = LocalCounters()
    for client in range(100):  # many clients, each seen once
        counters.incr(f"client-{client}", 10)
    clock.now += 10
    counters.incr("late", 10)
    assert set(counters.counts) == {"late"}


def test_sweeps_run_once_a_second(clock):
    counters = LocalCounters()
    counters.incr("x", 60)  # a sweep now; the next is due a second later
    clock.now += 0.25
    counters.incr("a", 0.5)  # over at +0.75
    clock.now += 0.75
    counters.incr("x", 60)  # +1: the sweep is due, and "a" goes
    assert set(counters.counts) == {"x"}
    clock.now += 0.25
    counters.incr("b", 0.5)  # over at +1.75
    clock.now += 0.5
    counters.incr("x", 60)  # +1.75: "b" is over, but the last sweep was under a second ago
    assert set(counters.counts) == {"x", "b"}
    clock.now += 0.25
    counters.incr("x", 60)  # +2: a second after the last sweep, "b" goes
    assert set(counters.counts) == {"x"}


def test_concurrent_counts_are_exact():
    """With THREADS > 1 requests count at once. Under CPython's GIL a lost count is rare even without the
    lock; this states the behaviour, and catches a race where threads truly run in parallel."""
    counters = LocalCounters()
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often, so a race shows at once
    threads, per_thread = 8, 2000
    start = threading.Barrier(threads)
    seen: list[list[int]] = [[] for _ in range(threads)]

    def count(mine):
        start.wait()
        for _ in range(per_thread):
            mine.append(counters.incr("shared", 60))

    workers = [threading.Thread(target=count, args=(seen[n],)) for n in range(threads)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    finally:
        sys.setswitchinterval(interval)
    counts = sorted(value for mine in seen for value in mine)
    assert counts == list(range(1, threads * per_thread + 1))  # no count lost, none given twice
