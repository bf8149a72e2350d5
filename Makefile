# phananh: every target sets up what it needs (virtual environment, packages) on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_SYSTEM ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PROTO_FILES := $(shell find protos -name '*.proto')
SITE = $(shell $(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
PROTOC = $(PY) -m grpc_tools.protoc -I protos -I $(SITE)/grpc_tools/_proto -I $(SITE)

DEBIAN_PACKAGES := $(shell grep -v '^\#' tests/debian-packages.txt)

.PHONY: help lock venv debian-packages test-programs audit backup restore run test test-unit test-integration test-e2e test-browser test-deploy soak proto proto-check lint migrate bench images clean

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

$(STAMP): requirements.lock
	@$(PYTHON_SYSTEM) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
		{ echo "phananh needs Python 3.11 (found $(PYTHON_SYSTEM))"; exit 1; }
	test -x $(PY) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check uv==0.13.8
	@# Compiled once here: processes start faster (the environment may forbid writing .pyc).
	$(VENV)/bin/uv pip sync -q --compile-bytecode --python $(PY) requirements.lock
	@# The source folders go on the environment's path, so `python -m intake` works anywhere.
	printf '%s\n' $(CURDIR)/protos $(CURDIR)/services/common $(CURDIR)/services/intake \
		$(CURDIR)/services/resolution $(CURDIR)/services/notification \
		$(CURDIR)/services/reporting $(CURDIR)/gateway $(CURDIR)/clients/python/src \
		> "$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/phananh.pth"
	touch $@

lock: $(STAMP) ## Lock pyproject.toml's package groups together into requirements.lock (after editing them)
	$(VENV)/bin/uv pip compile -q --python-version 3.11 pyproject.toml --all-extras --group dev \
		-o requirements.lock

venv: $(STAMP) ## Create the virtual environment and install the locked packages

debian-packages: ## Install the Debian programs the tests need (tests/debian-packages.txt)
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q $$missing; \
		else echo "the tests need: sudo apt-get install $$missing"; exit 1; fi; \
	fi

SMSC := tests/smsc
test-programs: debian-packages $(SMSC)/node_modules/.installed ## The npm packages the tests need (the test SMSC: tests/smsc/package-lock.json)

$(SMSC)/node_modules/.installed: $(SMSC)/package-lock.json
	@# Debian's nodejs comes without npm (a nodejs that bundles npm conflicts with Debian's).
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -q npm; } || \
		{ echo "the tests need: sudo apt-get install npm"; exit 1; }
	npm ci --prefix $(SMSC) --no-audit --no-fund --loglevel=error
	touch $@

run: $(STAMP) ## Start the whole system (embedded PostgreSQL, demo data); Ctrl-C stops it
	$(PY) -m phananh_common.stack

migrate: $(STAMP) ## Apply every service's migrations to the databases in PHANANH_*_DATABASE_URL
	$(PY) -m phananh_common.migrate intake resolution notification reporting

backup: $(STAMP) ## Dump every service's database (pg_dump, custom format) into a new folder of PHANANH_BACKUP_DIR (backups)
	$(PY) -m phananh_common.backup backup

restore: $(STAMP) ## Restore PHANANH_RESTORE_FROM (or PHANANH_BACKUP_DIR's newest backup) into an empty system
	$(PY) -m phananh_common.backup restore

audit: $(STAMP) ## The locked packages against PyPI's known vulnerabilities (pip-audit)
	$(PY) -m tests.audit

test: $(STAMP) test-programs proto-check lint audit ## Everything: proto check, lint, audit and the whole suite
	$(PY) -m pytest tests

test-unit: $(STAMP) ## Unit tests (no I/O, seconds)
	$(PY) -m pytest tests/unit

test-integration: $(STAMP) test-programs ## Integration tests (embedded PostgreSQL, real gRPC servers)
	$(PY) -m pytest tests/integration

test-e2e: $(STAMP) debian-packages ## End-to-end tests (every process, as `make run` starts them)
	$(PY) -m pytest tests/e2e

soak: $(STAMP) debian-packages ## The fault tests and the fuzzing, longer and with more examples (PHANANH_SOAK=1)
	PHANANH_SOAK=1 $(PY) -m pytest tests/e2e/test_faults_under_load.py tests/e2e/test_http_fuzz.py tests/integration/test_grpc_fuzz.py -v

test-browser: $(STAMP) debian-packages ## Browser tests (Chromium through Playwright, on every process)
	$(PY) -m pytest tests/browser

test-deploy: $(STAMP) debian-packages ## Kubernetes manifests and images: rendered, validated, run locally and in containers (podman)
	$(PY) -m pytest tests/deploy

proto: $(STAMP) ## Regenerate the Python code from protos/
	$(PROTOC) --python_out=protos --pyi_out=protos --grpc_python_out=protos $(PROTO_FILES)

proto-check: $(STAMP) ## Fail when the committed generated code is not what protos/ generates
	@tmp=$$(mktemp -d) && trap 'rm -rf $$tmp' EXIT && \
	$(PROTOC) --python_out=$$tmp --pyi_out=$$tmp --grpc_python_out=$$tmp $(PROTO_FILES) && \
	diff -r -x '*.proto' -x '__pycache__' $$tmp/phananh protos/phananh && echo "generated code is current"

lint: $(STAMP) ## Ruff, the layering rule (import-linter), the declared packages (deptry), dead code (vulture)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/deptry services gateway
	$(VENV)/bin/vulture

bench: $(STAMP) test-programs ## Benchmarks, each beside a baseline measured in the same run
	$(PY) -m tests.bench

IMAGE_TAG ?= dev
# podman runs with runc and no default file limit: crun can set neither on every host.
CONTAINERS_CONF := /etc/containers/containers.conf
# IMAGE_ENGINE=podman builds with podman even where a Docker engine runs (the container tests).
IMAGE_ENGINE ?=
images: ## Build the images: with a Docker engine on python:3.11-slim, else with podman on a Debian-made base
	@if [ "$(IMAGE_ENGINE)" != podman ] && docker info >/dev/null 2>&1; then \
		engine=docker; base=python:3.11-slim; pull=; \
	else $(MAKE) --no-print-directory debian-packages $(CONTAINERS_CONF) && engine=podman && \
		base=$$(deploy/podman/base.sh) && pull=--pull=never || exit 1; fi; \
	set -ex; \
	$$engine build $$pull --build-arg BASE_IMAGE=$$base -f services/common/Dockerfile --target build -t phananh/common-build .; \
	$$engine build $$pull --build-arg BASE_IMAGE=$$base -f services/common/Dockerfile -t phananh/common .; \
	for p in services/intake services/resolution services/notification services/reporting gateway; do \
		$$engine build $$pull -f $$p/Dockerfile -t phananh/$$(basename $$p):$(IMAGE_TAG) .; \
	done; \
	if [ $$engine = podman ]; then \
		podman build $$pull --build-arg BASE_IMAGE=$$base -f deploy/podman/postgres.Containerfile -t phananh/postgres:16 .; \
	fi

$(CONTAINERS_CONF):
	@[ "$$(id -u)" = 0 ] || { echo "podman needs $@ (deploy/podman/README.md): run as root once"; exit 1; }
	mkdir -p $(@D) && printf '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\n' > $@

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) .data
