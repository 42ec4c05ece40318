"""WSGI entry point for gunicorn: refuses to serve with debug off and a weak secret key."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms_leadership.settings")
application = get_wsgi_application()

from core.deployment import require_strong_secret_key  # noqa: E402 - needs the settings loaded

require_strong_secret_key()
