# Two commands on a fresh machine: `make run` and `make test`.
VENV   := .venv
FLASK  := $(VENV)/bin/flask --app api
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install migrate seed run serve test spec bench wheel-check mutation lint lint-owasp clean

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

# Mutation testing of the core (docs/mutation.md): MODULES="api/domain/paymath.py api/auth.py" narrows it,
# SINCE=<ref> takes the core modules changed since the merge base with <ref>, UNVERIFIED=1 those changed
# since their last passing run (mutation/verified.toml). Fails on a surviving mutant that
# mutation/survivors.txt does not list with its reason.
mutation: install
	$(VENV)/bin/python mutation/run.py $(if $(MODULES),--modules $(MODULES)) $(if $(SINCE),--changed-since $(SINCE)) $(if $(UNVERIFIED),--unverified)

spec: install
	$(FLASK) openapi write --format=yaml openapi.yaml

# The code through ruff (lint and format, pyproject.toml), then the committed spec through the linters
# partners run, at the versions package-lock.json pins:
# Redocly `recommended`, Spectral `spectral:oas` and the OWASP ruleset, each with no warning
# (redocly.yaml, .spectral.yaml, .spectral-owasp.mjs: each exception listed with its reason, docs/lint.md).
# `make lint-owasp` runs the OWASP ruleset alone.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

lint: install node_modules/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	npx --no-install redocly lint openapi.yaml
	npx --no-install spectral lint --fail-severity=warn --ruleset .spectral.yaml openapi.yaml
	npx --no-install spectral lint --fail-severity=warn --ruleset .spectral-owasp.mjs openapi.yaml

lint-owasp: node_modules/.installed
	npx --no-install spectral lint --fail-severity=warn --ruleset .spectral-owasp.mjs openapi.yaml

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis
