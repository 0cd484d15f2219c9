# Two commands on a fresh machine: `make run` and `make test`.
VENV   := .venv
FLASK  := $(VENV)/bin/flask --app api
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install migrate seed run serve test spec bench wheel-check clean

$(VENV)/installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/installed

migrate: install
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) seed

run: seed
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/python -m api.server

# The production server against whatever DATABASE_URL and REDIS_URL say (SQLite and in-process
# stores when unset); every setting from the environment (README: Production configuration).
serve: install
	$(FLASK) db upgrade
	$(VENV)/bin/python -m api.server

test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Throughput against bare Flask and FastAPI, reads at 1,000,000 bands, import speed: figures next
# to their targets. Needs wrk (apt-get install wrk) and PostgreSQL; takes about five minutes.
BENCH_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
bench: install
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	$(VENV)/bin/pip install --quiet -e '.[dev,bench]'
	$(VENV)/bin/python -m benchmarks.throughput --database-url $(BENCH_DATABASE_URL)
	$(VENV)/bin/python -m benchmarks.scale --database-url $(BENCH_DATABASE_URL)
	$(VENV)/bin/python -m benchmarks.import_bands --database-url $(BENCH_DATABASE_URL)
	$(VENV)/bin/python -m benchmarks.uncached
	$(VENV)/bin/python -m benchmarks.uncached --database-url $(BENCH_DATABASE_URL)
	$(VENV)/bin/python -m benchmarks.roster
	$(VENV)/bin/python -m benchmarks.roster --database-url $(BENCH_DATABASE_URL)

# The wheel built, installed into a fresh virtualenv outside the checkout and run as an operator
# would; the Dockerfile and compose.yaml linted (README: Deployment). About three minutes.
wheel-check:
	.ci/wheel-check

spec: install
	$(FLASK) openapi write --format=yaml openapi.yaml

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis
