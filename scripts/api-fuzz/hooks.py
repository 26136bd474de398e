"""Schemathesis hooks for `make api-fuzz`.

The fuzzer calls every operation with whatever the schema allows, as the admin whose token it
holds. Two kinds of call would end the run's usefulness rather than test anything, so they are
dropped for these ids only (every other id is still sent):
- revoking that very token (`DELETE /api/v1/me/tokens/{id}`), after which every request is 401;
- changing the member whose calendar feed token the fuzzer uses for the two feeds
  (`PATCH /api/v1/users/{id}`): deactivated, their token stops working and the feeds answer
  only 401.
- deleting or changing the Opsgenie integration whose key the fuzzer sends to the Opsgenie
  stand-in (`DELETE`/`PUT /api/v1/integrations/{id}`): gone, every Opsgenie call is 401.
Demoting or deactivating the admin itself needs no care: the server refuses that with a 409.
run.sh passes the ids in GOLDSEAM_FUZZ_TOKEN_ID, GOLDSEAM_FUZZ_MEMBER_ID and GOLDSEAM_FUZZ_GENIE_ID.
"""

import os

import schemathesis

PROTECTED = {
    ("DELETE", "/api/v1/me/tokens/{id}"): os.environ["GOLDSEAM_FUZZ_TOKEN_ID"],
    ("PATCH", "/api/v1/users/{id}"): os.environ["GOLDSEAM_FUZZ_MEMBER_ID"],
    ("DELETE", "/api/v1/integrations/{id}"): os.environ["GOLDSEAM_FUZZ_GENIE_ID"],
    ("PUT", "/api/v1/integrations/{id}"): os.environ["GOLDSEAM_FUZZ_GENIE_ID"],
}


def _as_id(value):
    # The server reads ids with Rust's i64 parser, which also takes "+1".
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
