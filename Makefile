# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: run test install lint format migrate seed lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements/base.txt requirements/dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/base.txt -r requirements/dev.txt
	touch $(STAMP)

install: $(STAMP)

## Install, migrate, load the catalogues and seed Cuentas, ensure the demo admin, serve.
run: install
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py seed
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py ensure_demo_admin
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py ensure_demo_personas
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py participation_demo
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Install and run the whole suite (DATABASE_URL picks PostgreSQL).
test: export SECRET_KEY ?= insecure-key-for-tests-only
test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Re-pin requirements/*.txt from requirements/*.in.
lock: install
	$(BIN)/python -m pip install --quiet pip-tools
	cd requirements && ../$(BIN)/pip-compile --quiet --strip-extras --no-header base.in -o base.txt
	cd requirements && ../$(BIN)/pip-compile --quiet --strip-extras --no-header dev.in -o dev.txt
