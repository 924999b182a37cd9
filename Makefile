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

# The browser tests drive Debian's Chromium (Playwright's own browser download needs the internet).
$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	@[ -x /usr/bin/chromium ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
	  || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
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

# Every figure in benchmarks/README.md; each script rewrites its own section (about 15 minutes on a quiet 2-core machine).
bench: $(TEST_STAMP)
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python benchmarks/whatsapp_import.py
	$(BIN)/python benchmarks/other_imports.py
	$(BIN)/python benchmarks/classify.py
	$(BIN)/python benchmarks/peers.py
	$(BIN)/python benchmarks/analyze_report.py --profile

# Each importer's fuzz target runs for FUZZ_SECONDS (fresh-seeded Hypothesis batches; see tests/fuzz/fuzzkit.py).
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= whatsapp signal csv mail telegram sms calls messenger imessage auto zip
fuzz: $(TEST_STAMP)
	@failed=""; for t in $(FUZZ_TARGETS); do \
	  echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	  FUZZ_SECONDS=$(FUZZ_SECONDS) $(BIN)/python -m pytest tests/fuzz -q -s -p no:cacheprovider \
	    --hypothesis-profile=fuzz -k "never_crashes and $$t" || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: failures in:$$failed"; exit 1; fi

clean:
	rm -rf $(VENV) $(DEMO_DB)* report.html build dist src/*.egg-info

# --model embeddings (issue 5): needs a Python with homeward[embeddings] and homeward[train] installed
# (torch first, see README); not the project venv, which stays torch-free. EMB_PYTHON=path/to/python
.PHONY: model-embeddings
EMB_PYTHON ?= python3
model-embeddings:
	$(EMB_PYTHON) -m homeward.signals.train_embeddings
