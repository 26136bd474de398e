import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import { api } from "../api/client";
import { testQueryClient, withClient } from "../testing/wrapper";
import { AdminNotices } from "./AdminNotices";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function show(enabled: boolean) {
  const Wrapper = withClient(testQueryClient());
  render(
    <Wrapper>
      <AdminNotices enabled={enabled} />
    </Wrapper>,
  );
}

describe("the admins' notice banner", () => {
  it("says what cannot be delivered and links to the dead letters", async () => {
    const last = new Date(Date.now() - 2 * 60_000 - 5_000).toISOString();
    const get = vi.spyOn(api, "GET").mockImplementation((async () => ({
      data: { items: [{ channel: "email", problem: "email is not configured on this server; set smtp_url and smtp_from", failed: 3, last_at: last }] },
      response: new Response(null, { status: 200 }),
    })) as never);
    show(true);
    const banner = await screen.findByRole("complementary", { name: "Notices for admins" });
    expect(banner.textContent).toBe("⚠ Email could not be sent 3 times (last 2 min ago): email is not configured on this server; set smtp_url and smtp_from. See Dead letters");
    expect(screen.getByRole("link", { name: "See Dead letters" }).getAttribute("href")).toBe("/settings/dead-letters");
    expect(get.mock.calls[0][0]).toBe("/api/v1/admin/notices");
  });

  it("is never asked for by non-admins", async () => {
    const get = vi.spyOn(api, "GET");
    show(false);
    await new Promise((r) => setTimeout(r, 20));
    expect(get).not.toHaveBeenCalled();
    expect(screen.queryByRole("complementary")).toBeNull();
  });
});
