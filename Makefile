# Two commands do all the set-up: `make run` and `make test` (see README.md).
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
PYTHON ?= python3

.PHONY: run test test-future lint migrations-check messages compilemessages collectstatic benchmark clean

$(VENV)/.base: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base
	$(PIP) install -q -e ".[dev]"
	touch $@

# The translation catalogues: templates' and JavaScript's strings in locale/, each app's Python strings
# in <app>/locale/ (see README "Languages"); locations without line numbers, so a moved line changes no
# catalogue. Needs GNU gettext (apt package `gettext`).
LANGUAGE_FLAGS := -l de -l fr -l es
MESSAGE_IGNORES := --ignore=.venv --ignore=tests --ignore=node_modules --ignore=benchmarks --ignore=scripts \
	--ignore=var --ignore=staticfiles --ignore='*/migrations/*' --ignore=static/vendor
messages: $(VENV)/.base
	DJANGO_SECRET_KEY=makemessages-only $(PY) manage.py edition_texts --write
	DJANGO_SECRET_KEY=makemessages-only $(PY) manage.py makemessages $(LANGUAGE_FLAGS) $(MESSAGE_IGNORES) --no-obsolete --add-location=file
	DJANGO_SECRET_KEY=makemessages-only $(PY) manage.py makemessages -d djangojs $(LANGUAGE_FLAGS) $(MESSAGE_IGNORES) --no-obsolete --add-location=file

# The .mo files are built from the catalogues, never committed; without gettext the product stays English.
compilemessages: $(VENV)/.base
	@if command -v msgfmt >/dev/null 2>&1; then \
		DJANGO_SECRET_KEY=compilemessages-only $(PY) manage.py compilemessages $(LANGUAGE_FLAGS) --ignore=.venv -v 0; \
	else echo "msgfmt (GNU gettext) not found: the product runs in English only."; fi

# Web app, Celery worker and beat on the embedded broker (no Redis, no PostgreSQL needed).
run: $(VENV)/.base compilemessages
	PORT=$(PORT) VENV=$(VENV) bash scripts/run_local.sh

# ruff, the layers contract (.importlinter) and the types of services, selectors, checks and the funnel.
lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_SECRET_KEY=type-check-only $(VENV)/bin/mypy

migrations-check: $(VENV)/.dev
	DJANGO_SECRET_KEY=makemigrations-check $(PY) manage.py makemigrations --check --dry-run

# The OpenID Connect provider the sign-in tests run (Node.js); without Node those tests skip.
IDP := tests/identity_provider
$(IDP)/node_modules/.installed: $(IDP)/package-lock.json
	if command -v npm >/dev/null 2>&1; then npm ci --prefix $(IDP) --no-audit --no-fund --silent && touch $@; fi

# Uses DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis) when set; SQLite otherwise.
test: lint migrations-check compilemessages $(IDP)/node_modules/.installed
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The non-browser suite once more with the clock 18 months ahead: a test that only passes this year
# fails today, not on 1 January. Tests of a worker in another process are left out: that process
# runs on the real clock (make test runs them).
test-future: $(VENV)/.dev
	$(VENV)/bin/pytest -m "not browser and not worker" --shift-clock-days=548 -q -p no:warnings

collectstatic: $(VENV)/.base
	DJANGO_SECRET_KEY=collectstatic-only DJANGO_STATIC_MANIFEST=1 $(PY) manage.py collectstatic --noinput -v 0

benchmark: $(VENV)/.dev
	@for script in benchmarks/*.py; do [ "$$script" = benchmarks/data.py ] && continue; echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf var staticfiles
