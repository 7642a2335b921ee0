# peel: make run serves on http://localhost:8080; make test runs every test.

GO      ?= go
PEEL    := bin/peel
ASSETS  := internal/web/static/peel.css

.PHONY: build run test bench assets vet clean

build: $(ASSETS)
	$(GO) build -o $(PEEL) ./cmd/peel

run: build
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

bench: $(ASSETS)
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin node_modules internal/web/static/*.css internal/web/static/*.js internal/web/static/*.mjs internal/web/static/*.svg
