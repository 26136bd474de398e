import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, adminApi, launchBrowser, seriousA11yViolations, startGoldseam, type Goldseam } from "./harness";

let goldseam: Goldseam;
let browser: Browser;

beforeAll(async () => {
  goldseam = await startGoldseam();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await goldseam?.stop();
});

/** Nothing wider than the screen: no sideways scrolling at 3am on a phone. */
async function fitsTheScreen(page: Page) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll).toBeLessThanOrEqual(client);
}

/** The admin, signed in on a phone (touch, mobile viewport) `width` px wide. */
async function onAPhone(width: number, height = 740): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height }, isMobile: true, hasTouch: true })).newPage();
  await page.goto(goldseam.url);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("banner").waitFor();
  return page;
}

const top = async (what: Locator) => (await what.boundingBox())!.y;
const isFocused = (what: Locator) => what.evaluate((el) => el === document.activeElement);

test("on a phone, the dashboard and the room fit and can be worked", async () => {
  const admin = await adminApi(goldseam.url);
  await admin("POST", "/api/v1/incidents", { title: "Mobile app cannot log in after the 2.14 release for every Android user", severity: "SEV1" });
  const page = await onAPhone(360);
  await page.getByRole("link", { name: /Mobile app cannot log in/ }).waitFor();
  await fitsTheScreen(page);
  await page.screenshot({ path: join(ARTIFACTS, "phone-dashboard.png") });

  await page.getByRole("link", { name: /Mobile app cannot log in/ }).tap();
  await page.getByRole("status").getByText("Live").waitFor();
  await fitsTheScreen(page);
  await page.getByLabel("Comment or status update").fill("Rolling back 2.14 in the store");
  await page.getByRole("button", { name: "Comment", exact: true }).tap();
  await page.getByRole("region", { name: "Activity" }).getByText("Rolling back 2.14 in the store").waitFor();
  await fitsTheScreen(page);
  await page.screenshot({ path: join(ARTIFACTS, "phone-room.png"), fullPage: true });
});

test("on a phone, the header is one row: Declare stays in sight, the pages and the account are behind Menu", async () => {
  const page = await onAPhone(390, 800);
  const header = page.getByRole("banner");
  const menu = header.getByRole("button", { name: "Menu", exact: true });
  const declare = header.getByRole("button", { name: "Declare incident" });
  const nav = page.getByRole("navigation", { name: "Main" });
  await page.getByRole("heading", { name: "Open incidents" }).waitFor();
  expect((await header.boundingBox())!.height, "the header is one row").toBeLessThan(70);
  expect(await declare.isVisible(), "the big red button stays in sight").toBe(true);
  expect(await menu.isVisible()).toBe(true);
  expect(await menu.getAttribute("aria-expanded")).toBe("false");
  // Closed, the links are out of sight and out of reach: Tab goes from Menu to the page.
  expect(await nav.count()).toBe(0);
  expect(await page.getByRole("button", { name: "Sign out" }).count()).toBe(0);
  await menu.focus();
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.closest("header") === null), "Tab past a closed menu leaves the header").toBe(true);
  await fitsTheScreen(page);
  expect(await seriousA11yViolations(page), "closed menu").toEqual([]);

  // Opened from the keyboard: the pages, the current one marked, and the account, below the row.
  await menu.focus();
  await page.keyboard.press("Enter");
  expect(await menu.getAttribute("aria-expanded")).toBe("true");
  await nav.waitFor();
  expect(await nav.getByRole("link").allTextContents()).toEqual(["Dashboard", "Incidents", "Postmortems", "Follow-ups", "Alerts", "On-call", "Teams", "Settings"]);
  expect(await nav.getByRole("link", { name: "Dashboard" }).getAttribute("aria-current")).toBe("page");
  expect(await page.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
  const row = (await header.boundingBox())!;
  expect(await top(nav), "the panel opens below the header").toBeGreaterThanOrEqual(row.y + row.height - 1);
  expect(row.height, "opening the menu leaves the header one row").toBeLessThan(70);
  await page.keyboard.press("Tab");
  expect(await isFocused(nav.getByRole("link", { name: "Dashboard" })), "Tab goes from Menu into what it opened").toBe(true);
  await fitsTheScreen(page);
  expect(await seriousA11yViolations(page), "open menu").toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "phone-menu.png") });

  // Escape closes it and puts the keyboard back on Menu.
  await page.keyboard.press("Escape");
  expect(await menu.getAttribute("aria-expanded")).toBe("false");
  expect(await nav.count()).toBe(0);
  expect(await isFocused(menu), "Escape returns to the Menu button").toBe(true);

  // A tap elsewhere closes it.
  await menu.tap();
  await nav.waitFor();
  // In the page's margin, below the panel: nothing there to follow.
  await page.touchscreen.tap(5, 700);
  await expect.poll(() => menu.getAttribute("aria-expanded")).toBe("false");
  expect(await nav.count()).toBe(0);

  // Choosing a page goes there and closes the menu; the menu then marks that page.
  await menu.tap();
  await nav.getByRole("link", { name: "Incidents" }).tap();
  await page.getByRole("heading", { name: "Incidents", level: 1 }).waitFor();
  expect(new URL(page.url()).pathname).toBe("/incidents");
  expect(await menu.getAttribute("aria-expanded")).toBe("false");
  expect(await nav.count()).toBe(0);
  await menu.tap();
  expect(await nav.getByRole("link", { name: "Incidents" }).getAttribute("aria-current")).toBe("page");
  expect(await nav.getByRole("link", { name: "Dashboard" }).getAttribute("aria-current")).toBeNull();
  await menu.tap();
  expect(await nav.count()).toBe(0);

  // On a wide screen nothing is folded: no Menu button, the pages and Sign out in the header's line.
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(await menu.isVisible()).toBe(false);
  expect(await nav.getByRole("link").allTextContents()).toEqual(["Dashboard", "Incidents", "Postmortems", "Follow-ups", "Alerts", "On-call", "Teams", "Settings"]);
  expect(await page.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
  expect((await header.boundingBox())!.height, "one line on a wide screen too").toBeLessThan(70);
  expect(await top(nav)).toBeLessThan((await header.boundingBox())!.height);
});

