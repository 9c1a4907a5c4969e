# The two commands of the quick start: `make run` and `make test`. Both build .venv as needed.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test lint typecheck layers unit bench clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[ui,dev]'
	# The offline film table is data only; its package's plotting dependencies are not needed.
	$(BIN)/python -m pip install -q --no-deps -c requirements.lock 'bokeh-sampledata==2026.1'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/movie-analyst up

lint: install
	$(BIN)/ruff check src tests bench

typecheck: install
	$(BIN)/mypy -p movie_analyst -p movie_analyst_ui

layers: install
	$(BIN)/lint-imports

# The browser tests need a Chromium: found, or installed (Debian's as root, else Playwright's),
# or the run stops saying how to get one. SKIP_BROWSER_TESTS=1 skips them, and pytest says so.
test: lint typecheck layers
	$(BIN)/python -m tests.support.chromium
	$(BIN)/pytest -q -p no:cacheprovider

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf build $(VENV) .pytest_cache .mypy_cache .ruff_cache
