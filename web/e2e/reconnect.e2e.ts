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

test("after the stream is cut, the room says so and catches up without duplicates", async () => {
  const admin = await adminApi(goldseam.url);
  const incident = await admin("POST", "/api/v1/incidents", { title: "Queue backlog", severity: "SEV2" });
  const page = await browser.newPage();
  await page.goto(goldseam.url);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("link", { name: /Queue backlog/ }).click();
  await page.getByRole("status").getByText("Live").waitFor();
  await admin("POST", `/api/v1/incidents/${incident.reference}/comments`, { body: "before the cut" });
  const activity = page.getByRole("region", { name: "Activity" });
  await activity.getByText("before the cut").waitFor();

  // A restart ends every stream; the browser retries after a few seconds.
  await goldseam.restart();
  await page.getByRole("status").getByText("Reconnecting").waitFor();
  for (const body of ["while away 1", "while away 2"]) {
    await admin("POST", `/api/v1/incidents/${incident.reference}/comments`, { body });
  }
  await page.getByRole("status").getByText("Live").waitFor({ timeout: 15_000 });
  await activity.getByText("while away 2").waitFor();
  for (const body of ["before the cut", "while away 1", "while away 2"]) {
    expect(await activity.getByText(body, { exact: true }).count(), body).toBe(1);
  }
});
