# The habits of this project, one target each. `make site` and `make test` work on a fresh clone.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
NODE_STAMP := node_modules/.installed
CHROMIUM := /usr/bin/chromium

.PHONY: site test test-fast verify serve check privacy lint format bench clean browser java office report workbook requirements audit-workflows

# requirements*.txt pin every package of the tree with its hashes (made by `make requirements`
# from requirements*.in): pip installs exactly those files or stops.
$(STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "Cần Python 3.11 ($(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	touch $@

$(TEST_STAMP): $(STAMP) requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-test.txt
	touch $@

# Recompile requirements.txt and requirements-test.txt from the .in files: pins already there are
# kept, a package added to a .in file gets its newest release that fits, and
# UPGRADE="name other" moves those packages (and what they need) to their newest releases.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make requirements" $(VENV)/bin/pip-compile --quiet --generate-hashes \
	--strip-extras --no-emit-index-url --no-emit-find-links $(addprefix --upgrade-package ,$(UPGRADE))
requirements:  ## update the pinned requirements*.txt after editing requirements*.in
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check pip-tools==7.6.2
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-test.txt requirements-test.in

site: $(STAMP)  ## build site/ from data/
	$(PY) -m generator build --data data --out site

check: $(STAMP)  ## validate data/ only
	$(PY) -m generator check --data data

# The publishing workflow's first step: stops when a public repository holds real personal data
# (the event payload says public or private; run here, it reports what data/ holds).
privacy: $(STAMP)  ## refuse real personal data in a public repository
	$(PY) .github/scripts/privacy_gate.py --data data

# Without COMMUNE: the whole data's workbook and one per current commune beside it
# (build/bang-tinh-du-lieu-<code>.xlsx); COMMUNE=vinh-binh: only that commune's.
workbook: $(STAMP)  ## the staff's Excel workbooks of data/ (edit one, upload it into nhap/)
ifdef COMMUNE
	$(PY) -m generator workbook --data data --out "build/bang-tinh-du-lieu-$(COMMUNE).xlsx" --commune "$(COMMUNE)"
else
	$(PY) -m generator workbook --data data --out build/bang-tinh-du-lieu.xlsx --every-commune
endif

serve: $(STAMP)  ## live preview on http://127.0.0.1:8000
	$(PY) -m generator serve --data data

browser:  ## Debian's Chromium for the browser tests (never a downloaded browser)
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

java:  ## Java for the Nu HTML Checker (vnu.jar), from Debian when missing
	@command -v java >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; }

office:  ## LibreOffice (Writer and Calc, headless), poppler-utils and Liberation fonts from Debian, when missing
	@command -v soffice >/dev/null && dpkg -s libreoffice-calc-nogui libreoffice-writer-nogui >/dev/null 2>&1 && command -v pdftotext >/dev/null && fc-list | grep -q "Liberation Serif" || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation >/dev/null; }

# The plan's periodic report for PERIOD (2025, 2025-H1, 2025-H2): bao-cao/bao-cao-PERIOD.docx, and
# its PDF when LibreOffice is installed (`make office`). Never part of the site. With COMMUNE (a
# current commune's code), that commune's Women's Union's report: bao-cao/bao-cao-PERIOD-COMMUNE.docx.
# It prints only the files it made: LibreOffice's own output (its "failed to launch javaldx" warning
# on a machine without Java) is shown only when the conversion fails. Its profile lives in .venv,
# not in build/, which `make site` keeps for itself.
REPORT_NAME = bao-cao-$(PERIOD)$(if $(COMMUNE),-$(COMMUNE))
report: $(STAMP)  ## make report PERIOD=2025-H1 [COMMUNE=vinh-binh]
	@test -n "$(PERIOD)" || { echo "Hãy ghi kỳ báo cáo, ví dụ: make report PERIOD=2025-H1 (hoặc PERIOD=2025)"; exit 1; }
	@$(PY) -m generator report --period "$(PERIOD)" $(if $(COMMUNE),--commune "$(COMMUNE)") --data data --out "bao-cao/$(REPORT_NAME).docx"
	@if command -v soffice >/dev/null; then \
	  said=$$(soffice -env:UserInstallation=file://$(CURDIR)/$(VENV)/lo-profile --headless --convert-to pdf \
	    --outdir bao-cao "bao-cao/$(REPORT_NAME).docx" 2>&1) && echo "bao-cao/$(REPORT_NAME).pdf" \
	    || { echo "$$said" >&2; exit 1; }; \
	else echo "Chưa có LibreOffice (make office) nên chưa tạo bản PDF."; fi

# axe-core, vnu-jar and Lighthouse, pinned by package-lock.json. --ignore-scripts: vnu-jar's
# postinstall would download a Java runtime; Debian's Java is used instead.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# What protects the live site, on the built site/: every internal link and image resolves, nothing
# can run script, every page's Content Security Policy covers its inline scripts, no private value
# is published. The publishing workflow runs this instead of the
# whole suite for a commit that changes only data/ or content/.
verify: $(STAMP)  ## fast checks of site/ before it is published
	@test -f site/index.html || { echo "Chưa có trang web trong site/: hãy chạy make site trước."; exit 1; }
	$(PY) tests/tools/linkcheck.py site "$$($(PY) -c 'import yaml; print(yaml.safe_load(open("site_config/portal.yml", encoding="utf-8"))["site_url"])')"
	$(PY) tests/tools/scan.py site
	$(PY) tests/tools/csp_check.py site "$$($(PY) -c 'from generator.schema import load_config; from generator.security import tile_origin; print(tile_origin(load_config()) or "")')"
	$(PY) tests/tools/privacy_scan.py site data

test: $(TEST_STAMP) $(NODE_STAMP) browser java office  ## run every test
	$(PY) -m pytest -q

test-fast: $(TEST_STAMP) office  ## every test but those that drive a browser or build a large site (make test runs all)
	$(PY) -m pytest -q -m "not browser and not slow"

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check generator tests tools
	$(VENV)/bin/ruff format --check generator tests tools

# zizmor, offline, on the workflows and dependabot.yml: actions pinned to commits, no token left
# in a checkout, least-privilege permissions, no expression pasted into a shell. `make test` runs
# it too (tests/test_workflow.py).
audit-workflows: $(TEST_STAMP)  ## audit .github/ for workflow security problems
	$(VENV)/bin/zizmor --offline --no-progress .github

format: $(TEST_STAMP)
	$(VENV)/bin/ruff format generator tests tools

clean:
	rm -rf site build bao-cao .pytest_cache .site.new-* .site.old-*

bench: $(STAMP)  ## timings at three scales; results in bench-results/ and the README table
	$(PY) tests/benchmark.py --scales sample,1000,10000
