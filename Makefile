# peel: make run serves on http://localhost:8080; make test runs every test.

GO      ?= go
PEEL    := bin/peel
ASSETS  := internal/web/static/peel.css

.PHONY: build run test bench bench-load assets vet clean

build: $(ASSETS)
	$(GO) build -o $(PEEL) ./cmd/peel

# The published PEEL grades go in first, where nothing is stored for them
# yet: what was imported or corrected since stays as it is.
run: build
	./$(PEEL) import-grades --add-only internal/reference/peel-pillar-grades.tsv
	./$(PEEL) serve

# The styled site: GOV.UK Frontend from the npm lock file, built into the
# folder the binary embeds.
assets: $(ASSETS)

$(ASSETS): node_modules/.package-lock.json internal/web/assets/*
	npm run build

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

test: $(ASSETS)
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

# The Go benchmarks; with PEEL_TEST_DATABASE_URL set, on PostgreSQL as well.
bench: $(ASSETS)
	$(GO) test -run '^$$' -bench . -benchmem ./...

# The assessment page under load (wrk), against a static baseline; see
# docs/BENCHMARKS.md.
bench-load:
	bench/load.sh

clean:
	rm -rf bin node_modules internal/web/static/*.css internal/web/static/*.js internal/web/static/*.mjs internal/web/static/*.svg
