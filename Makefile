# kkintegration: `make run` serves the real plans, `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Any Python >= 3.12 (Django 6 needs it); the first one found wins.
PYTHON ?= $(shell for c in python3.13 python3.12 /root/.pyenv/versions/3.13*/bin/python3 \
	/root/.pyenv/versions/3.12*/bin/python3 python3; do \
	p=$$(command -v "$$c" 2>/dev/null) || continue; \
	"$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$$p"; break; }; \
	done)

.PHONY: run test setup lint messages clean pdf-check serve bench

$(PY):
	@if [ -z "$(PYTHON)" ]; then echo "No Python >= 3.12 found on PATH: install one (Django 6 needs it)." >&2; exit 1; fi
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $(STAMP)

# axe-core for the accessibility audit in the browser tests (npm registry only).
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json
	@if command -v npm >/dev/null 2>&1; then npm install --no-audit --no-fund --silent && touch $(AXE); \
	else echo "npm not found: the accessibility tests will fail until axe-core is installed"; fi

setup: $(STAMP) $(AXE)

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_plans
	$(PY) manage.py generate_demo_values --round
	$(PY) manage.py create_demo_accounts
	$(PY) manage.py runserver 127.0.0.1:8000

# Production-like on loopback: DEBUG off, hashed and compressed static files served by
# whitenoise, gunicorn. Plain HTTP here, so the HTTPS-only protections are relaxed.
SERVE_ENV := DEBUG=false SECRET_KEY=$${SECRET_KEY:-local-serve-$$(hostname)-not-for-the-internet} \
	SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false \
	SECURE_HSTS_SECONDS=0

serve: $(STAMP)
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py load_plans
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(VENV)/bin/gunicorn kkintegration.wsgi --bind 127.0.0.1:8000 --workers 2

# ruff, bandit (no high-severity finding) and pip-audit, which fails when it could audit
# no package (offline); PIP_AUDIT_OPTIONAL=1 makes that a plain warning instead.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/bandit -q -r kkintegration committees goals indicators activities budgets \
		-x '*/migrations/*' --severity-level high
	$(PY) .ci/audit_dependencies.py

test: setup
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles

# The Bilag printed through LibreOffice (apt-get install libreoffice-calc-nogui): bilag/*.pdf
pdf-check: $(STAMP)
	mkdir -p bilag
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_plans
	$(PY) manage.py export_bilag --all --out bilag/bilag-alle.xlsx
	soffice --headless --norestore -env:UserInstallation=file:///tmp/kk-lo-$$$$ \
		--convert-to pdf --outdir bilag bilag/bilag-alle.xlsx
	@echo "Printed: bilag/bilag-alle.pdf"

# Benchmarks on the configured database (DATABASE_URL, else SQLite). BENCH_FACTOR=100
# multiplies the plans first (generate_scale); BENCH_ARGS passes options to bench/run.py.
BENCH_FACTOR ?= 1
bench: $(STAMP)
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_plans
	$(PY) manage.py generate_demo_values
	@if [ "$(BENCH_FACTOR)" -gt 1 ]; then $(PY) bench/generate_scale.py --factor $(BENCH_FACTOR); fi
	$(PY) bench/run.py --label "$(BENCH_FACTOR)×" $(BENCH_ARGS)

messages: setup
	$(PY) manage.py makemessages -l da -l en --no-obsolete --no-location --ignore=.venv --ignore=node_modules
	$(PY) manage.py compilemessages -l da -l en --ignore=.venv
