import { describe, expect, it } from "vitest";
import { checkText, collect, errorSummary, sentence, splitProblem } from "./forms";

describe("checkText", () => {
  it("wants something after trimming, within the limit in characters", () => {
    expect(checkText("  ", "a name", 100)).toBe("Enter a name.");
    expect(checkText(" Ana ", "a name", 100)).toBeNull();
    expect(checkText("é".repeat(100), "a name", 100)).toBeNull();
    expect(checkText("x".repeat(101), "a name", 100)).toBe("This is 101 characters long; at most 100 are accepted.");
  });
});

describe("collect", () => {
  it("drops the fields without a message", () => {
    expect(collect({ name: null, email: "Bad." })).toEqual({ email: "Bad." });
    expect(collect({ name: null })).toEqual({});
  });
});

describe("splitProblem", () => {
  it("puts the form's own fields beside them", () => {
    const problem = { detail: "2 fields are invalid", errors: [{ field: "email", message: "is not an email address like ana@example.com" }] };
    expect(splitProblem(problem, ["email", "name"])).toEqual({ fields: { email: "Is not an email address like ana@example.com." }, message: null });
  });

  it("keeps fields the form does not show in the general message", () => {
    const problem = { detail: "invalid", errors: [{ field: "key", message: "must be 1 to 16 uppercase letters" }, { field: "name", message: "must not be empty" }] };
    expect(splitProblem(problem, ["name"])).toEqual({ fields: { name: "Must not be empty." }, message: "key: must be 1 to 16 uppercase letters" });
  });

  it("puts a conflict beside the field it is about, when the form says which", () => {
    const taken = { status: 409, detail: "a user with the email bo@example.com already exists" };
    expect(splitProblem(taken, ["email"], "email")).toEqual({ fields: { email: "A user with the email bo@example.com already exists." }, message: null });
    expect(splitProblem(taken, ["email"]).message).toBe("a user with the email bo@example.com already exists");
    expect(splitProblem({ status: 403, detail: "admins only" }, ["email"], "email").message).toBe("admins only");
  });

  it("uses the detail when there are no field errors, and a fallback without a problem", () => {
    expect(splitProblem({ detail: "you cannot demote or deactivate yourself; ask another admin" }, ["role"])).toEqual({
      fields: {},
      message: "you cannot demote or deactivate yourself; ask another admin",
    });
    expect(splitProblem(undefined, []).message).toBe("Something went wrong; try again.");
  });
});

describe("sentence", () => {
  it("capitalizes and ends with a full stop once", () => {
    expect(sentence("must not be empty")).toBe("Must not be empty.");
    expect(sentence("Already taken.")).toBe("Already taken.");
    expect(sentence("")).toBe("");
  });
});

describe("errorSummary", () => {
  it("names the fields to fix in form order", () => {
    const labels = { email: "Email", name: "Name", password: "Initial password" };
    expect(errorSummary({ password: "x", email: "y" }, labels)).toBe("Check these fields: Email, Initial password.");
    expect(errorSummary({ name: "x" }, labels)).toBe("Check this field: Name.");
    expect(errorSummary({}, labels)).toBeNull();
  });
});
