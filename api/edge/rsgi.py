"""The WSGI app on granian's RSGI interface, each request body read in full before the app runs.

Under granian's WSGI interface the app reads the body itself, on the thread every request of the
worker needs: a client declaring a body and sending it slowly, or never, held that thread and so
every other client. Here the body is awaited on the event loop, where waiting costs nothing, within
BODY_READ_TIMEOUT and MAX_BODY_BYTES; only then does the app (which blocks) run. A body that is late
or too large never reaches it: the request is answered 408 or 413 by Flask (one problem+json).
"""

import asyncio
import io
import sys
from concurrent.futures import ThreadPoolExecutor

from flask import Flask
from granian.rsgi import ProtocolClosed, ProtocolError
from werkzeug.exceptions import RequestEntityTooLarge, RequestTimeout

from api.edge.keys import REFUSED

HTTP_VERSIONS = {"1": "HTTP/1.0", "1.0": "HTTP/1.0", "1.1": "HTTP/1.1", "2": "HTTP/2"}
WSGI_KEYS: dict[str, str] = {}  # header name -> environ key, for the names seen first (a bounded memo)


class TooLarge(Exception):
    pass


def wsgi_key(name: str) -> str | None:
    if "_" in name:  # X_Forwarded_For must not pass for X-Forwarded-For (werkzeug's server drops these too)
        return None
    key = name.upper().replace("-", "_")
    key = key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{key}"
    if len(WSGI_KEYS) < 256:
        WSGI_KEYS[name] = key
    return key


class BufferedWSGI:
    """An RSGI app serving `app`: the body first (asynchronously, bounded), then the WSGI call, run in
    the event loop's thread (THREADS=1, the default: see api/server.py) or on a pool of THREADS threads."""

    def __init__(self, app: Flask, threads: int = 1):
        self.wsgi_app = app.wsgi_app
        self.timeout = app.config["BODY_READ_TIMEOUT"]
        self.max_body = app.config["MAX_CONTENT_LENGTH"]
        self.pool = ThreadPoolExecutor(threads) if threads > 1 else None
        self.base = {
            "SCRIPT_NAME": "",
            "wsgi.version": (1, 0),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": threads > 1,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            "wsgi.input_terminated": True,
            "SERVER_SOFTWARE": "granian (RSGI, buffered bodies)",
        }

    async def __rsgi__(self, scope, proto):
        environ = self.environ(scope)
        if environ.get("CONTENT_LENGTH", "0") != "0" or "HTTP_TRANSFER_ENCODING" in environ:
            body = await self.body(environ, proto)
            if body is None:
                return  # the client went away
            environ["wsgi.input"] = body
        else:
            environ["wsgi.input"] = io.BytesIO()
        if self.pool is None:
            status, headers, chunks = self.call(environ)
        else:
            status, headers, chunks = await asyncio.get_running_loop().run_in_executor(self.pool, self.call, environ)
        if isinstance(chunks, list):
            proto.response_bytes(status, headers, b"".join(chunks))
        else:
            await self.stream(proto, status, headers, chunks)

    def environ(self, scope) -> dict:
        client, _, client_port = scope.client.rpartition(":")
        server, _, server_port = scope.server.rpartition(":")
        environ = self.base.copy()
        environ.update(
            REQUEST_METHOD=scope.method,
            QUERY_STRING=scope.query_string,
            PATH_INFO=scope.path.encode().decode("latin-1"),
            SERVER_PROTOCOL=HTTP_VERSIONS.get(scope.http_version, "HTTP/1.1"),
            REMOTE_ADDR=client.strip("[]"),
            REMOTE_PORT=client_port,
            SERVER_NAME=server.strip("[]"),
            SERVER_PORT=server_port,
        )
        environ["wsgi.url_scheme"] = scope.scheme
        for name, value in scope.headers.items():
            key = WSGI_KEYS.get(name) or wsgi_key(name)
            if key is None:
                continue
            environ[key] = f"{environ[key]},{value}" if key in environ else value  # repeats stay visible
        if "HTTP_HOST" not in environ and scope.authority:
            environ["HTTP_HOST"] = scope.authority  # HTTP/2 names the host here
        return environ

    async def body(self, environ, proto) -> io.BytesIO | None:
        """The whole body; empty with a refusal (408, 413) set for Flask to raise; None if the client left."""
        declared = environ.get("CONTENT_LENGTH", "")
        try:
            if declared.isdigit() and int(declared) > self.max_body:
                raise TooLarge
            return await asyncio.wait_for(self.collect(proto), self.timeout)
        except TooLarge:
            environ[REFUSED] = RequestEntityTooLarge(
                f"The body is larger than this service takes ({self.max_body} bytes)."
            )
        except TimeoutError:
            environ[REFUSED] = RequestTimeout(f"The body did not arrive within {self.timeout:g} seconds.")
        except (ProtocolClosed, ProtocolError):
            return None
        environ["CONTENT_LENGTH"] = "0"
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        return io.BytesIO()

    async def collect(self, proto) -> io.BytesIO:
        # Written into one buffer as it arrives: chunks joined at the end would hold the body twice.
        body = io.BytesIO()
        async for chunk in proto:
            if body.tell() + len(chunk) > self.max_body:
                raise TooLarge
            body.write(chunk)
        body.seek(0)
        return body

    def call(self, environ):
        """The WSGI call: status, headers, and the body (a list, or the app's iterable to stream)."""
        started = []

        def start_response(status, headers, exc_info=None):
            started[:] = [int(status[:3]), headers]

        chunks = self.wsgi_app(environ, start_response)
        if not started:  # an app that starts the response on its first chunk
            chunks = iter(chunks)
            first = next(chunks, b"")
            chunks = [first, *chunks]
        return *started, chunks

    @staticmethod
    async def stream(proto, status, headers, chunks):
        transport = proto.response_stream(status, headers)
        try:
            for chunk in chunks:
                if chunk:
                    await transport.send_bytes(chunk)
        except (ProtocolClosed, ProtocolError):
            pass  # the client stopped reading
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
