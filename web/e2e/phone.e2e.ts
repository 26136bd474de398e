import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, adminApi, launchBrowser, startGoldseam, type Goldseam } from "./harness";

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

test("on a phone, the dashboard and the room fit and can be worked", async () => {
  const admin = await adminApi(goldseam.url);
  await admin("POST", "/api/v1/incidents", { title: "Mobile app cannot log in after the 2.14 release for every Android user", severity: "SEV1" });
  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })).newPage();
  await page.goto(goldseam.url);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
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
