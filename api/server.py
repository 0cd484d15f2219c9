"""The production server and its settings: granian (a Rust HTTP server) running the WSGI app.

    python -m api.server            # what `make run` and `make serve` start

Every setting comes from the environment (see the README's production table). Request bodies are
read in full before the app runs (api/edge/rsgi.py), so a slow client holds no thread. One thread
per worker served the most requests (figures: docs/scaling.md), so concurrency comes from workers:
by default one per core. Chosen over gunicorn's sync workers, which close every connection after one
response (`make bench` compares them; see the README).
"""

import os

from granian import Granian
from granian.constants import Interfaces


def settings(**overrides) -> dict:
    """The server settings, from the environment; `overrides` win (the benchmark's bare app uses them)."""
    return {
        "address": os.environ.get("HOST", "127.0.0.1"),
        "port": int(os.environ.get("PORT", "8000")),
        "interface": Interfaces.WSGI,
        "workers": int(os.environ.get("WEB_CONCURRENCY", str(os.cpu_count() or 1))),
        "blocking_threads": int(os.environ.get("THREADS", "1")),
        "backlog": int(os.environ.get("BACKLOG", "1024")),
        "respawn_failed_workers": True,
        # A worker that grows past this many MiB is replaced between requests (0: never).
        "workers_max_rss": int(os.environ.get("WORKER_MAX_RSS_MB", "0")) or None,
        "workers_kill_timeout": int(os.environ.get("WORKER_KILL_TIMEOUT", "30")),
        "log_level": os.environ.get("SERVER_LOG_LEVEL", "warning"),
        **overrides,
    }


def buffered_app():
    """The app as granian serves it: bodies read in full, within a deadline, before the app runs."""
    from api import create_app
    from api.edge.rsgi import BufferedWSGI

    return BufferedWSGI(create_app(), threads=int(os.environ.get("THREADS", "1")))


def main() -> None:
    if os.environ.get("BUFFER_BODIES", "true").strip().lower() in {"0", "false", "no", "off"}:
        # Only behind a proxy that buffers whole bodies with a deadline of its own (README: Security).
        Granian("api:create_app", factory=True, **settings()).serve()
        return
    # RSGI rather than WSGI so that a slow request body waits on the event loop, not on the one thread
    # every request needs (api/edge/rsgi.py); blocking threads are the adapter's own there.
    Granian("api.server:buffered_app", factory=True, **settings(interface=Interfaces.RSGI, blocking_threads=1)).serve()


if __name__ == "__main__":
    main()
