"""Gives `make api-fuzz` something to find: one of each thing the API manages, so that the small
ids the fuzzer tries first (1, 2) name real rows and its calls reach the code past "not found".

Usage: seed.py BASE_URL ADMIN_TOKEN MEMBER_USER_ID. Fails loudly if any step is refused: a seed
the server no longer accepts means this file is out of date, not that the fuzzing passed.
"""

import json
import sys
import urllib.request

base, token, member_id = sys.argv[1], sys.argv[2], int(sys.argv[3])


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(
        base + path,
        data=data,
        method=method,
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req) as res:
        text = res.read()
        return json.loads(text) if text else None


me = call("GET", "/api/v1/me")["id"]
team = call("POST", "/api/v1/teams", {"name": "Payments", "members": [{"user_id": me, "role": "lead"}, {"user_id": member_id}]})["id"]
service = call("POST", "/api/v1/services", {"name": "Checkout", "team_id": team})["id"]
schedule = call(
    "POST",
    "/api/v1/schedules",
    {
        "name": "Payments primary",
        "time_zone": "Europe/Paris",
        "layers": [
            {
                "name": "Weekly",
                "start": "2026-01-05T09:00",
                "shift": {"unit": "weeks", "count": 1},
                "participants": [me, member_id],
            }
        ],
    },
)["id"]
call(
    "POST",
    "/api/v1/escalation-policies",
    {"name": "Payments", "levels": [{"delay_minutes": 0, "targets": [{"type": "schedule", "id": schedule}]}]},
)
call("POST", "/api/v1/me/contact-methods", {"kind": "email", "address": "fuzz@example.com"})
call("POST", "/api/v1/me/subscriptions", {"target": "severity", "key": "SEV1", "channels": ["email"]})
ref = call(
    "POST",
    "/api/v1/incidents",
    {"title": "Checkout is failing #payments", "severity": "SEV2", "services": [service]},
)["reference"]
call("POST", f"/api/v1/incidents/{ref}/comments", {"body": "Looking at the **card** gateway."})
call("POST", f"/api/v1/incidents/{ref}/status-updates", {"body": "Mitigating.", "status": "active"})
call("POST", "/api/v1/incidents", {"title": "Slow search", "severity": "SEV3", "private": True})
print(f"seeded {ref}, team {team}, service {service}, schedule {schedule}")
