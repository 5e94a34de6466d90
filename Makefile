# Två kommandon: `make demo` (installera och beräkna normen för det medföljande Sverige)
# och `make test` (installera och kör hela testsviten). .ci/run anropar `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
UT     ?= ut/norm_2026

.PHONY: demo test setup lint format clean

$(BIN)/skolpeng: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/skolpeng

setup: $(BIN)/skolpeng

demo: setup
	$(BIN)/skolpeng norm --data sverige --ar 2026 --variant vagledande --ut $(UT)

test: setup
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts benchmarks
	$(BIN)/pytest -q

lint:
	$(BIN)/ruff check --fix src tests scripts benchmarks
	$(BIN)/ruff format src tests scripts benchmarks

clean:
	rm -rf $(VENV) ut .pytest_cache .hypothesis
