import { describe, expect, it } from "vitest";
import { plainExcerpt } from "./excerpt";

describe("plainExcerpt", () => {
  it("strips markdown to one line", () => {
    expect(plainExcerpt("## Update\n\n**Rolled back** the [deploy](https://x/1) and _waiting_ on `db-2`.\n- next: watch")).toBe(
      "Update Rolled back the deploy and waiting on db-2. next: watch",
    );
  });
  it("keeps snake_case and arithmetic", () => {
    expect(plainExcerpt("queue_depth is 2 * 3")).toBe("queue_depth is 2 * 3");
  });
  it("cuts long text at a word", () => {
    const text = "The payment provider is returning errors for a share of card payments in the EU region";
    expect(plainExcerpt(text, 40)).toBe("The payment provider is returning…");
    expect(plainExcerpt(text, 200)).toBe(text);
  });
});
