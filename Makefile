# The two set-up commands of README.md. Both make a virtual environment in
# .venv (or $(VENV)) on first use and install into it.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Install and start the dashboard on the demo corpus.
run: $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m streamlit run app.py --server.port $(PORT)

# Install the test dependencies, lint, and run the whole test suite.
# pytest exits non-zero when it collects no test, so an empty run fails.
test: $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest

lint: $(PY)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
