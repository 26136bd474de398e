import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "../events";
import { endingOf } from "./resolution";

const ana = { id: 1, name: "Ana" };
const status = (id: number, from: string, to: string, reason: string | null = null) =>
  ({ id, kind: "status_changed", data: { from, to, reason, transition: "forward" }, seq: id, incident_id: 1, reference: "INC-1", at: `2026-11-25T12:0${id}:00Z`, actor: ana }) as unknown as TimelineEvent;
const update = (id: number) =>
  ({ id, kind: "status_update", data: { status: "monitoring", body: "Next update in 30 minutes" }, seq: id, incident_id: 1, reference: "INC-1", at: `2026-11-25T12:0${id}:00Z`, actor: ana }) as unknown as TimelineEvent;

describe("how an incident ended", () => {
  it("is nothing while it runs", () => {
    expect(endingOf({ status: "mitigated" }, [status(1, "active", "mitigated")])).toBeNull();
  });

  it("leads with what fixed it, even after later updates and once closed", () => {
    const events = [status(1, "active", "resolved", "The rollback"), update(2), status(3, "resolved", "closed")];
    const ending = { how: "Resolved", at: "2026-11-25T12:01:00Z", by: "Ana", reason: "The rollback" };
    expect(endingOf({ status: "resolved" }, events.slice(0, 2))).toEqual(ending);
    expect(endingOf({ status: "closed" }, events)).toEqual(ending);
  });

  it("shows the latest resolution of a reopened incident, and why a false alarm was canceled", () => {
    const events = [status(1, "active", "resolved", "Restarted"), status(2, "resolved", "active"), status(3, "active", "resolved", "Fixed the config")];
    expect(endingOf({ status: "resolved" }, events)?.reason).toBe("Fixed the config");
    expect(endingOf({ status: "canceled" }, [status(4, "triage", "canceled", "Monitoring blip")])).toEqual({ how: "Canceled", at: "2026-11-25T12:04:00Z", by: "Ana", reason: "Monitoring blip" });
  });
});
