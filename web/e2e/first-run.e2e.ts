// First run (issue 12, item 9): an admin of a new installation sees on the dashboard what is left
// to set up, in an order where no step needs what a later one makes; each step ticks itself once
// its thing exists; the card goes once all are done, or when the admin hides it. The team form
// asks for no escalation policy: the policy, which may page the team, is attached afterwards.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, adminApi, launchBrowser, seriousA11yViolations, signIn, startGoldseam, startSmtp, type Goldseam, type Smtp } from "./harness";

let browser: Browser;
const servers: Goldseam[] = [];
let smtp: Smtp;

beforeAll(async () => {
  smtp = await startSmtp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.stop();
  smtp?.stop();
});

async function start(env: Record<string, string> = {}): Promise<Goldseam> {
  const g = await startGoldseam({ env });
  servers.push(g);
  return g;
}

const checklist = (page: Page) => page.getByRole("region", { name: "Set up Goldseam" });
const step = (page: Page, title: string) => checklist(page).getByRole("listitem").filter({ hasText: title });

/** Back on the dashboard through the main navigation, as a person would. */
async function dashboard(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
  await page.getByRole("heading", { name: "Open incidents", level: 1 }).waitFor();
}

const yesterdayUtc = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

test("an admin follows the checklist on a new installation; each step ticks itself and the card goes when all are done", async () => {
  const goldseam = await start({ GOLDSEAM_SMTP_URL: smtp.url, GOLDSEAM_SMTP_FROM: "Goldseam <g@corp.test>" });
  const admin = await adminApi(goldseam.url);
  const page = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password, { width: 1366, height: 900 });
  page.setDefaultTimeout(8_000);

  await checklist(page).getByText("1 of 6 done").waitFor();
  const titles = await checklist(page).locator(".step-title strong").allInnerTexts();
  expect(titles).toEqual(["Connect email or SMS", "Add people", "A team with an on-call schedule", "An escalation policy for it", "The incident manager on call", "The teams the starter rule names"]);
  await step(page, "Connect email or SMS").getByText("Email is connected.").waitFor();
  expect(await step(page, "Connect email or SMS").locator(".step-state").innerText()).toBe("Done");
  expect(await step(page, "Add people").locator(".step-state").innerText()).toBe("Next");
  await step(page, "The teams the starter rule names").getByText(/^Response rules page or inform .*Security.*, which do not exist yet: create them\.$/).waitFor();
  expect(await seriousA11yViolations(page), "the checklist").toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "first-run-1366.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, "the checklist scrolls sideways at 390 px").toBeLessThanOrEqual(client);
  await page.screenshot({ path: join(ARTIFACTS, "first-run-390.png"), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 900 });

  // 2. People: the step's link leads to Users.
  await step(page, "Add people").getByRole("link", { name: "Go to Users" }).click();
  await page.getByRole("heading", { name: "Users", level: 2 }).waitFor();
  const bo = (await admin("POST", "/api/v1/users", { email: "bo@corp.test", name: "Bo Li", role: "member", password: "a long password" })).id as number;
  await dashboard(page);
  await checklist(page).getByText("2 of 6 done").waitFor();
  await step(page, "Add people").getByText("2 people have an account.").waitFor();

  // 3. A rotation, then a team that uses it, made in the team form without an escalation policy.
  await admin("POST", "/api/v1/schedules", { name: "Payments rota", time_zone: "UTC", layers: [{ name: "Primary", start: `${yesterdayUtc()}T00:00`, shift: { unit: "weeks", count: 1 }, participants: [bo] }] });
  await step(page, "A team with an on-call schedule").getByRole("link", { name: "Go to Teams" }).click();
  await page.getByRole("button", { name: "New team" }).click();
  const form = page.getByRole("form", { name: "New team" });
  await form.getByLabel("Name", { exact: true }).fill("Payments");
  await form.getByLabel("On-call schedule").selectOption({ label: "Payments rota" });
  expect(await form.getByLabel("Escalation policy").inputValue()).toBe("");
  await form.getByRole("button", { name: "Create team" }).click();
  await page.getByRole("heading", { name: "Payments", level: 1 }).waitFor();
  await dashboard(page);
  await checklist(page).getByText("3 of 6 done").waitFor();

  // 4. A policy that pages the team it is for, attached to the team afterwards.
  const team = (await admin("GET", "/api/v1/teams")).items as { id: number; name: string }[];
  const payments = team.find((t) => t.name === "Payments")!.id;
  await admin("POST", "/api/v1/escalation-policies", { name: "Payments", levels: [{ delay_minutes: 0, targets: [{ type: "team", id: payments }] }] });
  await page.goto(`${goldseam.url}/teams/${payments}`);
  await page.getByRole("button", { name: "Edit team" }).click();
  const edit = page.getByRole("form", { name: "Edit Payments" });
  await edit.getByLabel("Escalation policy").selectOption({ label: "Payments" });
  await edit.getByRole("button", { name: "Save team" }).click();
  await page.getByRole("status").getByText("The team is saved.").waitFor();
  await dashboard(page);
  await checklist(page).getByText("4 of 6 done").waitFor();
  expect(await step(page, "The incident manager on call").locator(".step-state").innerText()).toBe("Next");

  // 5. The incident manager on call: the link leads to the response rules.
  await step(page, "The incident manager on call").getByRole("link", { name: "Go to Response rules" }).click();
  await page.getByRole("heading", { name: "Incident manager on call" }).waitFor();
  const schedules = (await admin("GET", "/api/v1/schedules")).items as { id: number }[];
  await admin("PUT", "/api/v1/settings/incident-manager", { schedule_id: schedules[0].id, min_severity: "SEV1" });
  await dashboard(page);
  await checklist(page).getByText("5 of 6 done").waitFor();

  // 6. The teams the starter rule names: once they exist, nothing is left and the card goes.
  const awaited = ((await admin("GET", "/api/v1/admin/setup")).awaited_teams as string[]) ?? [];
  expect(awaited.length).toBeGreaterThan(0);
  for (const name of awaited) await admin("POST", "/api/v1/teams", { name });
  const answered = page.waitForResponse((r) => r.url().endsWith("/api/v1/admin/setup"));
  await page.reload();
  await answered;
  await page.getByRole("heading", { name: "Open incidents", level: 1 }).waitFor();
  await page.getByText(/Nothing is on fire/).waitFor();
  expect(await checklist(page).count()).toBe(0);
  expect(await seriousA11yViolations(page), "the dashboard once set up").toEqual([]);
  await page.context().close();
}, 90_000);

