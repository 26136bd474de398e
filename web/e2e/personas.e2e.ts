// Five people in a fire, each on a laptop (1366 px) and on a phone (390 px), from signing in to
// what they came for (issue 12's proof): a support agent declaring for a customer, the on-call
// engineer who becomes the lead, a lawyer who spotted a data leak, an executive following along and
// an admin setting up a new installation. Each asserts what that person must read (who leads, who
// was paged, who can see it, the overdue flag), and every page they visit passes axe (serious or
// critical violations fail) without scrolling sideways. Each person gets a new server per screen
// size: the journeys start from an installation as that person would find it.
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, adminApi, goTo, launchBrowser, seriousA11yViolations, startGoldseam, startSmtp, type Goldseam, type Smtp } from "./harness";

const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 390, height: 844 },
];
const PASSWORD = "a long password";
const SAM = { email: "sam@corp.test", name: "Sam Support" };
const OLIVIA = { email: "olivia@corp.test", name: "Olivia Oncall" };
const DAN = { email: "dan@corp.test", name: "Dan Dev" };
const LENA = { email: "lena@corp.test", name: "Lena Legal" };
const CARL = { email: "carl@corp.test", name: "Carl Counsel" };
const EVE = { email: "eve@corp.test", name: "Eve Exec" };
const BO = { email: "bo@corp.test", name: "Bo Li" };

let browser: Browser;
let smtp: Smtp;
let servers: Goldseam[] = [];

beforeAll(async () => {
  // Only the executive's server sends email (her contact method is verified with the code it
  // receives); the others have no SMTP, as a new installation has none.
  smtp = await startSmtp();
  browser = await launchBrowser();
});

afterEach(async () => {
  for (const s of servers) await s.stop();
  servers = [];
});

afterAll(async () => {
  await browser?.close();
  smtp?.stop();
});

/** A new installation, with the admin's API and the people it needs (all with PASSWORD). */
async function install(people: { email: string; name: string; role?: string }[], env: Record<string, string> = {}) {
  const goldseam = await startGoldseam({ env });
  servers.push(goldseam);
  const admin = await adminApi(goldseam.url);
  const ids: Record<string, number> = {};
  for (const p of people) ids[p.email] = Number((await admin("POST", "/api/v1/users", { email: p.email, name: p.name, role: p.role ?? "member", password: PASSWORD })).id);
  return { url: goldseam.url, admin, ids };
}

/** Someone signing in on a screen this wide (the sign-in page is a page they visit too), with a
 * page that waits a little for what it expects; they land on the dashboard. */
async function arrive(url: string, email: string, viewport: { width: number; height: number }, password = PASSWORD): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  page.setDefaultTimeout(8_000);
  await page.goto(url);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await clear(page, "sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Open incidents", level: 1 }).waitFor();
  return page;
}

/** What a page must be on any screen: nothing serious for axe, no sideways scrolling. A screenshot. */
async function clear(page: Page, name: string) {
  const width = page.viewportSize()?.width ?? 0;
  expect(await seriousA11yViolations(page), `${name} at ${width} px`).toEqual([]);
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(client);
  await page.screenshot({ path: join(ARTIFACTS, `personas-${name}-${width}.png`), fullPage: true });
}

/** The incident room, once its live stream is connected. */
async function inRoom(page: Page, title: RegExp) {
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  await page.getByRole("status").getByText("Live").waitFor();
}

/** The API as a person other than the admin (their own session and CSRF token). */
async function userApi(url: string, email: string) {
  const login = await fetch(`${url}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: PASSWORD }) });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
  const { csrf_token } = (await login.json()) as { csrf_token: string };
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, { method, headers: { cookie, "x-csrf-token": csrf_token, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
}

/** Waits until `check` holds (polling the API), so that the browser opens on the state to test. */
async function until(what: string, check: () => Promise<boolean>) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never: ${what}`);
}

const yesterdayUtc = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

/** A weekly rotation with `userId` on call now. */
const rotation = (name: string, userId: number) => ({ name, time_zone: "UTC", layers: [{ name: "Primary", start: `${yesterdayUtc()}T00:00`, shift: { unit: "weeks", count: 1 }, participants: [userId] }] });

