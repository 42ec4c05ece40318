# Production image: gunicorn serves the web app; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

# WeasyPrint (PDF minutes and audit packs) needs Pango and fonts; `manage.py backup` needs pg_dump
# (postgresql-client, the same major version as the compose file's PostgreSQL 15); libmagic is not used.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core curl postgresql-client gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
RUN pip install .
# The translation catalogues, compiled (the .mo files are built, not kept in the repository).
RUN DJANGO_SECRET_KEY=build-only python manage.py compilemessages --ignore=.venv -v 0
RUN DJANGO_SECRET_KEY=build-only DJANGO_STATIC_MANIFEST=1 python manage.py collectstatic --noinput -v 0 \
    && useradd --system --home /app qms && mkdir -p /app/var && chown -R qms /app/var

USER qms
EXPOSE 8000
# Forwarded headers are believed only from QMS_TRUSTED_PROXIES (the app drops the others); gunicorn
# keeps its default (loopback) for its own scheme detection. Request lines and header fields are
# capped here; bodies by the proxy and by the app (QMS_MAX_REQUEST_MB).
# --timeout: a worker busy with one request for longer is killed and the user gets an error (see
# docs/performance.md); long work runs as a background job instead.
CMD ["gunicorn", "qms_leadership.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "30", "--access-logfile", "-", "--limit-request-line", "8190", "--limit-request-fields", "100"]
