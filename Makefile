# Every command installs what it needs first (into .venv, from the lock files).
# Quick start:  make serve   |   make test
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
VNU := tests/tools/node_modules/vnu-jar/build/dist/vnu.jar
export DISABLE_MKDOCS_2_WARNING := true
export NO_MKDOCS_2_WARNING := 1
PD_VENV := .venv-properdocs
AUDIT_VENV := .venv-audit

.PHONY: serve test build check new translations rename urls lock clean help

help:
	@echo "make serve [PORT=8001]   install everything, build and serve the site on http://127.0.0.1:8000/"
	@echo "make test    install everything and run the whole test suite"
	@echo "make build   strict build of the site into site/ (what a deploy publishes)"
	@echo "make check   check content and data without building (errors name file:line)"
	@echo "make new TYPE=praktijkverhaal TITLE=\"...\" THEMES=a,b PROGRAMME=x   start a new item in every language"
	@echo "make translations [MARK=docs/x/y.en.md]   list translations to do; MARK records one as up to date"
	@echo "make rename FROM=nieuws/old TO=nieuws/new   rename an item; old URLs redirect, references follow"
	@echo "make urls    record every published URL in urls.txt (from a build)"
	@echo "make lock    re-pin every dependency after editing requirements/*.in"
	@echo "make lint    ruff and mypy (make test runs them first)"
	@echo "make clean   remove site/, generated pages and caches"
	@echo "make accessibility-report   run the browser accessibility suite and record its results for /toegankelijkheid/"
	@echo "make build-properdocs  strict build into site/ with ProperDocs, the second engine"
	@echo "make audit   outdated pins and known vulnerabilities of the locked packages (needs network)"
	@echo "make bench-lighthouse  Lighthouse (mobile) on every page type in both languages, served by the reference nginx"
	@echo "make bench-search  search benchmark: the judged query set, then bytes and time to the first result at 100 and 2,000 items"

$(BIN)/.installed: requirements/test.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/test.txt
	touch $@

# make serve PORT=8001 when 8000 is taken.
PORT ?= 8000
serve: $(BIN)/.installed
	@$(BIN)/python scripts/port-free.py $(PORT)
	$(BIN)/mkdocs serve --strict -a 127.0.0.1:$(PORT)

build: $(BIN)/.installed
	$(BIN)/mkdocs build --strict

check: $(BIN)/.installed
	@PYTHONPATH=hooks $(BIN)/python -m kennisbank check $(if $(GITHUB_ACTIONS),--github)

# The editors' commands take make variables (exported to the recipe's environment,
# and quoted there, so a title may hold spaces and apostrophes).
KB := PYTHONPATH=hooks $(BIN)/python -m kennisbank

new: $(BIN)/.installed
	@$(KB) new $${TYPE:+--type "$$TYPE"} $${TITLE:+--title "$$TITLE"} $${THEMES:+--themes "$$THEMES"} \
	  $${PROGRAMME:+--programme "$$PROGRAMME"} $${SLUG:+--slug "$$SLUG"} $${DATE:+--date "$$DATE"} \
	  $${SUMMARY:+--summary "$$SUMMARY"}

translations: $(BIN)/.installed
	@$(KB) translations $${MARK:+--mark $$MARK}

rename: $(BIN)/.installed
	@$(KB) rename "$$FROM" "$$TO"

urls: $(BIN)/.installed
	@$(KB) urls

# Chromium and nginx for the browser tests: installed when missing (root or sudo without a
# password), or a one-line instruction (scripts/system-packages.sh).
.PHONY: system-packages
system-packages:
	@bash scripts/system-packages.sh

# Lint and type check (configured in pyproject.toml): part of make test, so CI runs them too.
.PHONY: lint
lint: $(BIN)/.installed
	$(BIN)/ruff check hooks tests bench scripts requirements
	$(BIN)/mypy

test: system-packages $(BIN)/.installed $(VNU) lint
	$(BIN)/python -m pytest

