"""What the edge believes of a request: its Host (ALLOWED_HOSTS) and forwarded headers (trusted proxies only)."""

import ipaddress
import re

from werkzeug.exceptions import BadRequest

from api.edge.keys import REFUSED

# A host name or bracketed IPv6 literal, and an optional port: one value, nothing else (RFC 9110 §7.2).
HOST = re.compile(r"(?P<name>[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?")
SCHEMES = {"http", "https"}
PROBES = ("/healthz", "/readyz")  # load balancers probe by address, and these answers carry no link


def host_allowed(value: str, allowed: set[str]) -> bool:
    """One well-formed Host naming a listed host, or a subdomain of a listed `.domain`; `*` takes any."""
    match = HOST.fullmatch(value)
    if match is None:
        return False
    name = match["name"].lower()
    return (
        "*" in allowed
        or name in allowed
        or any(entry.startswith(".") and (name.endswith(entry) or name == entry[1:]) for entry in allowed)
    )


class HostCheck:
    """A Host that is missing, repeated or not in ALLOWED_HOSTS is refused (400)."""

    def __init__(self, wsgi_app, allowed: list[str]):
        self.wsgi_app, self.allowed = wsgi_app, {host.lower() for host in allowed}

    def __call__(self, environ, start_response):
        if not host_allowed(environ.get("HTTP_HOST", ""), self.allowed) and environ.get("PATH_INFO") not in PROBES:
            environ[REFUSED] = BadRequest(
                "The Host header is missing, repeated or names a host this service does not answer to (ALLOWED_HOSTS)."
            )
        return self.wsgi_app(environ, start_response)


class TrustedProxies:
    """X-Forwarded-For, -Proto and -Host as the TRUSTED_PROXIES proxies in front set them, believed only
    when the request comes from TRUSTED_PROXY_CIDRS: anyone reaching the app directly could claim any
    address (a fresh rate budget per request) or any host. A scheme other than http(s), a host that
    is not one, or an address that is not one is ignored."""

    def __init__(self, wsgi_app, hops: int, cidrs: list[str]):
        self.wsgi_app, self.hops, self.networks = wsgi_app, hops, []
        for cidr in cidrs:
            try:
                self.networks.append(ipaddress.ip_network(cidr, strict=False))
            except ValueError:
                raise ValueError(f"TRUSTED_PROXY_CIDRS: {cidr!r} is not an address or range") from None

    def trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.networks)

    def chain(self, environ, name: str) -> list[str] | None:
        """The header's last `hops` values, the first being what the outermost trusted proxy saw."""
        values = [value.strip() for value in environ.get(name, "").split(",")]
        return values[-self.hops :] if len(values) >= self.hops and all(values[-self.hops :]) else None

    def __call__(self, environ, start_response):
        if self.trusted(environ.get("REMOTE_ADDR", "")):
            addresses = self.chain(environ, "HTTP_X_FORWARDED_FOR")
            if addresses and all(self.trusted(hop) for hop in addresses[1:]):
                try:
                    environ["REMOTE_ADDR"] = str(ipaddress.ip_address(addresses[0]))
                except ValueError:
                    pass
            scheme = self.chain(environ, "HTTP_X_FORWARDED_PROTO")
            if scheme and scheme[0].lower() in SCHEMES:
                environ["wsgi.url_scheme"] = scheme[0].lower()
            host = self.chain(environ, "HTTP_X_FORWARDED_HOST")
            if host and HOST.fullmatch(host[0]):
                environ["HTTP_HOST"] = host[0]
        return self.wsgi_app(environ, start_response)
