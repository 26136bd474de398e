// The scheduling assistant (issue 15) against the real server and a real SMTP server: the
// postmortem's owner finds a time for the review meeting on the postmortem page and books it;
// a required attendee opens their personal link from the invitation email, without signing in,
// and declines; Goldseam moves the meeting (SEQUENCE 1) and says why, the owner's page follows
// live, and everyone invited gets the update. Settings → Calendar says what is wrong beside the field.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { join } from "node:path";
import { ARTIFACTS, adminApi, apiAs, decodedParts, launchBrowser, seriousA11yViolations, signIn, startGoldseam, startSmtp, type Goldseam, type Smtp } from "./harness";

let goldseam: Goldseam;
let browser: Browser;
let smtp: Smtp;
const ANA = { email: "ana@corp.test", password: "a long password", name: "Ana Diaz", zone: "Europe/Berlin" };
const BO = { email: "bo@corp.test", password: "a long password", name: "Bo Chen", zone: "America/New_York" };

beforeAll(async () => {
  smtp = await startSmtp();
  goldseam = await startGoldseam({ env: { GOLDSEAM_SMTP_URL: smtp.url, GOLDSEAM_SMTP_FROM: "Goldseam <goldseam@corp.test>" } });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await goldseam?.stop();
  smtp?.stop();
}, 60_000);

