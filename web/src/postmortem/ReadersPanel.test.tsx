import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import { AppContext, type AppData } from "../context";
import { readerFixture, readersFixture } from "../testing/distribution";
import { answer } from "../testing/followUps";
import { testQueryClient, withClient } from "../testing/wrapper";
import { audienceWords, countWords, emptyWords } from "./readers";
import { ReadersPanel } from "./ReadersPanel";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const app = (canAct = true) => ({ session: { user: { id: 1, name: "Ana" } }, severities: [], types: [], roles: [], canAct, isAdmin: false }) as unknown as AppData;

function show(canAct = true) {
  const Wrapper = withClient(testQueryClient());
  return render(
    <Wrapper>
      <AppContext.Provider value={app(canAct)}>
        <h1>Postmortem</h1>
        <ReadersPanel reference="INC-7" />
      </AppContext.Provider>
    </Wrapper>,
  );
}

type Init = { params: { query: { status?: string; after?: string } } };
const readersCalls = (get: { mock: { calls: unknown[][] } }) => get.mock.calls.filter(([path]) => path === "/api/v1/incidents/{ref}/postmortem/readers").map(([, init]) => (init as Init).params.query);

describe("the readers panel", () => {
  it("shows the counts and a row per reader: why, rendering and times; channels are not tracked", async () => {
    vi.spyOn(api, "GET").mockImplementation((async () => answer(readersFixture())) as never);
    const { container } = show();
    const panel = await screen.findByRole("region", { name: "Readers" });
    const counts = within(panel).getAllByRole("listitem").map((li) => li.textContent);
    expect(counts).toEqual(["Opened by 2 of 3 people", "1 acknowledged", "1 required reader pending", "1 list, channel or webhook (not tracked)"]);
    const rows = within(panel).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(4);
    const ada = within(rows[0]);
    ada.getByRole("rowheader", { name: "Ada Lovelace Required" });
    ada.getByRole("cell", { name: "Participant" });
    ada.getByRole("cell", { name: "Full" });
    within(rows[1]).getByRole("cell", { name: "Subscriber, Team Payments" });
    within(rows[2]).getByRole("cell", { name: "Rule “Leadership for SEV0-1”" });
    within(rows[2]).getByRole("cell", { name: "Summary" });
    within(rows[3]).getByRole("rowheader", { name: "Slack channel C0123ABCD" });
    expect(within(rows[3]).getAllByText("not tracked")).toHaveLength(3);
    const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });

  it("filters by status with the chips, asking the server", async () => {
    const get = vi.spyOn(api, "GET").mockImplementation((async (_path: string, init: Init) =>
      init.params.query.status === "pending" ? answer(readersFixture({ readers: [readerFixture()] })) : init.params.query.status === "acknowledged" ? answer(readersFixture({ readers: [] })) : answer(readersFixture())) as never);
    show();
    const panel = await screen.findByRole("region", { name: "Readers" });
    const chips = within(panel).getByRole("group", { name: "Show readers" });
    expect(within(chips).getByRole("button", { name: "All" }).getAttribute("aria-pressed")).toBe("true");
    fireEvent.click(within(chips).getByRole("button", { name: "Pending" }));
    await waitFor(() => expect(within(panel).getAllByRole("row")).toHaveLength(2));
    expect(within(chips).getByRole("button", { name: "Pending" }).getAttribute("aria-pressed")).toBe("true");
    expect(within(chips).getByRole("button", { name: "All" }).getAttribute("aria-pressed")).toBe("false");
    fireEvent.click(within(chips).getByRole("button", { name: "Acknowledged" }));
    await within(panel).findByText("Nobody has acknowledged it yet.");
    expect(readersCalls(get).map((q) => q.status)).toEqual([undefined, "pending", "acknowledged"]);
  });

  it("loads more with `next`, appending the rows", async () => {
    const get = vi.spyOn(api, "GET").mockImplementation((async (_path: string, init: Init) =>
      init.params.query.after === "4" ? answer(readersFixture({ readers: [readerFixture({ id: 5, name: "Eve Ng" })], next: null })) : answer(readersFixture({ next: 4 }))) as never);
    show();
    const panel = await screen.findByRole("region", { name: "Readers" });
    fireEvent.click(within(panel).getByRole("button", { name: "Load more" }));
    await within(panel).findByRole("rowheader", { name: /Eve Ng/ });
    expect(within(panel).getAllByRole("row")).toHaveLength(6);
    expect(within(panel).queryByRole("button", { name: "Load more" })).toBeNull();
    expect(readersCalls(get).at(-1)).toMatchObject({ after: "4" });
  });

  it("says when the postmortem has not been distributed yet", async () => {
    vi.spyOn(api, "GET").mockImplementation((async () => answer(readersFixture({ version: null, distributed_at: null, readers: [], counts: { people: 0, opened: 0, acknowledged: 0, pending: 0, required_pending: 0, channels: 0 } }))) as never);
    show();
    await screen.findByText(/Not distributed yet/);
    expect(screen.queryByRole("table")).toBeNull();
  });

  it("is not there for someone the server refuses (403)", async () => {
    const get = vi.spyOn(api, "GET").mockImplementation((async () => answer({ title: "Forbidden", status: 403, detail: "Only the incident manager and admins see the readers." }, 403)) as never);
    show();
    await waitFor(() => expect(get).toHaveBeenCalled());
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByRole("region", { name: "Readers" })).toBeNull();
    expect(screen.queryByText(/Only the incident manager/)).toBeNull();
  });

  it("is never asked for by a viewer", async () => {
    const get = vi.spyOn(api, "GET").mockImplementation((async () => answer(readersFixture())) as never);
    show(false);
    await new Promise((r) => setTimeout(r, 20));
    expect(get).not.toHaveBeenCalled();
    expect(screen.queryByRole("region", { name: "Readers" })).toBeNull();
  });

  it("shows another failure with a way to try again", async () => {
    vi.spyOn(api, "GET").mockImplementation((async () => answer({ title: "Not Found", status: 404, detail: "No postmortem yet." }, 404)) as never);
    show();
    const panel = await screen.findByRole("region", { name: "Readers" });
    within(panel).getByText(/The readers could not be loaded: No postmortem yet/);
    within(panel).getByRole("button", { name: "Try again" });
  });
});

describe("readers in words", () => {
  it("says why each got it", () => {
    expect(["participant", "subscriber", "everyone", "team:Payments", "rule:Leadership: SEV0", "channel", "something:else"].map(audienceWords)).toEqual([
      "Participant",
      "Subscriber",
      "Everyone",
      "Team Payments",
      "Rule “Leadership: SEV0”",
      "Named by a rule",
      "something:else",
    ]);
  });

  it("counts people and channels", () => {
    expect(countWords({ people: 1, opened: 0, acknowledged: 0, pending: 1, required_pending: 0, channels: 0 }).map((w) => w.text)).toEqual(["Opened by 0 of 1 person", "0 acknowledged", "No required reader pending"]);
    expect(countWords({ people: 0, opened: 0, acknowledged: 0, pending: 0, required_pending: 0, channels: 2 }).map((w) => w.text)).toEqual(["2 lists, channels or webhooks (not tracked)"]);
    expect(countWords({ people: 0, opened: 0, acknowledged: 0, pending: 0, required_pending: 0, channels: 0 }).map((w) => w.text)).toEqual(["Nobody was sent this version."]);
    expect(emptyWords(null)).toBe("Nobody was sent this version.");
  });
});
