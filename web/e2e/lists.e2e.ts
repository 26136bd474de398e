import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, adminApi, launchBrowser, seriousA11yViolations, signIn, startGoldseam, type Goldseam } from "./harness";

let goldseam: Goldseam;
let browser: Browser;
let admin: Awaited<ReturnType<typeof adminApi>>;

beforeAll(async () => {
  goldseam = await startGoldseam();
  browser = await launchBrowser();
  admin = await adminApi(goldseam.url);
  const bo = await admin("POST", "/api/v1/users", { email: "bo@corp.test", name: "Bo Responder", role: "member", password: "a long password" });
  const cy = await admin("POST", "/api/v1/users", { email: "cy@corp.test", name: "Cy Helper", role: "member", password: "a long password" });
  const declare = (body: Record<string, unknown>) => admin("POST", "/api/v1/incidents", body);
  await declare({ title: "Checkout is failing", severity: "SEV1", tags: ["payments", "eu"], summary: "Card payments return 502 from the provider" });
  await declare({ title: "Search is slow", severity: "SEV2", tags: ["search"], summary: "p99 latency above 4s" });
  await declare({ title: "Login page times out", severity: "SEV1", tags: ["auth"] });
  await declare({ title: "Refund emails delayed", severity: "SEV3", tags: ["payments"], summary: "Mail queue is backed up" });
  await declare({ title: "Disk full on db-2", severity: "SEV2", summary: "The volume ran out of inodes overnight" });
  await admin("POST", "/api/v1/incidents/INC-1/roles", { role: "incident_manager", user_id: bo.id });
  await admin("POST", "/api/v1/incidents/INC-1/roles", { role: "responder", user_id: cy.id });
  await admin("POST", "/api/v1/incidents/INC-1/status-updates", { body: "Rolled back the **14:02** deploy; error rate falling" });
  await admin("PATCH", "/api/v1/incidents/INC-4", { status: "resolved", reason: "Queue drained" });
});

afterAll(async () => {
  await browser?.close();
  await goldseam?.stop();
});

/** Signed in, with failures named after the step that waited in vain rather than the test timing out. */
async function open(viewport?: { width: number; height: number }): Promise<Page> {
  const page = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password, viewport);
  page.setDefaultTimeout(8_000);
  return page;
}

const card = (page: Page, title: string) => page.locator("li.dash-card").filter({ has: page.getByRole("link", { name: title }) });

/** The incident links a list shows, as "INC-n Title". */
async function listed(page: Page): Promise<string[]> {
  const names = await page.getByRole("region", { name: "Results" }).locator("a.title").allInnerTexts();
  return names.map((n) => n.replace(/\s+/g, " ").trim()).sort();
}

