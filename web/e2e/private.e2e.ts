import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { adminApi, launchBrowser, startGoldseam, type Goldseam } from "./harness";

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

test("a private incident is invisible to someone not taking part", async () => {
  const admin = await adminApi(goldseam.url);
  await admin("POST", "/api/v1/users", { email: "eve@corp.test", name: "Eve", role: "member", password: "a long password" });
  await admin("POST", "/api/v1/incidents", { title: "Customer data in a public bucket", severity: "SEV0", type: "security" });
  await admin("POST", "/api/v1/incidents", { title: "Search is slow", severity: "SEV3" });

  const page = await browser.newPage();
  await page.goto(goldseam.url);
  await page.getByLabel("Email").fill("eve@corp.test");
  await page.getByLabel("Password").fill("a long password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("link", { name: /Search is slow/ }).waitFor();
  expect(await page.getByText("Customer data in a public bucket").count()).toBe(0);

  // Even with its address, the room says no more than for an incident that does not exist.
  await page.goto(`${goldseam.url}/incidents/INC-1`);
  await page.getByRole("alert").getByText("INC-1 does not exist, or you may not see it").waitFor();
  expect(await page.getByText("Customer data in a public bucket").count()).toBe(0);
});