test("a support agent declares for a customer and the room says at once who leads and what happens next", async () => {
  for (const viewport of VIEWPORTS) {
    const { url } = await install([SAM]);
    const page = await arrive(url, SAM.email, viewport);
    await page.getByText(/^Nothing is on fire\./).waitFor();
    await clear(page, "support-dashboard");
    const form = page.getByRole("form", { name: "Declare an incident" });
    if (viewport.width > 1000) {
      // On a laptop: the red button, then the title typed with a #tag for the customer.
      await page.getByRole("banner").getByRole("button", { name: "Declare incident" }).click();
      await form.getByLabel("What is wrong?").fill("#Acme cannot export invoices");
      await form.getByRole("radio", { name: /SEV2/ }).check();
    } else {
      // On a phone: the link the helpdesk tool makes, filled in.
      await page.goto(`${url}/declare?title=${encodeURIComponent("#Acme cannot export invoices")}&severity=sev2`);
      expect(await form.getByLabel("What is wrong?").inputValue()).toBe("#Acme cannot export invoices");
      expect(await form.getByRole("radio", { name: /SEV2/ }).isChecked()).toBe(true);
    }
    expect(new URL(page.url()).pathname).toBe("/declare");
    await form.getByText("(for example: Checkout fails for card payments)").waitFor();
    await form.getByText("When in doubt, pick the worse one: you can lower it later.").waitFor();
    await form.getByText("Tags from the title: #acme · the title will read “Acme cannot export invoices”").waitFor();
    await clear(page, "support-declare");
    await form.getByRole("button", { name: "Declare", exact: true }).click();

    await inRoom(page, /INC-1: Acme cannot export invoices$/);
    expect(new URL(page.url()).pathname).toBe("/incidents/INC-1");
    expect(await page.getByRole("region", { name: "Tags" }).getByRole("link", { name: "#acme" }).count()).toBe(1);
    // What happens next, before anything else: nobody leads, nobody was paged, and how to change both.
    await page.getByText("Nobody leads yet", { exact: true }).waitFor();
    await page.getByText("Nobody has been paged.", { exact: true }).waitFor();
    const pageSomeone = page.getByRole("button", { name: "Page someone", exact: true });
    await pageSomeone.waitFor();
    await clear(page, "support-room");

    await page.getByRole("button", { name: "Take the lead: make me Incident manager" }).click();
    await page.getByText(/^Led by Sam Support \(you\)$/).waitFor();
    await page.getByRole("region", { name: "Activity" }).getByText("Sam Support took the incident manager role").waitFor();
    // The way to page someone opens the paging form, wherever it sits on this screen.
    await pageSomeone.click();
    const pageForm = page.getByRole("form", { name: "Page someone" });
    const who = pageForm.getByRole("combobox", { name: "Person to page" });
    await who.waitFor();
    await expect.poll(() => who.evaluate((el) => el === document.activeElement), { timeout: 3_000 }).toBe(true);
    await clear(page, "support-room-led");
    await page.context().close();
  }
}, 40_000);

test("the on-call engineer is made the lead of a SEV1 someone else declares, acknowledges her page and posts an update", async () => {
  for (const viewport of VIEWPORTS) {
    const { url, admin, ids } = await install([OLIVIA, DAN]);
    // She is on call in the incident managers' rotation, which takes every SEV1 and worse.
    const schedule = await admin("POST", "/api/v1/schedules", rotation("Incident managers", ids[OLIVIA.email]));
    await admin("PUT", "/api/v1/settings/incident-manager", { schedule_id: schedule.id, min_severity: "SEV1" });
    const dan = await userApi(url, DAN.email);
    await dan("POST", "/api/v1/incidents", { title: "Card payments fail in the EU", severity: "SEV1" });
    await until("Olivia is paged", async () => ((await admin("GET", "/api/v1/incidents/INC-1/pages")) as unknown as unknown[]).length > 0);

    const page = await arrive(url, OLIVIA.email, viewport);
    const incident = page.getByRole("link", { name: /INC-1 Card payments fail in the EU/ });
    await incident.waitFor();
    await clear(page, "oncall-dashboard");
    await incident.click();
    await inRoom(page, /INC-1: Card payments fail in the EU$/);
    await page.getByText(/^Led by Olivia Oncall \(you\)$/).waitFor();
    await page.getByText(/^Paged: Olivia Oncall \(waiting \d+[sm]\)$/).waitFor();
    const paging = page.getByRole("region", { name: /^Paging/ });
    await paging.getByText("incident manager on call").waitFor();
    await paging.getByText("Waiting for acknowledgement").waitFor();
    await clear(page, "oncall-room-paged");

    await paging.getByRole("button", { name: "Acknowledge", exact: true }).click();
    await paging.getByRole("status").getByText(/^You acknowledged the page\./).waitFor();
    await page.getByText("Paged: Olivia Oncall (acknowledged by Olivia Oncall)", { exact: true }).waitFor();
    expect(await paging.getByRole("button", { name: /^Acknowledge/ }).count()).toBe(0);

    // The first status update, from the composer, for everyone following along.
    await page.getByLabel("Comment or status update").fill("Payments provider is failing over; card payments recover within 15 min.");
    await page.getByRole("button", { name: "Post status update" }).click();
    const activity = page.getByRole("region", { name: "Activity" });
    await activity.getByText(/^Olivia Oncall posted a status update/).waitFor();
    await activity.getByText("Payments provider is failing over; card payments recover within 15 min.").waitFor();
    expect(await page.getByLabel("Comment or status update").inputValue()).toBe("");
    await clear(page, "oncall-room-acknowledged");
    await page.context().close();
  }
}, 40_000);

