# pressarchive: `make demo` and `make test` each work on a fresh machine (they create .venv).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install chromium demo test lint bench crawl serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever the declared dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

# Bytecode for the project's own modules, written here: an editable install leaves it to the first
# import, which never writes it where PYTHONDONTWRITEBYTECODE is set (container images, this project's
# machines); every command then compiled its ~200 modules again (0.2 s of each start, docs/performance.md).
install: $(STAMP)
	@$(BIN)/python -m compileall -q archive crawler spiders demo >/dev/null

# The browser test drives Debian's Chromium (Playwright never downloads a browser here); the
# attachment tests write PDFs in DejaVu Sans (a Cyrillic TrueType font) and try the optional OCR
# (Tesseract with its Russian data).
# The distributed crawl's tests (tests/test_distributed_*.py) start Debian's redis-server on a loopback port.
DEBIAN_TEST_PACKAGES := chromium fonts-dejavu-core tesseract-ocr tesseract-ocr-rus redis-server
chromium:
	@{ command -v chromium && command -v tesseract && command -v redis-server && test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
		&& test -n "$$(ls /usr/share/tesseract-ocr/*/tessdata/rus.traineddata 2>/dev/null)"; } >/dev/null 2>&1 || { \
		echo "installing from Debian for the tests: $(DEBIAN_TEST_PACKAGES)"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_TEST_PACKAGES); }

demo: install
	$(BIN)/python -m demo

test: install chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

bench: install
	@set -e; for script in bench/bench_*.py; do \
		echo "== $$script"; $(BIN)/python $$script; \
	done

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

crawl: install
	$(BIN)/pressarchive crawl --db var/archive.db

serve: install
	$(BIN)/pressarchive serve --db var/archive.db

clean:
	rm -rf $(VENV) var build *.egg-info .pytest_cache .ruff_cache .mypy_cache