# The Nu HTML Checker for tests/test_html_valid.py, pinned in tests/tools/package-lock.json;
# run with the system's Java. --ignore-scripts: its install script would fetch a Java runtime.
$(VNU): tests/tools/package-lock.json
	npm ci --prefix tests/tools --ignore-scripts --silent --no-audit --no-fund
	touch $@

lock:
	$(PYTHON) -m venv .venv-tools
	.venv-tools/bin/pip install --quiet pip-tools==7.6.2
	cd requirements && ../.venv-tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-find-links --no-emit-index-url -o site.txt site.in
	cd requirements && ../.venv-tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-find-links --no-emit-index-url -o test.txt test.in
	# ProperDocs' lock leaves MkDocs out on purpose (see properdocs.in): pip-compile warns about it.
	cd requirements && ../.venv-tools/bin/pip-compile --quiet --generate-hashes --unsafe-package mkdocs --strip-extras --no-emit-find-links --no-emit-index-url -o properdocs.txt properdocs.in
	cd requirements && ../.venv-tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-find-links --no-emit-index-url -o audit.txt audit.in

clean:
	rm -rf site .pytest_cache .cache
	find docs \( -name '*.md' -o -name .gitignore \) -exec grep -l -m1 '^# generated by kennisbank' {} + | xargs -r rm -f

# The second engine: ProperDocs (the MkDocs 1.x fork) with the same plugins and
# theme, WITHOUT MkDocs, so the test suite can build the site with it too
# (tests/test_durability.py). Recreated whenever its lock changes.
.PHONY: build-properdocs audit

# Build benchmark (not part of the tests): this project against a bare Material + i18n build.
.PHONY: bench
bench: $(BIN)/.installed
	$(BIN)/python bench/build.py

# Search benchmark (not part of the tests): the judged query set (success@1, success@3, MRR per
# language), then bytes and time to the first result at 100 and 2,000 items (bench/search.py).
.PHONY: bench-search
bench-search: $(BIN)/.installed
	$(BIN)/python bench/search.py

$(PD_VENV)/.installed: requirements/properdocs.txt
	rm -rf $(PD_VENV)
	$(PYTHON) -m venv $(PD_VENV)
	$(PD_VENV)/bin/pip install --quiet --require-hashes --no-deps -r requirements/properdocs.txt
	touch $@

test: $(PD_VENV)/.installed

build-properdocs: $(PD_VENV)/.installed
	$(PD_VENV)/bin/properdocs build --strict

# pip-audit lives in its own venv; the first step says so clearly when the
# vulnerability database (PyPI) cannot be reached, before anything is installed.
$(AUDIT_VENV)/.installed: requirements/audit.txt
	rm -rf $(AUDIT_VENV)
	$(PYTHON) -m venv $(AUDIT_VENV)
	$(AUDIT_VENV)/bin/pip install --quiet --require-hashes --no-deps -r requirements/audit.txt
	touch $@

audit:
	@$(PYTHON) requirements/audit.py --reachable
	@$(MAKE) --no-print-directory $(AUDIT_VENV)/.installed
	$(AUDIT_VENV)/bin/python requirements/audit.py --pip-audit $(AUDIT_VENV)/bin/pip-audit \
		requirements/test.txt requirements/properdocs.txt requirements/audit.txt

.PHONY: accessibility-report
accessibility-report: $(BIN)/.installed
	KB_A11Y_REPORT=$(CURDIR)/reports/accessibility.json $(BIN)/python -m pytest -q tests/browser/test_accessibility.py

# Lighthouse benchmark (not part of the tests): every page type in every language, mobile,
# served by the reference nginx (bench/lighthouse.py; Lighthouse pinned in bench/lighthouse/).
.PHONY: bench-lighthouse
bench-lighthouse: system-packages $(BIN)/.installed
	$(BIN)/python bench/lighthouse.py $(if $(RUNS),--runs $(RUNS))
