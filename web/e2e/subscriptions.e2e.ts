// Settings > Subscriptions: a member follows a severity and a tag, changes channels, stops
// following, sees an incident followed from its room, and hears of a SEV1 declaration by email;
// a member follows a service and a team by name; an admin subscribes a team from its page.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, adminApi, launchBrowser, seriousA11yViolations, signIn, startGoldseam, startSmtp, type Goldseam, type Smtp } from "./harness";

let goldseam: Goldseam;
let browser: Browser;
let smtp: Smtp;
let admin: Awaited<ReturnType<typeof adminApi>>;
const BO = { email: "bo@corp.test", password: "a long password" };
const CY = { email: "cy@corp.test", password: "another long password" };
const DEE = { email: "dee@corp.test", password: "yet another password" };

beforeAll(async () => {
  smtp = await startSmtp();
  goldseam = await startGoldseam({ env: { GOLDSEAM_SMTP_URL: smtp.url, GOLDSEAM_SMTP_FROM: "Goldseam <g@corp.test>" } });
  browser = await launchBrowser();
  admin = await adminApi(goldseam.url);
  await admin("POST", "/api/v1/users", { ...BO, name: "Bo Li", role: "member" });
  await admin("POST", "/api/v1/incidents", { title: "Checkout is failing", severity: "SEV2" });
});

afterAll(async () => {
  await browser?.close();
  await goldseam?.stop();
  smtp?.stop();
});

