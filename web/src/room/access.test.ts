import { describe, expect, it, test } from "vitest";
import { changesAccess, privateBecause, viewerCount, viewerReasons, type Viewer } from "./access";

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

test("why an incident is private is read from its timeline", () => {
  const declared = (data: object) => ({ kind: "declared", data: { title: "Leak", private: true, ...data } });
  expect(privateBecause([declared({ private_because: "Security incidents start private" })])).toBe("Security incidents start private");
  expect(privateBecause([declared({})])).toBe("private from its declaration");
  const madePublic = { kind: "visibility_changed", data: { private: false, reason: "customers were told" } };
  const madePrivate = { kind: "visibility_changed", data: { private: true, reason: "regulator asked" } };
  expect(privateBecause([declared({}), madePublic])).toBeNull();
  expect(privateBecause([declared({}), madePublic, { kind: "comment_added", data: { body: "x" } }, madePrivate])).toBe("regulator asked");
});
