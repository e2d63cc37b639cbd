# The two commands a new user types: `make run` and `make test`.
SWIFT ?= swift
JOBSENTRY = .build/release/jobsentry

.PHONY: deps build run test bench

# Debian packages the build needs (skipped when already installed).
deps:
	@sh scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product jobsentry

# The main job on the bundled dataset.
run: build
	$(JOBSENTRY) detect --input datasets/sample/series.csv --out /tmp/jobsentry-flagged.csv
	@echo "flagged rows written to /tmp/jobsentry-flagged.csv"

# The whole test suite (unit, reference and end-to-end tests through the real executable).
test: deps
	$(SWIFT) build --product jobsentry
	$(SWIFT) test --disable-swift-testing

bench: deps
	$(SWIFT) run -c release jobsentry-bench all
