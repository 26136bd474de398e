// Who can see a private incident and who was told, as people in a fire see it (issue 12): the
// room lists who can see a private incident and why, lets someone in and makes it public with a
// reason; a rule that matched but could not page says so and why; a delivery the server is not
// set up for reads neutrally in the room, while admins get the notice above every page.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, adminApi, launchBrowser, seriousA11yViolations, signIn, startGoldseam, type Goldseam } from "./harness";

// No SMTP is configured (startGoldseam sets none): every email is a configuration failure.
let goldseam: Goldseam;
let browser: Browser;
let admin: Awaited<ReturnType<typeof adminApi>>;
const LENA = { email: "lena@corp.test", password: "a long password", name: "Lena Legal" };
const PETER = { email: "peter@corp.test", password: "a long password", name: "Peter PR" };
const OLIVIA = { email: "olivia@corp.test", password: "a long password", name: "Olivia Oncall" };
const WIDE = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
let oliviaId: number;

beforeAll(async () => {
  goldseam = await startGoldseam();
  browser = await launchBrowser();
  admin = await adminApi(goldseam.url);
  await admin("POST", "/api/v1/users", { ...LENA, role: "member" });
  await admin("POST", "/api/v1/users", { ...PETER, role: "member" });
  oliviaId = Number((await admin("POST", "/api/v1/users", { ...OLIVIA, role: "member" })).id);
});

afterAll(async () => {
  await browser?.close();
  await goldseam?.stop();
});

/** Axe finds nothing serious in either theme; a screenshot of each. */
async function accessible(page: Page, name: string) {
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: "light" });
}