test("the dashboard: counts, who leads, the last update, tags, recent resolutions, filters, live", async () => {
  const page = await open();
  await page.getByRole("link", { name: /Checkout is failing/ }).waitFor();

  const counts = page.getByRole("group", { name: "Open incidents per severity" });
  await counts.getByRole("button", { name: "SEV1: 2 open" }).waitFor();
  await counts.getByRole("button", { name: "SEV2: 2 open" }).waitFor();
  expect(await counts.getByRole("button", { name: /SEV3/ }).count()).toBe(0);

  const checkout = card(page, "INC-1 Checkout is failing");
  await checkout.getByText("Bo Responder").waitFor();
  expect(await checkout.innerText()).toMatch(/Incident manager\s*Bo Responder/);
  expect(await checkout.innerText()).toMatch(/Responders\s*Cy Helper/);
  await checkout.getByText("Rolled back the 14:02 deploy; error rate falling").waitFor();
  expect(await checkout.getByRole("link", { name: /^#/ }).allInnerTexts()).toEqual(["#eu", "#payments"]);
  expect(await card(page, "INC-3 Login page times out").innerText()).toMatch(/Incident manager\s*Nobody leads/);

  // Most severe first, oldest first within a severity.
  const order = await page.locator("li.dash-card a.title").allInnerTexts();
  expect(order.map((t) => t.split(/\s/)[0])).toEqual(["INC-1", "INC-3", "INC-2", "INC-5"]);

  const resolved = page.getByRole("region", { name: "Recently resolved" });
  await resolved.getByRole("link", { name: /INC-4 Refund emails delayed/ }).waitFor();
  expect(await resolved.getByRole("link", { name: /Checkout/ }).count()).toBe(0);
  await page.screenshot({ path: join(ARTIFACTS, "dashboard.png"), fullPage: true });
  expect(await seriousA11yViolations(page), "dashboard").toEqual([]);
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: join(ARTIFACTS, "dashboard-dark.png"), fullPage: true });
  expect(await seriousA11yViolations(page), "dashboard, dark").toEqual([]);
  await page.emulateMedia({ colorScheme: "light" });

  // A severity count filters, and the filter is in the address.
  await counts.getByRole("button", { name: "SEV1: 2 open" }).click();
  await page.waitForURL(/\?severity=SEV1$/);
  expect(await page.locator("li.dash-card").count()).toBe(2);
  await page.getByLabel("Tag", { exact: true }).selectOption("eu");
  await page.waitForURL(/severity=SEV1&tag=eu$/);
  expect(await page.locator("li.dash-card a.title").allInnerTexts()).toEqual(["INC-1 Checkout is failing"]);
  await page.reload();
  await page.getByRole("link", { name: "INC-1 Checkout is failing" }).waitFor();
  expect(await page.locator("li.dash-card").count()).toBe(1);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.waitForURL(goldseam.url + "/");
  expect(await page.locator("li.dash-card").count()).toBe(4);

  // Declared elsewhere, shown here within a second.
  await admin("POST", "/api/v1/incidents", { title: "Webhooks are dropped", severity: "SEV0" });
  await page.getByRole("link", { name: /Webhooks are dropped/ }).waitFor({ timeout: 1_500 });
  await counts.getByRole("button", { name: "SEV0: 1 open" }).waitFor();

  // A tag leads to its view: open and past incidents with that tag, nothing else.
  await checkout.getByRole("link", { name: "#payments" }).click();
  await page.getByRole("heading", { name: "#payments" }).waitFor();
  expect(page.url()).toBe(`${goldseam.url}/tags/payments`);
  await page.getByRole("region", { name: "Results" }).getByRole("link", { name: /Refund emails delayed/ }).waitFor();
  expect(await listed(page)).toEqual(["INC-1 Checkout is failing", "INC-4 Refund emails delayed"]);
  expect(await seriousA11yViolations(page), "tag view").toEqual([]);
  await page.getByLabel("Status").selectOption("past");
  await page.waitForURL(/\/tags\/payments\?status=past$/);
  await page.getByRole("region", { name: "Results" }).getByRole("link", { name: /Checkout/ }).waitFor({ state: "detached" });
  expect(await listed(page)).toEqual(["INC-4 Refund emails delayed"]);
  await page.getByRole("link", { name: "← All incidents" }).click();
  await page.getByRole("heading", { name: "Incidents", exact: true }).waitFor();
});

test("the incidents list: search, filters in the address, pages, accessible", async () => {
  const page = await open();
  await page.goto(`${goldseam.url}/incidents`);
  await page.getByRole("region", { name: "Results" }).getByRole("link", { name: /Checkout is failing/ }).waitFor();

  // Search reaches summaries, after a pause in typing.
  await page.getByLabel("Search titles and summaries").fill("inodes");
  await page.waitForURL(/\/incidents\?q=inodes$/);
  await page.getByRole("region", { name: "Results" }).getByRole("link", { name: /Checkout/ }).waitFor({ state: "detached" });
  expect(await listed(page)).toEqual(["INC-5 Disk full on db-2"]);

  // A filter narrows; the address keeps both, a reload too.
  await page.getByLabel("Search titles and summaries").fill("");
  await page.waitForURL(/\/incidents$/);
  await page.getByLabel("Severity").selectOption("SEV1");
  await page.getByLabel("Status").selectOption("open");
  await page.waitForURL(/\/incidents\?status=open&severity=SEV1$/);
  await page.getByRole("region", { name: "Results" }).getByRole("link", { name: /Disk full/ }).waitFor({ state: "detached" });
  expect(await listed(page)).toEqual(["INC-1 Checkout is failing", "INC-3 Login page times out"]);
  await page.reload();
  await page.getByRole("region", { name: "Results" }).getByRole("link", { name: /Login page/ }).waitFor();
  expect(await listed(page)).toEqual(["INC-1 Checkout is failing", "INC-3 Login page times out"]);
  expect(await page.getByLabel("Severity").inputValue()).toBe("SEV1");
  expect(await page.getByLabel("Status").inputValue()).toBe("open");
  // Back undoes the last choice.
  await page.goBack();
  await page.waitForURL(/\/incidents\?severity=SEV1$/);
  expect(await page.getByLabel("Status").inputValue()).toBe("");

  // Nothing found says so and offers a way out.
  await page.getByLabel("Search titles and summaries").fill("no such words anywhere");
  await page.getByText("No incident matches these filters.").waitFor();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.waitForURL(/\/incidents$/);
  expect(await page.getByLabel("Search titles and summaries").inputValue()).toBe("");
  await page.getByRole("region", { name: "Results" }).getByRole("link", { name: /Disk full/ }).waitFor();
  expect(await seriousA11yViolations(page), "incidents list").toEqual([]);

  // Declared elsewhere, listed here without a reload.
  await admin("POST", "/api/v1/incidents", { title: "Queue consumers stalled", severity: "SEV2" });
  await page.getByRole("region", { name: "Results" }).getByRole("link", { name: /Queue consumers stalled/ }).waitFor({ timeout: 1_500 });

  // More than a page: the older ones come with "Load older incidents".
  for (let n = 1; n <= 30; n++) await admin("POST", "/api/v1/incidents", { title: `Bulk incident ${n}`, severity: "SEV4" });
  const total = ((await admin("GET", "/api/v1/incidents?limit=200")).items as unknown[]).length;
  await page.reload();
  await page.getByRole("region", { name: "Results" }).getByRole("link", { name: /Bulk incident 30/ }).waitFor();
  expect(await page.locator(".incident-rows > li").count()).toBe(25);
  await page.getByRole("button", { name: "Load older incidents" }).click();
  await page.getByRole("region", { name: "Results" }).getByRole("link", { name: /INC-1 Checkout/ }).waitFor();
  expect(await page.locator(".incident-rows > li").count()).toBe(total);
  expect(await page.getByRole("button", { name: "Load older incidents" }).count()).toBe(0);
  // Keyboard users land on the first incident that was loaded.
  expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(new RegExp(`^INC-${total - 25} `));
  await page.getByText(`${total} incidents shown`).waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "incidents.png"), fullPage: true });
});

test("on a 360 px phone the dashboard does not scroll sideways", async () => {
  const page = await open({ width: 360, height: 740 });
  await page.getByRole("link", { name: /Checkout is failing/ }).waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: join(ARTIFACTS, "dashboard-360.png"), fullPage: true });
  await page.goto(`${goldseam.url}/incidents`);
  await page.getByRole("region", { name: "Results" }).getByRole("link", { name: /Bulk incident 30/ }).waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: join(ARTIFACTS, "incidents-360.png") });
});
