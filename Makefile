# The two commands a new user types: `make run` and `make test`.
SWIFT ?= swift
JOBSENTRY = .build/release/jobsentry

.PHONY: deps build run test bench

# Debian packages the build needs (skipped when already installed).
deps:
	@sh scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product jobsentry

# The main job on the bundled dataset: a workspace in $(WORKSPACE) with the demo
# province's input files in its inbox, then the cron job (`jobsentry run`) on it:
# ingest, fit, alert, publish signed bundles to $(WORKSPACE)/outbox.
WORKSPACE ?= /tmp/jobsentry-demo
DEMO = datasets/hunan-demo
DEMO_INPUTS = payroll insurance claims transport survey enterprises
run: build
	@if [ -d $(DEMO) ]; then \
	  $(JOBSENTRY) init $(WORKSPACE) >/dev/null && \
	  for k in $(DEMO_INPUTS); do for f in $(DEMO)/$$k.csv $(DEMO)/$$k.csv.gz; do \
	    [ -f $$f ] && cp $$f $(WORKSPACE)/inbox/; done; done; \
	  $(JOBSENTRY) run --workspace $(WORKSPACE) && \
	  $(JOBSENTRY) alerts --workspace $(WORKSPACE) --level yellow | head -20 && \
	  echo "bundles: $(WORKSPACE)/outbox/$$(cat $(WORKSPACE)/outbox/LATEST)"; \
	else \
	  $(JOBSENTRY) detect --input datasets/sample/series.csv --out /tmp/jobsentry-flagged.csv && \
	  echo "flagged rows written to /tmp/jobsentry-flagged.csv"; \
	fi

# The whole test suite: the layering check (ARCHITECTURE.md's floors), then unit, reference
# and end-to-end tests through the real executable (a debug build: it has the fault points
# the crash tests use).
test: deps
	sh scripts/check-layering.sh
	$(SWIFT) build --product jobsentry
	$(SWIFT) test --disable-swift-testing

bench: deps
	$(SWIFT) run -c release jobsentry-bench all
