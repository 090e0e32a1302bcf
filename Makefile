# The project's checks and tests, with the tools of the project's virtualenv (`make VENV=...`).
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: check lint types contracts test

# Everything CI checks before the tests: lint and format, types, import contracts.
check: lint types contracts

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types:
	$(BIN)/mypy

contracts:
	$(BIN)/lint-imports

test:
	$(BIN)/python -m pytest -n 2
