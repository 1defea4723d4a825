# Two commands for a fresh Debian machine:
#   make site   installs what is needed and builds the website and the school packs into output/
#   make test   installs the test needs and runs the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VNU_VERSION := 26.9.27
VNU_JAR := .cache/tools/node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: site test check clean

site: $(BIN)/partners
	./scripts/system-packages.sh site
	$(BIN)/partners check
	$(BIN)/partners build
	$(BIN)/partners pack --all

test: $(BIN)/partners
	./scripts/system-packages.sh test
	$(BIN)/pip install --quiet -e '.[test]'
	test -f $(VNU_JAR) || npm install --silent --no-audit --no-fund --prefix .cache/tools vnu-jar@$(VNU_VERSION)
	$(BIN)/python -m pytest

check: $(BIN)/partners
	$(BIN)/partners check --strict

$(BIN)/partners: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

clean:
	rm -rf output .pytest_cache .hypothesis
