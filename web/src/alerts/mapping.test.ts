import { describe, expect, it } from "vitest";
import { DEFAULT_MAPPING, errorsByField, isEditorField, mappingForm, mappingOf, parseSample } from "./mapping";
import { receipts } from "./requests";
import { readFilter, withParam } from "./filters";

describe("a mapping in the editor", () => {
  it("starts from the server's defaults when none is stored, and goes back unchanged", () => {
    expect(mappingOf(mappingForm(null))).toEqual(DEFAULT_MAPPING);
  });

  it("sends emptied templates as none and drops unnamed rows", () => {
    const form = { ...mappingForm(DEFAULT_MAPPING), dedup_key: "  ", link: "", labels: [{ name: " env ", template: "prod" }, { name: "", template: "x" }] };
    const m = mappingOf(form);
    expect(m.dedup_key).toBeNull();
    expect(m.link).toBeNull();
    expect(m.labels).toEqual({ env: "prod" });
  });

  it("puts errors under the editor's field names", () => {
    expect(errorsByField([{ field: "mapping.summary", message: "line 1: bad" }, { field: "mapping.labels.env", message: "too long" }, { field: "name", message: "x" }], "mapping.")).toEqual({ summary: "line 1: bad", "labels.env": "too long", name: "x" });
    expect(isEditorField("labels.env")).toBe(true);
    expect(isEditorField("body")).toBe(false);
  });

  it("reads the sample as JSON or says why not", () => {
    expect(parseSample('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseSample("{a").ok).toBe(false);
  });
});

describe("a request's receipts", () => {
  it("reads the stored outcome, skipping what it does not understand", () => {
    expect(receipts({ outcome: [{ dedup_key: "k", outcome: "new", group_id: 3, reason: "why" }, "junk"] })).toEqual([{ dedup_key: "k", outcome: "new", group_id: 3, reason: "why" }]);
    expect(receipts({ outcome: null })).toEqual([]);
  });
});

describe("the Alerts page's query string", () => {
  it("keeps known filters and the open group, and ignores the rest", () => {
    expect(readFilter(new URLSearchParams("status=open&integration=3&group=12"))).toEqual({ filter: { status: "open", integration_id: 3 }, group: 12 });
    expect(readFilter(new URLSearchParams("status=firing&integration=x&group=0"))).toEqual({ filter: {}, group: null });
    expect(withParam(new URLSearchParams("status=open&group=2"), "group", null)).toBe("?status=open");
    expect(withParam(new URLSearchParams(""), "status", null)).toBe("");
  });
});
