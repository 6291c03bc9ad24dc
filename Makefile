# careloop — the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PATIENTS ?= 20000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test lint bench install check-python clean

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
	  echo "careloop needs Python >= 3.12 (Django 6.1); '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	  echo "With pyenv: 'pyenv install 3.12.1' (the committed .python-version selects it),"; \
	  echo "or run: make PYTHON=/path/to/python3.12 demo"; exit 1; }

$(BIN)/.installed: pyproject.toml | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/careloop migrate --noinput
	$(BIN)/careloop seed --patients $(PATIENTS) --if-empty
	$(BIN)/careloop serve

test: install
	CARELOOP_MODE=test $(BIN)/pytest

lint: install
	$(BIN)/ruff check careloop
	$(BIN)/mypy careloop
	$(BIN)/lint-imports
	CARELOOP_MODE=test $(BIN)/careloop makemigrations --check --dry-run

bench: install
	$(BIN)/careloop bench api --persons 100000 --json

clean:
	rm -rf var $(VENV)
