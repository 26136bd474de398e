// Settings > Subscriptions: a member follows a severity and a tag, changes channels, stops
// following, sees an incident followed from its room, and hears of a SEV1 declaration by email.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { join } from "node:path";
import { ARTIFACTS, adminApi, launchBrowser, seriousA11yViolations, signIn, startGoldseam, startSmtp, type Goldseam, type Smtp } from "./harness";

let goldseam: Goldseam;
let browser: Browser;
let smtp: Smtp;
let admin: Awaited<ReturnType<typeof adminApi>>;
const BO = { email: "bo@corp.test", password: "a long password" };

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