test("without email or SMS the first step says which settings to set; the admin may hide the checklist", async () => {
  const goldseam = await start();
  const page = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password, { width: 390, height: 844 });
  page.setDefaultTimeout(8_000);
  await checklist(page).getByText("0 of 6 done").waitFor();
  const first = step(page, "Connect email or SMS");
  await first.getByText(/^Goldseam cannot page or email anyone yet\. This is server configuration/).waitFor();
  expect(await first.locator("code").allInnerTexts()).toEqual(["smtp_url", "smtp_from", "twilio_account_sid", "twilio_auth_token", "twilio_from"]);
  expect(await first.locator(".step-state").innerText()).toBe("Next");
  expect(await seriousA11yViolations(page), "the checklist on a phone").toEqual([]);
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await seriousA11yViolations(page), "the checklist on a phone, dark").toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "first-run-unconfigured-390-dark.png"), fullPage: true });

  await checklist(page).getByRole("button", { name: "Hide checklist" }).click();
  expect(await checklist(page).count()).toBe(0);
  await page.reload();
  await page.getByRole("heading", { name: "Open incidents", level: 1 }).waitFor();
  expect(await checklist(page).count()).toBe(0);
  await page.context().close();

  // Members never see it (the server would refuse them the setup anyway).
  const admin = await adminApi(goldseam.url);
  await admin("POST", "/api/v1/users", { email: "cy@corp.test", name: "Cy Park", role: "member", password: "a long password" });
  const member = await signIn(browser, goldseam.url, "cy@corp.test", "a long password");
  await member.getByRole("heading", { name: "Open incidents", level: 1 }).waitFor();
  expect(await checklist(member).count()).toBe(0);
  await member.context().close();
}, 60_000);
