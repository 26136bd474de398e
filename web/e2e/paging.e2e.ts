// The personal side of paging: profile (time zone, working hours, calendar feed), contact
// methods verified with a code, notification rules; the room's paging panel acknowledged live;
// the public acknowledgement page opened from a page email's link.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { join } from "node:path";
import { ARTIFACTS, adminApi, launchBrowser, seriousA11yViolations, signIn, startGoldseam, startSmtp, type Goldseam, type Smtp } from "./harness";

let goldseam: Goldseam;
let browser: Browser;
let smtp: Smtp;
let admin: Awaited<ReturnType<typeof adminApi>>;
let boId: number;
const BO = { email: "bo@corp.test", password: "a long password" };
const CY = { email: "cy@corp.test", password: "a long password" };
const VI = { email: "vi@corp.test", password: "a long password" };

beforeAll(async () => {
  // A real SMTP server: codes and acknowledgement links arrive by email, as they do for people.
  smtp = await startSmtp();
  goldseam = await startGoldseam({ env: { GOLDSEAM_SMTP_URL: smtp.url, GOLDSEAM_SMTP_FROM: "Goldseam <goldseam@corp.test>" } });
  browser = await launchBrowser();
  admin = await adminApi(goldseam.url);
  boId = Number((await admin("POST", "/api/v1/users", { ...BO, name: "Bo Li", role: "member" })).id);
  await admin("POST", "/api/v1/users", { ...CY, name: "Cy Park", role: "member" });
  await admin("POST", "/api/v1/users", { ...VI, name: "Vi Ng", role: "viewer" });
});

afterAll(async () => {
  await browser?.close();
  await goldseam?.stop();
  smtp?.stop();
});

