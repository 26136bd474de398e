import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import { answer } from "../testing/followUps";
import { feedbackSummaryFixture } from "../testing/learning";
import { testQueryClient, withClient } from "../testing/wrapper";
import { FeedbackSummary } from "./FeedbackSummary";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function show(reply: () => ReturnType<typeof answer>) {
  const get = vi.spyOn(api, "GET").mockImplementation((async (path: string) => (path === "/api/v1/learning/feedback" ? reply() : answer({ status: 500 }, 500))) as never);
  const Wrapper = withClient(testQueryClient());
  const view = render(
    <Wrapper>
      <FeedbackSummary />
    </Wrapper>,
  );
  return { ...view, get };
}

describe("the response feedback summary", () => {
  it("shows per team the answers, the average, the spread over the five and the comments", async () => {
    const { container } = show(() => answer(feedbackSummaryFixture()));
    const section = await screen.findByRole("region", { name: "Response feedback" });
    expect(within(section).getAllByRole("heading", { level: 3 }).map((h) => h.textContent)).toEqual(["Payments", "No team"]);
    within(section).getByText(/5 answers, on average/);
    within(section).getByText("3.8");
    const bars = within(section).getByRole("list", { name: "Answers for Payments, best first" });
    expect(within(bars).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["5 Very well2", "4 Well1", "3 Neither well nor badly1", "2 Badly1", "1 Very badly0"]);
    within(section).getByText("The pages came late.");
    within(section).getByText("No answers yet.");
    const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it("is absent when the server refuses (403)", async () => {
    const { get } = show(() => answer({ status: 403, detail: "members only" }, 403));
    await waitFor(() => expect(get).toHaveBeenCalled());
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.queryByRole("region")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