/** At 390 px: no sideways scroll, axe passes, a screenshot. */
async function onAPhone(page: Page, name: string) {
  const wide = page.viewportSize();
  await page.setViewportSize(PHONE);
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, `${name} scrolls sideways at 390 px`).toBeLessThanOrEqual(client);
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-phone.png`), fullPage: true });
  if (wide) await page.setViewportSize(wide);
}

async function openRoom(page: Page, ref: string) {
  await page.goto(`${goldseam.url}/incidents/${ref}`);
  await page.getByRole("status").getByText("Live").waitFor();
}

test("a private incident: who can see it and why, letting the lawyer in, making it public", async () => {
  const declared = await admin("POST", "/api/v1/incidents", { title: "Subpoena for customer records", severity: "SEV2", private: true });
  const ref = String(declared.reference);

  const page = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password, WIDE);
  page.setDefaultTimeout(10_000);
  await openRoom(page, ref);
  const access = page.getByRole("region", { name: "Who can see this incident" });
  const activity = page.getByRole("region", { name: "Activity" });

  // One line under the header; it opens the list, with the reasons in words.
  const line = access.getByRole("button", { name: /^Private: 1 person can see this/ });
  await line.click();
  expect(await line.getAttribute("aria-expanded")).toBe("true");
  await access.getByRole("listitem").filter({ hasText: "(you)" }).getByText("declared it and is an admin").waitFor();
  expect(await access.getByText("Lena Legal").count()).toBe(0);
  await accessible(page, "visibility-private");

  // Letting the lawyer in takes a person and a reason; both are asked for beside their fields.
  await access.getByRole("button", { name: "Let someone see it…" }).click();
  const form = access.getByRole("form", { name: "Let someone see this incident" });
  await form.getByRole("button", { name: "Let them see it" }).click();
  await form.getByText("Choose the person who should see it.").waitFor();
  await form.getByText("Say why they should see it.").waitFor();
  await form.getByRole("combobox", { name: "Person who should see it" }).fill("Lena");
  await form.getByRole("option", { name: /Lena Legal/ }).click();
  await form.getByLabel("Why (shown on the timeline)").fill("reviews what we hand over");
  await form.getByRole("button", { name: "Let them see it" }).click();
  await access.getByRole("status").getByText("Lena Legal can now see this incident.").waitFor();
  await access.getByRole("button", { name: /^Private: 2 people can see this/ }).waitFor();
  await access.getByRole("listitem").filter({ hasText: "Lena Legal" }).getByText("was added").waitFor();
  await activity.getByText(/let Lena Legal see this private incident: reviews what we hand over$/).waitFor();
  await accessible(page, "visibility-added");
  await onAPhone(page, "visibility-added");

  // She can open it; Peter, who has no part in it, cannot.
  const lena = await signIn(browser, goldseam.url, LENA.email, LENA.password, PHONE);
  await openRoom(lena, ref);
  await lena.getByRole("heading", { name: /Subpoena for customer records/ }).waitFor();
  const peter = await signIn(browser, goldseam.url, PETER.email, PETER.password);
  await peter.goto(`${goldseam.url}/incidents/${ref}`);
  await peter.getByRole("alert").getByText(`${ref} does not exist, or you may not see it`).waitFor();

  // Making it public warns that everyone will read the whole timeline, and takes a reason.
  await access.getByRole("button", { name: "Make public…" }).click();
  const publicForm = access.getByRole("form", { name: "Make public" });
  await publicForm.getByText(/Everyone who can sign in to Goldseam will see this incident and its whole timeline/).waitFor();
  await publicForm.getByRole("button", { name: "Make public" }).click();
  await publicForm.getByText("Say why everyone may see it now.").waitFor();
  await publicForm.getByLabel("Why (shown on the timeline)").fill("the court order is public record");
  await publicForm.getByRole("button", { name: "Make public" }).click();
  await activity.getByText(/made the incident public: the court order is public record$/).waitFor();
  await access.waitFor({ state: "detached" });
  expect(await page.getByRole("heading", { level: 1 }).getByText("Private").count()).toBe(0);
  // Lena's room hears of it over the stream.
  await lena.getByRole("region", { name: "Activity" }).getByText(/made the incident public: the court order is public record$/).waitFor();
  // Now anyone can open it.
  await openRoom(peter, ref);
  await peter.getByRole("heading", { name: /Subpoena for customer records/ }).waitFor();

  // And back: "Make private" sits with the room's controls.
  await page.getByRole("button", { name: "Make private…" }).click();
  const privateForm = page.getByRole("form", { name: "Make private" });
  await privateForm.getByLabel("Why (shown on the timeline)").fill("names of customers are coming up");
  await privateForm.getByRole("button", { name: "Make private" }).click();
  await activity.getByText(/made the incident private: names of customers are coming up$/).waitFor();
  await page.getByRole("region", { name: "Who can see this incident" }).getByRole("button", { name: /^Private: \d+ (people|person) can see this/ }).waitFor();
  await accessible(page, "visibility-private-again");
  for (const p of [page, lena, peter]) await p.context().close();
}, 90_000);

test("a fresh install's security rule cannot page a Security team that does not exist, and the room says so", async () => {
  const declared = await admin("POST", "/api/v1/incidents", { title: "Keys in a public repo", severity: "SEV1", type: "security" });
  const ref = String(declared.reference);

  const page = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password, WIDE);
  page.setDefaultTimeout(10_000);
  await openRoom(page, ref);
  const summary = page.locator(".paging-summary");
  await summary.getByText("Nobody has been paged, because:").waitFor();
  await summary.getByText(/Rule “[^”]+” could not page Security: no team of that name exists yet\./).waitFor();
  // The admin is shown where to fix it.
  const fix = summary.getByRole("link", { name: "Create the Security team" });
  expect(await fix.getAttribute("href")).toBe("/teams");
  // The timeline keeps the same sentence.
  await page.getByRole("region", { name: "Activity" }).getByText(/could not page Security: no team of that name exists yet\.$/).waitFor();
  await accessible(page, "visibility-response-gap");
  await onAPhone(page, "visibility-response-gap");
  await fix.click();
  await page.getByRole("heading", { name: "Teams", level: 1 }).waitFor();
  await page.context().close();
}, 60_000);

test("an email the server cannot send reads neutrally in the room; admins get the notice", async () => {
  await admin("POST", "/api/v1/response-rules", { name: "Page Olivia", when: {}, then: { responders: [oliviaId] } });
  const declared = await admin("POST", "/api/v1/incidents", { title: "Checkout is failing", severity: "SEV1" });
  const ref = String(declared.reference);
  // The page goes out right after the declaration; its email fails for want of SMTP.
  for (let i = 0; ; i++) {
    const { items } = (await admin("GET", `/api/v1/incidents/${ref}/timeline`)) as { items: { kind: string; data: { cause?: string } }[] };
    if (items.some((e) => e.kind === "delivery" && e.data.cause === "configuration")) break;
    if (i > 100) throw new Error("no delivery failed for configuration");
    await new Promise((r) => setTimeout(r, 100));
  }

  const peter = await signIn(browser, goldseam.url, PETER.email, PETER.password, WIDE);
  peter.setDefaultTimeout(10_000);
  await openRoom(peter, ref);
  await peter.getByRole("region", { name: "Activity" }).getByText("An email to Olivia Oncall could not be sent; admins were told.").waitFor();
  expect(await peter.getByText(/smtp/i).count()).toBe(0);
  // Non-admins neither see nor ask for the notices.
  expect(await peter.getByRole("complementary", { name: "Notices for admins" }).count()).toBe(0);
  await accessible(peter, "visibility-delivery-neutral");

  const page = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password, WIDE);
  page.setDefaultTimeout(10_000);
  const notices = page.getByRole("complementary", { name: "Notices for admins" });
  await notices.getByText(/Email could not be sent (once|twice|\d+ times) \(last [^)]+\): email is not configured on this server/).waitFor();
  await accessible(page, "visibility-admin-notice");
  await onAPhone(page, "visibility-admin-notice");
  await notices.getByRole("link", { name: "See Dead letters" }).click();
  await page.getByRole("heading", { name: "Dead letters", level: 2 }).waitFor();
  for (const p of [peter, page]) await p.context().close();
}, 60_000);
