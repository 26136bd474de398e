import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import { api } from "../api/client";
import { answer } from "../testing/followUps";
import { invitationFixture } from "../testing/reviews";
import { testQueryClient, withClient } from "../testing/wrapper";
import { RsvpPage } from "./RsvpPage";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  window.history.replaceState(null, "", "/");
});

function show(search = "", token = "v7.2.ab") {
  const Wrapper = withClient(testQueryClient());
  return render(
    <Wrapper>
      <RsvpPage token={token} search={search} />
    </Wrapper>,
  );
}

const buttons = () => within(screen.getByRole("group", { name: /Will you come|Your answer/ }));

describe("the review invitation's answer page", () => {
  it("opens from /rsvp/:token without a session, sends no cookie, and shows the time in the person's zone", async () => {
    const get = vi.spyOn(api, "GET").mockImplementation((async (path: string) => (path === "/api/v1/rsvp/{token}" ? answer(invitationFixture()) : answer({ status: 401 }, 401))) as never);
    window.history.replaceState(null, "", "/rsvp/v7.2.ab");
    const { container } = render(<App />, { wrapper: withClient(testQueryClient()) });
    await screen.findByRole("heading", { level: 1, name: "Review of INC-7: Checkout errors" });
    expect(get).toHaveBeenCalledWith("/api/v1/rsvp/{token}", expect.objectContaining({ params: { path: { token: "v7.2.ab" } }, credentials: "omit" }));
    expect(get).not.toHaveBeenCalledWith("/api/v1/auth/session", expect.anything());
    screen.getByText("Thu 3 Dec 10:00–11:00");
    screen.getByText("New York time");
    screen.getByText(/For Bo Chen, a required attendee/);
    for (const name of ["Accept", "Decline", "Maybe"]) expect(buttons().getByRole("button", { name }).getAttribute("aria-pressed")).toBe("false");
    const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });

  it("answers nothing on load when the link names an answer: it highlights it, and one press sends it", async () => {
    vi.spyOn(api, "GET").mockImplementation((async () => answer(invitationFixture())) as never);
    const post = vi.spyOn(api, "POST").mockImplementation((async () => answer(invitationFixture({ answer: "declined" }))) as never);
    show("?answer=declined");
    await screen.findByText("You chose “Declined” in the email: press it to send your answer.");
    const decline = buttons().getByRole("button", { name: "Decline" });
    expect(post).not.toHaveBeenCalled();
    expect(decline.className).toBe("suggested");
    expect(document.activeElement).toBe(decline);
    expect(decline.getAttribute("aria-pressed")).toBe("false");

    fireEvent.click(decline);
    await screen.findByText(/Your answer is saved: Declined. Goldseam is looking for another time/);
    expect(post).toHaveBeenCalledTimes(1);
    expect(post).toHaveBeenCalledWith("/api/v1/rsvp/{token}", expect.objectContaining({ params: { path: { token: "v7.2.ab" } }, body: { answer: "declined" }, credentials: "omit" }));
    expect(buttons().getByRole("button", { name: "Decline" }).getAttribute("aria-pressed")).toBe("true");
    expect(screen.queryByText(/in the email: press it/)).toBeNull();
  });

  it("shows the answer given as pressed, and lets it change", async () => {
    vi.spyOn(api, "GET").mockImplementation((async () => answer(invitationFixture({ answer: "accepted" }))) as never);
    const post = vi.spyOn(api, "POST").mockImplementation((async () => answer(invitationFixture({ answer: "tentative" }))) as never);
    show("?answer=accepted");
    await screen.findByText("Your answer: Accepted. You may change it.");
    expect(buttons().getByRole("button", { name: "Accept" }).getAttribute("aria-pressed")).toBe("true");
    // The link's answer is the one already given: nothing to highlight.
    expect(screen.queryByText(/in the email/)).toBeNull();
    fireEvent.click(buttons().getByRole("button", { name: "Maybe" }));
    await screen.findByText("Your answer is saved: Maybe.");
    expect(post).toHaveBeenCalledWith("/api/v1/rsvp/{token}", expect.objectContaining({ body: { answer: "tentative" } }));
  });

  it("says clearly when the meeting moved, and offers no answer once it is cancelled or held", async () => {
    const get = vi.spyOn(api, "GET").mockImplementation((async () => answer(invitationFixture({ sequence: 1, start: "2026-12-04T14:00:00Z", end: "2026-12-04T15:00:00Z" }))) as never);
    show();
    await screen.findByText("Moved.");
    screen.getByText("Fri 4 Dec 09:00–10:00");
    cleanup();

    get.mockImplementation((async () => answer(invitationFixture({ state: "cancelled", sequence: 2 }))) as never);
    show();
    await screen.findByText("Cancelled.");
    expect(screen.queryByRole("button", { name: "Accept" })).toBeNull();
    cleanup();

    get.mockImplementation((async () => answer(invitationFixture({ state: "held" }))) as never);
    show();
    await screen.findByText("Held.");
    expect(screen.queryByRole("button", { name: "Decline" })).toBeNull();
  });

  it("shows the server's refusal of an answer", async () => {
    vi.spyOn(api, "GET").mockImplementation((async () => answer(invitationFixture())) as never);
    vi.spyOn(api, "POST").mockImplementation((async () => answer({ status: 409, title: "Conflict", detail: "this review meeting was cancelled; there is nothing to answer" }, 409)) as never);
    show();
    fireEvent.click(await screen.findByRole("button", { name: "Accept" }));
    await screen.findByText("Not sent: This review meeting was cancelled; there is nothing to answer.");
  });

  it("turns a link that is not valid (404) into a page saying so, without Try again", async () => {
    const get = vi.spyOn(api, "GET").mockImplementation((async () => answer({ status: 404, title: "Not Found", detail: "this invitation not found" }, 404)) as never);
    show();
    await screen.findByRole("heading", { level: 1, name: "This link does not open an invitation" });
    expect(screen.getByRole("alert").textContent).toBe("This invitation not found");
    expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
    await waitFor(() => expect(get).toHaveBeenCalledTimes(1));
  });
});
