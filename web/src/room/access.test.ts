import { describe, expect, it } from "vitest";
import { changesAccess, viewerCount, viewerReasons, type Viewer } from "./access";

const viewer = (id: number, ...reasons: Viewer["reasons"]): Viewer => ({ user: { id, name: `P${id}`, email: `p${id}@corp.test` }, reasons });

describe("who can see a private incident, in words", () => {
  it("says why each person can see it", () => {
    expect(viewerReasons(["declared"])).toBe("declared it");
    expect(viewerReasons(["role", "paged"])).toBe("holds a role in it and was paged");
    expect(viewerReasons(["informed", "added", "took_part"])).toBe("was informed, was added and took part");
    expect(viewerReasons(["admin"])).toBe("is an admin");
    // A reason added on the server later still reads.
    expect(viewerReasons(["on_call_now"])).toBe("on call now");
  });

  it("counts them", () => {
    expect(viewerCount([viewer(1, "admin")])).toBe("Private: 1 person can see this");
    expect(viewerCount([1, 2, 3, 4, 5, 6].map((id) => viewer(id, "paged")))).toBe("Private: 6 people can see this");
  });

  it("knows which timeline events may change who can see it", () => {
    expect(changesAccess([{ kind: "comment_added" }, { kind: "tag_added" }])).toBe(false);
    expect(changesAccess([{ kind: "comment_added" }, { kind: "access_granted" }])).toBe(true);
    expect(changesAccess([{ kind: "visibility_changed" }])).toBe(true);
    expect(changesAccess([{ kind: "paged" }])).toBe(true);
  });
});
