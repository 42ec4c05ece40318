"""The site's own address (settings.SITE_URL), for links that leave the browser: e-mails, and
links stored with records."""

from django.conf import settings


def site_url(path: str = "") -> str:
    """An absolute address on this site: site_url("/reviews/3/") -> "https://qms.example.com/reviews/3/"."""
    base = settings.SITE_URL.rstrip("/")
    if not path:
        return base
    return base + (path if path.startswith("/") else "/" + path)
