import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { QueryClientProvider } from "@tanstack/react-query";
import { AppContext, type AppData } from "../context";
import { testQueryClient } from "../testing/wrapper";
import { FollowBar } from "./FollowBar";

type Sub = { id: number; target: string; key: string; channels: string[] };
let subs: Sub[] = [];
let methods: { kind: string; verified: boolean }[] = [];
const save = vi.fn(async (body: { target: string; key: string; channels: string[] }) => ({ id: 9, ...body }));
const remove = vi.fn(async (id: number) => id);
vi.mock("../components/subscriptions/api", () => ({
  useSubscriptions: () => ({ data: subs, error: null, isFetching: false, refetch: vi.fn() }),
  useSaveSubscription: () => ({ mutateAsync: save, isPending: false }),
  useRemoveSubscription: () => ({ mutateAsync: remove, isPending: false }),
}));
vi.mock("../api/contactMethods", () => ({ useContactMethods: () => ({ data: methods, error: null, isFetching: false, refetch: vi.fn() }) }));

afterEach(() => {
  cleanup();
  save.mockClear();
  remove.mockClear();
});

const app = {
  session: { user: { id: 5, name: "Eve Exec", email: "eve@corp.test", role: "viewer" } },
  severities: [
    { key: "SEV2", name: "Minor", description: "", rank: 2 },
    { key: "SEV0", name: "Critical", description: "", rank: 0 },
    { key: "SEV1", name: "Major", description: "", rank: 1 },
  ],
  types: [],
  roles: [],
  canAct: false,
  isAdmin: false,
} as unknown as AppData;

function show() {
  render(
    <QueryClientProvider client={testQueryClient()}>
      <AppContext.Provider value={app}>
        <FollowBar />
      </AppContext.Provider>
    </QueryClientProvider>,
  );
}

describe("following from the dashboard", () => {
  it("says how to get a verified channel instead of following in vain", () => {
    subs = [];
    methods = [{ kind: "email", verified: false }];
    show();
    expect(screen.getByText(/^Verify an email address, phone number, Slack or Mattermost account in/).textContent).toBe(
      "Verify an email address, phone number, Slack or Mattermost account in Contact methods to follow SEV0 or SEV1 incidents from here.",
    );
    expect(screen.getByRole("link", { name: "Contact methods" }).getAttribute("href")).toBe("/settings/contact-methods");
    expect(screen.queryByRole("button", { name: /^Follow SEV/ })).toBeNull();
  });

  it("follows SEV1 in one click, by the verified channel", async () => {
    subs = [];
    methods = [{ kind: "sms", verified: true }];
    show();
    expect(screen.getByRole("button", { name: "Follow SEV0" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Follow SEV1" }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("You now follow: Every SEV1 incident — by SMS."));
    expect(save).toHaveBeenCalledWith({ target: "severity", key: "SEV1", channels: ["sms"] });
  });

  it("shows what is followed, with a way to stop", async () => {
    subs = [{ id: 4, target: "severity", key: "SEV1", channels: ["email", "sms"] }];
    methods = [{ kind: "email", verified: true }];
    show();
    expect(screen.getByText(/Following SEV1/).textContent).toBe("✓ Following SEV1 by email and SMS");
    fireEvent.click(screen.getByRole("button", { name: "Stop following SEV1" }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("You no longer follow every SEV1 incident. Follow it again here if that was a mistake."));
    expect(remove).toHaveBeenCalledWith(4);
  });

  it("follows a tag from the small form", async () => {
    subs = [];
    methods = [{ kind: "email", verified: true }];
    show();
    fireEvent.click(screen.getByText("Follow…"));
    fireEvent.change(screen.getByLabelText("What to follow"), { target: { value: "tag" } });
    fireEvent.click(screen.getByRole("button", { name: "Follow" }));
    expect(screen.getByText("Enter a tag, such as payments.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Tag"), { target: { value: "#Payments" } });
    fireEvent.click(screen.getByRole("button", { name: "Follow" }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("You now follow: Incidents tagged #payments — by email."));
    expect(save).toHaveBeenCalledWith({ target: "tag", key: "payments", channels: ["email"] });
  });
});
