# Two commands for a fresh machine: `make site` builds the site, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test serve check manifest fidelity clean chromium screenshots

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

# Screenshots of a document page (desktop and phone, light and dark) and of search results, for a
# person to look at: build/screenshots/*.png. The browser tests' needs (Playwright, axe-core, pypdf)
# come with the test extras of pyproject.toml.
screenshots: $(STAMP) chromium
	$(BIN)/python -m pytest -q tests/test_reader_pages.py -k screenshot

serve: site
	$(BIN)/python -m http.server --directory site --bind 127.0.0.1 8000

check: $(STAMP)
	$(BIN)/qararat check

manifest: $(STAMP)
	$(BIN)/qararat manifest

fidelity: $(STAMP)
	$(BIN)/qararat fidelity

# The cost curve on a synthetic corpus (docs/benchmark.md): `make bench DOCS=N`; without DOCS it
# runs N = 10, 100 and 1000 and writes build/bench.json.
DOCS ?= 10 100 1000
.PHONY: bench
bench: $(STAMP) chromium
	$(BIN)/python -m qararat.bench --docs $(DOCS)

clean:
	rm -rf site build
