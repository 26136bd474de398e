import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import { AppContext, type AppData } from "../context";
import { testQueryClient, withClient } from "../testing/wrapper";
import { PostmortemsSection } from "./PostmortemsSection";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const answer = (data: unknown, status = 200) => ({ data: status < 300 ? data : undefined, error: status < 300 ? undefined : data, response: new Response(null, { status }) });
const app = { session: { user: { id: 1, name: "Ana" } }, severities: [], types: [{ key: "outage", name: "Outage" }, { key: "security", name: "Security" }], roles: [], canAct: true, isAdmin: true } as unknown as AppData;
const template = {
  customized: false,
  sections: [
    { key: "summary", title: "Summary", help: "Two sentences." },
    { key: "impact", title: "Impact", help: "" },
    { key: "timeline", title: "Timeline", help: "" },
  ],
};
const categories = { categories: [{ key: "change", name: "Change", description: "A deploy." }] };

function show() {
  const get = vi.spyOn(api, "GET").mockImplementation((async (path: string, init: { params?: { path?: { type?: string } } }) => {
    if (path === "/api/v1/postmortem-templates/{type}") return answer({ ...template, customized: init.params?.path?.type === "security" });
    if (path === "/api/v1/postmortem-factor-categories") return answer(categories);
    return answer({ status: 500, title: "unexpected" }, 500);
  }) as never);
  const Wrapper = withClient(testQueryClient());
  render(
    <Wrapper>
      <AppContext.Provider value={app}>
        <PostmortemsSection />
      </AppContext.Provider>
    </Wrapper>,
  );
  return get;
}

const templateForm = () => screen.findByRole("form", { name: "Template for Outage incidents" });
const keys = (form: HTMLElement) => within(form).getAllByLabelText("Key").map((i) => (i as HTMLInputElement).value);

describe("postmortem templates in settings", () => {
  it("shows each type's template and whether it is the default", async () => {
    const get = show();
    const form = await templateForm();
    expect(keys(form)).toEqual(["summary", "impact", "timeline"]);
    within(form).getByText("Default template");
    fireEvent.change(screen.getByLabelText("Incident type"), { target: { value: "security" } });
    await screen.findByText("Customized");
    expect(get).toHaveBeenCalledWith("/api/v1/postmortem-templates/{type}", expect.objectContaining({ params: { path: { type: "security" } } }));
  });

  it("moves, removes and adds sections, the keyboard following the moved one", async () => {
    show();
    const form = await templateForm();
    const down = within(form).getByRole("button", { name: "Move down: Section 1: Summary" });
    fireEvent.click(down);
    expect(keys(form)).toEqual(["impact", "summary", "timeline"]);
    expect(document.activeElement).toBe(within(form).getByRole("button", { name: "Move down: Section 2: Summary" }));
    fireEvent.click(within(form).getByRole("button", { name: "Move down: Section 2: Summary" }));
    expect(keys(form)).toEqual(["impact", "timeline", "summary"]);
    // At the bottom, Move down is disabled: the keyboard is on Move up.
    expect(document.activeElement).toBe(within(form).getByRole("button", { name: "Move up: Section 3: Summary" }));
    fireEvent.click(within(form).getByRole("button", { name: "Move up: Section 1: Impact" }));
    expect(keys(form)).toEqual(["impact", "timeline", "summary"]);
    fireEvent.click(within(form).getByRole("button", { name: "Remove Section 2: Timeline" }));
    expect(keys(form)).toEqual(["impact", "summary"]);
    expect(document.activeElement).toBe(within(form).getAllByLabelText("Key")[1]);
    fireEvent.click(within(form).getByRole("button", { name: "Add a section" }));
    expect(keys(form)).toEqual(["impact", "summary", ""]);
    expect(document.activeElement).toBe(within(form).getAllByLabelText("Key")[2]);
  });

  it("saves the sections in order and puts the server's field errors beside their inputs", async () => {
    show();
    const form = await templateForm();
    const put = vi.spyOn(api, "PUT").mockImplementation((async () =>
      answer(
        { title: "Unprocessable", status: 422, detail: "invalid", errors: [{ field: "sections[1].key", message: '"summary" is already the key of an earlier section' }, { field: "sections[2].title", message: "1 to 120 characters" }] },
        422,
      )) as never);
    const second = within(form).getAllByLabelText("Key")[1];
    fireEvent.change(second, { target: { value: "Summary" } });
    fireEvent.change(within(form).getAllByLabelText("Heading")[2], { target: { value: " " } });
    fireEvent.click(within(form).getByRole("button", { name: "Save template" }));
    await within(form).findByText('"summary" is already the key of an earlier section.');
    expect(put).toHaveBeenCalledWith("/api/v1/postmortem-templates/{type}", {
      params: { path: { type: "outage" } },
      body: {
        sections: [
          { key: "summary", title: "Summary", help: "Two sentences." },
          { key: "summary", title: "Impact", help: "" },
          { key: "timeline", title: "", help: "" },
        ],
      },
    });
    const keyInputs = within(form).getAllByLabelText("Key");
    expect(keyInputs.map((i) => i.getAttribute("aria-invalid"))).toEqual([null, "true", null]);
    expect(document.getElementById(keyInputs[1].getAttribute("aria-describedby")!.split(" ").pop()!)!.textContent).toMatch(/already the key/);
    const titles = within(form).getAllByLabelText("Heading");
    expect(titles.map((i) => i.getAttribute("aria-invalid"))).toEqual([null, null, "true"]);
    within(form).getByRole("alert");
    // The error moves with its section.
    fireEvent.click(within(form).getByRole("button", { name: /^Move up: Section 2: / }));
    expect(within(form).getAllByLabelText("Key").map((i) => i.getAttribute("aria-invalid"))).toEqual(["true", null, null]);
  });
});

describe("the factor categories in settings", () => {
  it("saves the list with PUT and shows field errors by category", async () => {
    show();
    const form = await screen.findByRole("form", { name: "Contributing-factor categories" });
    const put = vi.spyOn(api, "PUT").mockImplementation((async () => answer({ title: "Unprocessable", status: 422, detail: "invalid", errors: [{ field: "categories[1].name", message: "1 to 60 characters" }] }, 422)) as never);
    fireEvent.click(within(form).getByRole("button", { name: "Add a category" }));
    fireEvent.change(within(form).getAllByLabelText("Key")[1], { target: { value: "Vendor Outage" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save categories" }));
    await within(form).findByText("1 to 60 characters.");
    expect(put).toHaveBeenCalledWith("/api/v1/postmortem-factor-categories", {
      body: {
        categories: [
          { key: "change", name: "Change", description: "A deploy." },
          { key: "vendor-outage", name: "", description: "" },
        ],
      },
    });
    expect(within(form).getAllByLabelText("Name").map((i) => i.getAttribute("aria-invalid"))).toEqual([null, "true"]);
  });
});
