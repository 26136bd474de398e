# Goldseam: `make run` starts it, `make install` puts it on your PATH, `make test` checks
# everything, `make bench` measures it.
# Builds share a target directory outside the checkout so clean checkouts (CI) reuse them.

CARGO_TARGET_DIR ?= $(HOME)/.cache/goldseam-target
export CARGO_TARGET_DIR

# Where `make install` puts the binary; an empty PREFIX counts as unset, as in ${PREFIX:-...}.
PREFIX ?= $(HOME)/.local
ifeq ($(strip $(PREFIX)),)
override PREFIX := $(HOME)/.local
endif
BINDIR = $(PREFIX)/bin

.PHONY: run build install web web-deps web-test api-client goldseam-debug test test-rust e2e api-fuzz guide-screenshots slack-screenshots goldseam-fakes lint bench bench-web bench-reviews bench-chat clean-data

## Build and start Goldseam on http://127.0.0.1:8080 with SQLite under ./goldseam-data/.
run: build
	$(CARGO_TARGET_DIR)/release/goldseam serve

build: web
	cargo build --release -p goldseam

## Builds the release binary (web app embedded) and installs it as $(PREFIX)/bin/goldseam,
## ~/.local/bin/goldseam unless PREFIX says otherwise. For /usr/local/bin, build as yourself and
## copy as root (docs/install.md): `sudo make install` would build as root in root's cache.
install: build
	@install -d "$(DESTDIR)$(BINDIR)"
	install -m 755 "$(CARGO_TARGET_DIR)/release/goldseam" "$(DESTDIR)$(BINDIR)/goldseam"
	@echo "Installed $$("$(DESTDIR)$(BINDIR)/goldseam" --version) as $(DESTDIR)$(BINDIR)/goldseam"
	@case ":$$PATH:" in \
	  *":$(BINDIR):"*|*":$(BINDIR)/:"*) ;; \
	  *) echo "warning: $(BINDIR) is not on your PATH, so \`goldseam\` alone will not find it."; \
	     echo "  Add it, e.g. in ~/.profile:  export PATH=\"$(BINDIR):\$$PATH\"  (then log in again)";; \
	esac

## The web app (web/dist), embedded into the binary by the release build.
web: web-deps
	cd web && npm run build

web-deps:
	cd web && npm ci --no-audit --no-fund

## Regenerates the typed API client from the server's OpenAPI document.
api-client: web-deps
	cargo run --quiet --locked -p goldseam -- openapi > web/openapi.json
	cd web && npm run api

## Every test: the web app's checks, formatting, lints, the Rust suites on SQLite and PostgreSQL,
## the browser tests, and the API against its OpenAPI document.
test: web-test lint test-rust e2e api-fuzz

# Fails when the generated client no longer matches the server's API: run `make api-client`.
web-test: web-deps
	cargo run --quiet --locked -p goldseam -- openapi > web/.openapi.current.json
	cd web && npx openapi-typescript .openapi.current.json -o .schema.current.d.ts >/dev/null
	@cd web && if ! cmp -s .openapi.current.json openapi.json || ! cmp -s .schema.current.d.ts src/api/schema.d.ts; then \
	  echo "web/src/api is out of date with the server's OpenAPI document: run 'make api-client'"; \
	  rm -f .openapi.current.json .schema.current.d.ts; exit 1; fi
	cd web && rm -f .openapi.current.json .schema.current.d.ts && npm run typecheck && npm run lint && npm test && npm run build

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings

test-rust: goldseam-debug
	cargo nextest run --workspace --locked --no-fail-fast

# The CLI and browser tests run target/debug/goldseam. With a target directory shared between
# checkouts, cargo may count this checkout's older files as built by another checkout, leaving
# that checkout's binary (and the web/dist path compiled into the server) in place; touching
# both makes the tests run this checkout's code and web app.
goldseam-debug:
	touch crates/goldseam/src/main.rs crates/server/src/web.rs
	cargo build --locked -p goldseam

