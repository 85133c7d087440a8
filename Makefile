# smtpsim — the two set-up commands are `make serve` and `make test`.
GO          ?= go
STATICCHECK ?= $(CURDIR)/.bin/staticcheck
FUZZTIME    ?= 10s

.PHONY: all serve site wasm test vet staticcheck unit fuzz bench bridge

all: test

# The web app on http://127.0.0.1:8080/ (ADDR=... to change; a non-loopback address also needs --public).
ADDR ?= 127.0.0.1:8080
serve: site
	$(GO) run ./cmd/smtpsim serve --dir dist --addr $(ADDR)

# dist/: the deployable site (hashed names, .br and .gz copies), for any static host.
# Brotli at quality 11 takes about half a minute for the wasm; BROTLI=5 is quick, a fifth larger.
BROTLI ?= 11
site: wasm
	$(GO) run ./cmd/smtpsim site --in web --out dist --brotli $(BROTLI)

# web/main.wasm and the matching web/wasm_exec.js of this Go toolchain.
wasm:
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o web/main.wasm ./wasm
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" web/wasm_exec.js

test: vet staticcheck unit

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/

# Installed once for this machine, so it can also check the js/wasm program.
$(CURDIR)/.bin/staticcheck:
	GOBIN=$(CURDIR)/.bin $(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2

staticcheck: $(STATICCHECK)
	$(STATICCHECK) ./...
	GOOS=js GOARCH=wasm $(STATICCHECK) ./wasm/

# Includes the browser tests (wasm/e2e), which need Debian's chromium.
unit:
	$(GO) test -count=1 ./...

# Each fuzz target runs for $(FUZZTIME); the committed seed corpora also run in `make test`.
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  dir=$$($(GO) list -f '{{.Dir}}' $$pkg); \
	  for target in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$dir/*_test.go 2>/dev/null | sed 's/^func //'); do \
	    echo "== $$pkg $$target"; \
	    $(GO) test -run='^$$' -fuzz="^$$target\$$" -fuzztime=$(FUZZTIME) $$pkg; \
	  done; \
	done

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...

bridge:
	$(GO) run ./cmd/smtpsim bridge
