# Set-up and everyday commands. `make run` and `make test` install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench eval calibrate clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Slack mode when credentials are set, else the local console on the embedded SQLite default.
run: install
	@if [ -n "$$SLACK_BOT_TOKEN$$SLACK_APP_TOKEN$$SLACK_CLIENT_ID" ]; then \
		$(BIN)/python -m bot serve; \
	else \
		$(BIN)/python -m bot console; \
	fi

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python -m tests.bench

# The golden set's top-1 / top-3 / negative figures; `make eval ARGS=--failures` lists misses.
# A fixed hash seed, because the bot still breaks some ranking ties in set order.
eval: install
	PYTHONHASHSEED=0 $(BIN)/python -m tests.eval $(ARGS)

# The curve behind the "nothing found" threshold, on tests/golden/calibration.yaml.
calibrate: install
	PYTHONHASHSEED=0 $(BIN)/python -m tests.calibrate

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