## Browser tests: playwright-core driving Debian's chromium against a real `goldseam serve` (the
## Slack one against `goldseam-fakes slack` too).
e2e: web goldseam-debug goldseam-fakes
	cd web && GOLDSEAM_BIN=$(CARGO_TARGET_DIR)/debug/goldseam npm run e2e

# The fake vendors' binary, next to target/debug/goldseam where the browser tests look for it
# (touched for the reason goldseam-debug is).
goldseam-fakes:
	touch crates/fakes/src/main.rs
	cargo build --locked -p goldseam-fakes --bin goldseam-fakes

## schemathesis against `goldseam serve` on a fresh SQLite database: every documented operation,
## a bounded number of examples each (API_FUZZ_EXAMPLES), failing on any response the OpenAPI
## document does not describe, any 5xx, any dropped connection (scripts/api-fuzz/run.sh).
api-fuzz: goldseam-debug
	GOLDSEAM_BIN=$(CARGO_TARGET_DIR)/debug/goldseam scripts/api-fuzz/run.sh

## Retakes the user guide's screenshots (docs/images) by walking its journey in the browser.
guide-screenshots: web goldseam-debug
	cd web && GOLDSEAM_BIN=$(CARGO_TARGET_DIR)/debug/goldseam GUIDE_SCREENSHOTS=$(CURDIR)/docs/images npx vitest run --config vitest.e2e.config.ts e2e/guide.e2e.ts

## Retakes docs/slack.md's screenshots (docs/images/slack): Goldseam against the fake Slack
## workspace, read in the fake's web view. Emoji need a colour emoji font (fonts-noto-color-emoji).
slack-screenshots: web goldseam-debug goldseam-fakes
	@fc-list 2>/dev/null | grep -qi "color emoji" || { echo "No colour emoji font: the screenshots would show boxes. apt-get install fonts-noto-color-emoji"; exit 1; }
	cd web && GOLDSEAM_BIN=$(CARGO_TARGET_DIR)/debug/goldseam SLACK_SCREENSHOTS=$(CURDIR)/docs/images/slack npx vitest run --config vitest.e2e.config.ts e2e/slack-guide.e2e.ts

## Load scenarios on SQLite and PostgreSQL (about 4 minutes) and the web app's first-load
## size; writes bench/RESULTS.md.
bench: web
	cargo build --release --locked -p goldseam -p goldseam-bench
	$(CARGO_TARGET_DIR)/release/goldseam-bench --goldseam $(CARGO_TARGET_DIR)/release/goldseam --database sqlite,postgres --write bench/RESULTS.md
	$(MAKE) --no-print-directory bench-web >> bench/RESULTS.md

## The review-slot picker and parallel calendar fetching (prints a section for bench/RESULTS.md).
bench-reviews:
	cargo build --release --locked -p goldseam-bench --bin review_pick
	GIT_COMMIT=$$(git rev-parse --short HEAD) $(CARGO_TARGET_DIR)/release/review_pick

## The chat mirror's lag, Slack <-> timeline, against the fake Slack on both databases (prints a
## section for bench/RESULTS.md).
bench-chat:
	cargo build --release --locked -p goldseam -p goldseam-bench --bin goldseam --bin chat_lag
	$(CARGO_TARGET_DIR)/release/chat_lag --goldseam $(CARGO_TARGET_DIR)/release/goldseam --database sqlite,postgres

## The dashboard's first-load JavaScript, compressed (appended to bench/RESULTS.md by `make bench`).
bench-web:
	@printf '\n## Web app: dashboard first load\n\nCommand: `make bench-web` (`node web/scripts/first-load.mjs web/dist` after `npm run build`), commit %s. Budget: < 300 KB of compressed JavaScript.\n\n```\n' "$$(git rev-parse --short HEAD)"
	@cd web && node scripts/first-load.mjs dist
	@printf '```\n'


## Forget the local SQLite data (asks first).
clean-data:
	@read -p "Delete ./goldseam-data? [y/N] " a && [ "$$a" = y ] && rm -rf ./goldseam-data || true
