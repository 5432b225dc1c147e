# CIC: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
UV := $(PYTHON) -m uv
FRONTENDS := $(wildcard frontend-pc/package.json frontend-pad/package.json)
# The package both front ends import (`file:` dependency); its own unit tests run first.
SHARED := $(wildcard frontend-shared/package.json)

.PHONY: run test install uv frontends test-python test-frontends schema migrate demo-accounts worker serve clean

## make run: install everything, migrate, load demo data into an empty database, serve API + worker + front ends
run: install frontends
	$(UV) run cic run $(ARGS)

## make test: install what the tests need and run every suite
test: install test-python test-frontends

uv:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --disable-pip-version-check uv

# Bytecode is compiled at install (the packages by uv, the project's own modules by compileall):
# a machine with PYTHONDONTWRITEBYTECODE set never caches it, and each of the many processes
# `cic run` and the tests start would compile every module it imports from source again (about
# 3 of 6.7 s of a process's start-up here; docs/operations.md, "Tests"). A stale file is harmless:
# Python compiles a changed module afresh.
install: uv
	$(UV) sync --frozen --compile-bytecode
	@$(UV) run python -m compileall -q -j 0 backend schema resolvers workers >/dev/null

frontends:
	@for pkg in $(FRONTENDS); do dir=$$(dirname $$pkg); echo "building $$dir"; \
		(cd $$dir && npm ci --no-audit --no-fund && npm run build) || exit 1; done

# pytest exits 5 when it collects no test; that is a failure of the suite, not a pass.
# The suite runs in PYTEST_WORKERS processes (pytest-xdist), a test file to a process; each
# process is a test session of its own (docs/operations.md, "Tests"). 2 by default: CI's machine
# has two cores, and the processes' pools share the server's connections.
PYTEST_WORKERS ?= 2
test-python:
	$(UV) run pytest -n $(PYTEST_WORKERS) --dist loadfile; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi; exit $$rc

test-frontends:
	@for pkg in $(SHARED) $(FRONTENDS); do dir=$$(dirname $$pkg); echo "testing $$dir"; \
		(cd $$dir && npm ci --no-audit --no-fund && npm test) || exit 1; done

## helpers
schema: install
	$(UV) run cic schema export

migrate: install
	$(UV) run cic migrate

demo-accounts: install
	$(UV) run cic demo accounts

serve: install
	$(UV) run cic serve

worker: install
	$(UV) run cic worker

clean:
	rm -rf .venv .pytest_cache
