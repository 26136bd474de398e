# Goldseam: `make run` starts it, `make test` checks everything, `make bench` measures it.
# Builds share a target directory outside the checkout so clean checkouts (CI) reuse them.

CARGO_TARGET_DIR ?= $(HOME)/.cache/goldseam-target
export CARGO_TARGET_DIR

.PHONY: run build test test-rust lint bench clean-data

## Build and start Goldseam on http://127.0.0.1:8080 with SQLite under ./goldseam-data/.
run: build
	$(CARGO_TARGET_DIR)/release/goldseam serve

build:
	cargo build --release -p goldseam

## Every test: formatting, lints, and the Rust suites on SQLite and PostgreSQL.
test: lint test-rust

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings

test-rust:
	cargo nextest run --workspace --locked --no-fail-fast

## Load scenarios on SQLite and PostgreSQL (about 4 minutes); writes bench/RESULTS.md.
bench:
	cargo build --release --locked -p goldseam -p goldseam-bench
	$(CARGO_TARGET_DIR)/release/goldseam-bench --goldseam $(CARGO_TARGET_DIR)/release/goldseam --database sqlite,postgres --write bench/RESULTS.md

## Forget the local SQLite data (asks first).
clean-data:
	@read -p "Delete ./goldseam-data? [y/N] " a && [ "$$a" = y ] && rm -rf ./goldseam-data || true
