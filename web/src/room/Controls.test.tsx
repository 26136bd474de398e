import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, type Incident } from "../api/client";
import { AppContext, type AppData } from "../context";
import { answer } from "../testing/followUps";
import { testQueryClient, withClient } from "../testing/wrapper";
import { Controls } from "./Controls";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const app = { session: { user: { id: 1, name: "Ana" } }, severities: [{ key: "SEV1", name: "Major", rank: 1 }], types: [], roles: [], canAct: true, isAdmin: false } as unknown as AppData;
const resolved = { id: 42, reference: "INC-42", status: "resolved", severity: "SEV1", private: false, last_seq: 3 } as unknown as Incident;

describe("the room's status controls", () => {
  it("show why closing was refused (409) beside the Close action, in the server's words", async () => {
    const detail = "the incident still owes steps: Postmortem published, Postmortem distributed; finish them or ask an admin to waive them with a reason";
    const patch = vi.spyOn(api, "PATCH").mockImplementation((async () => answer({ status: 409, detail }, 409)) as never);
    const act = vi.fn(async () => true);
    const Wrapper = withClient(testQueryClient());
    const { container } = render(
      <Wrapper>
        <AppContext.Provider value={app}>
          <Controls incident={resolved} act={act} />
        </AppContext.Provider>
      </Wrapper>,
    );
    fireEvent.click(screen.getByRole("button", { name: "Mark closed" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Not closed. The incident still owes steps: Postmortem published, Postmortem distributed; finish them");
    expect(container.querySelector(".controls")!.contains(alert)).toBe(true);
    expect(patch).toHaveBeenCalledWith("/api/v1/incidents/{ref}", expect.objectContaining({ body: { status: "closed" } }));
    // Not the room's general error line.
    expect(act).not.toHaveBeenCalled();
    fireEvent.click(within(alert).getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
