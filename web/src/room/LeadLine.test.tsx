import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { Incident } from "../api/client";
import { AppContext, type AppData } from "../context";
import { LeadLine } from "./LeadLine";

// The write itself is the room's hook; what matters here is who is asked to lead.
const assign = vi.fn(async (role: { role: string; userId: number }) => role);
vi.mock("./api/changes", () => ({ useAssignRole: () => ({ mutateAsync: assign }) }));

afterEach(() => {
  cleanup();
  assign.mockClear();
});

const me = { id: 7, name: "Olivia Oncall", email: "olivia@corp.test", role: "member" };
const app = (over: Partial<AppData> = {}): AppData =>
  ({
    session: { user: me },
    severities: [],
    types: [],
    roles: [{ key: "incident_manager", name: "Incident lead", description: "Leads", single_holder: true }],
    canAct: true,
    isAdmin: false,
    ...over,
  }) as unknown as AppData;

const incident = (over: Partial<Incident> = {}): Incident =>
  ({ reference: "INC-4", status: "active", roles: [], ...over }) as unknown as Incident;

function show(i: Incident, data = app()) {
  const act = vi.fn(async (write: Promise<unknown>) => {
    await write;
    return true;
  });
  render(
    <AppContext.Provider value={data}>
      <LeadLine incident={i} act={act} />
    </AppContext.Provider>,
  );
  return act;
}

describe("who leads, in the room's header", () => {
  it("names the incident manager, under the catalog's name for the role", () => {
    show(incident({ roles: [{ role: "incident_manager", user: { id: 3, name: "Bo Li" } }] } as Partial<Incident>));
    const line = screen.getByText(/Led by/);
    expect(line.textContent).toBe("Led by Bo Li");
    expect(line.getAttribute("title")).toBe("Incident lead");
  });

  it("says so when the lead is you", () => {
    show(incident({ roles: [{ role: "incident_manager", user: { id: 7, name: "Olivia Oncall" } }] } as Partial<Incident>));
    expect(screen.getByText(/Led by/).textContent).toBe("Led by Olivia Oncall (you)");
  });

  it("says nobody leads yet and lets a member take the lead in one click", async () => {
    const act = show(incident({ roles: [{ role: "responder", user: { id: 3, name: "Bo Li" } }] } as Partial<Incident>));
    expect(screen.getByText("Nobody leads yet")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Take the lead: make me Incident lead" }));
    expect(act).toHaveBeenCalledTimes(1);
    expect(assign).toHaveBeenCalledWith({ role: "incident_manager", userId: 7 });
  });

  it("offers nothing to a viewer, who may not act", () => {
    show(incident(), app({ canAct: false }));
    expect(screen.getByText("Nobody leads yet")).toBeTruthy();
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("does not ask anyone to take the lead of a fire that is out", () => {
    show(incident({ status: "resolved" }));
    expect(screen.getByText("Nobody led it")).toBeTruthy();
    expect(screen.queryByRole("button")).toBeNull();
  });
});
