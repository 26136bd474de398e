import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import { AppContext, type AppData } from "../context";
import { answer } from "../testing/followUps";
import { testQueryClient, withClient } from "../testing/wrapper";
import type { ReviewPolicy } from "./api/reviews";
import { ReviewsSection } from "./ReviewsSection";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const app = (isAdmin: boolean) =>
  ({
    session: { user: { id: 1, name: "Ana" } },
    severities: [
      { key: "SEV0", name: "Critical", rank: 0 },
      { key: "SEV1", name: "Major", rank: 1 },
    ],
    types: [{ key: "security", name: "Security" }],
    roles: [],
    canAct: true,
    isAdmin,
  }) as unknown as AppData;

const policy: ReviewPolicy = {
  rules: [
    { name: "Major incidents", severities: ["SEV0", "SEV1"], types: [], prep_business_days: 1, deadline_business_days: 5, duration_minutes: 60, auto_book: false },
    { name: "Every other incident", severities: [], types: [], prep_business_days: 1, deadline_business_days: 5, duration_minutes: 30, auto_book: false },
  ],
  on_call_is_busy: false,
  customized: false,
};

function show(isAdmin = true) {
  vi.spyOn(api, "GET").mockImplementation((async (path: string) => (path === "/api/v1/review-policy" ? answer(policy) : answer({ status: 500 }, 500))) as never);
  const Wrapper = withClient(testQueryClient());
  return render(
    <Wrapper>
      <AppContext.Provider value={app(isAdmin)}>
        <ReviewsSection />
      </AppContext.Provider>
    </Wrapper>,
  );
}

const sentBody = (put: ReturnType<typeof vi.spyOn>) => (put.mock.lastCall![1] as { body: ReviewPolicy }).body;

describe("Settings → Reviews", () => {
  it("shows each rule's scope, window, duration and auto-booking, and on-call as busy", async () => {
    const { container } = show();
    const form = await screen.findByRole("form", { name: "Review policy" });
    within(form).getByText("Default policy");
    const rule = within(form).getByRole("group", { name: "Rule 1: Major incidents" });
    expect((within(rule).getByLabelText("Duration (minutes)") as HTMLInputElement).value).toBe("60");
    expect((within(rule).getByLabelText("Preparation (business days)") as HTMLInputElement).value).toBe("1");
    expect((within(rule).getByLabelText("Deadline (business days)") as HTMLInputElement).value).toBe("5");
    expect((within(rule).getByRole("checkbox", { name: "SEV1 (Major)" }) as HTMLInputElement).checked).toBe(true);
    expect((within(rule).getByRole("checkbox", { name: /Book the best time by itself/ }) as HTMLInputElement).checked).toBe(false);
    expect((within(form).getByRole("checkbox", { name: "On-call shifts count as busy" }) as HTMLInputElement).checked).toBe(false);
    const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });

  it("saves the whole policy: auto-booking, on-call as busy, a new rule moved first", async () => {
    show();
    const form = await screen.findByRole("form", { name: "Review policy" });
    const put = vi.spyOn(api, "PUT").mockImplementation((async (_path: string, init: { body: ReviewPolicy }) => answer({ ...init.body, customized: true })) as never);
    fireEvent.click(within(within(form).getByRole("group", { name: "Rule 1: Major incidents" })).getByRole("checkbox", { name: /Book the best time by itself/ }));
    fireEvent.click(within(form).getByRole("checkbox", { name: "On-call shifts count as busy" }));
    fireEvent.click(within(form).getByRole("button", { name: "Add a rule" }));
    const added = within(form).getByRole("group", { name: "Rule 3" });
    expect(document.activeElement).toBe(within(added).getByLabelText("Name"));
    fireEvent.change(within(added).getByLabelText("Name"), { target: { value: "Security" } });
    const security = within(form).getByRole("group", { name: "Rule 3: Security" });
    fireEvent.click(within(security).getByRole("checkbox", { name: "Security" }));
    fireEvent.change(within(security).getByLabelText("Duration (minutes)"), { target: { value: "90" } });
    fireEvent.click(within(security).getByRole("button", { name: /^Move up/ }));
    fireEvent.click(within(within(form).getByRole("group", { name: "Rule 2: Security" })).getByRole("button", { name: /^Move up/ }));
    fireEvent.click(within(form).getByRole("button", { name: "Save review policy" }));
    await within(form).findByText(/The review policy is saved/);
    const body = sentBody(put);
    expect(body.on_call_is_busy).toBe(true);
    expect(body.rules.map((r) => r.name)).toEqual(["Security", "Major incidents", "Every other incident"]);
    expect(body.rules[0]).toEqual({ name: "Security", severities: [], types: ["security"], prep_business_days: 1, deadline_business_days: 5, duration_minutes: 90, auto_book: false });
    expect(body.rules[1].auto_book).toBe(true);
    within(form).getByText("Customized");
  });

  it("explains its own checks, and places the server's 422 beside the field", async () => {
    show();
    const form = await screen.findByRole("form", { name: "Review policy" });
    const rule = within(form).getByRole("group", { name: "Rule 1: Major incidents" });
    const put = vi.spyOn(api, "PUT");
    fireEvent.change(within(rule).getByLabelText("Duration (minutes)"), { target: { value: "50" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save review policy" }));
    within(form).getByText("Enter 15 to 240 minutes, a multiple of 15.");
    expect(put).not.toHaveBeenCalled();

    fireEvent.change(within(rule).getByLabelText("Duration (minutes)"), { target: { value: "45" } });
    put.mockImplementation((async () => answer({ status: 422, detail: "invalid", errors: [{ field: "rules[0].deadline_business_days", message: "1 to 30" }] }, 422)) as never);
    fireEvent.click(within(form).getByRole("button", { name: "Save review policy" }));
    const deadline = within(rule).getByLabelText("Deadline (business days)");
    await waitFor(() => expect(deadline.getAttribute("aria-invalid")).toBe("true"));
    within(form).getByText("1 to 30.");
    await waitFor(() => expect(document.activeElement).toBe(deadline));
  });

  it("lets everyone else read it, and says only admins change it", async () => {
    show(false);
    await screen.findByText(/Only admins can change when review meetings are booked/);
    expect(screen.queryByRole("form")).toBeNull();
    screen.getByText("Major incidents");
    screen.getByText("On-call shifts do not count as busy.");
  });
});
