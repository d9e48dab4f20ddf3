# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install lock audit run test bench lint format messages demo clean assets

# Exact versions with their hashes, from the lock files (`make lock`); the
# project itself is installed on top, editable and without dependencies.
# requirements/base.txt is what the production image installs,
# requirements/dev.txt adds the tools for tests and development.
install: $(VENV)/.installed

$(VENV)/.installed: requirements/dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@
	@$(MAKE) --no-print-directory node_modules/.package-lock.json

# The front-end packages pinned in package-lock.json (npm ci). Where npm is
# missing, `make run` still works: Leaflet's files are committed under
# static/vendor/ (`make assets`), and only the browser tests need axe-core.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --ignore-scripts --loglevel=error; \
	else \
		echo "No npm: the accessibility browser tests are skipped (they fail under CI=true)."; \
	fi

# Copies the pinned Leaflet from node_modules into our static files
# (tests/unit/core/test_vendored_assets.py checks the copy is the pinned one).
assets: node_modules/.package-lock.json
	mkdir -p static/vendor/leaflet/images
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css node_modules/leaflet/LICENSE static/vendor/leaflet/
	cp node_modules/leaflet/dist/images/*.png static/vendor/leaflet/images/

# Re-resolve pyproject.toml into the lock files, keeping every version that
# still fits (`make lock LOCK_ARGS=--upgrade` moves everything to the newest).
# The runtime lock is constrained by the development one, so the image and CI
# install the same versions. Needs only uv, bootstrapped if the venv lacks it.
LOCK_ARGS ?=
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command "make lock" --quiet $(LOCK_ARGS)

lock:
	@test -x $(BIN)/uv || { $(PYTHON) -m venv $(VENV) && $(BIN)/pip install --quiet uv; }
	mkdir -p requirements
	$(UV_COMPILE) --extra dev -o requirements/dev.txt
	$(UV_COMPILE) -c requirements/dev.txt -o requirements/base.txt

# Known vulnerabilities in the locked versions (pip-audit); says so plainly
# when no vulnerability database can be reached.
audit: install
	$(BIN)/python deploy/scripts/audit.py requirements/dev.txt

demo: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Where Java and Maven are present (and ELASTICSEARCH_URL is not set), the
# Elasticsearch suite runs on a local single-node Elasticsearch 8 that
# deploy/scripts/start-elasticsearch.sh builds from Maven Central and starts
# (once; stop it with deploy/scripts/stop-elasticsearch.sh).
test: install node_modules/.package-lock.json
	@url="$${ELASTICSEARCH_URL:-}"; \
	if [ -z "$$url" ] && command -v java >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1; then \
		url=$$(bash deploy/scripts/start-elasticsearch.sh | sed -n 's/^ELASTICSEARCH_URL=//p' | tail -n 1) || url=""; \
	fi; \
	if [ -z "$$url" ]; then echo "No Elasticsearch: its tests are skipped (they fail under CI=true)."; fi; \
	ELASTICSEARCH_URL="$$url" $(BIN)/pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python deploy/bench/bench.py
	$(BIN)/python deploy/bench/search_bench.py
	$(BIN)/python deploy/bench/checkout_bench.py
# Lighthouse (mobile) on home, catalogue, product and storefront; it
# installs itself with npm ci in deploy/bench/ (Node.js, Chromium).
	$(BIN)/python deploy/bench/lighthouse.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext; the compiled catalogue is committed so `make run` does not.
messages: install
	$(BIN)/python manage.py makemessages -l fr --ignore=.venv --ignore=var
	$(BIN)/python manage.py compilemessages -l fr --ignore=.venv

clean:
	rm -rf var .pytest_cache
