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

test("a viewer follows an incident but is offered nothing to change", async () => {
  const admin = await adminApi(goldseam.url);
  await admin("POST", "/api/v1/users", { email: "vic@example.com", name: "Vic", role: "viewer", password: "viewer password" });
  const incident = await admin("POST", "/api/v1/incidents", { title: "Payments are slow", severity: "SEV2" });
  await admin("POST", `/api/v1/incidents/${incident.reference}/comments`, { body: "Looking at the database" });

  const page = await browser.newPage();
  await page.goto(goldseam.url);
  await page.getByLabel("Email").fill("vic@example.com");
  await page.getByLabel("Password").fill("viewer password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("link", { name: /Payments are slow/ }).click();
  await page.getByRole("heading", { name: /INC-1: Payments are slow/ }).waitFor();
  await page.getByText("Looking at the database").waitFor();

  expect(await page.getByRole("button", { name: "Declare incident" }).count()).toBe(0);
  expect(await page.getByLabel("Severity").count()).toBe(0);
  expect(await page.getByLabel("Comment or status update").count()).toBe(0);
  expect(await page.getByRole("button", { name: "Pin" }).count()).toBe(0);
  expect(await page.getByRole("button", { name: /Mark / }).count()).toBe(0);
});
