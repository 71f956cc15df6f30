# make run   - start the dashboard (creates .venv and installs on first use)
# make test  - every test, unit to real-browser (installs Debian's chromium and postgresql if
#              missing; the tests start and stop a PostgreSQL server of their own)
# make bench - speed figures
# make load  - load test: 10 concurrent browser sessions for 60 s, then hostile uploads
#              (make load SERVERS=2: two app servers sharing one PostgreSQL database)
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
PORT   ?= 8501
SERVERS ?= 1
# ADDRESS: the interface to listen on. In header mode (RECOVERY_USER_HEADER set) 127.0.0.1
# unless told otherwise (make run ADDRESS=10.0.0.7), so only a proxy on this machine reaches it;
# else empty: every interface, Streamlit's default.
ADDRESS ?= $(if $(RECOVERY_USER_HEADER),127.0.0.1,)
# FORWARDED_ALLOW_IPS empty: the web server never takes a connection's address from
# X-Forwarded-For, so RECOVERY_TRUSTED_PROXIES is checked against the real peer.
export FORWARDED_ALLOW_IPS ?=

.PHONY: run test bench load browser postgres libreoffice clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	@if [ -n "$$RECOVERY_USER_HEADER" ] && [ -z "$$RECOVERY_TRUSTED_PROXIES" ]; then \
	  echo "RECOVERY_USER_HEADER is set but RECOVERY_TRUSTED_PROXIES is not: anyone who reaches" \
	       "the server could type any e-mail into $$RECOVERY_USER_HEADER. Set it to the sign-on" \
	       "proxy's address (README: Running it for a team)." >&2; exit 2; fi
	$(PY) -m streamlit run app.py --server.port $(PORT) $(if $(ADDRESS),--server.address $(ADDRESS))

# Browser tests drive Debian's chromium (playwright's own browser download is not used).
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# The store tests run against a real PostgreSQL server that they start themselves (initdb and
# pg_ctl from Debian's postgresql, in a temporary folder, on a free port on 127.0.0.1).
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && \
	    ! command -v pg_ctl >/dev/null 2>&1; then \
	  echo "installing Debian's postgresql for the store tests"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq postgresql >/dev/null; \
	fi

# The workbook tests recalculate with LibreOffice headless (Debian's libreoffice-calc-nogui);
# the PDF report test reads the PDF with poppler-utils (pdftotext, pdftoppm).
libreoffice:
	@if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then \
	  echo "installing Debian's libreoffice-calc-nogui and poppler-utils for the export tests"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO apt-get install -y -qq libreoffice-calc-nogui poppler-utils >/dev/null; \
	fi

test: $(STAMP) browser postgres libreoffice
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/run.py

# 10 concurrent browser sessions changing inputs for 60 s (needs chromium: make browser), then
# hostile uploads: each upload path's time and peak memory, and the dashboard under attack
load: $(STAMP) browser postgres
	$(PY) bench/load.py --sessions 10 --seconds 60 --servers $(SERVERS)
	$(PY) bench/upload_attack.py --browser

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
