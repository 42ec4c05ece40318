"""A read survives one dropped database connection: a GET or HEAD whose database connection
failed (PostgreSQL restarting, a connection cut by a proxy) is answered by running it once more on
a fresh connection. Writes are never replayed: their form is shown again by the error page."""

from __future__ import annotations

import logging
import time

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)
SAFE_METHODS = ("GET", "HEAD")
# Long enough for a restarting PostgreSQL to accept connections again, short for the person waiting.
RETRY_PAUSE = 0.5
_FLAG = "_qms_database_dropped"


def _note_database_failure(sender, request=None, **kwargs) -> None:
    import sys

    error = sys.exc_info()[1]
    if request is not None and isinstance(error, OperationalError | InterfaceError):
        setattr(request, _FLAG, True)


got_request_exception.connect(_note_database_failure, dispatch_uid="qms-read-retry")


class ReadRetryMiddleware:
    """Retry a safe request once when it failed because the database connection dropped."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _FLAG, False) and request.method in SAFE_METHODS:
            logger.warning("Database connection lost on %s %s; retrying once.", request.method, request.path)
            delattr(request, _FLAG)
            for conn in connections.all(initialized_only=True):
                conn.close()
            time.sleep(RETRY_PAUSE)
            response = self.get_response(request)
        return response
