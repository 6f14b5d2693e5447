# Every target creates .venv on first use, so a fresh clone needs nothing but Python >= 3.11.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench fuzz screenshots golden clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/python -m compileall -q gxtui  # bytecode as a regular install has it (PYTHONDONTWRITEBYTECODE may be set)
	touch $(STAMP)

run: $(STAMP)  ## check every bundled report in data/ and show the year-over-year diff
	$(BIN)/gxtui check data/ --summary; status=$$?; \
	$(BIN)/gxtui diff data/示例县教育局_2021.txt data/示例县教育局_2022.txt --width 100; \
	test $$status -le 1

test: $(STAMP)
	$(BIN)/python -m pytest -n 2

bench: $(STAMP)
	$(BIN)/python -m bench

fuzz: $(STAMP)
	$(BIN)/python -m bench.fuzz

screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

golden: $(STAMP)  ## regenerate tests/golden/ (every JSON/CSV/text output on data/) after a deliberate change
	$(BIN)/python scripts/golden.py

clean:
	rm -rf $(VENV) .pytest_cache
