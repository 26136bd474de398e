import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useQuery } from "@tanstack/react-query";
import { ApiError } from "../api/errors";
import { MAX_RETRIES, shouldRetry } from "../api/queryClient";
import { testQueryClient, withClient } from "../testing/wrapper";
import { QueryState } from "./QueryState";

afterEach(cleanup);

function Schedules({ fetch }: { fetch: () => Promise<string[]> }) {
  const query = useQuery({ queryKey: ["schedules"], queryFn: fetch });
  return (
    <QueryState query={query} what="The schedules">
      {(names) => <p>Schedules: {names.join(", ")}</p>}
    </QueryState>
  );
}

const renderWith = (fetch: () => Promise<string[]>) => render(<Schedules fetch={fetch} />, { wrapper: withClient(testQueryClient()) });

describe("QueryState", () => {
  it("shows loading, then the server's problem detail with Try again, then the data once it comes", async () => {
    const fetch = vi
      .fn<() => Promise<string[]>>()
      .mockRejectedValueOnce(new ApiError(403, { title: "Forbidden", detail: "only admins may list schedules" }))
      .mockResolvedValueOnce(["Primary", "Database"]);
    renderWith(fetch);
    expect(screen.getByText("Loading…")).toBeTruthy();

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("The schedules could not be loaded: only admins may list schedules");
    // A 4xx is the server's answer: asked once, not retried behind the user's back.
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(screen.queryByText(/Schedules:/)).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("Schedules: Primary, Database")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("asks again after a 5xx or an unreachable server before showing the error", async () => {
    const fetch = vi.fn<() => Promise<string[]>>().mockRejectedValue(new ApiError(503, { detail: "the database is restarting" }));
    renderWith(fetch);
    expect((await screen.findByRole("alert")).textContent).toContain("the database is restarting");
    expect(fetch).toHaveBeenCalledTimes(1 + MAX_RETRIES);
  });

  it("recovers when a retry succeeds, without showing an error", async () => {
    const fetch = vi.fn<() => Promise<string[]>>().mockRejectedValueOnce(new ApiError(0, undefined)).mockResolvedValueOnce(["Primary"]);
    renderWith(fetch);
    expect(await screen.findByText("Schedules: Primary")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("keeps the data shown when a refetch fails, with the error above it", async () => {
    const client = testQueryClient();
    const fetch = vi.fn<() => Promise<string[]>>().mockResolvedValueOnce(["Primary"]).mockRejectedValue(new ApiError(404, { detail: "schedule 7 does not exist" }));
    render(<Schedules fetch={fetch} />, { wrapper: withClient(client) });
    await screen.findByText("Schedules: Primary");
    await client.refetchQueries({ queryKey: ["schedules"] });
    expect((await screen.findByRole("alert")).textContent).toContain("schedule 7 does not exist");
    expect(screen.getByText("Schedules: Primary")).toBeTruthy();
  });
});

describe("shouldRetry", () => {
  it("never retries a 4xx, retries network failures and 5xx twice", () => {
    for (const status of [400, 401, 403, 404, 409, 422, 429]) expect(shouldRetry(0, new ApiError(status, undefined)), String(status)).toBe(false);
    for (const error of [new ApiError(0, undefined), new ApiError(500, undefined), new ApiError(503, undefined), new TypeError("Failed to fetch")]) {
      expect(shouldRetry(0, error)).toBe(true);
      expect(shouldRetry(1, error)).toBe(true);
      expect(shouldRetry(2, error)).toBe(false);
    }
  });
});
