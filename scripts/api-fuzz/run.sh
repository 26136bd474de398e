#!/usr/bin/env bash
# `make api-fuzz`: checks the running server against its own OpenAPI document with schemathesis.
#
# Starts `goldseam serve` on a free loopback port over a fresh SQLite database in a temporary
# directory, creates an admin and an API token with the CLI, and lets schemathesis call every
# documented operation as that admin: examples, boundary and wrong-type values (coverage),
# random valid and invalid requests (fuzzing), and chains of calls that use what earlier calls
# created (stateful). It fails on any check failure (schemathesis.toml says which checks and
# why), any network error (a dropped connection), and any panic in the server's log.
#
# Bounded and repeatable: a fixed number of examples per operation, deterministic generation
# and one worker (so the server's state, and with it every answer, is the same run to run).
# Everything it writes stays in the temporary directory, which is removed on success and kept
# (its path printed) on failure for the report and the server's log. The server is stopped
# whatever happens.
#
# Environment: GOLDSEAM_BIN (default $CARGO_TARGET_DIR/debug/goldseam), API_FUZZ_EXAMPLES
# (default 40 per operation and phase).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
bin="${GOLDSEAM_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/goldseam-target}/debug/goldseam}"
examples="${API_FUZZ_EXAMPLES:-40}"
[ -x "$bin" ] || { echo "api-fuzz: no server binary at $bin (run make goldseam-debug)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/goldseam-api-fuzz.XXXXXX")"
server_pid=""
status=1
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    # A graceful stop waits for in-flight requests; do not wait forever for it.
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "$status" -eq 0 ]; then
    rm -rf "$work"
  else
    echo "api-fuzz: report and server log kept in $work" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Only this run's settings: a fresh SQLite database in $work, a port the kernel picks, no
# configuration file or database URL inherited from the caller's shell.
unset GOLDSEAM_CONFIG GOLDSEAM_DATABASE_URL GOLDSEAM_PUBLIC_URL
# The server logs at info: its "listening on" line gives the port.
export GOLDSEAM_DATA_DIR="$work/data" GOLDSEAM_LISTEN=127.0.0.1:0 GOLDSEAM_LOG=info
cd "$work"

# The admin the fuzzer acts as, and a member whose calendar feed token it uses for the two
# feeds (a token of the admin's own would be replaced whenever the fuzzer remakes it).
add_user() { # email name role -> prints the new user's id
  printf 'api-fuzz-password-%s\n' "$RANDOM$RANDOM$RANDOM" |
    GOLDSEAM_LOG=warn "$bin" user add --email "$1" --name "$2" --role "$3" --password-stdin |
    sed -n 's/^created user \([0-9]*\) .*/\1/p'
}
admin_id=$(add_user fuzz@example.com "API fuzzer" admin)
member_id=$(add_user calendar@example.com "Calendar reader" member)
token=$(GOLDSEAM_LOG=warn "$bin" token create --email fuzz@example.com --name api-fuzz 2>/dev/null)
member_token=$(GOLDSEAM_LOG=warn "$bin" token create --email calendar@example.com --name api-fuzz 2>/dev/null)

"$bin" serve >"$work/server.log" 2>&1 &
server_pid=$!
base=""
for _ in $(seq 1 100); do
  base=$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -n 1 | sed 's/^listening on //') || true
  [ -n "$base" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$base" ] || { echo "api-fuzz: the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }

api() { # METHOD PATH TOKEN FIELD -> prints FIELD of the JSON answer (of its first item for a list)
  python3 - "$base" "$@" <<'PY'
import json, sys, urllib.request
base, method, path, token, field = sys.argv[1:]
req = urllib.request.Request(base + path, method=method, headers={"Authorization": "Bearer " + token})
body = json.load(urllib.request.urlopen(req))
print((body[0] if isinstance(body, list) else body)[field])
PY
}
# hooks.py keeps the fuzzer from revoking its own token or deactivating the feed reader;
# schemathesis.toml hands the tokens to schemathesis per security scheme.
token_id=$(api GET /api/v1/me/tokens "$token" id)
feed_token=$(api POST /api/v1/me/calendar-feed "$member_token" token)
[ -n "$admin_id" ] && [ -n "$member_id" ] && [ -n "$token_id" ] && [ -n "$feed_token" ] ||
  { echo "api-fuzz: could not set up the users and tokens" >&2; exit 1; }
export GOLDSEAM_FUZZ_TOKEN_ID="$token_id" GOLDSEAM_FUZZ_MEMBER_ID="$member_id"
export GOLDSEAM_FUZZ_TOKEN="$token" GOLDSEAM_FUZZ_FEED_TOKEN="$feed_token"
# The Opsgenie stand-in takes `Authorization: GenieKey <an Opsgenie integration's key>`.
genie_key=$(python3 - "$base" "$token" <<'PY'
import json, sys, urllib.request
base, token = sys.argv[1:]
body = json.dumps({"kind": "opsgenie", "name": "API fuzz Opsgenie"}).encode()
req = urllib.request.Request(base + "/api/v1/integrations", data=body, method="POST",
    headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
made = json.load(urllib.request.urlopen(req))
print(made["id"], made["key"])
PY
)
read -r genie_id genie_key <<<"$genie_key"
[ -n "$genie_key" ] || { echo "api-fuzz: could not create an Opsgenie integration" >&2; exit 1; }
export GOLDSEAM_FUZZ_GENIE_KEY="GenieKey $genie_key" GOLDSEAM_FUZZ_GENIE_ID="$genie_id"
export SCHEMATHESIS_HOOKS="$here/hooks.py"
python3 "$here/seed.py" "$base" "$token" "$member_id"

echo "api-fuzz: $base, $examples examples per operation and phase"
started=$(date +%s)
set +e
python3 -m schemathesis.cli --config-file "$here/schemathesis.toml" run "$base/api/openapi.json" \
  --max-examples "$examples" \
  --report junit,ndjson --report-dir "$work/report" \
  --no-color
fuzz=$?
set -e
echo "api-fuzz: schemathesis took $(($(date +%s) - started)) s"

# The server's panic hook logs "panic: MESSAGE" with the site; the standard one says "panicked".
if grep -qE 'panicked| panic: ' "$work/server.log"; then
  echo "api-fuzz: the server panicked:" >&2
  grep -A5 -E 'panicked| panic: ' "$work/server.log" >&2
  fuzz=1
fi
if ! kill -0 "$server_pid" 2>/dev/null; then
  echo "api-fuzz: the server died during the run" >&2
  tail -n 50 "$work/server.log" >&2
  fuzz=1
fi
status=$fuzz
exit "$status"
