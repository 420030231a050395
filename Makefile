# The two commands a fresh machine needs: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export MOCKMOST_OPENAPI ?= $(abspath ../shared/mattermost-api/openapi.yaml)

.PHONY: serve test lint setup bench contract contract-full clean deps-mmpy deps-js deps-go deps-web

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# mmpy_bot pins an httpx older than the newest mattermostautodriver wants: it gets its own virtualenv,
# used by tests/clients/test_mmpy_bot.py to run the bot as a subprocess.
MMPY_VENV := .envs/mmpy_bot
MMPY_STAMP := $(MMPY_VENV)/.installed
$(MMPY_STAMP): pyproject.toml
	test -x $(MMPY_VENV)/bin/python || $(PYTHON) -m venv $(MMPY_VENV)
	$(MMPY_VENV)/bin/python -m pip install -q --upgrade pip
	$(MMPY_VENV)/bin/python -m pip install -q mmpy_bot -e .
	touch $(MMPY_STAMP)

deps-mmpy: $(MMPY_STAMP)

# The official drivers the tests run as consumers (tests/clients/test_official_{js,go}.py); skipped when the
# tool is absent, never vendored. A failed install does not stop `make test`: the driver's test retries it
# and fails with the installer's output.
deps-js:
	-@if command -v npm >/dev/null; then test -d tests/clients/js/node_modules/@mattermost/client || \
	  (cd tests/clients/js && npm ci --no-audit --no-fund); else echo "deps-js: npm not found, skipped"; fi

deps-go:
	-@if command -v go >/dev/null; then mkdir -p .envs && (cd tests/clients/go && go build -o ../../../.envs/go-smoke .); \
	  else echo "deps-go: go not found, skipped"; fi

# The browser tests (tests/web) drive Debian's chromium with Playwright (from the test extras; it never downloads
# a browser here). Installed with apt-get when missing; if that is impossible the tests skip and say why.
deps-web:
	-@if command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "deps-web: installing chromium with apt-get"; \
	  (export DEBIAN_FRONTEND=noninteractive; apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)) \
	  || echo "deps-web: apt-get install chromium failed; the browser tests will be skipped"; \
	else echo "deps-web: chromium missing and apt-get unavailable (not root?); the browser tests will be skipped"; fi

serve: $(STAMP)
	$(VENV)/bin/mockmost serve $(ARGS)

# Lint and types first (ruff check, ruff format --check, mypy --strict), then the tests.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy --strict mockmost

test: $(STAMP) $(MMPY_STAMP) deps-js deps-go deps-web lint
	$(PY) -m pytest -q -n 2 --dist loadfile

# The contract against any Mattermost: make contract ARGS="--base-url https://... --token ..."
contract: $(STAMP)
	$(VENV)/bin/mockmost contract $(ARGS)

# The contract suite with many more examples per operation (CI runs contracts/ with a few).
contract-full: $(STAMP)
	MOCKMOST_CONTRACT_EXAMPLES=$${EXAMPLES:-100} $(PY) -m pytest -q -p no:cacheprovider contracts -n 2 --dist loadfile

bench: $(STAMP)
	$(PY) -m bench.run
	$(PY) -m bench.startup

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
