# PilotBase — `make help` lists every task.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help setup run test test-pg lint audit demo serve clean

help:  ## list the tasks
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/'

$(BIN)/pilotbase: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(BIN)/pilotbase

setup: $(BIN)/pilotbase  ## create .venv and install the pinned dependencies
	@{ fc-list 2>/dev/null | grep -qi "CJK" && ldconfig -p | grep -q libpangoft2-1.0; } || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && apt-get install -y -qq fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 >/dev/null) || echo "提示：请安装 fonts-noto-cjk 与 libpango-1.0-0 libpangoft2-1.0-0（公文 PDF 需要）"; }

run: setup  ## set up, migrate the embedded SQLite database, load demo data and serve on http://127.0.0.1:8000
	$(BIN)/pilotbase migrate -v0
	$(BIN)/pilotbase demo
	DEBUG=$${DEBUG:-0} PILOTBASE_WAIVE_OTP=$${PILOTBASE_WAIVE_OTP:-0} $(BIN)/pilotbase serve --host $(HOST) --port $(PORT)

test: setup  ## run the whole test suite (SQLite; PostgreSQL too when DATABASE_URL points at it)
	$(BIN)/ruff check .
	$(BIN)/bandit -q -c pyproject.toml -r pilotbase scripts
	$(BIN)/pytest -q

lint:  ## ruff and bandit
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
	$(BIN)/bandit -q -c pyproject.toml -r pilotbase scripts

audit:  ## known vulnerabilities in the pinned dependencies (pip-audit; needs PyPI's JSON API or OSV)
	$(BIN)/pip-audit --strict --no-deps --disable-pip -r requirements.txt

clean:  ## remove the virtualenv and local data
	rm -rf $(VENV) var staticfiles
