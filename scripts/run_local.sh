#!/usr/bin/env bash
# The local run behind `make run`: migrate, load the demo on a new database, then serve the web
# app with a Celery worker and beat on the embedded filesystem broker. Ctrl-C stops all of it.
set -euo pipefail
VENV=${VENV:-.venv}
PORT=${PORT:-8000}
export DJANGO_DEBUG=${DJANGO_DEBUG:-1}
# Links in e-mails and stored with records point at this run.
export SITE_URL=${SITE_URL:-http://127.0.0.1:${PORT}}
PY="$VENV/bin/python"

mkdir -p var
"$PY" manage.py migrate --noinput
"$PY" manage.py seed_demo --if-empty

pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

"$VENV/bin/celery" -A qms_leadership worker --beat --pool=solo --loglevel=INFO \
  --schedule var/celerybeat-schedule > var/celery.log 2>&1 &
pids+=($!)
echo "Celery worker and beat running (log: var/celery.log)."
echo "Open http://127.0.0.1:${PORT} and log in as ceo, quality or auditor (password: demo)."
"$PY" manage.py runserver "127.0.0.1:${PORT}" &
pids+=($!)
wait -n "${pids[@]}"
