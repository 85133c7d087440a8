# smtpsim — the two set-up commands are `make serve` and `make test`.
GO          ?= go
STATICCHECK ?= $(CURDIR)/.bin/staticcheck
FUZZTIME    ?= 10s
# Minimizing an input fuzzing found stops after this, so that it cannot eat FUZZTIME's budget.
FUZZMINIMIZETIME ?= 5s

.PHONY: all serve site generate wasm modules baseline size test fmt tidy vet staticcheck unit fuzz bench bridge

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

# Go data compiled from the text files the page reads at start-up (lessons/index_gen.go, the
# start page's list of the course; NAME_gen.go of the phrasebooks ui, words and narrate), so
# that it parses no YAML or Markdown to start. Run after changing a lesson or a phrasebook;
# a test fails while a generated file is stale.
generate:
	$(GO) generate ./lessons ./lessons/catalog ./lessons/narrate ./sim/render ./sim/auth/spfdkim ./wasm/view

# How every wasm module is built. Without inlining (-l) the page's modules are 2 % larger raw
# but 5 to 9 % smaller as Brotli: an inlined call repeats its callee's code and adds
# to the tables of inlined frames, neither of which Brotli finds again. The packages
# that compute in tight loops keep inlining: in wasm, the word arithmetic of math/big
# and crypto (bits.Add64, bits.Sub64, byte order) is Go code, not an instruction, and
# without inlining a lesson whose world signs with RSA (its key found by math/big) took
# four times as long to open. The runtime is built without inlining too: 18 kB less as
# Brotli, and a step, a replay and the cold load were neither faster nor slower with
# it inlined in alternating rounds, within the noise (docs/performance.md, "No source
# positions").
WASMGCFLAGS = -gcflags=all=-l -gcflags=crypto/...= -gcflags=math/...= -gcflags=hash/...= \
              -gcflags=encoding/binary= -gcflags=internal/byteorder=
WASMBUILD   = GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' $(WASMGCFLAGS)

# The page's three modules into OUT (the browser tests build them so too). packwasm writes
# each module's data as one segment instead of the linker's many (up to 100,000, split at
# every run of 8 zeros): 1 MB larger raw, 7 % smaller as Brotli; and drops the source
# files and lines, which only a stack trace reads: 8 % less again (docs/performance.md).
# PACKFLAGS=-lines keeps them, to read where in the source a crash in the page was.
OUT ?= web
PACKFLAGS ?=
modules:
	$(WASMBUILD) -o $(OUT)/main.wasm ./wasm
	$(WASMBUILD) -o $(OUT)/author.wasm ./wasm/author
	$(WASMBUILD) -o $(OUT)/senderauth.wasm ./wasm/senderauth
	$(GO) run ./cmd/packwasm $(PACKFLAGS) $(OUT)/main.wasm $(OUT)/author.wasm $(OUT)/senderauth.wasm

# The minimal Go + dom/v2 page, BenchmarkColdLoad's baseline, built as the page's modules are.
baseline:
	$(WASMBUILD) -o $(OUT)/minimal.wasm ./wasm/e2e/testdata/minimal
	$(GO) run ./cmd/packwasm $(PACKFLAGS) $(OUT)/minimal.wasm

# web/main.wasm, web/author.wasm (the authoring module, loaded only when a teacher opens
# own files: it parses their YAML and Markdown), web/senderauth.wasm (the sender-
# authentication module, loaded only when a world signs or checks senders: SPF, DKIM and
# their cryptography), the matching web/wasm_exec.js of this Go toolchain, and web/course/:
# the compiled lessons and scenarios under the hashed names the page fetches them by when
# one is opened (its module does not carry them).
wasm: generate
	$(MAKE) --no-print-directory modules OUT=web
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" web/wasm_exec.js
	$(GO) run ./lessons/internal/sitecourse web

# What the page's wasm weighs raw and as Brotli (quality 11, as `make site` ships it), with the
# page's German words (course/phrases.de.txt, fetched beside it by a German page), the
# authoring module (author.wasm, loaded only for own files) and the sender-authentication
# module (senderauth.wasm, loaded only for worlds that sign or check senders), beside a minimal Go + dom/v2 page (the baseline of BenchmarkColdLoad), and where its octets are:
# sections, and the code section by Go package (from a build with the name section).
# Compressing four modules at quality 11 takes a few minutes.
SIZEDIR ?= $(CURDIR)/.size
size:
	mkdir -p $(SIZEDIR)
	$(MAKE) --no-print-directory modules baseline OUT=$(SIZEDIR)
	GOOS=js GOARCH=wasm $(GO) build -trimpath $(WASMGCFLAGS) -o $(SIZEDIR)/main-names.wasm ./wasm
	$(GO) run ./cmd/wasmsize -main ./wasm $(SIZEDIR)/main-names.wasm
	$(GO) run ./lessons/internal/sitecourse $(SIZEDIR)
	$(GO) run ./cmd/wasmsize -download $(SIZEDIR)/main.wasm $(SIZEDIR)/course/phrases.de.txt $(SIZEDIR)/author.wasm $(SIZEDIR)/senderauth.wasm $(SIZEDIR)/minimal.wasm

# `go test ./...` needs only Go; `make test` also runs the interop tests, which drive
# python3, swaks, tshark, chromium, curl and mbsync (.ci/run installs them on Debian).
test: fmt tidy vet staticcheck unit

fmt:
	@out=$$("$$($(GO) env GOROOT)/bin/gofmt" -l .); if [ -n "$$out" ]; then echo "gofmt -l: not formatted:"; echo "$$out"; exit 1; fi

tidy:
	$(GO) mod tidy -diff

# Without the tag as `go test ./...` builds it, and with it for the interop tests.
vet:
	$(GO) vet ./...
	$(GO) vet -tags interop ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/ ./wasm/author/ ./wasm/senderauth/

# Installed once for this machine, so it can also check the js/wasm program.
$(CURDIR)/.bin/staticcheck:
	GOBIN=$(CURDIR)/.bin $(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2

staticcheck: $(STATICCHECK)
	$(STATICCHECK) ./...
	$(STATICCHECK) -tags interop ./...
	GOOS=js GOARCH=wasm $(STATICCHECK) ./wasm/ ./wasm/author/ ./wasm/senderauth/

# With the interop tests: python3, swaks, tshark, curl and mbsync against the bridge and the exports,
# chromium for the browser tests (wasm/e2e). A missing program fails them.
unit:
	$(GO) test -count=1 -timeout 30m -tags interop ./...

# Each fuzz target runs for $(FUZZTIME); the committed seed corpora also run in `make test`.
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  dir=$$($(GO) list -f '{{.Dir}}' $$pkg); \
	  for target in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$dir/*_test.go 2>/dev/null | sed 's/^func //'); do \
	    echo "== $$pkg $$target"; \
	    $(GO) test -run='^$$' -fuzz="^$$target\$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMINIMIZETIME) $$pkg; \
	  done; \
	done

# The Go benchmarks, then the page's in headless chromium: cold load against a minimal Go page,
# the first lesson, the first that loads senderauth.wasm, a step and a fault's replay (medians measured inside the page).
bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...
	$(GO) test -tags interop -run='^$$' -bench='ColdLoad|FirstLesson|FirstSenderAuthLesson|FirstRSALesson|BrowserStep|BrowserFaultReplay' -benchtime=20x ./wasm/e2e/

bridge:
	$(GO) run ./cmd/smtpsim bridge
