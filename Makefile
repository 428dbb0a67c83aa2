# The two commands: `make run` starts the service with sandbox data and one worker of the job queue, `make test` runs
# the whole suite.
# Both create .venv, install the pinned dependencies and (unless DATABASE_URL is set) start the PostgreSQL
# server this checkout manages under .pgdata/.
SHELL := /bin/bash
PYTHON_BIN ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DB_URL = $${DATABASE_URL:-$$(scripts/pg.sh)}
# Requests are served by a role that owns nothing (docs/security.md): on the managed PostgreSQL that is ecf_app,
# while migrations, the sandbox loader and the test suite use the owner role scripts/pg.sh prints.
APP_DB_URL = $${DATABASE_APP_URL:-$${DATABASE_URL:-$$(scripts/pg.sh app)}}
APP_ROLE = $${DATABASE_APP_ROLE:-$$([ -n "$$DATABASE_URL" ] || echo ecf_app)}

.PHONY: run test install db migrate seed lint format check stop bench

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

# GOV.UK Frontend (served by Django) and axe-core (browser tests) from npm, exactly as package-lock.json says.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

run: install
	@set -e; export DATABASE_APP_ROLE="$(APP_ROLE)"; app_url="$(APP_DB_URL)"; export DATABASE_URL="$(DB_URL)"; \
	$(PY) manage.py migrate --noinput; \
	$(PY) manage.py seed_sandbox --tokens-file .sandbox/tokens.json; \
	echo "Serving on http://127.0.0.1:$(PORT)  (API docs: http://127.0.0.1:$(PORT)/api/docs/v3), with one worker"; \
	export DATABASE_URL="$$app_url"; \
	$(PY) manage.py worker --name make-run & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	@set -e; export DATABASE_APP_ROLE="$(APP_ROLE)"; export DATABASE_URL="$(DB_URL)"; export CHROMIUM_PATH="$$(scripts/chromium.sh)"; export NGINX_PATH="$$(scripts/nginx.sh)"; \
	$(PY) manage.py makemigrations --check --dry-run >/dev/null || { echo "Missing migration: run manage.py makemigrations --name <intent>"; $(PY) manage.py makemigrations --check --dry-run; exit 1; }; \
	$(PY) -m ruff check . ; \
	$(VENV)/bin/lint-imports --no-cache >/dev/null || $(VENV)/bin/lint-imports --no-cache; \
	$(PY) -m pytest -n 2 -q $(PYTEST_ARGS)

migrate: install
	@export DATABASE_APP_ROLE="$(APP_ROLE)"; export DATABASE_URL="$(DB_URL)"; $(PY) manage.py migrate --noinput

lint: install
	$(PY) -m ruff check . && $(PY) -m ruff format --check . && $(VENV)/bin/lint-imports --no-cache

format: install
	$(PY) -m ruff check --fix . && $(PY) -m ruff format .

stop:
	@for d in /usr/lib/postgresql/*/bin; do pgctl=$$d/pg_ctl; done; \
	if [ "$$(id -u)" = 0 ]; then runuser -u postgres -- $$pgctl -D .pgdata/ stop || true; else $$pgctl -D .pgdata stop || true; fi

# Benchmarks (timings never go in tests): each uses its own database on the managed PostgreSQL, loopback only, and
# keeps its figures under .bench-results/; bench/summary.py prints them as one table. The POST benchmark drives the
# server with wrk (scripts/wrk.sh installs it, as scripts/pg.sh installs PostgreSQL).
bench: install
	@rm -rf .bench-results
	@scripts/wrk.sh >/dev/null
	$(PY) bench/declarations_post.py
	$(PY) bench/full_sync.py
	$(PY) bench/participants_page.py
	$(PY) bench/declarations_list.py
	$(PY) bench/statement_page.py
	$(PY) bench/sign_in_timing.py
	$(PY) bench/webhooks.py
	$(PY) bench/request_log.py
	@$(PY) bench/summary.py
