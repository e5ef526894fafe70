# blogsite: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run test lint stack stack-test stack-stop stack-status e2e fuzz scan coverage

help:  ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

# Debian and Ubuntu ship venv's pip bootstrap (ensurepip) in a package of its own.
$(BIN)/activate:
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || deploy/system-packages.sh python3-venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime  ## Migrate, load demo data, serve http://127.0.0.1:8000 (PORT=... for another port; debug on)
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py seed_demo
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev  ## Run the whole test suite (the browser tests drive Debian's Chromium)
	@deploy/system-packages.sh chromium
	$(BIN)/pytest

lint: $(VENV)/.dev  ## ruff, and migrations in step with the models
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=blogsite.test_settings $(BIN)/python manage.py makemigrations --check --dry-run

e2e: $(VENV)/.dev  ## The browser tests: Debian's Chromium against a live gunicorn (also in `make test`)
	@deploy/system-packages.sh chromium
	$(BIN)/pytest tests/e2e

fuzz: $(VENV)/.dev  ## schemathesis against the API's OpenAPI schema on a live gunicorn (settings: schemathesis.toml)
	$(BIN)/pytest -m fuzz tests/blogsite/test_schema_fuzz.py

scan: lint  ## lint, and bandit: no medium or high finding
	$(BIN)/bandit -c pyproject.toml -r . --quiet --severity-level medium

coverage: $(VENV)/.dev  ## The whole suite with coverage of accounts, posts, orders, blogsite: fails under 90%
	$(BIN)/pytest --cov --cov-report=term --cov-report=html

stack: $(VENV)/.runtime  ## PostgreSQL, Redis, the task worker, settle_orders and requeue_stalled_tasks every minute, 2 gunicorn instances and nginx on loopback (STACK_INSTANCES=N)
	deploy/stack.sh start

stack-test: $(VENV)/.dev  ## The stack tests, against the running `make stack` (outages, failover, restarts: about 90 s)
	$(BIN)/pytest -m stack tests/stack

stack-stop:  ## Stop everything `make stack` started (data stays in var/stack)
	deploy/stack.sh stop

stack-status:  ## What of the stack is running, and where
	deploy/stack.sh status
