# The OCOP virtual fair. Two commands for a newcomer: `make run` and `make test`.
# Both create .venv, install the Python packages and the front-end toolchain themselves.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PASSWORD ?= ocop-demo-2026

.PHONY: run cluster test setup frontend migrate demo messages bench budgets clean

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is needed (set PYTHON=/path/to/python3.11).")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet '.[test]'
	touch $@

setup: $(INSTALLED) frontend

frontend: $(INSTALLED)
	$(PY) scripts/build_frontend.py

migrate: setup
	FAIR_ENV=development $(PY) manage.py migrate --no-input

demo: migrate
	FAIR_ENV=development $(PY) manage.py load_demo_fair --accounts $(DEMO_PASSWORD)

# Serve the demo fair with daphne on the embedded defaults (SQLite, in-memory channel layer),
# with the media worker beside it (uploads are processed by `manage.py db_worker`).
run: demo
	@echo "The fair is at http://$(HOST):$(PORT)/  (admin: /admin/, login organizer / $(DEMO_PASSWORD))"
	FAIR_ENV=development $(PY) scripts/run_fair.py $(HOST):$(PORT)

# The production layout on this machine: 3 daphne processes (websockets) and gunicorn (pages) behind our own
# HAProxy (installed from Debian's packages when missing), on PostgreSQL and Redis (DATABASE_URL, REDIS_URL; their
# standard ports by default). Ctrl-C stops everything. NODES=5 for more processes. See docs/deployment.md.
NODES ?= 3
cluster: setup
	$(PY) scripts/cluster.py --nodes $(NODES) --host $(HOST) --port $(PORT)

# The whole suite on the embedded defaults, then the engine-dependent tests again on PostgreSQL + Redis when they answer
# (FAIR_REQUIRE_SERVICES=1 makes a missing service or browser a failure).
test: setup
	$(PY) scripts/run_tests.py

messages: $(INSTALLED)
	FAIR_ENV=development $(PY) manage.py makemessages -l vi --ignore=.venv --ignore=var --ignore=frontend
	$(PY) scripts/compile_messages.py

clean:
	rm -rf var static/build frontend/node_modules

# Performance figures as ratios against references run in the same invocation (PostgreSQL + Redis on
# their standard ports): sockets and pages, analytics, live video (Janus), 3D pages in Chromium; results in
# bench/results/ and docs/benchmarks.md. BENCH_ARGS=--smoke for tiny sizes.
bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/run.py --only analytics $(BENCH_ARGS)
	$(PY) bench/run.py --only live $(BENCH_ARGS)
	$(PY) bench/run.py --only browser $(BENCH_ARGS)

# Page-weight budgets of the 3D and light pages, measured in Chromium; results in docs/budgets.md.
budgets: demo
	$(PY) scripts/budgets.py
