import { describe, expect, it } from "vitest";
import { checkTokenName, curlExample, sortTokens, upsertToken, type Token } from "./tokens";

const token = (id: number, created_at: string, revoked_at: string | null = null): Token => ({ id, name: `t${id}`, prefix: `gs_${id}`, created_at, revoked_at, last_used_at: null });

describe("sortTokens", () => {
  it("puts working tokens first, newest first, then the revoked ones", () => {
    const list = [
      token(1, "2026-11-01T10:00:00Z", "2026-11-03T10:00:00Z"),
      token(2, "2026-11-02T10:00:00Z"),
      token(3, "2026-11-04T10:00:00Z"),
      token(4, "2026-11-01T09:00:00Z", "2026-11-05T10:00:00Z"),
    ];
    expect(sortTokens(list).map((t) => t.id)).toEqual([3, 2, 4, 1]);
  });

  it("does not change the list it is given", () => {
    const list = [token(1, "2026-11-01T10:00:00Z"), token(2, "2026-11-02T10:00:00Z")];
    sortTokens(list);
    expect(list.map((t) => t.id)).toEqual([1, 2]);
  });
});

describe("checkTokenName", () => {
  it("wants a short label", () => {
    expect(checkTokenName("ci")).toBeNull();
    expect(checkTokenName(" ")).toMatch(/^Enter a name/);
    expect(checkTokenName("x".repeat(101))).toMatch(/at most 100/);
  });
});

describe("curlExample", () => {
  it("calls the incidents list on this server with the bearer token", () => {
    expect(curlExample("http://goldseam.example:8080/")).toBe('curl -H "Authorization: Bearer YOUR_TOKEN" http://goldseam.example:8080/api/v1/incidents');
    expect(curlExample("https://g.example", "gs_abc")).toBe('curl -H "Authorization: Bearer gs_abc" https://g.example/api/v1/incidents');
  });
});

describe("upsertToken", () => {
  it("replaces a known token and keeps the secret out of the list", () => {
    const list = [token(1, "2026-11-01T10:00:00Z"), token(2, "2026-11-02T10:00:00Z")];
    const revoked = { ...token(2, "2026-11-02T10:00:00Z", "2026-11-06T10:00:00Z") };
    expect(upsertToken(list, revoked)[1].revoked_at).toBe("2026-11-06T10:00:00Z");
    const created = { ...token(3, "2026-11-07T10:00:00Z"), token: "secret" } as Token;
    const added = upsertToken(list, created);
    expect(added.map((t) => t.id)).toEqual([3, 1, 2]);
    expect(added[0]).not.toHaveProperty("token");
  });
});
