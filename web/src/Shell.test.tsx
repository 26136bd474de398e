import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { api, type Session } from "./api/client";
import { Shell } from "./Shell";
import { FakeEventSource } from "./testing/fakeEventSource";
import { testQueryClient, withClient } from "./testing/wrapper";

beforeEach(() => FakeEventSource.install());
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const session = { user: { id: 1, name: "Ana", email: "ana@example.com", role: "member" }, csrf_token: "t" } as unknown as Session;
const ok = (data: unknown) => ({ data, response: new Response("{}", { status: 200 }) });

describe("the shell", () => {
  it("shows why the catalog could not be loaded, offers to try again, and never offers empty choices", async () => {
    let severitiesDown = true;
    const get = vi.spyOn(api, "GET").mockImplementation((async (path: string) => {
      if (path === "/api/v1/severities")
        return severitiesDown ? { error: { title: "Service Unavailable", detail: "the database is not answering" }, response: new Response("{}", { status: 503 }) } : ok([{ key: "SEV1", name: "Critical", description: "", rank: 1 }]);
      if (path === "/api/v1/incidents") return ok({ items: [], next_cursor: null });
      return ok([]);
    }) as never);
    render(<Shell session={session} onSignedOut={() => undefined} />, { wrapper: withClient(testQueryClient()) });

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("could not be loaded: the database is not answering");
    // No page (and no declare form) is shown without the catalog.
    expect(screen.queryByRole("heading", { name: "Open incidents" })).toBeNull();
    expect((screen.getByRole("button", { name: "Declare incident" }) as HTMLButtonElement).disabled).toBe(true);
    expect(get.mock.calls.filter((call) => (call as unknown[])[0] === "/api/v1/severities")).toHaveLength(3);

    severitiesDown = false;
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { name: "Open incidents" })).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
    expect((screen.getByRole("button", { name: "Declare incident" }) as HTMLButtonElement).disabled).toBe(false);
  });
});
