import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, launchBrowser, startGoldseam, type Goldseam } from "./harness";

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

test("sign in, declare with the big red button, see it on the dashboard", async () => {
  const page = await browser.newPage();
  await page.goto(goldseam.url);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText("Nothing is on fire").waitFor();

  await page.getByRole("button", { name: "Declare incident" }).click();
  await page.getByLabel("What is wrong?").fill("Checkout is failing");
  await page.getByLabel("How bad is it?").selectOption("SEV1");
  // The chosen severity explains itself before anyone commits to it.
  await page.getByText("A core feature is broken for many customers").waitFor();
  await page.getByRole("button", { name: "Declare", exact: true }).click();

  const row = page.getByRole("listitem").filter({ hasText: "Checkout is failing" });
  await row.waitFor();
  expect(await row.textContent()).toContain("INC-1");
  expect(await row.textContent()).toContain("SEV1");
  await page.screenshot({ path: join(ARTIFACTS, "dashboard.png") });
});
