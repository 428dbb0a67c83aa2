"""Who the client is: the one place a request's client address is derived (docs/security.md §4, "Who the client
is"). Every limit that counts per address uses it: the school sign-in limit, the admin lockout (django-axes, through
AXES_CLIENT_IP_CALLABLE), the API's unknown-token throttle, and the sign-in events.

Behind a load balancer every request comes from the balancer's address. The balancer appends the address it saw to
`X-Forwarded-For`, so the client is the nearest entry that no trusted balancer (TRUSTED_PROXY_IPS: addresses or
networks) added. Everything to the left of it was written by the client and is ignored; a request that does not
come from a trusted balancer keeps its own address whatever its headers say.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=16)
def _trusted_networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parse(text: str) -> Address | None:
    """An address, allowing the port some balancers append (`203.0.113.7:5123`, `[2001:db8::1]:443`)."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _derive(meta) -> str:
    remote = meta.get("REMOTE_ADDR", "")
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXY_IPS))

    def trusted(address: Address | None) -> bool:
        return address is not None and any(address in network for network in networks)

    if not trusted(_parse(remote)):
        return remote
    for hop in reversed(meta.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        if not hop.strip():
            continue
        address = _parse(hop)
        if address is None:
            # Not an address a balancer writes: the sender chose it, so it never becomes a key of its own.
            return remote
        if not trusted(address):
            return str(address)
    return remote


def client_address(request) -> str:
    """The address of the client that sent `request` (an HttpRequest or a DRF Request), derived once per request."""
    request = getattr(request, "_request", request)
    address = getattr(request, "_client_address", None)
    if address is None:
        address = request._client_address = _derive(request.META)
    return address
