import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { coalesce } from "./coalesce";

/** A refetch that stays in flight until the test finishes it. */
function fetcher() {
  const finishers: (() => void)[] = [];
  const run = vi.fn(() => new Promise<void>((resolve) => finishers.push(resolve)));
  const finish = async () => {
    finishers.shift()?.();
    await vi.advanceTimersByTimeAsync(0);
  };
  return { run, finish };
}

describe("coalesce", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs at once after a quiet spell", () => {
    const { run } = fetcher();
    coalesce(run, 250).trigger();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("folds a burst into one trailing run, never two in flight", async () => {
    const { run, finish } = fetcher();
    const c = coalesce(run, 250);
    c.trigger();
    for (let n = 0; n < 20; n++) c.trigger();
    expect(run).toHaveBeenCalledTimes(1);
    await finish();
    // The trailing run waits out the gap since the first started.
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(250);
    expect(run).toHaveBeenCalledTimes(2);
    await finish();
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it("spaces runs by the gap when the fetch is quick", async () => {
    const run = vi.fn(() => Promise.resolve());
    const c = coalesce(run, 250);
    c.trigger();
    await vi.advanceTimersByTimeAsync(10);
    c.trigger();
    c.trigger();
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(239);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it("keeps going after a failed fetch", async () => {
    const run = vi.fn(() => Promise.reject(new Error("offline")));
    const c = coalesce(run, 250);
    c.trigger();
    await vi.advanceTimersByTimeAsync(300);
    c.trigger();
    expect(run).toHaveBeenCalledTimes(2);
  });

  it("stops", async () => {
    const run = vi.fn(() => Promise.resolve());
    const c = coalesce(run, 250);
    c.trigger();
    await vi.advanceTimersByTimeAsync(10);
    c.trigger();
    c.stop();
    await vi.advanceTimersByTimeAsync(1000);
    c.trigger();
    expect(run).toHaveBeenCalledTimes(1);
  });
});
