# Two commands on a fresh machine: `make run` and `make test`.
VENV   := .venv
FLASK  := $(VENV)/bin/flask --app api
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install migrate seed run test spec clean

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
	$(VENV)/bin/gunicorn --bind $(HOST):$(PORT) --workers 2 'api:create_app()'

test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

spec: install
	$(FLASK) openapi write --format=yaml openapi.yaml

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis
