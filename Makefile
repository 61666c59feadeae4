# Cabildo's front door: `make run` serves the demo, `make test` runs the whole suite.
# Both work on a bare machine with Python 3.13 (pyenv picks it from .python-version).

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell command -v python3.13 2>/dev/null || command -v python3)
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
PYTEST_ARGS ?=
# DEBUG is off unless turned on (config/settings.py): the development targets turn it on
# explicitly, so a deployment never inherits it.
DEV := DEBUG=true

.PHONY: run serve test install install-dev chromium nginx lint format lock vendor messages bench-http clean

run: install  ## Set up, migrate, seed the demo and serve http://127.0.0.1:8000
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py seed_demo
	$(DEV) $(PY) manage.py refresh_indicators
	@echo "Cabildo: http://$(HOST):$(PORT)/"
	$(DEV) $(PY) manage.py runserver $(HOST):$(PORT)

serve: install nginx  ## The production setup on this machine: nginx on PORT, gunicorn, uvicorn for /ws/
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { echo "make serve runs on PostgreSQL and Redis: set DATABASE_URL and REDIS_URL (README, 'Production')."; exit 2; }
	$(PY) scripts/serve.py --port $(PORT) $(SERVE_ARGS)

test: install-dev chromium  ## Set up what the tests need and run the whole suite
	@if command -v msgfmt >/dev/null; then $(DEV) $(PY) manage.py compilemessages --ignore=.venv -v0; fi
	$(PY) -m pytest $(PYTEST_ARGS)

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 13) else "Cabildo needs Python 3.13 (see .python-version); found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

chromium:  ## Debian's Chromium for the browser tests (Playwright's download does not work here)
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "Installing Debian's chromium..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

nginx:  ## Debian's nginx (the reverse proxy of make serve and of bench/serving.py)
	@if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then \
		echo "Installing Debian's nginx-light..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx-light >/dev/null; \
		$$SUDO systemctl disable --now nginx >/dev/null 2>&1 || $$SUDO service nginx stop >/dev/null 2>&1 || true; \
	fi

bench-http: install-dev nginx  ## Pages under load, production setup against the bare-Django floor (bench/README.md)
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get install -y -qq wrk >/dev/null; }
	$(PY) bench/serving.py

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DEV) $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

lock: install-dev  ## Re-pin dependencies after editing pyproject.toml
	$(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.13 --generate-hashes -o requirements.lock -q
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.13 --generate-hashes -o requirements-dev.lock -q

vendor:  ## Refresh the pinned front-end copies in static/vendor from npm
	npm ci --no-audit --no-fund
	./scripts/vendor.sh

messages: install-dev  ## Extract translatable strings into locale/*/LC_MESSAGES/django.po
	$(DEV) $(PY) manage.py makemessages -l es -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests --ignore=bench --ignore=scripts --no-obsolete
	$(DEV) $(PY) manage.py makemessages -d djangojs -l es -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=static/vendor --ignore=tests --ignore=bench --no-obsolete
	$(PY) scripts/i18n.py fill-es
	$(PY) scripts/i18n.py check || echo "Translate the entries above in locale/en, then run make messages again."

clean:
	rm -rf $(VENV) staticfiles node_modules cabildo.sqlite3* .serve
