"""Test helpers of the people pages."""

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone


def lock_out(username: str, ip_address: str = "10.0.0.1") -> AccessAttempt:
    """The row django-axes writes once a username failed to sign in too often at one address."""
    return AccessAttempt.objects.create(
        username=username,
        ip_address=ip_address,
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        attempt_time=timezone.now(),
        get_data="",
        post_data="",
        http_accept="",
        path_info="/",
        user_agent="test",
    )
