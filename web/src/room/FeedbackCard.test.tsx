import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, type Incident } from "../api/client";
import { answer } from "../testing/followUps";
import { testQueryClient, withClient } from "../testing/wrapper";
import { FeedbackCard } from "./FeedbackCard";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const incident = (status: Incident["status"]) => ({ id: 42, reference: "INC-42", status }) as unknown as Incident;

function show(status: Incident["status"], mine: () => ReturnType<typeof answer>) {
  const get = vi.spyOn(api, "GET").mockImplementation((async (path: string) => (path === "/api/v1/incidents/{ref}/feedback/mine" ? mine() : answer({ status: 500 }, 500))) as never);
  const Wrapper = withClient(testQueryClient());
  const view = render(
    <Wrapper>
      <FeedbackCard incident={incident(status)} />
    </Wrapper>,
  );
  return { ...view, get };
}

describe("the participants' feedback card", () => {
  it("asks a participant who has not answered (404), sends 1..5 and a comment, then thanks with a way to edit", async () => {
    const { container } = show("resolved", () => answer({ status: 404, detail: "no feedback" }, 404));
    const form = await screen.findByRole("form", { name: "Feedback on the response" });
    const scale = within(form).getByRole("radiogroup", { name: "How well did the response to this incident go?" });
    expect(within(scale).getAllByRole("radio").map((r) => r.parentElement!.textContent)).toEqual(["1 Very badly", "2 Badly", "3 Neither well nor badly", "4 Well", "5 Very well"]);
    const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);

    // No answer chosen: said, not sent.
    const post = vi.spyOn(api, "POST").mockImplementation((async (_p: string, init: { body: { score: number; comment?: string } }) => answer({ score: init.body.score, comment: init.body.comment ?? null, submitted_at: "2026-12-07T10:00:00Z" })) as never);
    fireEvent.click(within(form).getByRole("button", { name: "Send feedback" }));
    within(form).getByText("Choose one of the five answers.");
    expect(post).not.toHaveBeenCalled();

    fireEvent.click(within(scale).getByLabelText(/Well$/, { selector: "input[value='4']" }));
    fireEvent.change(within(form).getByLabelText("Anything to add? (optional)"), { target: { value: " The pages came late. " } });
    fireEvent.click(within(form).getByRole("button", { name: "Send feedback" }));
    await screen.findByText(/Thanks: you said “Well”/);
    expect(post).toHaveBeenCalledWith("/api/v1/incidents/{ref}/feedback", expect.objectContaining({ params: { path: { ref: "INC-42" } }, body: { score: 4, comment: "The pages came late." } }));

    fireEvent.click(screen.getByRole("button", { name: "Edit your answer" }));
    const again = screen.getByRole("form", { name: "Feedback on the response" });
    expect((within(again).getByRole("radio", { checked: true }) as HTMLInputElement).value).toBe("4");
    expect((within(again).getByLabelText("Anything to add? (optional)") as HTMLTextAreaElement).value).toBe("The pages came late.");
    fireEvent.click(within(again).getByRole("button", { name: "Cancel" }));
    screen.getByText(/Thanks/);
  });

  it("shows the answer already given", async () => {
    show("closed", () => answer({ score: 1, comment: null, submitted_at: "2026-12-07T10:00:00Z" }));
    await screen.findByText(/Thanks: you said “Very badly”/);
  });

  it("is absent for those who took no part (403) and while the incident is running", async () => {
    const { get, unmount } = show("closed", () => answer({ status: 403, detail: "only participants" }, 403));
    await waitFor(() => expect(get).toHaveBeenCalled());
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.queryByRole("region")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
    unmount();
    vi.restoreAllMocks();
    const running = show("active", () => answer({ score: 1, comment: null, submitted_at: "x" }));
    await new Promise((r) => setTimeout(r, 10));
    expect(running.get).not.toHaveBeenCalled();
    expect(screen.queryByRole("region")).toBeNull();
  });
});
