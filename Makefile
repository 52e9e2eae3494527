# Supporting Families Pathway — the two commands a newcomer needs:
#   make run    install everything, migrate, load demo data and run the app on :8000
#   make test   install everything and run every check CI runs
#
# Both work on a bare machine with Python 3.11+ and Node.js 20+; with no DATABASE_URL or
# REDIS_URL they use the embedded defaults (SQLite and a file-system Celery broker).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2

.PHONY: run setup test lint importlint typecheck pytest lock clean worker

run: setup
	@mkdir -p var
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py seed_demo
	@echo ""
	@echo "Starting the Celery worker (with the beat schedule) and the web server."
	@echo "Open http://$(HOST):$(PORT)/ and sign in with a demo login above. Ctrl-C stops both."
	@DEBUG=true bash -c 'trap "kill 0" EXIT; \
		$(BIN)/celery -A config worker -B --pool=solo --loglevel=INFO > var/worker.log 2>&1 & \
		$(PY) manage.py runserver $(HOST):$(PORT)'

setup: $(VENV)/.installed node_modules/.installed static/dist/.built

$(VENV)/.installed: pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11+ is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20+ and npm are needed to build the front end"; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

static/dist/.built: node_modules/.installed $(wildcard static/scss/*.scss)
	npm run build --silent
	@touch $@

test: setup lint importlint typecheck pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

importlint:
	$(BIN)/lint-imports

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest $(PYTEST_ARGS)

worker:
	$(BIN)/celery -A config worker -B --loglevel=INFO

lock:
	$(BIN)/pip freeze --exclude-editable | sed '1i # Exact versions CI and the set-up command install (pip install -c constraints.txt -e ".[dev]").\n# Regenerate after changing pyproject.toml: make lock' > constraints.txt

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles var
