// Affected services: chosen when declaring, shown and edited in the room.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { ADMIN, adminApi, launchBrowser, seriousA11yViolations, signIn, startGoldseam, type Goldseam } from "./harness";

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

test("a declaration names the affected services; the room shows and edits them", async () => {
  const admin = await adminApi(goldseam.url);
  const team = await admin("POST", "/api/v1/teams", { name: "Payments" });
  await admin("POST", "/api/v1/services", { name: "Checkout API", team_id: team.id });
  await admin("POST", "/api/v1/services", { name: "Ledger", team_id: team.id });

  const page = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password);
  await page.getByRole("button", { name: "Declare incident" }).click();
  const form = page.getByRole("form", { name: "Declare an incident" });
  await form.getByLabel("What is wrong?").fill("Card payments fail");
  await form.getByRole("radio", { name: /SEV2/ }).check();
  await form.getByRole("group", { name: /Affected services/ }).getByLabel("Checkout API").check();
  await form.getByRole("button", { name: "Declare", exact: true }).click();

  const panel = page.getByRole("region", { name: "Affected services" });
  await panel.getByRole("link", { name: "Checkout API" }).waitFor();
  expect(await panel.getByRole("link", { name: "Ledger" }).count()).toBe(0);
  expect(await seriousA11yViolations(page)).toEqual([]);

  await panel.getByLabel("Service", { exact: true }).selectOption({ label: "Ledger" });
  await panel.getByRole("button", { name: "Add" }).click();
  await panel.getByRole("link", { name: "Ledger" }).waitFor();
  await panel.getByRole("button", { name: "Remove service Checkout API" }).click();
  await panel.getByRole("link", { name: "Checkout API" }).waitFor({ state: "detached" });

  // The activity log names the service.
  await page.getByRole("region", { name: "Activity" }).getByText("Admin removed Checkout API from the affected services").waitFor();
  const incident = await admin("GET", "/api/v1/incidents/INC-1");
  expect(incident.services).toEqual([2]);
});
