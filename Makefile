# Rebound: `make run` to hold a workshop, `make test` to check everything.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app workshop
HOST   ?= 0.0.0.0
PORT   ?= 8000

.PHONY: run test quality system-run system-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,scale]'
	touch $(VENV)/.installed $@

## run: set up, apply migrations, and serve on port 8000 for phones on this network
## (gunicorn's master applies the migrations, as `flask db upgrade` would, before serving)
run: system-run $(VENV)/.installed
	REBOUND_UPGRADE_ON_START=1 $(BIN)/gunicorn --config python:workshop.serving --bind $(HOST):$(PORT) 'workshop:create_app()'

## test: set up with the test tools and run the whole suite (browser tests included)
test: system-test $(VENV)/.installed-dev
	env -u TEST_DATABASE_URL $(BIN)/pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== PostgreSQL pass against TEST_DATABASE_URL (its tables are dropped and rebuilt) =="; \
		$(BIN)/pytest; \
	else \
		echo "== PostgreSQL pass skipped: set TEST_DATABASE_URL=postgresql://… to run the suite on PostgreSQL too =="; \
	fi

## quality: set up with the test tools and print the language-quality report (redaction and
## themes on the labelled stories, dev and held-out side by side; see tests/quality/README.md)
quality: $(VENV)/.installed-dev
	$(BIN)/python -m tests.quality.report

system-run:
	@bash .ci/system-packages.sh run

system-test:
	@bash .ci/system-packages.sh test

clean:
	rm -rf $(VENV) .pytest_cache
