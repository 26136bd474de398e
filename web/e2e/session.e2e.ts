import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { ADMIN, adminApi, launchBrowser, startGoldseam, type Goldseam } from "./harness";

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

test("when the session expires, the app says so and signing in returns to the same room", async () => {
  const admin = await adminApi(goldseam.url);
  await admin("POST", "/api/v1/incidents", { title: "Disk full on db-2", severity: "SEV2" });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${goldseam.url}/incidents/INC-1`);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /INC-1: Disk full on db-2/ }).waitFor();

  // The session ends (expiry, sign-out elsewhere): the next action finds out.
  await context.clearCookies();
  await page.getByLabel("Comment or status update").fill("Freed 20 GB");
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  await page.getByRole("alert").getByText("Your session has expired").waitFor();

  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /INC-1: Disk full on db-2/ }).waitFor();
  expect(page.url()).toMatch(/\/incidents\/INC-1$/);
});
