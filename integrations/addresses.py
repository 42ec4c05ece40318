"""Which addresses a webhook may be sent to: http(s) only, and by default no private network.

A webhook makes our server send requests where a user says, so an address inside the network
(loopback, private ranges, link-local cloud metadata) is refused unless QMS_WEBHOOK_ALLOW_PRIVATE
is set (a receiver on the same network, or the tests). The address is checked when registered and
again before every attempt, since a name can come to point elsewhere.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SCHEMES = ("http", "https")


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise ValidationError(_("The name %(host)s cannot be resolved.") % {"host": host}) from exc
    return [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    address = mapped or address
    return address.is_global and not address.is_multicast


def check_url(url: str) -> None:
    """Raise ValidationError (on "url") unless a webhook may be sent to this address."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise ValidationError({"url": _("Use an http:// or https:// address.")})
    if parts.username or parts.password:
        raise ValidationError({"url": _("Leave names and passwords out of the address.")})
    if settings.QMS_WEBHOOK_ALLOW_PRIVATE:
        return
    try:
        addresses = _addresses(parts.hostname)
    except ValidationError as error:
        raise ValidationError({"url": error.messages}) from error
    if not all(_is_public(address) for address in addresses):
        raise ValidationError(
            {"url": _("This address is on a private or local network, which webhooks may not reach.")}
        )
