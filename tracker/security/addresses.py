import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest | None) -> str | None:
    """The address a request came from, as lockouts and the sign-in log count it.

    Behind TRUSTED_PROXY_COUNT reverse proxies, each of which appends the address it saw to
    X-Forwarded-For, the address the outermost proxy saw is that many entries from the right;
    anything further left was written by the client and proves nothing. With no proxy, only
    REMOTE_ADDR is believed. None when there is no request or no valid address (axes stores the
    address in an IP column, which refuses anything else).
    """
    if request is None:
        return None
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [hop for hop in forwarded if hop]
        if len(forwarded) >= proxies and _valid(forwarded[-proxies]):
            return forwarded[-proxies]
    remote = request.META.get("REMOTE_ADDR", "")
    return remote if _valid(remote) else None


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True
