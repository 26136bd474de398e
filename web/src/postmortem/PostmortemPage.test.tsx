import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ReactNode } from "react";
import { api } from "../api/client";
import { AppContext, type AppData } from "../context";
import { readersFixture } from "../testing/distribution";
import { FakeEventSource } from "../testing/fakeEventSource";
import { testQueryClient, withClient } from "../testing/wrapper";
import type { Postmortem } from "./api/postmortem";
import { PostmortemPage } from "./PostmortemPage";

// The live editor needs a socket; this test is about what the page offers around it.
vi.mock("./editor/PostmortemEditor", () => ({ PostmortemEditor: ({ postmortem }: { postmortem: Postmortem }) => <p>editor, {postmortem.can_edit ? "editable" : "read-only"}</p> }));

beforeEach(() => FakeEventSource.install());

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const answer = (data: unknown, status = 200) => ({ data: status < 300 ? data : undefined, error: status < 300 ? undefined : data, response: new Response(null, { status }) });
const app = (canAct = true) => ({ session: { user: { id: 1, name: "Ana Admin" } }, severities: [], types: [], roles: [], canAct, isAdmin: false }) as unknown as AppData;
const pm: Postmortem = { reference: "INC-7", state: "draft", version: 1, reviewers: [], open_threads: 0, can_edit: true, sections: [], opened_at: "2026-12-03T10:00:00Z", updated_at: "2026-12-03T10:00:00Z", published_at: null };

function show(canAct = true, meeting?: ReactNode) {
  const Wrapper = withClient(testQueryClient());
  render(
    <Wrapper>
      <AppContext.Provider value={app(canAct)}>
        <PostmortemPage reference="INC-7" meeting={meeting} />
      </AppContext.Provider>
    </Wrapper>,
  );
}

/** The server: no postmortem until one is started. */
function server() {
  let exists = false;
  const get = vi.spyOn(api, "GET").mockImplementation((async (path: string) => {
    if (path === "/api/v1/incidents/{ref}") return answer({ reference: "INC-7", title: "Checkout errors", last_seq: 1 });
    if (path === "/api/v1/incidents/{ref}/postmortem") return exists ? answer(pm) : answer({ title: "Not Found", status: 404, detail: "No postmortem yet." }, 404);
    return answer({ title: "unexpected", status: 500 }, 500);
  }) as never);
  const post = vi.spyOn(api, "POST").mockImplementation((async () => {
    exists = true;
    return answer(pm, 201);
  }) as never);
  return { get, post };
}

describe("the postmortem page", () => {
  it("offers to start the postmortem when there is none (404), then opens the editor", async () => {
    const { post } = server();
    show();
    const start = await screen.findByRole("button", { name: "Start the postmortem" });
    screen.getByRole("heading", { level: 1, name: /Postmortem: INC-7/ });
    expect(screen.queryByText(/^editor/)).toBeNull();
    fireEvent.click(start);
    await screen.findByText("editor, editable");
    expect(post).toHaveBeenCalledWith("/api/v1/incidents/{ref}/postmortem", expect.objectContaining({ params: { path: { ref: "INC-7" } } }));
    expect(screen.queryByRole("button", { name: "Start the postmortem" })).toBeNull();
    await screen.findByRole("heading", { level: 1, name: "Postmortem: INC-7: Checkout errors" });
  });

  it("shows the review meeting's panel the shell gives, below the review, once there is a postmortem", async () => {
    server();
    show(true, <section aria-label="Review meeting">meeting panel</section>);
    fireEvent.click(await screen.findByRole("button", { name: "Start the postmortem" }));
    expect(screen.queryByText("meeting panel")).toBeNull();
    const panel = await screen.findByRole("region", { name: "Review meeting" });
    const review = screen.getByRole("region", { name: "Review" });
    expect(review.compareDocumentPosition(panel) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it("does not offer viewers to start it", async () => {
    server();
    show(false);
    await screen.findByText("This incident has no postmortem yet.");
    expect(screen.queryByRole("button", { name: "Start the postmortem" })).toBeNull();
  });

  it("shows an error other than 404 as an error, with a way to try again", async () => {
    vi.spyOn(api, "GET").mockImplementation((async () => answer({ title: "Forbidden", status: 403, detail: "You cannot see this incident." }, 403)) as never);
    show();
    await screen.findByText(/You cannot see this incident/);
    expect(screen.queryByRole("button", { name: "Start the postmortem" })).toBeNull();
  });

  it("is read-only once published, and Amend opens the next version for editing", async () => {
    let current: Postmortem = { ...pm, state: "published", can_edit: false, published_at: "2026-12-03T11:00:00Z" };
    const get = vi.spyOn(api, "GET").mockImplementation((async (path: string) => {
      if (path === "/api/v1/incidents/{ref}") return answer({ reference: "INC-7", title: "Checkout errors", last_seq: 1 });
      if (path === "/api/v1/incidents/{ref}/postmortem") return answer(current);
      if (path === "/api/v1/incidents/{ref}/postmortem/versions") return answer([{ version: 1, published_at: "2026-12-03T11:00:00Z", published_by: "Ana Admin" }]);
      if (path === "/api/v1/incidents/{ref}/postmortem/readers") return answer(readersFixture({ version: 1 }));
      return answer({ title: "unexpected", status: 500 }, 500);
    }) as never);
    const post = vi.spyOn(api, "POST").mockImplementation((async () => {
      current = { ...pm, state: "draft", version: 2, can_edit: true };
      return answer(current);
    }) as never);
    show();
    await screen.findByText("editor, read-only");
    screen.getByText("Read-only: published");
    await screen.findByRole("link", { name: /^Markdown/ });
    // Who it went to, below its versions.
    await screen.findByRole("region", { name: "Readers" });
    const asked = (get.mock.calls as unknown as [string][]).filter(([path]) => path === "/api/v1/incidents/{ref}/postmortem").length;
    fireEvent.click(screen.getByRole("button", { name: "Amend" }));
    await screen.findByText("editor, editable");
    expect(post).toHaveBeenCalledWith("/api/v1/incidents/{ref}/postmortem/review", { params: { path: { ref: "INC-7" } }, body: { action: "amend" } });
    expect(screen.queryByText("Read-only: published")).toBeNull();
    // Asked again after the move.
    await waitFor(() => expect((get.mock.calls as unknown as [string][]).filter(([path]) => path === "/api/v1/incidents/{ref}/postmortem").length).toBeGreaterThan(asked));
  });
});

describe("the postmortem page, live", () => {
  it("shows another person's review move when its event arrives", async () => {
    let current: Postmortem = { ...pm, state: "in_review", reviewers: [{ user_id: 2, name: "Bo Chen", verdict: null }] };
    vi.spyOn(api, "GET").mockImplementation((async (path: string) => {
      if (path === "/api/v1/incidents/{ref}") return answer({ reference: "INC-7", title: "Checkout errors", last_seq: 1 });
      if (path === "/api/v1/incidents/{ref}/postmortem") return answer(current);
      if (path === "/api/v1/incidents/{ref}/postmortem/readers") return answer({ title: "Forbidden", status: 403 }, 403);
      return answer([]);
    }) as never);
    show();
    await screen.findByText("not reviewed yet");
    current = { ...current, state: "approved", reviewers: [{ user_id: 2, name: "Bo Chen", verdict: "approved" }] };
    const feed = FakeEventSource.open()[0];
    feed.open();
    feed.send({ reference: "INC-7", kind: "postmortem_state_changed", seq: 2 });
    await screen.findByRole("button", { name: "Publish version 1" }, { timeout: 3000 });
    screen.getByText("approved");
  });
});
