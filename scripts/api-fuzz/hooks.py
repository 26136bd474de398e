"""Schemathesis hooks for `make api-fuzz`.

The fuzzer calls every operation with whatever the schema allows, as the one admin whose token
it holds. Two of those calls would end the run's usefulness rather than test anything: revoking
that very token (`DELETE /api/v1/me/tokens/{id}`), after which every request is a 401, and
demoting or deactivating that admin (`PATCH /api/v1/users/{id}`), after which writes are 403s.
They are dropped for the fuzzer's own token and user only; every other id is still sent.
run.sh passes the ids in GOLDSEAM_FUZZ_TOKEN_ID and GOLDSEAM_FUZZ_USER_ID.
"""

import os

import schemathesis

PROTECTED = {
    ("DELETE", "/api/v1/me/tokens/{id}"): os.environ["GOLDSEAM_FUZZ_TOKEN_ID"],
    ("PATCH", "/api/v1/users/{id}"): os.environ["GOLDSEAM_FUZZ_USER_ID"],
}


def _as_id(value):
    # The server reads ids with Rust's i64 parser, which also takes "+1" and "007".
    try:
        return str(int(str(value), 10))
    except ValueError:
        return None


@schemathesis.hook
def filter_case(context, case):
    protected = PROTECTED.get((case.method.upper(), case.path))
    if protected is None:
        return True
    return _as_id((case.path_parameters or {}).get("id")) != protected
