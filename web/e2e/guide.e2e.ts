// The user guide's screenshots (docs/guide.md), taken by walking the journey it describes, so the
// guide and the app cannot drift apart unnoticed. `make guide-screenshots` writes them into
// docs/images; in `make test` they go to the ignored artifacts folder.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, adminApi, goTo, launchBrowser, signIn, startGoldseam, type Goldseam } from "./harness";

const OUT = process.env.GUIDE_SCREENSHOTS ?? join(ARTIFACTS, "guide");
let goldseam: Goldseam;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  goldseam = await startGoldseam();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await goldseam?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(OUT, `${name}.png`), fullPage: false });

test("the user guide's journey: declare, follow, work an incident", async () => {
  const admin = await adminApi(goldseam.url);
  await admin("POST", "/api/v1/users", { email: "bo@example.com", name: "Bo Lindqvist", role: "member", password: "bo's long password" });
  await admin("POST", "/api/v1/incidents", { title: "Search results are slow", severity: "SEV3", tags: ["search"], summary: "p99 above 4 s since 09:10" });
  const db = (await admin("POST", "/api/v1/incidents", { title: "Replica lag on db-2", severity: "SEV2", type: "outage", tags: ["database"] })) as { reference: string };
  await admin("POST", `/api/v1/incidents/${db.reference}/status-updates`, { body: "Lag is back under 5 s; watching it for an hour." });

  const page = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password, { width: 1280, height: 860 });
  // A new installation: the admin's checklist, then hidden so the dashboard shows the incidents.
  const checklist = page.getByRole("region", { name: "Set up Goldseam" });
  await checklist.getByText(/of 6 done/).waitFor();
  await checklist.screenshot({ path: join(OUT, "first-run.png") });
  await checklist.getByRole("button", { name: "Hide checklist" }).click();
  await page.getByRole("button", { name: "Declare incident" }).click();
  const form = page.getByRole("form", { name: "Declare an incident" });
  await form.getByLabel("What is wrong?").fill("Checkout fails for card payments");
  await form.getByRole("radio", { name: /SEV1/ }).check();
  await form.getByLabel("What kind of incident?").selectOption("outage");
  await form.getByLabel(/What do you know so far/).fill("The payment provider answers **502** since 14:02.");
  await form.getByLabel(/^Tags/).fill("#payments #eu");
  await shot(page, "declare");
  await form.getByRole("button", { name: "Declare", exact: true }).click();

  await page.getByRole("heading", { name: /Checkout fails for card payments/ }).waitFor();
  await page.getByRole("status").getByText("Live").waitFor();
  const composer = page.getByLabel("Comment or status update");
  await composer.fill("Rolled back the 14:02 deploy of **payments-api**. @bo can you watch the error rate? #rollback");
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  const activity = page.getByRole("region", { name: "Activity" });
  const comment = activity.getByRole("listitem").filter({ hasText: "Rolled back the 14:02 deploy" });
  await comment.waitFor();
  await comment.getByRole("button", { name: "Pin" }).click();
  await page.getByRole("region", { name: "Pinned" }).getByText("Rolled back the 14:02 deploy").waitFor();
  await composer.fill("Card payments are recovering; next update at 15:00.");
  await page.getByRole("button", { name: "Post status update" }).click();
  await activity.getByText("Card payments are recovering").waitFor();
  await shot(page, "room");

  await goTo(page, "Dashboard");
  await page.getByRole("link", { name: /Checkout fails for card payments/ }).waitFor();
  await shot(page, "dashboard");

  await goTo(page, "Incidents");
  await page.getByRole("link", { name: /Search results are slow/ }).waitFor();
  await shot(page, "incidents");

  const phone = await signIn(browser, goldseam.url, "bo@example.com", "bo's long password", { width: 390, height: 800 });
  await phone.getByRole("link", { name: /Checkout fails for card payments/ }).click();
  await phone.getByRole("status").getByText("Live").waitFor();
  await shot(phone, "phone");
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await goTo(page, "Settings");
  await page.getByRole("heading", { name: "API tokens" }).first().waitFor();
  await shot(page, "settings");

  // The postmortem, started from the room and written in.
  await goTo(page, "Incidents");
  await page.getByRole("link", { name: /Checkout fails for card payments/ }).click();
  await page.getByRole("link", { name: /^Postmortem( ·|$)/ }).click();
  await page.getByRole("button", { name: "Start the postmortem" }).click();
  const postmortem = page.getByRole("textbox", { name: "Postmortem document" });
  await postmortem.locator("h1").first().waitFor();
  await postmortem.locator("p.is-empty").first().click();
  await page.keyboard.type("Card payments failed for 40 minutes after a deploy changed the payment provider's timeout.");
  await page.getByRole("button", { name: "Insert contributing factor" }).click();
  await page.keyboard.type("The deploy lowered the provider timeout to 2 s.");
  await postmortem.getByLabel("Contributing factor").last().selectOption("change");
  await postmortem.getByText("The deploy lowered the provider timeout").waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, "postmortem");
}, 120_000);
