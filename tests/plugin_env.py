"""Test-run environment, loaded as a pytest plugin (-p tests.plugin_env) before Django reads its settings.

Tests run with debug off (as production) but over plain HTTP, with uploads in a throw-away
folder. DATABASE_URL and CELERY_BROKER_URL pass through, so CI tests PostgreSQL and Redis.
"""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ["DJANGO_HTTPS"] = "0"
os.environ["DJANGO_STATIC_MANIFEST"] = "0"
os.environ.setdefault("QMS_VAR_DIR", tempfile.mkdtemp(prefix="qms-test-var-"))
os.environ.setdefault("QMS_PRIVATE_MEDIA_ROOT", os.path.join(os.environ["QMS_VAR_DIR"], "private"))
# Playwright's sync API runs an event loop; the ORM calls made beside it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