test("a lawyer who spotted a data leak declares it private, reads that Security could not be paged, and lets a colleague see it", async () => {
  for (const viewport of VIEWPORTS) {
    // A fresh installation: the starter rule names Security, Legal and PR, which do not exist yet.
    const { url } = await install([LENA, CARL]);
    const page = await arrive(url, LENA.email, viewport);
    await clear(page, "lawyer-dashboard");
    await page.getByRole("banner").getByRole("button", { name: "Declare incident" }).click();
    const form = page.getByRole("form", { name: "Declare an incident" });
    await form.getByLabel("What is wrong?").fill("Customer contracts shared with the wrong client");
    await form.getByRole("radio", { name: /SEV1/ }).check();
    await form.getByLabel("What kind of incident?").selectOption({ label: "Security" });
    // Security incidents are private unless she says otherwise.
    expect(await form.getByLabel("Private: only the people working on it and admins can see it").isChecked()).toBe(true);
    await clear(page, "lawyer-declare");
    await form.getByRole("button", { name: "Declare", exact: true }).click();

    await inRoom(page, /INC-1: Customer contracts shared with the wrong client/);
    expect(await page.getByRole("heading", { level: 1 }).getByText("Private", { exact: true }).count()).toBe(1);
    // Not only "nobody was paged": why, for each team the rule names.
    const rule = "Security incidents page Security, inform Legal and PR";
    await page.getByText("Nobody has been paged, because:", { exact: true }).waitFor();
    const gap = (sentence: string) => page.getByRole("listitem").filter({ hasText: new RegExp(`^⚠ ${sentence.replace(/[.()]/g, "\\$&")}$`) });
    await gap(`Rule “${rule}” could not page Security: no team of that name exists yet.`).waitFor();
    await gap(`Rule “${rule}” could not inform Legal: no team of that name exists yet.`).waitFor();
    await gap(`Rule “${rule}” could not inform PR: no team of that name exists yet.`).waitFor();
    // Fixing the setup is for admins; she is not offered it.
    expect(await page.getByRole("link", { name: "Create the Security team" }).count()).toBe(0);
    const activity = page.getByRole("region", { name: "Activity" });
    // The timeline keeps the same sentence.
    await activity.getByText(/could not page Security: no team of that name exists yet\.$/).waitFor();

    // Who can see it, and why.
    const access = page.getByRole("region", { name: "Who can see this incident" });
    await access.getByRole("button", { name: "Private: 2 people can see this" }).click();
    expect(await access.getByRole("listitem").allInnerTexts()).toEqual(["Admin: is an admin", "Lena Legal (you): declared it"]);
    await clear(page, "lawyer-room");

    await access.getByRole("button", { name: "Let someone see it…" }).click();
    const let_ = access.getByRole("form", { name: "Let someone see this incident" });
    await let_.getByRole("combobox", { name: "Person who should see it" }).fill("Carl");
    await let_.getByRole("option", { name: /Carl Counsel/ }).click();
    await let_.getByLabel("Why (shown on the timeline)").fill("outside counsel drafting the breach notice");
    await clear(page, "lawyer-let-someone-see");
    await let_.getByRole("button", { name: "Let them see it" }).click();
    await access.getByRole("status").getByText("Carl Counsel can now see this incident.").waitFor();
    await access.getByRole("button", { name: "Private: 3 people can see this" }).waitFor();
    await access.getByRole("listitem").filter({ hasText: "Carl Counsel" }).getByText("was added").waitFor();
    await activity.getByText("Lena Legal let Carl Counsel see this private incident: outside counsel drafting the breach notice").waitFor();
    await clear(page, "lawyer-room-shared");
    await page.context().close();
  }
}, 40_000);