/** Every email to `to` whose subject starts with `subject`, raw, waiting for at least `count`. */
async function mailsTo(to: string, subject: string, count = 1): Promise<string[]> {
  const matching = () => smtp.messages().filter((m) => new RegExp(`^To:.*${to.replace(/[.]/g, "\\.")}`, "m").test(m) && new RegExp(`^Subject: ${subject}`, "m").test(m));
  for (let i = 0; i < 300; i++) {
    const found = matching();
    if (found.length >= count) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no email "${subject}" to ${to} arrived; got:\n${smtp.messages().map((m) => m.match(/^Subject: .*$/m)?.[0]).join("\n")}`);
}

/** The calendar part's SEQUENCE. */
const sequenceOf = (raw: string) => Number(/^SEQUENCE:(\d+)/m.exec(decodedParts(raw))?.[1] ?? NaN);

test("the owner books the review, a required attendee declines by the link, the meeting moves and everyone is told", async () => {
  const admin = await adminApi(goldseam.url);
  const anaId = Number((await admin("POST", "/api/v1/users", { email: ANA.email, password: ANA.password, name: ANA.name, role: "member" })).id);
  const boId = Number((await admin("POST", "/api/v1/users", { email: BO.email, password: BO.password, name: BO.name, role: "member" })).id);
  const ana = await apiAs(goldseam.url, ANA.email, ANA.password);
  const bo = await apiAs(goldseam.url, BO.email, BO.password);
  // Zones in their profiles: Berlin and New York share 15:00 to 17:00 Berlin time.
  await ana("PATCH", "/api/v1/me/profile", { time_zone: ANA.zone });
  await bo("PATCH", "/api/v1/me/profile", { time_zone: BO.zone });

  // Ana ran the response with Bo; she wrote the postmortem and sent it to Bo for review.
  const ref = String((await ana("POST", "/api/v1/incidents", { title: "Card payments failing", severity: "SEV1", summary: "Card payments failed for 40 minutes in the EU." })).reference);
  await ana("POST", `/api/v1/incidents/${ref}/roles`, { role: "incident_manager", user_id: anaId });
  await ana("POST", `/api/v1/incidents/${ref}/roles`, { role: "scribe", user_id: boId });
  await ana("PATCH", `/api/v1/incidents/${ref}`, { status: "resolved" });
  await ana("POST", `/api/v1/incidents/${ref}/postmortem`, {});
  await ana("POST", `/api/v1/incidents/${ref}/postmortem/review`, { action: "request_review", reviewers: [boId] });

  // Ana's postmortem page: who is invited, then "Find a time".
  const page = await signIn(browser, goldseam.url, ANA.email, ANA.password);
  await page.goto(`${goldseam.url}/incidents/${ref}/postmortem`);
  const panel = page.getByRole("region", { name: "Review meeting" });
  await panel.getByText("Not booked yet.").waitFor();
  const invited = panel.getByRole("table", { name: "Invited" });
  await invited.getByRole("rowheader", { name: ANA.name }).waitFor();
  await invited.getByRole("rowheader", { name: BO.name }).waitFor();
  expect(await invited.innerText()).toContain(BO.zone);
  await panel.getByRole("button", { name: "Find a time" }).click();
  const proposal = panel.getByRole("region", { name: "Proposed times" });
  const best = proposal.getByRole("article", { name: /^Best time: / });
  await best.waitFor();
  // Every attendee's own wall clock: Bo's morning is Ana's afternoon.
  const boRow = best.getByRole("row").filter({ has: page.getByRole("rowheader", { name: BO.name }) });
  expect(await boRow.innerText()).toMatch(/New York/);
  expect(await boRow.innerText()).toMatch(/Free/);
  expect(await best.innerText()).toContain("earliest day every required attendee is free");
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "reviews-proposal.png"), fullPage: true });

  await best.getByRole("button", { name: "Book this time" }).click();
  await panel.getByText("Booked: invitations are on their way to everyone invited.").waitFor();
  await panel.getByText("Booked", { exact: true }).waitFor();
  const first = (await ana("GET", `/api/v1/incidents/${ref}/review`)).meeting as { sequence: number; start: string; state: string };
  expect(first).toMatchObject({ sequence: 0, state: "booked" });
  await panel.getByRole("table", { name: "Attendees" }).waitFor();

  // Bo's invitation: the calendar part at SEQUENCE 0 and his personal links.
  const [invitation] = await mailsTo(BO.email, "Invitation: Review of");
  expect(sequenceOf(invitation)).toBe(0);
  const decline = decodedParts(invitation).match(/http:\/\/127\.0\.0\.1:\d+\/rsvp\/[^\s"<>?]+\?answer=declined/)?.[0];
  expect(decline, decodedParts(invitation)).toBeTruthy();

  // A fresh browser with no session: the link opens the invitation and answers nothing by itself.
  const context = await browser.newContext();
  const rsvp = await context.newPage();
  await rsvp.goto(decline!);
  await rsvp.getByRole("heading", { level: 1, name: `Review of ${ref}: Card payments failing` }).waitFor();
  await rsvp.getByText("You chose “Declined” in the email: press it to send your answer.").waitFor();
  await rsvp.getByText("New York time").waitFor();
  expect(((await ana("GET", `/api/v1/incidents/${ref}/review`)).invitees as { name: string; answer: string | null }[]).find((i) => i.name === BO.name)?.answer).toBeNull();
  expect(await seriousA11yViolations(rsvp)).toEqual([]);
  await rsvp.screenshot({ path: join(ARTIFACTS, "reviews-rsvp.png"), fullPage: true });
  await rsvp.getByRole("button", { name: "Decline" }).click();
  await rsvp.getByText(/Your answer is saved: Declined\. Goldseam is looking for another time/).waitFor();

  // Goldseam moves it: SEQUENCE 1, the reason says who declined; Ana's page follows live.
  await panel.getByText("Moved", { exact: true }).waitFor({ timeout: 20_000 });
  await panel.getByText(/Why this time: moved because Bo Chen declined/).waitFor();
  const moved = (await ana("GET", `/api/v1/incidents/${ref}/review`)).meeting as { sequence: number; start: string; reason: string };
  expect(moved.sequence).toBe(1);
  expect(moved.start).not.toBe(first.start);
  expect(moved.reason).toMatch(/^moved because Bo Chen declined/);
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "reviews-moved.png"), fullPage: true });

  // Bo's page shows the new time too, to answer again.
  await rsvp.getByText("Moved.").waitFor({ timeout: 15_000 });

  // Both fit a phone: nothing scrolls sideways.
  for (const [p, name] of [[page, "reviews-moved"], [rsvp, "reviews-rsvp"]] as const) {
    await p.setViewportSize({ width: 360, height: 740 });
    const [scroll, client] = await p.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(scroll, name).toBeLessThanOrEqual(client);
    await p.screenshot({ path: join(ARTIFACTS, `${name}-phone.png`), fullPage: true });
  }

  // Everyone invited gets the update, at SEQUENCE 1.
  for (const to of [ANA.email, BO.email]) {
    const [update] = await mailsTo(to, "Moved: Review of");
    expect(sequenceOf(update)).toBe(1);
    expect(decodedParts(update)).toContain("moved because Bo Chen declined");
  }
  await context.close();
}, 90_000);

test("Settings → Calendar says what is wrong beside the field; Settings → Reviews shows the policy", async () => {
  const page = await signIn(browser, goldseam.url, ANA.email, ANA.password);
  await page.goto(`${goldseam.url}/settings/calendar`);
  const form = page.getByRole("form", { name: "Connect a calendar" });
  await form.getByLabel("Server address").fill("http://127.0.0.1:9/dav/");
  await form.getByLabel("User name").fill("ana");
  await form.getByLabel("App password").fill("not a real one");
  await form.getByRole("button", { name: "Connect" }).click();
  const address = form.getByLabel("Server address");
  await page.waitForFunction(() => document.querySelector('[aria-invalid="true"]') !== null, undefined, { timeout: 20_000 });
  expect(await address.getAttribute("aria-invalid")).toBe("true");
  const described = (await address.getAttribute("aria-describedby")) ?? "";
  const error = await page.locator(`[id="${described.split(" ").pop()}"]`).innerText();
  expect(error.length).toBeGreaterThan(5);
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "reviews-calendar-error.png"), fullPage: true });

  await page.goto(`${goldseam.url}/settings/reviews`);
  await page.getByText("Only admins can change when review meetings are booked", { exact: false }).waitFor();
  await page.getByText("Major incidents").waitFor();
}, 60_000);
