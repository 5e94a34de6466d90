# Två kommandon: `make demo` (installera och beräkna normen för det medföljande Sverige)
# och `make test` (installera och kör hela testsviten). .ci/run anropar `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
UT     ?= ut/norm_2026

.PHONY: demo test test-snabb test-webblasare last setup lint format clean

$(BIN)/skolpeng: pyproject.toml
	@# PyICU (svensk sortering) byggs mot Debians libicu-dev och pkg-config: installeras om de
	@# saknas (som root, eller med sudo utan lösenord).
	@dpkg -s libicu-dev pkg-config >/dev/null 2>&1 || bash scripts/icu.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/skolpeng

setup: $(BIN)/skolpeng

demo: setup
	$(BIN)/skolpeng norm --data sverige --ar 2026 --variant vagledande --ut $(UT)

# testmiljo.sh installerar Chromium och PostgreSQL om de saknas, startar PostgreSQL och skriver
# SKOLPENG_TEST_POSTGRES; webbläsartesterna (markören webblasare) körs med i hela sviten.
test: setup
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts benchmarks
	$(BIN)/lint-imports
	miljo="$$(bash scripts/testmiljo.sh)" && eval "$$miljo" && $(BIN)/pytest -q

# Snabbt under utvecklingen: utan de långsamma testerna (markören slow, över ca 5 s) och
# utan webbläsartesterna; `make test` kör fortfarande allt.
test-snabb: setup
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/lint-imports
	$(BIN)/pytest -q -m "not slow and not webblasare"

# Bara webbläsartesterna (Playwright i Debians Chromium mot en riktig server på 127.0.0.1).
test-webblasare: setup
	miljo="$$(bash scripts/testmiljo.sh)" && eval "$$miljo" && $(BIN)/pytest -q -m webblasare

# Lasttestet av scenariots omräkning (20 användare × 50 omräkningar, se benchmarks/webb/).
last: setup
	$(BIN)/python benchmarks/webb/kor.py

lint:
	$(BIN)/ruff check --fix src tests scripts benchmarks
	$(BIN)/ruff format src tests scripts benchmarks

clean:
	rm -rf $(VENV) ut .pytest_cache .hypothesis
