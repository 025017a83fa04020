# Clair — the two commands of the README are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test bench lint portfolio install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Re-install when pyproject.toml or the npm lockfile changes.
$(STAMP): pyproject.toml package.json package-lock.json | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	npm ci --silent --no-audit --no-fund
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/clair serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m tests.browser_setup
	$(BIN)/ruff check .
	$(BIN)/pytest

bench: $(STAMP)
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

portfolio: $(STAMP)
	$(BIN)/python -m notebooks.build

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) node_modules portfolio
