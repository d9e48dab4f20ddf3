# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run test bench lint format messages demo clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

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
test: install
	@url="$${ELASTICSEARCH_URL:-}"; \
	if [ -z "$$url" ] && command -v java >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1; then \
		url=$$(bash deploy/scripts/start-elasticsearch.sh | sed -n 's/^ELASTICSEARCH_URL=//p' | tail -n 1) || url=""; \
	fi; \
	if [ -z "$$url" ]; then echo "No Elasticsearch: its tests are skipped (they fail under CI=true)."; fi; \
	ELASTICSEARCH_URL="$$url" $(BIN)/pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python deploy/bench/bench.py
	$(BIN)/python deploy/bench/search_bench.py

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
