# make run   - start the dashboard (creates .venv and installs on first use)
# make test  - every test, unit to real-browser (installs Debian's chromium if missing)
# make bench - speed figures
# make load  - load test: 10 concurrent browser sessions for 60 s, then hostile uploads
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
PORT   ?= 8501

.PHONY: run test bench load browser clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m streamlit run app.py --server.port $(PORT)

# Browser tests drive Debian's chromium (playwright's own browser download is not used).
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

test: $(STAMP) browser
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/run.py

# 10 concurrent browser sessions changing inputs for 60 s (needs chromium: make browser), then
# hostile uploads: each upload path's time and peak memory, and the dashboard under attack
load: $(STAMP) browser
	$(PY) bench/load.py --sessions 10 --seconds 60
	$(PY) bench/upload_attack.py --browser

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
