import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { DiffView } from "./DiffView";

afterEach(cleanup);

describe("the diff view", () => {
  it("marks added and removed lines with +/- and words, not colour alone", () => {
    render(
      <DiffView
        from={1}
        to={2}
        lines={[
          { op: "=", text: "## Summary" },
          { op: "-", text: "It lasted twenty minutes." },
          { op: "+", text: "It lasted twenty-five minutes." },
          { op: "=", text: "" },
        ]}
      />,
    );
    const rows = screen.getAllByRole("listitem");
    expect(rows.map((r) => r.textContent)).toEqual([" ## Summary", "-removed: It lasted twenty minutes.", "+added: It lasted twenty-five minutes.", " \u00a0"]);
    // The marker is for the eye; the words are for screen readers (visually hidden).
    expect(rows[2].querySelector(".diff-marker")?.getAttribute("aria-hidden")).toBe("true");
    expect(rows[2].querySelector(".visually-hidden")?.textContent).toBe("added: ");
    expect(rows[1].querySelector("del")?.textContent).toBe("It lasted twenty minutes.");
    expect(rows[2].querySelector("ins")?.textContent).toBe("It lasted twenty-five minutes.");
    expect(rows[0].querySelector(".visually-hidden")).toBeNull();
    screen.getByText("From version 1 to version 2: 1 line added, 1 line removed.");
    screen.getByRole("list", { name: "Changes from version 1 to version 2" });
  });

  it("says when two versions are the same", () => {
    render(<DiffView from={1} to={2} lines={[{ op: "=", text: "Same" }]} />);
    screen.getByText("These versions are the same.");
    expect(screen.queryByRole("list")).toBeNull();
  });

  it("folds long unchanged stretches until asked", () => {
    const same = Array.from({ length: 12 }, (_, i) => ({ op: "=", text: `line ${i}` }));
    render(<DiffView from={1} to={2} lines={[...same, { op: "+", text: "new" }]} />);
    expect(screen.queryByText("line 0")).toBeNull();
    screen.getByText("line 11");
    fireEvent.click(screen.getByRole("button", { name: "Show 9 unchanged lines" }));
    expect(document.activeElement).toBe(screen.getByText("line 0").closest("li"));
    expect(screen.getAllByRole("listitem")).toHaveLength(13);
  });
});
