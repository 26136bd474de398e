import { afterEach, describe, expect, it, vi } from "vitest";
import { idempotencyKey } from "./idempotency";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("idempotencyKey", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("is a fresh v4 UUID each time", () => {
    const a = idempotencyKey();
    expect(a).toMatch(UUID);
    expect(idempotencyKey()).not.toBe(a);
  });

  it("still works where randomUUID is missing (plain http)", () => {
    const real = globalThis.crypto;
    const getRandomValues = vi.fn((array: Uint8Array) => real.getRandomValues(array));
    vi.stubGlobal("crypto", { getRandomValues });
    const key = idempotencyKey();
    expect(getRandomValues).toHaveBeenCalled();
    expect(key).toMatch(UUID);
  });
});
