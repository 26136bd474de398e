// The dashboard as an executive sees it in a fire (issue 12, item 6): for each open incident,
// whether the page was answered, who leads, how old the last update is, and a flag once that is
// older than the severity expects; following SEV1s in one click on a verified channel, or being
// told how to get one. Admins read and edit each severity's update cadence in Settings.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { join } from "node:path";
import { ARTIFACTS, ADMIN, adminApi, launchBrowser, seriousA11yViolations, signIn, startGoldseam, startSmtp, type Goldseam, type Smtp } from "./harness";

let goldseam: Goldseam;
let browser: Browser;
let smtp: Smtp;
let admin: Awaited<ReturnType<typeof adminApi>>;
const EVE = { email: "eve@corp.test", password: "an executive's password" };
const BO = { email: "bo@corp.test", password: "a long password" };

beforeAll(async () => {
  // A real SMTP server: Eve's contact method is verified with the code it receives.
  smtp = await startSmtp();
  goldseam = await startGoldseam({ env: { GOLDSEAM_SMTP_URL: smtp.url, GOLDSEAM_SMTP_FROM: "Goldseam <g@corp.test>" } });
  browser = await launchBrowser();
  admin = await adminApi(goldseam.url);
  const bo = await admin("POST", "/api/v1/users", { ...BO, name: "Bo Li", role: "member" });
  await admin("POST", "/api/v1/users", { ...EVE, name: "Eve Exec", role: "viewer" });
  // Nobody leads this one, and nothing pages for it; its last update is fresh.
  await admin("POST", "/api/v1/incidents", { title: "Search is slow", severity: "SEV3" });
  await admin("POST", "/api/v1/incidents/INC-1/status-updates", { body: "Reindexing; results may be stale for an hour" });
  // From here every incident pages Bo, who does not answer.
  await admin("POST", "/api/v1/response-rules", { name: "Page Bo", when: {}, then: { responders: [bo.id] } });
  await admin("POST", "/api/v1/incidents", { title: "Checkout is failing", severity: "SEV1", tags: ["payments"] });
  await admin("POST", "/api/v1/incidents/INC-2/roles", { role: "incident_manager", user_id: bo.id });
  for (let i = 0; ; i++) {
    const pages = (await admin("GET", "/api/v1/incidents/INC-2/pages")) as unknown as unknown[];
    if (pages.length) break;
    if (i > 100) throw new Error("no page started");
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  await browser?.close();
  await goldseam?.stop();
  smtp?.stop();
});

/** The API as someone other than the admin (their own session and CSRF token). */
async function userApi(email: string, password: string) {
  const login = await fetch(`${goldseam.url}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
  const { csrf_token } = (await login.json()) as { csrf_token: string };
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${goldseam.url}${path}`, { method, headers: { cookie, "x-csrf-token": csrf_token, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
}

/** Adds an email contact method for Eve and verifies it with the code that arrives. */
async function verifyEmailFor(user: Awaited<ReturnType<typeof userApi>>, address: string) {
  const method = await user("POST", "/api/v1/me/contact-methods", { kind: "email", address });
  await user("POST", `/api/v1/me/contact-methods/${method.id}/verification`);
  let code = "";
  for (let i = 0; i < 150 && !code; i++) {
    const message = smtp.messages().find((m) => m.includes(`To: ${address}`) && m.includes("verification code"));
    code = /verification code is (\d{6})/.exec(message ?? "")?.[1] ?? "";
    if (!code) await new Promise((r) => setTimeout(r, 100));
  }
  expect(code).toMatch(/^\d{6}$/);
  await user("POST", `/api/v1/me/contact-methods/${method.id}/verification/confirm`, { code });
}

const card = (page: Page, title: string) => page.locator("li.dash-card").filter({ has: page.getByRole("link", { name: title }) });

async function noSidewaysScroll(page: Page, name: string) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, `${name} scrolls sideways`).toBeLessThanOrEqual(client);
}

test("an executive sees whether each fire is handled, on a laptop and a phone, and the flag once an update is overdue", async () => {
  for (const viewport of [
    { width: 1366, height: 900 },
    { width: 390, height: 844 },
  ]) {
    const page = await signIn(browser, goldseam.url, EVE.email, EVE.password, viewport);
    page.setDefaultTimeout(8_000);
    const checkout = card(page, "INC-2 Checkout is failing");
    await checkout.getByText(/^Paged, waiting (under a minute|\d+ min)$/).waitFor();
    expect(await checkout.innerText()).toMatch(/Incident manager\s*Bo Li/);
    await checkout.getByText("No update yet").waitFor();
    const search = card(page, "INC-1 Search is slow");
    await search.getByText("Not paged").waitFor();
    expect(await search.innerText()).toMatch(/Incident manager\s*Nobody leads/);
    await search.getByText(/^Last update (just now|\d+ min ago)$/).waitFor();
    await search.getByText("Reindexing; results may be stale for an hour").waitFor();
    expect(await page.locator(".stale-flag").count()).toBe(0);
    await noSidewaysScroll(page, `dashboard at ${viewport.width} px`);
    expect(await seriousA11yViolations(page), `dashboard at ${viewport.width} px`).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, `dashboard-handled-${viewport.width}.png`), fullPage: true });
    await page.context().close();
  }

  // Time passes in the browser (the server's clock cannot be moved): 31 minutes after the
  // declaration without an update, SEV1's 30-minute cadence is overdue; SEV3's 4 hours is not.
  const page = await signIn(browser, goldseam.url, EVE.email, EVE.password, { width: 1366, height: 900 });
  await page.clock.install();
  await page.reload();
  const checkout = card(page, "INC-2 Checkout is failing");
  await checkout.getByText("No update yet").waitFor();
  await page.clock.fastForward("31:00");
  const flag = checkout.locator(".stale-flag");
  await flag.waitFor();
  expect(await flag.innerText()).toMatch(/^Update overdue No update in the 3\d min since it was declared; SEV1 expects one every 30 min\.$/);
  await checkout.getByText(/^Paged, waiting 3\d min$/).waitFor();
  expect(await card(page, "INC-1 Search is slow").locator(".stale-flag").count()).toBe(0);
  expect(await seriousA11yViolations(page), "dashboard with an overdue incident").toEqual([]);
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await seriousA11yViolations(page), "dashboard with an overdue incident, dark").toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "dashboard-overdue-dark.png"), fullPage: true });
  await page.context().close();
}, 60_000);

