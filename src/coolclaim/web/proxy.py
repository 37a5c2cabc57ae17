"""Forwarding headers believed from the configured reverse proxies only, on every server.

Behind a TLS-terminating proxy the app sees plain HTTP from the proxy's address. The proxy says
what the client used in ``X-Forwarded-Proto`` and who the client is in ``X-Forwarded-For`` —
but any client can send those headers too. :class:`TrustedProxies` wraps the WSGI application
(so waitress, gunicorn and the test client all go through it):

- from an address in ``COOLCLAIM_TRUSTED_PROXIES`` (addresses or networks), the request's
  scheme becomes ``X-Forwarded-Proto`` (``http`` or ``https``) and its ``REMOTE_ADDR`` the
  right-most address of ``X-Forwarded-For`` that is not itself a trusted proxy;
- from anyone else, both headers (and ``X-Forwarded-Host``/``-Port``) are removed, so neither
  Django (``https`` redirect, HSTS, secure cookies) nor the audit log's client address can be
  fooled.

With ``COOLCLAIM_HTTPS=1`` a request forwarded as HTTPS by a trusted proxy is therefore secure:
no redirect loop, and HSTS is sent.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from typing import Any

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

FORWARDING_HEADERS = (
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
)


def parse_networks(items: Iterable[str]) -> list[Network]:
    """``["10.0.0.5", "192.168.0.0/16"]`` → networks; raises ``ValueError`` naming a bad item."""
    networks = []
    for item in items:
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            raise ValueError(f"COOLCLAIM_TRUSTED_PROXIES: {item.strip()!r} is not an address or network") from None
    return networks


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("["):  # [v6]:port
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


class TrustedProxies:
    """WSGI middleware applying forwarding headers from trusted proxies only (see module doc)."""

    def __init__(self, app: WSGIApp, proxies: Iterable[str]) -> None:
        self.app = app
        self.networks = parse_networks(proxies)

    def trusted(self, address: str | None) -> bool:
        ip = _address(address or "")
        return ip is not None and any(ip in network for network in self.networks)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if self.trusted(environ.get("REMOTE_ADDR")):
            self._apply(environ)
        for name in FORWARDING_HEADERS:
            environ.pop(name, None)
        return self.app(environ, start_response)

    def _apply(self, environ: dict[str, Any]) -> None:
        proto = str(environ.get("HTTP_X_FORWARDED_PROTO", "")).split(",")[0].strip().lower()
        if proto in {"http", "https"}:
            environ["wsgi.url_scheme"] = proto
            environ["HTTPS"] = "on" if proto == "https" else "off"
        hops = [hop for hop in str(environ.get("HTTP_X_FORWARDED_FOR", "")).split(",") if hop.strip()]
        for hop in reversed(hops):
            ip = _address(hop)
            if ip is None:
                break  # a malformed hop: keep the proxy's own address
            environ["REMOTE_ADDR"] = str(ip)
            if not any(ip in network for network in self.networks):
                break
