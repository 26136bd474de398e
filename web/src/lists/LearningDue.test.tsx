import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import type { LearningDue as Due } from "../api/learning";
import { answer } from "../testing/followUps";
import { learningDueFixture } from "../testing/learning";
import { testQueryClient, withClient } from "../testing/wrapper";
import { LearningDue } from "./LearningDue";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function show(due: Due) {
  const get = vi.spyOn(api, "GET").mockImplementation((async (path: string) => (path === "/api/v1/learning/due" ? answer(due) : answer({ status: 500 }, 500))) as never);
  const Wrapper = withClient(testQueryClient());
  const view = render(
    <Wrapper>
      <LearningDue />
    </Wrapper>,
  );
  return { ...view, get };
}

describe("the dashboard's Learning due", () => {
  it("lists per team the late steps and follow-ups, each linking where it is done", async () => {
    const { container } = show(learningDueFixture());
    const section = await screen.findByRole("region", { name: "Learning due" });
    expect(within(section).getAllByRole("heading", { level: 3 }).map((h) => h.textContent)).toEqual(["Payments", "No team"]);
    const step = within(section).getByRole("link", { name: "INC-42 Checkout down" });
    expect(step.getAttribute("href")).toBe("/incidents/INC-42");
    const row = step.closest("li")!;
    within(row).getByText("Postmortem published");
    within(row).getByText(/Ada Lovelace/);
    expect(row.textContent).toMatch(/overdue, due (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d+ [A-Z][a-z]{2}/);
    const followUp = within(section).getByRole("link", { name: "Alert on queue depth" });
    expect(followUp.getAttribute("href")).toBe("/incidents/INC-42#follow-up-57");
    within(followUp.closest("li")!).getByText(/no owner/);
    within(section).getByRole("link", { name: "INC-7 Slow search" });
    const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it("is absent when nothing is late", async () => {
    const { get } = show({ teams: [] });
    await waitFor(() => expect(get).toHaveBeenCalled());
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.queryByRole("region")).toBeNull();
  });
});
