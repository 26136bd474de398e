import { afterEach, describe, expect, it } from "vitest";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { Session } from "./api/client";
import { Header } from "./Header";

afterEach(cleanup);

const session = { user: { id: 1, name: "Ana", email: "ana@example.com", role: "member" }, csrf_token: "t" } as unknown as Session;

// What is shown where is header.css's business (jsdom has no layout); this checks what the menu
// does: it opens, says so, and closes the ways people expect.
function renderHeader(path = "/") {
  const view = render(<Header session={session} path={path} canAct ready onSignOut={() => undefined} />);
  const button = screen.getByRole("button", { name: "Menu" });
  const panel = document.getElementById(button.getAttribute("aria-controls") ?? "")!;
  const isOpen = () => button.getAttribute("aria-expanded") === "true" && panel.classList.contains("open");
  return { view, button, panel, isOpen };
}

describe("the header's menu", () => {
  it("holds the pages and the account, and says which page is shown", () => {
    const { button, panel, isOpen } = renderHeader("/incidents");
    expect(panel).toBeTruthy();
    expect(isOpen()).toBe(false);
    expect(button.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(button);
    expect(isOpen()).toBe(true);
    const links = Array.from(panel.querySelectorAll("nav a")).map((a) => a.textContent);
    expect(links).toEqual(["Dashboard", "Incidents", "Postmortems", "Follow-ups", "Alerts", "On-call", "Teams", "Settings"]);
    expect(panel.querySelector('a[aria-current="page"]')?.textContent).toBe("Incidents");
    expect(panel.textContent).toContain("Sign out");
    // The big red button stays outside the menu: it is never more than a tap away.
    expect(panel.contains(screen.getByRole("button", { name: "Declare incident" }))).toBe(false);
    fireEvent.click(button);
    expect(isOpen()).toBe(false);
  });

  it("closes on Escape and gives the keyboard back to the button", () => {
    const { button, panel, isOpen } = renderHeader();
    fireEvent.click(button);
    act(() => (panel.querySelector("nav a") as HTMLElement).focus());
    expect(isOpen()).toBe(true);
    fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    expect(isOpen()).toBe(false);
    expect(document.activeElement).toBe(button);
  });

  it("closes when a link is chosen, even the current page's, and when the page changes", () => {
    const { view, button, panel, isOpen } = renderHeader();
    fireEvent.click(button);
    fireEvent.click(panel.querySelector('a[aria-current="page"]')!);
    expect(isOpen()).toBe(false);

    fireEvent.click(button);
    view.rerender(<Header session={session} path="/oncall" canAct ready onSignOut={() => undefined} />);
    expect(isOpen()).toBe(false);
  });

  it("closes on a tap elsewhere or when the keyboard leaves it, not on a tap inside", () => {
    const outside = document.body.appendChild(document.createElement("button"));
    const { button, panel, isOpen } = renderHeader();
    fireEvent.click(button);
    fireEvent.pointerDown(panel.querySelector(".who")!);
    expect(isOpen()).toBe(true);
    fireEvent.pointerDown(outside);
    expect(isOpen()).toBe(false);

    fireEvent.click(button);
    act(() => outside.focus());
    expect(isOpen()).toBe(false);
    outside.remove();
  });
});
