# Daily commands. DATABASE_URL / REDIS_URL are used when set; otherwise embedded
# PostgreSQL and Redis are started (scripts/stack.py) and kept under .dev/.
VENV ?= .venv
PY := $(VENV)/bin/python
STACK := $(PY) scripts/stack.py
PYTEST_ARGS ?=
# Test processes side by side (pytest-xdist): one per core by default, eight at most (each
# takes a Redis database of its own, 1-8; the production-stack tests use 12 and 13).
PYTEST_WORKERS ?= auto

.PHONY: install dev test lint format migrations-check messages messages-check bench stop demo-accounts manage

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@echo "Installing the Python packages (a minute or two the first time)"
	$(PY) -m pip install --progress-bar on -e ".[dev]"
	touch $@

install: $(VENV)/.installed

dev: install
	$(STACK) dev

test: install
	$(STACK) run -- $(PY) -m pytest -n $(PYTEST_WORKERS) --maxprocesses 8 --dist loadgroup --durations=15 $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/hadolint Dockerfile
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install
	$(STACK) run -- $(PY) manage.py makemigrations --check --dry-run

messages: install
	$(PY) manage.py makemessages -l zh_Hans --no-location --ignore=.venv --ignore=.dev --ignore=staticfiles
	$(PY) manage.py compilemessages -l zh_Hans

# Fails when a string in the code has no zh-hans translation (run after `make messages`).
messages-check:
	@untranslated="$$(msgattrib --untranslated --no-obsolete locale/zh_Hans/LC_MESSAGES/django.po)"; \
	fuzzy="$$(msgattrib --only-fuzzy --no-obsolete locale/zh_Hans/LC_MESSAGES/django.po)"; \
	if [ -n "$$untranslated$$fuzzy" ]; then echo "Untranslated or fuzzy zh_Hans strings:"; \
	echo "$$untranslated$$fuzzy" | grep '^msgid' ; exit 1; fi; echo "zh_Hans: every string translated"

# Pages under load with wrk (Debian's; installed here when missing), then the in-process
# query benchmarks. Results: bench/RESULTS.md; query plans: bench/plans/.
bench: install
	@command -v wrk >/dev/null || { echo "installing wrk"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq wrk; else sudo apt-get install -y -qq wrk; fi; }
	$(STACK) run -- $(PY) bench/pages.py $(BENCH_ARGS)
	$(STACK) run -- $(PY) bench/enterprise_list.py
	$(STACK) run -- $(PY) bench/reminder_fanout.py
	$(STACK) run -- $(PY) bench/bank_needs.py
	$(STACK) run -- $(PY) bench/weight.py
	$(STACK) run -- $(PY) bench/workers.py

# Any manage.py command with the venv's Python and the same services as make dev, e.g.
# make manage ARGS="createsuperuser" or make manage ARGS="backup --output /tmp/portal.tar".
manage: install
	$(STACK) run -- $(PY) manage.py $(ARGS)

# Stops what make dev started (web, worker and beat first), then PostgreSQL and Redis.
stop:
	$(STACK) stop

# The demo accounts and bank keys that the first make dev printed and kept (.dev/, 0600);
# NEW=1 gives them new ones (the old ones stop working).
demo-accounts: install
	@$(STACK) accounts $(if $(NEW),--new)
