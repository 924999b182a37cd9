# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
DEMO_DB := demo.db

.PHONY: demo test install model eval bench fuzz lint clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/python -m homeward.demo --db $(DEMO_DB) --out report.html

test: $(TEST_STAMP)
	$(BIN)/python -m pytest
	$(BIN)/lint-imports
	$(BIN)/python ../shared/contract_check.py --homeward "$(BIN)/homeward" || [ ! -d ../shared ]

model: $(TEST_STAMP)
	$(BIN)/python -m pip install -q -e '.[train]'
	$(BIN)/python -m homeward.signals.train

eval: $(TEST_STAMP)
	$(BIN)/python -m pip install -q -e '.[train]'
	$(BIN)/python benchmarks/evaluate.py

bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/whatsapp_import.py

fuzz: $(TEST_STAMP)
	$(BIN)/python -m pytest tests/fuzz -q -p no:cacheprovider --hypothesis-profile=fuzz

clean:
	rm -rf $(VENV) $(DEMO_DB)* report.html build dist src/*.egg-info
