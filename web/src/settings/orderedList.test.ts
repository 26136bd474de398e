import { describe, expect, it } from "vitest";
import { moveRow, placeErrors, toRows } from "./orderedList";

const FIELDS = ["key", "title", "help"] as const;
const rows = toRows(
  [
    { key: "summary", title: "Summary", help: "" },
    { key: "summary", title: "Impact", help: "" },
    { key: "timeline", title: "", help: "" },
  ],
  FIELDS,
);

describe("moving rows", () => {
  it("swaps with the neighbour, and does nothing past the ends", () => {
    expect(moveRow(["a", "b", "c"], 1, -1)).toEqual(["b", "a", "c"]);
    expect(moveRow(["a", "b", "c"], 1, 1)).toEqual(["a", "c", "b"]);
    expect(moveRow(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(moveRow(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
  });
});

describe("placing the server's field errors", () => {
  const problem = {
    status: 422,
    detail: "invalid",
    errors: [
      { field: "sections[1].key", message: '"summary" is already the key of an earlier section' },
      { field: "sections[2].title", message: "1 to 120 characters" },
      { field: "sections", message: "at most 30 sections" },
    ],
  };

  it("puts each on the row that was sent at its position, even after the rows move", () => {
    const placed = placeErrors(problem, "sections", rows, FIELDS);
    expect(placed.rows[rows[1].uid]).toEqual({ key: '"summary" is already the key of an earlier section.' });
    expect(placed.rows[rows[2].uid]).toEqual({ title: "1 to 120 characters." });
    expect(placed.rows[rows[0].uid]).toBeUndefined();
    expect(placed.list).toBe("At most 30 sections.");
    expect(placed.message).toBeNull();
    // Moving the second row up keeps its error with it: errors are by row, not by place.
    const moved = moveRow(rows, 1, -1);
    expect(placed.rows[moved[0].uid].key).toMatch(/already the key/);
  });

  it("says what it cannot place, and a refusal without fields in words", () => {
    expect(placeErrors({ errors: [{ field: "name", message: "unknown" }] }, "sections", rows, FIELDS).message).toBe("name: unknown");
    expect(placeErrors({ status: 403, detail: "Only admins change templates." }, "sections", rows, FIELDS).message).toBe("Only admins change templates.");
  });
});