test("an executive reads on the dashboard whether each fire is handled, is flagged an overdue update, and follows SEV1 in one click", async () => {
  for (const viewport of VIEWPORTS) {
    const { url, admin, ids } = await install([{ ...EVE, role: "viewer" }, BO], { GOLDSEAM_SMTP_URL: smtp.url, GOLDSEAM_SMTP_FROM: "Goldseam <g@corp.test>" });
    // Nobody leads this one and nothing pages for it; its last update is fresh.
    await admin("POST", "/api/v1/incidents", { title: "Search is slow", severity: "SEV3" });
    await admin("POST", "/api/v1/incidents/INC-1/status-updates", { body: "Reindexing; results may be stale for an hour" });
    // This one pages Bo, who leads it and has not answered.
    await admin("POST", "/api/v1/response-rules", { name: "Page Bo", when: { min_severity: "SEV1" }, then: { responders: [ids[BO.email]] } });
    await admin("POST", "/api/v1/incidents", { title: "Checkout is failing", severity: "SEV1" });
    await admin("POST", "/api/v1/incidents/INC-2/roles", { role: "incident_manager", user_id: ids[BO.email] });
    await until("Bo is paged", async () => ((await admin("GET", "/api/v1/incidents/INC-2/pages")) as unknown as unknown[]).length > 0);

    const page = await arrive(url, EVE.email, viewport);
    const card = (title: string) => page.getByRole("listitem").filter({ has: page.getByRole("link", { name: title }) });
    const checkout = card("INC-2 Checkout is failing");
    const search = card("INC-1 Search is slow");
    await checkout.getByText(/^Paged, waiting (under a minute|\d+ min)$/).waitFor();
    expect(await checkout.innerText()).toMatch(/Incident manager\s*Bo Li/);
    await checkout.getByText("No update yet", { exact: true }).waitFor();
    await search.getByText("Not paged", { exact: true }).waitFor();
    expect(await search.innerText()).toMatch(/Incident manager\s*Nobody leads/);
    await search.getByText(/^Last update (just now|1 min ago)$/).waitFor();
    await search.getByText("Reindexing; results may be stale for an hour").waitFor();
    expect(await page.getByText("Update overdue").count()).toBe(0);

    // Following SEV1: without a verified channel she is told where to get one, not given a follow
    // that reaches nobody.
    const follow = page.getByRole("region", { name: "Follow incidents" });
    await follow.getByText("Verify an email address, phone number, Slack or Mattermost account in Contact methods to follow SEV0 or SEV1 incidents from here.").waitFor();
    expect(await follow.getByRole("link", { name: "Contact methods" }).getAttribute("href")).toBe("/settings/contact-methods");
    expect(await follow.getByRole("button", { name: "Follow SEV1" }).count()).toBe(0);
    await clear(page, "executive-dashboard");

    // Once she has verified her address (with the code the email brings), one click.
    const eve = await userApi(url, EVE.email);
    const address = `eve.${viewport.width}@corp.test`;
    const method = await eve("POST", "/api/v1/me/contact-methods", { kind: "email", address });
    await eve("POST", `/api/v1/me/contact-methods/${method.id}/verification`);
    let code = "";
    await until("the verification code arrives", async () => {
      code = /verification code is (\d{6})/.exec(smtp.messages().find((m) => m.includes(`To: ${address}`)) ?? "")?.[1] ?? "";
      return !!code;
    });
    await eve("POST", `/api/v1/me/contact-methods/${method.id}/verification/confirm`, { code });
    await page.reload();
    await follow.getByRole("button", { name: "Follow SEV1" }).click();
    await follow.getByRole("status").getByText("You now follow: Every SEV1 incident — by email.").waitFor();
    await follow.getByText("✓ Following SEV1 by email").waitFor();
    await follow.getByRole("button", { name: "Stop following SEV1" }).waitFor();
    await clear(page, "executive-following");

    // Time passes (in the browser: the server's clock cannot be moved). 31 minutes after it was
    // declared without an update, SEV1's 30-minute cadence is overdue; SEV3's 4 hours is not.
    await page.clock.install();
    await page.reload();
    await checkout.getByText("No update yet", { exact: true }).waitFor();
    await page.clock.fastForward("31:00");
    await checkout.getByText("Update overdue", { exact: true }).waitFor();
    await checkout.getByText(/^Update overdue No update in the 3\d min since it was declared; SEV1 expects one every 30 min\.$/).waitFor();
    await checkout.getByText(/^Paged, waiting 3\d min$/).waitFor();
    expect(await search.getByText("Update overdue").count()).toBe(0);
    await clear(page, "executive-overdue");
    await page.context().close();
  }
}, 50_000);

