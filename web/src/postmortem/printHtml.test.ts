import { describe, expect, it } from "vitest";
import { cleanExport } from "./printHtml";

describe("the print view's HTML", () => {
  it("keeps the document and drops what could run or restyle the page", () => {
    const html = cleanExport('<h1>INC-7</h1><h2 onclick="x()">Summary</h2><script>alert(1)</script><p style="color:red">Body <a href="https://example.com">link</a> <a href="javascript:alert(1)">bad</a></p><img src="x" onerror="y()">');
    expect(html).toContain("<h1>INC-7</h1>");
    expect(html).toContain("<h2>Summary</h2>");
    expect(html).not.toMatch(/script|onclick|onerror|style=|<img|javascript:/);
    expect(html).toContain('href="https://example.com" target="_blank" rel="noopener noreferrer"');
  });

  it("names task boxes and keeps them unchangeable", () => {
    const html = cleanExport('<ul class="tasks"><li><input type="checkbox" disabled checked> Ship it</li><li><input type="checkbox"> Later</li></ul>');
    const doc = new DOMParser().parseFromString(html, "text/html");
    const boxes = Array.from(doc.querySelectorAll("input"));
    expect(boxes.map((b) => [b.getAttribute("aria-label"), b.disabled])).toEqual([
      ["Done", true],
      ["Not done", true],
    ]);
  });
});