/** The first email Goldseam sent that `match` accepts, waiting for it. */
async function mail(match: (message: string) => boolean): Promise<string> {
  for (let i = 0; i < 150; i++) {
    const found = smtp.messages().find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no such email arrived (${smtp.messages().length} received)`);
}

const items = (page: Page) => page.getByRole("list", { name: "What you follow" }).getByRole("listitem").filter({ has: page.getByRole("button", { name: /^Stop following/ }) });

test("a member follows a severity and a tag, changes channels, stops following, and sees an incident followed from its room", async () => {
  const page = await signIn(browser, goldseam.url, BO.email, BO.password);
  await page.goto(`${goldseam.url}/settings/subscriptions`);
  await page.getByRole("heading", { name: "Subscriptions", level: 2 }).waitFor();
  await page.getByText("You follow nothing yet.").waitFor();

  const form = page.getByRole("form", { name: "Follow something" });
  // Nothing chosen yet: said beside the field, before anything is sent.
  await form.getByRole("button", { name: "Follow" }).click();
  await form.getByRole("alert").getByText("Check this field: Severity.").waitFor();
  await form.getByText("Choose a severity.").waitFor();

  // Every SEV1 incident, by email (the default channel).
  await form.getByLabel("Severity").selectOption("SEV1");
  expect(await form.getByRole("checkbox", { name: "Email" }).isChecked()).toBe(true);
  await form.getByRole("button", { name: "Follow" }).click();
  await page.getByRole("status").getByText("You now follow: Every SEV1 incident — by email.").waitFor();

  // A tag by email and SMS: Bo has no verified SMS number, and the form says so before sending.
  await form.getByLabel("What to follow").selectOption("tag");
  await form.getByLabel("Tag").fill("two words");
  await form.getByRole("checkbox", { name: "SMS" }).check();
  await form.getByText("You have no verified SMS number: add one in Contact methods.").waitFor();
  expect(await form.getByRole("link", { name: "Contact methods" }).getAttribute("href")).toBe("/settings/contact-methods");
  await form.getByRole("button", { name: "Follow" }).click();
  await form.getByText("A tag is letters, digits, - and _; remove “ ”.").waitFor();
  await form.getByLabel("Tag").fill("#Payments");
  await form.getByRole("button", { name: "Follow" }).click();
  await page.getByRole("status").getByText("You now follow: Incidents tagged #payments — by email and SMS.").waitFor();

  // An incident that is not there is refused by the server, beside the field.
  await form.getByLabel("What to follow").selectOption("incident");
  await form.getByLabel("Incident").fill("inc-99");
  await form.getByRole("button", { name: "Follow" }).click();
  await form.getByText("INC-99 does not exist, or you may not see it.").waitFor();
  await form.getByRole("alert").getByText("Check this field: Incident.").waitFor();
  expect(await form.getByLabel("Incident").getAttribute("aria-invalid")).toBe("true");

  expect(await items(page).allTextContents()).toEqual([
    expect.stringContaining("Every SEV1 incident — by email"),
    expect.stringContaining("Incidents tagged #payments — by email and SMS"),
  ]);
  await items(page).nth(1).getByText("You have no verified SMS number: add one in Contact methods.").waitFor();

  // Changing channels: SMS and Slack for SEV1; Escape steps out without saving, focus back on the button.
  const change = page.getByRole("button", { name: "Change channels for Every SEV1 incident" });
  await change.click();
  const editor = page.getByRole("form", { name: "Channels for Every SEV1 incident" });
  await editor.getByRole("checkbox", { name: "Email" }).uncheck();
  await editor.getByRole("button", { name: "Save channels" }).click();
  await editor.getByText("Choose at least one channel.").waitFor();
  await editor.getByRole("checkbox", { name: "Email" }).press("Escape");
  await expect.poll(() => change.evaluate((b) => b === document.activeElement)).toBe(true);
  await change.click();
  await editor.getByRole("checkbox", { name: "SMS" }).check();
  await editor.getByRole("button", { name: "Save channels" }).click();
  await page.getByRole("status").getByText("Saved: Every SEV1 incident — by email and SMS.").waitFor();

  // Stop following the tag: no confirmation, and the page says what happened.
  await page.getByRole("button", { name: "Stop following Incidents tagged #payments" }).click();
  await page.getByRole("status").getByText(/^You no longer follow incidents tagged #payments\./).waitFor();
  expect(await items(page).count()).toBe(1);

  // Following from the room shows up here, titled and linked.
  await page.goto(`${goldseam.url}/incidents/INC-1`);
  const notifications = page.getByRole("region", { name: "Notifications" });
  await notifications.getByRole("button", { name: "Subscribe", exact: true }).click();
  await notifications.getByRole("button", { name: "Unsubscribe" }).waitFor();
  await page.goto(`${goldseam.url}/settings/subscriptions`);
  const link = page.getByRole("link", { name: "INC-1: Checkout is failing" });
  await link.waitFor();
  expect(await link.getAttribute("href")).toBe("/incidents/INC-1");
  expect(await items(page).allTextContents()).toEqual([expect.stringContaining("Every SEV1 incident — by email and SMS"), expect.stringContaining("INC-1: Checkout is failing — by email")]);
  const mine = (await page.evaluate(async () => (await fetch("/api/v1/me/subscriptions")).json())) as { target: string; key: string; channels: string[] }[];
  expect(mine.map((s) => `${s.target} ${s.key} ${[...s.channels].sort().join(",")}`).sort()).toEqual(["incident INC-1 email", "severity SEV1 email,sms"]);

  // Both themes pass axe; nothing scrolls sideways on a phone.
  expect(await seriousA11yViolations(page), "light").toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "subscriptions.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await seriousA11yViolations(page), "dark").toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "subscriptions-dark.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.getByRole("button", { name: "Change channels for INC-1: Checkout is failing" }).click();
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, "scrolls sideways at 360 px").toBeLessThanOrEqual(client);
  await page.screenshot({ path: join(ARTIFACTS, "subscriptions-phone.png"), fullPage: true });

  // A SEV1 declared by someone else reaches Bo by email (his account email: no email method yet).
  await admin("POST", "/api/v1/incidents", { title: "Database is down", severity: "SEV1" });
  const message = await mail((m) => m.includes(BO.email) && m.includes("Database is down"));
  expect(message).toMatch(/SEV1/);
});

test("a member follows a service and a team by name; an admin subscribes the team from its page", async () => {
  await admin("POST", "/api/v1/users", { ...CY, name: "Cy Park", role: "member" });
  const dee = await admin("POST", "/api/v1/users", { ...DEE, name: "Dee Ray", role: "member" });
  const team = await admin("POST", "/api/v1/teams", { name: "Payments", members: [{ user_id: dee.id }] });
  const checkout = await admin("POST", "/api/v1/services", { name: "Checkout API", team_id: team.id });
  const legacy = await admin("POST", "/api/v1/services", { name: "Legacy search", team_id: team.id });

  const page = await signIn(browser, goldseam.url, CY.email, CY.password);
  await page.goto(`${goldseam.url}/settings/subscriptions`);
  const form = page.getByRole("form", { name: "Follow something" });
  // Nothing chosen: said beside the list before anything is sent.
  await form.getByLabel("What to follow").selectOption("service");
  await form.getByRole("button", { name: "Follow" }).click();
  await form.getByText("Choose a service.").waitFor();
  await form.getByLabel("Service", { exact: true }).selectOption({ label: "Checkout API — Payments" });
  await form.getByRole("button", { name: "Follow" }).click();
  await page.getByRole("status").getByText("You now follow: Every incident affecting Checkout API — by email.").waitFor();
  await form.getByLabel("Service", { exact: true }).selectOption({ label: "Legacy search — Payments" });
  await form.getByRole("button", { name: "Follow" }).click();
  await page.getByRole("status").getByText("You now follow: Every incident affecting Legacy search — by email.").waitFor();
  await form.getByLabel("What to follow").selectOption("team");
  await form.getByLabel("Team", { exact: true }).selectOption({ label: "Payments" });
  await form.getByRole("checkbox", { name: "Slack" }).check();
  await form.getByRole("button", { name: "Follow" }).click();
  await page.getByRole("status").getByText("You now follow: Incidents affecting services the Payments team owns — by email and Slack.").waitFor();

  // Named, not numbered, linked to the catalog and the team, and still there after a reload.
  const followed = [
    expect.stringContaining("Every incident affecting Checkout API — by email"),
    expect.stringContaining("Every incident affecting Legacy search — by email"),
    expect.stringContaining("Incidents affecting services the Payments team owns — by email and Slack"),
  ];
  expect(await items(page).allTextContents()).toEqual(followed);
  await page.reload();
  await items(page).first().waitFor();
  expect(await items(page).allTextContents()).toEqual(followed);
  expect(await page.getByRole("link", { name: "Every incident affecting Checkout API" }).getAttribute("href")).toBe(`/services#service-${checkout.id}`);
  expect(await page.getByRole("link", { name: "Incidents affecting services the Payments team owns" }).getAttribute("href")).toBe(`/teams/${team.id}`);
  const mine = (await page.evaluate(async () => (await fetch("/api/v1/me/subscriptions")).json())) as { target: string; key: string }[];
  expect(mine.map((s) => `${s.target} ${s.key}`).sort()).toEqual([`service ${checkout.id}`, `service ${legacy.id}`, `team ${team.id}`]);

  // Deleting a service takes its followers' subscriptions with it: nothing could reach them.
  // (adminApi reads a body, and a deletion answers 204 with none: what counts is that it is gone.)
  await admin("DELETE", `/api/v1/services/${legacy.id}`).catch(() => undefined);
  await page.reload();
  await items(page).first().waitFor();
  expect(await items(page).allTextContents()).toEqual([followed[0], followed[2]]);
  await page.screenshot({ path: join(ARTIFACTS, "subscriptions-services-teams.png"), fullPage: true });
  expect(await seriousA11yViolations(page)).toEqual([]);

  // A member reads the team's subscriptions on its page, without controls.
  await page.goto(`${goldseam.url}/teams/${team.id}`);
  const memberView = page.getByRole("region", { name: "Subscriptions" });
  await memberView.getByText("The Payments team follows nothing as a team. An admin subscribes teams.").waitFor();
  expect(await memberView.getByRole("form").count()).toBe(0);

  // The admin subscribes the team: every SEV1 incident by email and SMS, and every incident tagged #refunds.
  const adminPage = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password);
  await adminPage.goto(`${goldseam.url}/teams/${team.id}`);
  const section = adminPage.getByRole("region", { name: "Subscriptions" });
  const add = section.getByRole("form", { name: "Add a subscription" });
  const options = await add.getByLabel("What to follow").locator("option").allTextContents();
  expect(options, "a team follows no single incident").not.toContain("One incident");
  await add.getByLabel("Severity").selectOption("SEV1");
  await add.getByRole("group", { name: "Notify its members by" }).getByRole("checkbox", { name: "SMS" }).check();
  await add.getByRole("button", { name: "Add subscription" }).click();
  await section.getByRole("status").getByText("The Payments team now follows: Every SEV1 incident — by email and SMS.").waitFor();
  await add.getByLabel("What to follow").selectOption("tag");
  await add.getByLabel("Tag").fill("#Refunds");
  await add.getByRole("checkbox", { name: "SMS" }).uncheck();
  await add.getByRole("button", { name: "Add subscription" }).click();
  await section.getByRole("status").getByText("The Payments team now follows: Incidents tagged #refunds — by email.").waitFor();
  const teamItems = section.getByRole("list", { name: "What the Payments team follows" }).getByRole("listitem");
  expect(await teamItems.allTextContents()).toEqual([expect.stringContaining("Every SEV1 incident — by email and SMS"), expect.stringContaining("Incidents tagged #refunds — by email")]);
  expect(await seriousA11yViolations(adminPage)).toEqual([]);
  await adminPage.setViewportSize({ width: 360, height: 740 });
  const [scroll, client] = await adminPage.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, "the team page scrolls sideways at 360 px").toBeLessThanOrEqual(client);
  await adminPage.screenshot({ path: join(ARTIFACTS, "team-subscriptions-phone.png"), fullPage: true });
  await adminPage.setViewportSize({ width: 1280, height: 800 });

  // Removing one says so; the member sees the rest after a reload.
  await section.getByRole("button", { name: "Remove the Payments team's subscription: Every SEV1 incident" }).click();
  await section.getByRole("status").getByText("The Payments team no longer follows every SEV1 incident. Add it again below if that was a mistake.").waitFor();
  const teamSubs = (await admin("GET", `/api/v1/teams/${team.id}/subscriptions`)) as unknown as { target: string; key: string; channels: string[] }[];
  expect(teamSubs.map((s) => `${s.target} ${s.key} ${s.channels.join(",")}`)).toEqual(["tag refunds email"]);
  await page.reload();
  await memberView.getByRole("list", { name: "What the Payments team follows" }).getByText("Incidents tagged #refunds — by email").waitFor();
  expect(await memberView.getByRole("button").count()).toBe(0);

  // Dee, in the team and following nothing herself, hears of a #refunds incident; Cy hears of one affecting Checkout API.
  await admin("POST", "/api/v1/incidents", { title: "Refunds are stuck", severity: "SEV3", tags: ["refunds"] });
  await mail((m) => m.includes(DEE.email) && m.includes("Refunds are stuck"));
  await admin("POST", "/api/v1/incidents", { title: "Checkout times out", severity: "SEV3", services: [checkout.id] });
  await mail((m) => m.includes(CY.email) && m.includes("Checkout times out"));
});