/** No sideways scroll at 360 px; a screenshot of each theme on the phone. */
async function fitsAPhone(page: Page, name: string) {
  const wide = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 740 });
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, `${name} scrolls sideways at 360 px`).toBeLessThanOrEqual(client);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-phone.png`), fullPage: true });
  if (wide) await page.setViewportSize(wide);
}

/** Axe in both themes, with a screenshot of each. */
async function accessible(page: Page, name: string) {
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-dark.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
}

/** The first email Goldseam sent that `match` accepts (raw, headers and body), waiting for it. */
async function mail(match: (message: string) => boolean): Promise<string> {
  for (let i = 0; i < 150; i++) {
    const found = smtp.messages().find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("no such email arrived");
}

const asUser = (page: Page, path: string) => page.evaluate(async (p) => (await fetch(p)).json(), path);

test("a member sets a time zone and working hours, gets a calendar feed, verifies an email and saves notification rules", async () => {
  const page = await signIn(browser, goldseam.url, BO.email, BO.password);
  await page.goto(`${goldseam.url}/settings/profile`);
  await page.getByRole("heading", { name: "Profile", level: 2 }).waitFor();

  // Time zone: search, pick, save.
  await page.getByLabel("Find a time zone").fill("tokyo");
  await page.getByRole("combobox", { name: "Time zone", exact: true }).selectOption("Asia/Tokyo");
  await page.getByText(/^It is .+ there now\.$/).waitFor();
  await page.getByRole("button", { name: "Save time zone" }).click();
  await page.getByRole("status").getByText("Your time zone is Asia/Tokyo.").waitFor();
  expect(await page.getByRole("button", { name: /^Use this browser’s zone/ }).count()).toBe(1);

  // Working hours: office hours in one click; a bad time explained beside its field.
  const hours = page.getByRole("form", { name: "Working hours" });
  await hours.getByRole("button", { name: "Fill in Monday to Friday, 09:00–17:00" }).click();
  await hours.getByLabel("Until on Friday").fill("12:00");
  await hours.getByLabel("From on Monday").fill("9");
  await hours.getByRole("button", { name: "Save working hours" }).click();
  await hours.getByRole("alert").getByText("Check the hours marked below.").waitFor();
  await hours.getByText("Enter a start time such as 09:00.").waitFor();
  expect(await hours.getByLabel("From on Monday").getAttribute("aria-invalid")).toBe("true");
  await hours.getByLabel("From on Monday").fill("08:30");
  await hours.getByRole("button", { name: "Add hours on Saturday" }).click();
  await hours.getByRole("button", { name: "Save working hours" }).click();
  await hours.getByRole("status").getByText(/^Saved\. Monday 08:30–17:00; .*Friday 09:00–12:00; Saturday 09:00–17:00$/).waitFor();
  const profile = (await asUser(page, "/api/v1/me/profile")) as { time_zone: string; working_hours: unknown[] };
  expect(profile.time_zone).toBe("Asia/Tokyo");
  expect(profile.working_hours).toHaveLength(6);

  // Calendar feed: the address is shown once and serves iCalendar.
  await page.getByRole("button", { name: "Create my feed address" }).click();
  const feed = await page.getByLabel("Your calendar feed address").inputValue();
  expect(feed).toMatch(new RegExp(`/api/v1/users/${boId}/calendar\\.ics\\?token=`));
  const ics = await fetch(feed);
  expect(ics.status).toBe(200);
  expect(await ics.text()).toContain("BEGIN:VCALENDAR");
  await accessible(page, "paging-profile-feed");
  await page.getByRole("button", { name: "Done, I have subscribed or stored it" }).click();
  await page.getByText(/^Your feed address was made/).waitFor();
  await fitsAPhone(page, "paging-profile");

  // Contact methods: a number without a country code is explained before sending.
  await page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Contact methods" }).click();
  await page.getByRole("heading", { name: "Contact methods", level: 2 }).waitFor();
  await page.getByText("You have no contact methods yet.", { exact: false }).waitFor();
  await page.getByText("You have no rules", { exact: false }).first().waitFor();
  const add = page.getByRole("form", { name: "Add a contact method" });
  await add.getByLabel("Kind").selectOption("sms");
  await add.getByLabel("Mobile number").fill("555 123 4567");
  await add.getByRole("button", { name: "Add method" }).click();
  await add.getByText("Start with + and the country code", { exact: false }).waitFor();
  // The server's own refusal lands beside the field too.
  await add.getByLabel("Kind").selectOption("email");
  await add.getByLabel("Email address").fill("not an address");
  await add.getByRole("button", { name: "Add method" }).click();
  await add.getByRole("alert").waitFor();
  expect(await add.getByLabel("Email address").getAttribute("aria-invalid")).toBe("true");
  await add.getByLabel("Email address").fill("bo.pager@corp.test");
  await add.getByRole("button", { name: "Add method" }).click();
  await page.getByRole("status").getByText("Email bo.pager@corp.test is added. Send a code to verify it.").waitFor();
  const method = page.getByRole("listitem").filter({ hasText: "bo.pager@corp.test" });
  await method.getByText("Unverified").waitFor();
  // Rules offer verified methods only: none yet.
  expect(await page.getByRole("button", { name: "Add a rule" }).isDisabled()).toBe(true);

  await method.getByRole("button", { name: "Send code to Email bo.pager@corp.test" }).click();
  await method.getByText(/^A code is on its way/).waitFor();
  const codeField = method.getByLabel("Code sent to bo.pager@corp.test");
  await codeField.waitFor();
  // Asking again at once: the server says to wait (429 with Retry-After).
  await method.getByRole("button", { name: "Send a new code" }).click();
  await method.getByRole("alert").getByText(/^A code was sent less than a minute ago\. Wait (\d+ seconds|a minute), then ask for another\.$/).waitFor();

  // The code arrives by email, as for anyone.
  const verification = await mail((m) => m.includes("To: bo.pager@corp.test") && m.includes("verification code"));
  const code = /verification code is (\d{6})/.exec(verification)?.[1] ?? "";
  expect(code).toMatch(/^\d{6}$/);
  const wrong = code === "000000" ? "111111" : "000000";
  await codeField.fill(wrong);
  await method.getByRole("button", { name: "Verify" }).click();
  await method.getByText("This is not the code we sent; 4 tries are left.").waitFor();
  await method.getByText(/4 tries left\.$/).waitFor();
  await codeField.fill(code);
  await method.getByRole("button", { name: "Verify" }).click();
  await method.getByText(/^Verified/).waitFor();
  expect(await codeField.count()).toBe(0);

  // Notification rules: at once, then a high-urgency reminder moved first; saved as ordered.
  const rules = page.getByRole("form", { name: "Notification rules" });
  await rules.getByRole("button", { name: "Add a rule" }).click();
  await rules.getByLabel("Rule 1: notify by").waitFor();
  await rules.getByText("With these changes: At once by email.").waitFor();
  await rules.getByRole("button", { name: "Add a rule" }).click();
  await rules.getByLabel("Minutes after a page starts").nth(1).fill("soon");
  await rules.getByRole("button", { name: "Save rules" }).click();
  await rules.getByText("Enter whole minutes from 0 (at once) to 1440 (a day).").waitFor();
  await rules.getByLabel("Minutes after a page starts").nth(1).fill("3");
  await rules.getByLabel("For pages of").nth(1).selectOption("high");
  await rules.getByRole("button", { name: "Move rule 2 up" }).click();
  await rules.getByText("With these changes: At once by email; after 3 minutes by email (high-urgency pages).").waitFor();
  await rules.getByRole("button", { name: "Save rules" }).click();
  await rules.getByRole("status").getByText("Saved. At once by email; after 3 minutes by email (high-urgency pages).").waitFor();
  const saved = (await asUser(page, "/api/v1/me/notification-rules")) as { rules: { delay_minutes: number; urgency?: string | null }[] };
  expect(saved.rules.map((r) => [r.delay_minutes, r.urgency ?? null])).toEqual([
    [3, "high"],
    [0, null],
  ]);

  // A method the rules use cannot be deleted: the server says why, after a confirmation.
  await method.getByRole("button", { name: "Delete Email bo.pager@corp.test" }).click();
  await method.getByRole("button", { name: "Delete Email bo.pager@corp.test" }).click();
  await method.getByRole("alert").waitFor();
  await method.getByText(/^Verified/).waitFor();

  await accessible(page, "paging-contact-methods");
  await fitsAPhone(page, "paging-contact-methods");
  await page.context().close();
}, 90_000);

test("the room shows who is paged; acknowledging updates another member's room live; the email's link acknowledges without signing in", async () => {
  await admin("POST", "/api/v1/response-rules", { name: "Page Bo", when: {}, then: { responders: [boId] } });
  const incident = await admin("POST", "/api/v1/incidents", { title: "Checkout is failing", severity: "SEV1" });
  const ref = String(incident.reference);
  // The response job starts the page right after the declaration.
  for (let i = 0; ; i++) {
    const pages = (await admin("GET", `/api/v1/incidents/${ref}/pages`)) as unknown as unknown[];
    if (pages.length) break;
    if (i > 100) throw new Error("no page started");
    await new Promise((r) => setTimeout(r, 100));
  }

  const bo = await signIn(browser, goldseam.url, BO.email, BO.password);
  const cy = await signIn(browser, goldseam.url, CY.email, CY.password);
  const vi = await signIn(browser, goldseam.url, VI.email, VI.password);
  for (const p of [bo, cy, vi]) {
    await p.goto(`${goldseam.url}/incidents/${ref}`);
    await p.getByRole("status").getByText("Live").waitFor();
  }
  const panel = (p: Page) => p.getByRole("region", { name: /^Paging/ });
  await panel(cy).getByText("Bo Li").waitFor();
  await panel(cy).getByText("responder by rule: Page Bo").waitFor();
  await panel(cy).getByText("Waiting for acknowledgement").waitFor();
  // The top of the room says it too, before any panel.
  const summary = (p: Page) => p.locator(".paging-summary");
  expect(await summary(cy).innerText()).toMatch(/^Paged: Bo Li \(waiting \d+s\)$/);
  await panel(bo).getByText("(you)").waitFor();
  // Viewers read but cannot acknowledge.
  await panel(vi).getByText("Members and admins can acknowledge pages.").waitFor();
  expect(await panel(vi).getByRole("button").count()).toBe(0);
  await accessible(cy, "paging-room-open");
  await fitsAPhone(cy, "paging-room-open");

  await panel(bo).getByRole("button", { name: "Acknowledge" }).click();
  await panel(bo).getByRole("status").getByText(/^You acknowledged the page\./).waitFor();
  // Cy's room hears of it over the stream, without reloading.
  await panel(cy).getByText(/Acknowledged by Bo Li/).waitFor();
  await expect.poll(() => summary(cy).innerText()).toBe("Paged: Bo Li (acknowledged by Bo Li)");
  expect(await panel(cy).getByRole("button", { name: "Acknowledge" }).count()).toBe(0);
  await cy.getByRole("region", { name: "Activity" }).getByText("Bo Li acknowledged the page").waitFor();
  await accessible(cy, "paging-room-acknowledged");

  // A second incident pages Bo again; the page email carries the link.
  const second = await admin("POST", "/api/v1/incidents", { title: "Search is slow", severity: "SEV2" });
  const ref2 = String(second.reference);
  const email = await mail((m) => m.includes("Subject: Page: ") && m.includes(ref2));
  const link = /\/ack\/([^\s]+)/.exec(email)?.[1];
  expect(link).toBeTruthy();

  await cy.goto(`${goldseam.url}/incidents/${ref2}`);
  await panel(cy).getByText("Waiting for acknowledgement").waitFor();

  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto(`${goldseam.url}/ack/${link}`);
  await stranger.getByRole("heading", { name: `${ref2} (SEV2) Search is slow` }).waitFor();
  await stranger.getByText("You were paged as responder by rule: Page Bo.").waitFor();
  await accessible(stranger, "paging-ack-link");
  await fitsAPhone(stranger, "paging-ack-link");
  await stranger.getByRole("button", { name: "Acknowledge" }).click();
  await stranger.getByText(/^✓ Done\. Acknowledged by Bo Li at /).waitFor();
  await panel(cy).getByText(/Acknowledged by Bo Li/).waitFor();
  // Opening it again says who was first; the button is gone.
  await stranger.reload();
  await stranger.getByText(/^✓ Acknowledged by Bo Li at /).waitFor();
  expect(await stranger.getByRole("button", { name: "Acknowledge" }).count()).toBe(0);
  await accessible(stranger, "paging-ack-link-done");

  // A link altered or cut short.
  await stranger.goto(`${goldseam.url}/ack/${link!.slice(0, -4)}0000`);
  await stranger.getByRole("heading", { name: "This link is not valid" }).waitFor();
  await accessible(stranger, "paging-ack-link-invalid");
  await fitsAPhone(stranger, "paging-ack-link-invalid");
}, 90_000);

test("a member pages someone from the room; the same person is not paged twice while the page is open", async () => {
  const incident = await admin("POST", "/api/v1/incidents", { title: "Refunds stuck", severity: "SEV2" });
  const ref = String(incident.reference);
  const bo = await signIn(browser, goldseam.url, BO.email, BO.password);
  await bo.goto(`${goldseam.url}/incidents/${ref}`);
  await bo.getByRole("status").getByText("Live").waitFor();
  const panel = bo.getByRole("region", { name: /^Paging/ });
  await panel.getByRole("button", { name: "Page someone…" }).click();
  const form = panel.getByRole("form", { name: "Page someone" });
  await form.getByRole("button", { name: "Page", exact: true }).click();
  await form.getByRole("alert").getByText("Choose the person to page.").waitFor();
  await form.getByRole("combobox", { name: "Person to page" }).fill("Cy");
  await bo.getByRole("listbox", { name: "Person to page" }).getByRole("option", { name: /Cy Park/ }).click();
  await form.getByLabel("Why (in their message)").fill("refunds need the payments lead");
  await accessible(bo, "paging-room-page-someone");
  await fitsAPhone(bo, "paging-room-page-someone");
  await form.getByRole("button", { name: "Page", exact: true }).click();
  await panel.getByRole("status").getByText("Paging Cy Park now.").waitFor();
  await panel.getByText("refunds need the payments lead").waitFor();
  await bo.getByRole("region", { name: "Activity" }).getByText("Bo Li paged Cy Park (refunds need the payments lead)").waitFor();
  // Cy has no contact methods: the page reaches their account email, with the reason.
  const email = await mail((m) => m.includes("Subject: Page: ") && m.includes(ref) && m.includes("cy@corp.test"));
  expect(email).toContain("refunds need the payments lead");

  // Asking again while Cy has not acknowledged pages nobody twice.
  await panel.getByRole("button", { name: "Page someone…" }).click();
  await form.getByRole("combobox", { name: "Person to page" }).fill("Cy");
  await bo.getByRole("listbox", { name: "Person to page" }).getByRole("option", { name: /Cy Park/ }).click();
  await form.getByRole("button", { name: "Page", exact: true }).click();
  await panel.getByRole("status").getByText("Cy Park is already being paged and has not acknowledged yet; nobody is paged twice.").waitFor();
  const pages = (await admin("GET", `/api/v1/incidents/${ref}/pages`)) as unknown as { user_id: number | null; reason: string }[];
  expect(pages.filter((p) => p.reason === "refunds need the payments lead")).toHaveLength(1);
  await bo.context().close();
}, 60_000);