test("on a phone, the room leads with what it is, who leads, what happens next and where to write", async () => {
  const admin = await adminApi(goldseam.url);
  const { reference } = (await admin("POST", "/api/v1/incidents", {
    title: "Checkout times out for a third of card payments in the EU",
    severity: "SEV2",
    tags: ["payments", "eu"],
    summary: "The payment provider answers **504** since 14:02.",
  })) as { reference: string };
  // A long timeline, as a real incident has after an hour, and two of its comments pinned.
  for (let i = 1; i <= 8; i++) {
    const { events } = (await admin("POST", `/api/v1/incidents/${reference}/comments`, { body: `Checked shard ${i}: nothing unusual in its logs, moving on to the next one.` })) as { events: { id: number }[] };
    if (i <= 2) await admin("POST", `/api/v1/incidents/${reference}/pins`, { event_id: events[0].id });
  }

  const page = await onAPhone(390, 800);
  await page.goto(`${goldseam.url}/incidents/${reference}`);
  await page.getByRole("status").getByText("Live").waitFor();
  const activity = page.getByRole("region", { name: "Activity" });
  await activity.getByText("Checked shard 8").waitFor();
  const title = page.getByRole("heading", { level: 1, name: /Checkout times out/ });
  const lead = page.locator(".room-header .lead");
  const next = page.locator(".paging-summary");
  const composer = page.getByLabel("Comment or status update");
  await next.waitFor();
  await page.getByRole("region", { name: "Pinned" }).getByText("Checked shard 2").waitFor();

  expect((await page.getByRole("banner").boundingBox())!.height, "the app header is one row").toBeLessThan(70);
  const order = [await top(title), await top(lead), await top(next), await top(composer)];
  expect(order, "title, lead line, what happens next, then the composer").toEqual([...order].sort((a, b) => a - b));
  const panels = [page.getByRole("region", { name: "Pinned" }), activity, page.getByRole("region", { name: "Roles" }), page.getByRole("region", { name: "Tags" }), page.getByRole("region", { name: /^Paging/ }), page.getByRole("region", { name: "Affected services" })];
  for (const panel of panels) expect(await top(panel), `the composer comes before ${await panel.getAttribute("aria-label") ?? await panel.getAttribute("aria-labelledby")}`).toBeGreaterThan(await top(composer));
  // Where to write is on the first screen, without scrolling.
  const box = (await composer.boundingBox())!;
  expect(box.y + box.height, "the composer is on the first screen").toBeLessThanOrEqual(800);
  await fitsTheScreen(page);
  expect(await seriousA11yViolations(page), "room on a phone").toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "phone-room-first-screen.png") });

  // A wide screen keeps its layout: the pinned items above the composer, the panels beside.
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(await top(page.getByRole("region", { name: "Pinned" }))).toBeLessThan(await top(composer));
  const roles = (await page.getByRole("region", { name: "Roles" }).boundingBox())!;
  const writing = (await composer.boundingBox())!;
  expect(roles.x, "the Roles panel beside the composer").toBeGreaterThan(writing.x + writing.width);
});