test("an admin sets up a new installation: the checklist ticks as things are made, and an email that cannot be sent is flagged", async () => {
  for (const viewport of VIEWPORTS) {
    // No SMTP: a new installation before its configuration is finished.
    const { url, admin } = await install([]);
    const page = await arrive(url, ADMIN.email, viewport, ADMIN.password);
    const checklist = page.getByRole("region", { name: "Set up Goldseam" });
    const step = (title: string) => checklist.getByRole("listitem").filter({ hasText: title });
    await checklist.getByText("0 of 6 done").waitFor();
    await step("Connect email or SMS").getByText(/^Goldseam cannot page or email anyone yet\./).waitFor();
    await step("Add people").getByText("Only you have an account. Add the people who respond to incidents.").waitFor();
    await clear(page, "admin-checklist");

    // People: from the step's link, the Users page's form.
    await step("Add people").getByRole("link", { name: "Go to Users" }).click();
    await page.getByRole("heading", { name: "Users", level: 2 }).waitFor();
    const add = page.getByRole("form", { name: "Add a user" });
    await add.getByLabel("Email").fill(BO.email);
    await add.getByLabel("Name").fill(BO.name);
    await add.getByLabel(/^Initial password/).fill(PASSWORD);
    await add.getByLabel("Role").selectOption({ label: "Member" });
    await add.getByRole("button", { name: "Add user" }).click();
    await page.getByRole("status").getByText(/^Bo Li is added as a member\.$/).waitFor();
    await clear(page, "admin-users");
    await goTo(page, "Dashboard");
    await checklist.getByText("1 of 6 done").waitFor();
    await step("Add people").getByText("2 people have an account.").waitFor();

    // A rotation with Bo on call and a team using it (made elsewhere): the step ticks on the next visit.
    const users = (await admin("GET", "/api/v1/users")).items as { id: number; email: string }[];
    const boId = users.find((u) => u.email === BO.email)!.id;
    const schedule = await admin("POST", "/api/v1/schedules", rotation("Payments rota", boId));
    await admin("POST", "/api/v1/teams", { name: "Payments", schedule_id: schedule.id });
    await page.reload();
    await checklist.getByText("2 of 6 done").waitFor();
    await step("A team with an on-call schedule").getByText("1 team has an on-call schedule.").waitFor();

    // A test page to Bo: it cannot go out, as email is not configured.
    await admin("POST", "/api/v1/incidents", { title: "Paging test", severity: "SEV4" });
    await page.reload();
    await page.getByRole("link", { name: "INC-1 Paging test" }).click();
    await inRoom(page, /INC-1: Paging test$/);
    const paging = page.getByRole("region", { name: /^Paging/ });
    await paging.getByRole("button", { name: "Page someone…" }).click();
    const pageForm = paging.getByRole("form", { name: "Page someone" });
    await pageForm.getByRole("combobox", { name: "Person to page" }).fill("Bo");
    await page.getByRole("listbox", { name: "Person to page" }).getByRole("option", { name: /Bo Li/ }).click();
    await pageForm.getByLabel("Why (in their message)").fill("checking that pages reach people");
    await pageForm.getByRole("button", { name: "Page", exact: true }).click();
    await paging.getByRole("status").getByText("Paging Bo Li now.").waitFor();
    // The room says it neutrally; the admin is told why, above every page.
    await page.getByRole("region", { name: "Activity" }).getByText("An email to Bo Li could not be sent; admins were told.").waitFor();
    await page.reload();
    await inRoom(page, /INC-1: Paging test$/);
    const notices = page.getByRole("complementary", { name: "Notices for admins" });
    await notices.getByText(/^⚠ Email could not be sent once \(last (just now|1 min ago)\): email is not configured on this server; set smtp_url and smtp_from \(docs\/configuration\.md\)\./).waitFor();
    await clear(page, "admin-room-notice");
    await notices.getByRole("link", { name: "See Dead letters" }).click();
    await page.getByRole("heading", { name: "Dead letters", level: 2 }).waitFor();
    const row = page.getByRole("table", { name: "Failed deliveries, newest first" }).getByRole("row").filter({ hasText: BO.email });
    await row.getByRole("link", { name: "INC-1" }).waitFor();
    await row.getByText(/not configured/).waitFor();
    await clear(page, "admin-dead-letters");
    await page.context().close();
  }
}, 50_000);
