# Docksmith: `make run` serves the product, `make test` runs every check.
# Both work on a fresh Debian machine as root: they install what they need.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Two stamps: the server's own dependencies (make run, make demo) and those
# plus the dev extra (make test). A venv made by either serves `make run`.
RUN_STAMP := $(VENV)/.installed-runtime
STAMP     := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 3000
PYTEST_ARGS ?=

.PHONY: run test demo demo-lab lint typecheck imports static pytest pytest-postgres system-deps demo-deps \
        schema openapi assets migrations clean bench ui test-ui-unit ui-codegen \
        image test-image ui-if-node test-ui

$(RUN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(RUN_STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP) $(RUN_STAMP)

# Swagger UI and GraphiQL, served by Docksmith itself (no CDN): the npm
# packages pinned in rest/consoles/package-lock.json, installed beside it.
CONSOLES := rest/consoles
ASSETS   := $(CONSOLES)/node_modules/.package-lock.json
assets: $(ASSETS)
$(ASSETS): $(CONSOLES)/package.json $(CONSOLES)/package-lock.json
	cd $(CONSOLES) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(ASSETS)

# The web UI (frontend/): `npm ci` when the lock file changes, then a Vite
# build into frontend/dist (the folder the server serves at /), skipped while
# the build is newer than every source, the lock and the GraphQL schema.
UI        := frontend
UI_MODS   := $(UI)/node_modules/.package-lock.json
UI_BUILD  := $(UI)/dist/index.html
UI_SRCS   := $(shell find $(UI)/src $(UI)/public -type f 2>/dev/null) \
             $(UI)/index.html $(UI)/vite.config.ts $(UI)/tsconfig.json $(UI)/package.json
ui: $(UI_BUILD)
$(UI_MODS): $(UI)/package.json $(UI)/package-lock.json
	cd $(UI) && npm ci --no-audit --no-fund --loglevel=error
	touch $(UI_MODS)
$(UI_BUILD): $(UI_MODS) $(UI_SRCS) schema/schema.graphql
	cd $(UI) && npm run build

# The UI's own checks: generated GraphQL documents match schema/schema.graphql
# (stale code fails), tsc strict, Biome lint + format, Vitest component tests.
test-ui-unit: $(UI_MODS)
	cd $(UI) && npm run codegen:check
	cd $(UI) && npm run typecheck
	cd $(UI) && npm run lint
	cd $(UI) && npm test

# Regenerate frontend/src/gql after changing a UI query or the schema.
ui-codegen: $(UI_MODS)
	cd $(UI) && npm run codegen

# `make run` and `make demo` install the API consoles' files and build the UI
# when Node is there, and start without them otherwise: the APIs answer and /
# says the UI is not built (NPM=none shows how that looks).
NPM ?= npm
ui-if-node: $(RUN_STAMP)
	@if ! command -v $(NPM) >/dev/null 2>&1; then \
	  echo "Node.js (npm) not found: serving without the web UI and the API consoles (GraphiQL, Swagger UI); the APIs still answer"; \
	else \
	  $(MAKE) --no-print-directory assets || exit 1; \
	  [ ! -f $(UI)/package.json ] || $(MAKE) --no-print-directory ui \
	    || echo "warning: the web UI did not build; serving without a fresh one"; \
	fi

# Debian packages for the test lab (private dockerd, registry, compose,
# busybox-static, PostgreSQL). Only root can install them.
system-deps: $(STAMP)
	@if [ "$$(id -u)" = "0" ]; then $(BIN)/python -m tests.lab install; \
	else echo "not root: skipping apt installs (the lab needs docker.io docker-compose docker-registry busybox-static postgresql)"; fi

# The demo's share of the lab: engine, registry, compose, busybox (no PostgreSQL).
demo-deps: $(RUN_STAMP)
	@if [ "$$(id -u)" = "0" ]; then $(BIN)/python -m tests.lab install --demo; \
	else echo "not root: skipping apt installs (the demo needs docker.io docker-compose docker-registry busybox-static)"; fi

# `exec`: make's child is the server itself, so Ctrl-C stops it gracefully
# and make sees a clean exit rather than a shell killed by SIGINT.
run: $(RUN_STAMP) ui-if-node
	HOST=$(HOST) PORT=$(PORT) exec $(BIN)/docksmith serve

# The lab (private dockerd + registry + demo stacks) and the server against
# it, under one supervisor (tests/lab/demo.py). `exec` makes it make's own
# child: SIGINT or SIGTERM to make, or Ctrl-C, stops the server gracefully,
# then the lab engine, its containers and temp dirs go away.
DEMO_DIR ?= .lab/demo
demo: $(RUN_STAMP) ui-if-node demo-deps
	@rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	@HOST=$(HOST) PORT=$(PORT) exec $(BIN)/python -m tests.lab demo --state-dir $(DEMO_DIR) \
	  -- $(abspath $(BIN))/docksmith serve

# The same demo world without a server, until Ctrl-C: for `make run` (or a
# debugger) against its engine, DOCKER_HOST=$$(cat $(DEMO_DIR)/docker_host).
demo-lab: $(RUN_STAMP) demo-deps
	@rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	@exec $(BIN)/python -m tests.lab demo --state-dir $(DEMO_DIR)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

# pytest exits 5 when it collected nothing; make treats that as the failure it is.
# Test files are spread over PYTEST_WORKERS processes (pytest-xdist, whole
# files per worker so module fixtures stay together, the longest first:
# tests/support/schedule.py); each worker starts its own lab on first use.
# PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 2
pytest: $(STAMP) $(ASSETS) system-deps
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile --durations=15 --ignore=$(BROWSER) $(PYTEST_ARGS)

# Chromium end-to-end tests of the web UI against the real server and lab,
# with axe-core (pinned in tests/browser/package-lock.json) injected into pages.
BROWSER      := tests/browser
BROWSER_DEPS := $(BROWSER)/node_modules/.package-lock.json
$(BROWSER_DEPS): $(BROWSER)/package.json $(BROWSER)/package-lock.json
	cd $(BROWSER) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(BROWSER_DEPS)
test-ui: $(STAMP) $(ASSETS) $(UI_BUILD) $(BROWSER_DEPS) system-deps
	$(BIN)/pytest $(BROWSER) -p no:cacheprovider $(PYTEST_ARGS)

# Tortoise binds models to one SQL dialect per process, so the store suite
# runs a second time, on the lab's throwaway PostgreSQL cluster.
pytest-postgres: $(STAMP) system-deps
	DOCKSMITH_TEST_STORE=postgres $(BIN)/pytest tests/services/store $(PYTEST_ARGS)

# The static checks as one group (cheap, and one after the other).
static: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The gate. Its groups are independent: a sub-make runs TEST_JOBS of them at
# a time and prints each group's output in one piece when it ends. It keeps
# going after a failure so one run reports every failing group, and fails if
# any did. A new slow suite (UI, image) is one more target in TEST_GROUPS;
# list the longest first so it starts first. Installs happen here, once,
# before the groups start.
TEST_JOBS   ?= 2
TEST_GROUPS := pytest test-image test-ui static pytest-postgres test-ui-unit
test: $(STAMP) $(ASSETS) $(UI_BUILD) $(BROWSER_DEPS) system-deps
	@began=$$(date +%s); \
	$(MAKE) --no-print-directory --keep-going -j$(TEST_JOBS) --output-sync=target $(TEST_GROUPS); \
	rc=$$?; echo "make test: $(TEST_GROUPS): $$( [ $$rc = 0 ] && echo passed || echo FAILED ) in $$(( $$(date +%s) - began )) s"; \
	exit $$rc

# Docksmith's image, built offline in a private lab engine from a Debian base
# made with debootstrap (cached in .image/bases/) and saved as
# .image/docksmith.tar for `docker load` (docs/deploy.md). Root only.
IMAGE_TAG ?= docksmith:latest
image: $(STAMP) $(ASSETS) $(UI_BUILD) system-deps
	$(BIN)/python -m tests.lab image --tag $(IMAGE_TAG) --out .image/docksmith.tar

# The image tests (tests/image/): a pytest of their own with their own lab
# engine, registry and temp dirs, so they can run beside `make pytest`.
test-image: $(STAMP) $(ASSETS) $(UI_BUILD) system-deps
	DOCKSMITH_IMAGE_TESTS=1 $(BIN)/pytest tests/image -p no:cacheprovider $(PYTEST_ARGS)

bench: $(STAMP) system-deps
	@for b in bench/bench_*.py; do echo "== $$b"; PYTHONPATH=. $(BIN)/python $$b || exit 1; done

# Regenerate the committed GraphQL SDL after changing the schema.
schema: $(STAMP)
	$(BIN)/python -m schema.export > schema/schema.graphql

# Regenerate the committed OpenAPI document after changing a REST route or model.
openapi: $(STAMP)
	$(BIN)/python -m rest.openapi_export > rest/openapi.json

# Create a migration after changing services/store/models.py.
migrations: $(STAMP)
	mkdir -p data && $(BIN)/tortoise makemigrations && rm -f data/migrations-dev.db*

clean:
	rm -rf $(VENV) $(CONSOLES)/node_modules $(UI)/node_modules $(UI)/dist $(BROWSER)/node_modules .artifacts .mypy_cache .ruff_cache .pytest_cache .hypothesis
