# Two commands for a fresh machine: `make site` builds the site, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test serve check manifest fidelity clean chromium

site: $(STAMP)
	$(BIN)/qararat build

# Everything the build and the tests need, in a virtual environment inside the project.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Browser tests drive Debian's Chromium (Playwright's own browser download is not used).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

test: $(STAMP) chromium
	$(BIN)/python -m pytest

serve: site
	$(BIN)/python -m http.server --directory site --bind 127.0.0.1 8000

check: $(STAMP)
	$(BIN)/qararat check

manifest: $(STAMP)
	$(BIN)/qararat manifest

fidelity: $(STAMP)
	$(BIN)/qararat fidelity

clean:
	rm -rf site build
