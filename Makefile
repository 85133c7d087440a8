# smtpsim — the two set-up commands are `make serve` and `make test`.
GO          ?= go
STATICCHECK ?= $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
FUZZTIME    ?= 10s

.PHONY: all serve test vet staticcheck unit fuzz bench bridge

all: test

serve:
	@echo "smtpsim: the web app arrives in a later version; today the protocol engines run headless."
	@echo "Try: go run ./cmd/smtpsim bridge   (real SMTP/POP3/IMAP on 127.0.0.1, see README)"

test: vet staticcheck unit

vet:
	$(GO) vet ./...

staticcheck:
	$(STATICCHECK) ./...

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
