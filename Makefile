# Rebound: `make run` to hold a workshop, `make test` to check everything, `make check` for
# the quick loop without a browser, `make lint` for ruff, `make translations` after changing
# any text people read.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app workshop
HOST   ?= 0.0.0.0
PORT   ?= 8000

.PHONY: run test check lint quality translations translations-compiled mutants mutants-changed system-run system-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,scale]'
	touch $(VENV)/.installed $@

# The gettext catalogues: the .po files are committed, their compiled .mo files are built here
# (git-ignored) before anything starts the app or the tests.
CATALOGUES := workshop/translations
LOCALES    := id ms  # every language but English (services/languages.py LANGUAGES)
PO_FILES   := $(wildcard $(CATALOGUES)/*/LC_MESSAGES/messages.po)
MO_FILES   := $(PO_FILES:.po=.mo)

$(CATALOGUES)/%/LC_MESSAGES/messages.mo: $(CATALOGUES)/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

translations-compiled: $(MO_FILES)

## translations: extract every marked string (templates and Python) into messages.pot, bring
## each language's messages.po up to date with it, and compile them; then translate what is
## new (tests/test_translations.py fails until every language has every string)
translations: $(VENV)/.installed
	$(BIN)/pybabel extract --mapping-file babel.cfg --keywords lazy_gettext --keywords _l --keywords translate:2 --keywords translate_plural:2,3 --no-location --sort-output \
		--project Rebound --msgid-bugs-address "" --copyright-holder "" \
		--output-file $(CATALOGUES)/messages.pot .
	for locale in $(LOCALES); do \
		test -f $(CATALOGUES)/$$locale/LC_MESSAGES/messages.po || \
			$(BIN)/pybabel init --input-file $(CATALOGUES)/messages.pot --output-dir $(CATALOGUES) --locale $$locale; \
	done
	$(BIN)/pybabel update --input-file $(CATALOGUES)/messages.pot --output-dir $(CATALOGUES) \
		--no-fuzzy-matching --ignore-obsolete
	$(MAKE) translations-compiled

## run: set up, apply migrations, and serve on port 8000 for phones on this network
## (gunicorn's master applies the migrations, as `flask db upgrade` would, before serving)
run: system-run $(VENV)/.installed translations-compiled
	REBOUND_UPGRADE_ON_START=1 $(BIN)/gunicorn --config python:workshop.serving --bind $(HOST):$(PORT) 'workshop:create_app()'

# The suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL names a database.
# The scale tests (tests/scale/) need PostgreSQL and Redis: they run once, in the
# PostgreSQL pass, when TEST_REDIS_URL is set too, and say why when they are skipped.
define suite
	env -u TEST_DATABASE_URL $(BIN)/pytest $(1)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== PostgreSQL pass against TEST_DATABASE_URL (its tables are dropped and rebuilt) =="; \
		if [ -z "$$TEST_REDIS_URL" ]; then \
			echo "== scale tests skipped: set TEST_REDIS_URL=redis://… too to run the two-process room on Redis and RQ =="; \
		fi; \
		$(BIN)/pytest $(1); \
	else \
		echo "== PostgreSQL pass skipped: set TEST_DATABASE_URL=postgresql://… to run the suite on PostgreSQL too =="; \
		echo "== scale tests skipped: they need TEST_DATABASE_URL and TEST_REDIS_URL (.ci/run starts both servers) =="; \
	fi
endef

## test: set up with the test tools, print the language-quality summary (dev and held-out side by
## side; its held-out floors are asserted in tests/test_quality_floors.py) and run the whole suite
test: system-test $(VENV)/.installed-dev translations-compiled
	$(BIN)/python -m tests.quality.report --misses 0 --repeats 1
	$(call suite,)

## check: the same without the browser tests: the quick loop while working
check: system-test $(VENV)/.installed-dev translations-compiled
	$(call suite,-m "not e2e")

## lint: ruff's checks and its formatter, configured in pyproject.toml (changes nothing)
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## quality: set up with the test tools and print the language-quality report (redaction and
## themes on the labelled stories, dev and held-out side by side; see tests/quality/README.md)
quality: $(VENV)/.installed-dev translations-compiled
	$(BIN)/python -m tests.quality.report

## mutants: plant small bugs (mutmut) in the modules that hold the product's promises and run
## each module's own fast tests against them; prints killed/survived per module and fails on a
## survivor not listed in tests/mutants/ or a module under 90% (see the README's section)
mutants: system-test $(VENV)/.installed-dev translations-compiled
	$(BIN)/python -m tests.mutants.run

## mutants-changed: the same for the promise modules changed since tests/mutants/baseline (CI)
mutants-changed: system-test $(VENV)/.installed-dev translations-compiled
	$(BIN)/python -m tests.mutants.run --changed

system-run:
	@bash .ci/system-packages.sh run

system-test:
	@bash .ci/system-packages.sh test

clean:
	rm -rf $(VENV) .pytest_cache .mutants