test("an executive follows SEV1 in one click once a channel is verified, and stops", async () => {
  const page = await signIn(browser, goldseam.url, EVE.email, EVE.password, { width: 390, height: 844 });
  page.setDefaultTimeout(8_000);
  const bar = page.getByRole("region", { name: "Follow incidents" });
  // No verified contact method yet: said, with the way to add one, rather than a follow that
  // would reach nobody.
  await bar.getByText("Verify an email address, phone number, Slack or Mattermost account in Contact methods to follow SEV0 or SEV1 incidents from here.").waitFor();
  expect(await bar.getByRole("link", { name: "Contact methods" }).getAttribute("href")).toBe("/settings/contact-methods");
  expect(await bar.getByRole("button", { name: "Follow SEV1" }).count()).toBe(0);
  expect(await seriousA11yViolations(page), "dashboard without a verified channel").toEqual([]);

  await verifyEmailFor(await userApi(EVE.email, EVE.password), "eve.alerts@corp.test");
  await page.reload();
  await bar.getByRole("button", { name: "Follow SEV1" }).click();
  await bar.getByText(/Following SEV1/).waitFor();
  expect(await bar.locator(".following").innerText()).toBe("✓ Following SEV1 by email");
  await bar.getByRole("status").getByText("You now follow: Every SEV1 incident — by email.").waitFor();
  const eve = await userApi(EVE.email, EVE.password);
  expect(await eve("GET", "/api/v1/me/subscriptions")).toEqual([expect.objectContaining({ target: "severity", key: "SEV1", channels: ["email"] })]);
  await noSidewaysScroll(page, "dashboard following SEV1 at 390 px");
  expect(await seriousA11yViolations(page), "dashboard following SEV1").toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "dashboard-following-390.png"), fullPage: true });

  // Anything else from the small form: a tag.
  await bar.getByText("Follow…").click();
  const more = bar.getByRole("form", { name: "Follow a severity, tag or service" });
  await more.getByLabel("What to follow").selectOption("tag");
  await more.getByLabel("Tag").fill("#Payments");
  await more.getByRole("button", { name: "Follow", exact: true }).click();
  await bar.getByRole("status").getByText("You now follow: Incidents tagged #payments — by email.").waitFor();
  expect(await seriousA11yViolations(page), "dashboard with the follow form open").toEqual([]);

  // And stops, from the same place.
  await bar.getByRole("button", { name: "Stop following SEV1" }).click();
  await bar.getByRole("button", { name: "Follow SEV1" }).waitFor();
  await bar.getByRole("status").getByText(/^You no longer follow every SEV1 incident\./).waitFor();
  expect((await eve("GET", "/api/v1/me/subscriptions")) as unknown as { key: string }[]).toEqual([expect.objectContaining({ target: "tag", key: "payments" })]);
  await page.context().close();
}, 60_000);

test("an admin reads and edits each severity's update cadence", async () => {
  const page = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password);
  page.setDefaultTimeout(8_000);
  await page.goto(`${goldseam.url}/settings/severities`);
  const row = (key: string) => page.getByRole("row").filter({ has: page.getByRole("cell", { name: key, exact: true }) });
  expect(await row("SEV1").innerText()).toContain("Every 30 min");
  expect(await row("SEV3").innerText()).toContain("Every 4 h");
  expect(await row("SEV4").innerText()).toContain("No expectation");

  await row("SEV3").getByRole("button", { name: "Edit SEV3" }).click();
  const form = page.getByRole("form", { name: "Edit SEV3" });
  const cadence = form.getByLabel("Status update every (minutes)");
  expect(await cadence.inputValue()).toBe("240");
  await cadence.fill("0");
  await form.getByRole("button", { name: "Save" }).click();
  await form.getByText(/^Use a whole number of minutes from 1 to 10080/).waitFor();
  expect(await seriousA11yViolations(page), "severity editor with an error").toEqual([]);
  await cadence.fill("1");
  await form.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").getByText("SEV3 is saved.").waitFor();
  expect(await row("SEV3").innerText()).toContain("Every 1 min");
  const severities = (await admin("GET", "/api/v1/severities")) as unknown as { key: string; update_every_minutes: number | null }[];
  expect(severities.find((s) => s.key === "SEV3")?.update_every_minutes).toBe(1);

  // Blank: no expectation.
  await row("SEV3").getByRole("button", { name: "Edit SEV3" }).click();
  await page.getByRole("form", { name: "Edit SEV3" }).getByLabel("Status update every (minutes)").fill("");
  await page.getByRole("form", { name: "Edit SEV3" }).getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").getByText("SEV3 is saved.").waitFor();
  await expect.poll(() => row("SEV3").innerText()).toContain("No expectation");
  expect(await seriousA11yViolations(page), "severities").toEqual([]);
  await page.context().close();
}, 60_000);
