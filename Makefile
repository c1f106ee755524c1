# The habits of this project, one target each. `make site` and `make test` work on a fresh clone.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
CHROMIUM := /usr/bin/chromium

.PHONY: site test serve check lint format bench clean browser

$(STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "Cần Python 3.11 ($(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(TEST_STAMP): $(STAMP) requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

site: $(STAMP)  ## build site/ from data/
	$(PY) -m generator build --data data --out site

check: $(STAMP)  ## validate data/ only
	$(PY) -m generator check --data data

serve: $(STAMP)  ## live preview on http://127.0.0.1:8000
	$(PY) -m generator serve --data data

browser:  ## Debian's Chromium for the browser tests (never a downloaded browser)
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: $(TEST_STAMP) browser  ## run every test
	$(PY) -m pytest -q

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check generator tests
	$(VENV)/bin/ruff format --check generator tests

format: $(TEST_STAMP)
	$(VENV)/bin/ruff format generator tests

clean:
	rm -rf site build .pytest_cache
