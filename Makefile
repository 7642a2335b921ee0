# peel: make run serves on http://localhost:8080; make test runs every test.

GO      ?= go
PEEL    := bin/peel
ASSETS  := internal/web/static/peel.css

.PHONY: build run test bench bench-deps bench-go bench-load assets vet clean

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

# Every package's tests run under the race detector but the web package's
# request-by-request handler tests: over one server at a time they meet no
# other goroutine, and the detector made them five times slower, past the
# ten minutes a package may take on two cores. The web tests that do run
# the server's goroutines together (the cache's, and the browser tests'
# real server) run under it. The two halves run side by side.
WEB_RACE := ^(TestCache|TestBrowser)

test: $(ASSETS)
	$(GO) vet ./...
	$(GO) test -race -count=1 $$($(GO) list ./... | grep -v '/internal/web$$') & rest=$$!; \
	$(GO) test -count=1 -skip '$(WEB_RACE)' ./internal/web/ && \
	$(GO) test -race -count=1 -run '$(WEB_RACE)' ./internal/web/; web=$$?; \
	wait $$rest && exit $$web

# The assessment page under load against nginx serving the same bytes, and
# the cycle page, search and the API list at 43, 1,000 and 10,000 sample
# organisations (PostgreSQL too with PEEL_BENCH_DATABASE_URL set); see
# docs/BENCHMARKS.md.
bench: build bench-deps
	bench/bench.sh

# wrk makes the load and nginx is the static baseline: from Debian's
# packages when missing.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
bench-deps:
	@if ! command -v wrk >/dev/null || ! { command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; }; then \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y wrk nginx; \
	fi

# The Go benchmarks; with PEEL_TEST_DATABASE_URL set, on PostgreSQL as well.
bench-go: $(ASSETS)
	$(GO) test -run '^$$' -bench . -benchmem ./...

# The assessment page under load (wrk), against a static baseline; see
# docs/BENCHMARKS.md.
bench-load:
	bench/load.sh

clean:
	rm -rf bin node_modules internal/web/static/*.css internal/web/static/*.js internal/web/static/*.mjs internal/web/static/*.svg
