import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, adminApi, goTo, launchBrowser, seriousA11yViolations, signIn, startGoldseam, type Goldseam } from "./harness";

let goldseam: Goldseam;
let browser: Browser;

beforeAll(async () => {
  goldseam = await startGoldseam();
  browser = await launchBrowser();
  const admin = await adminApi(goldseam.url);
  for (const [email, name] of [
    ["bo@example.com", "Bo Diaz"],
    ["cy@example.com", "Cy Park"],
    ["dee@example.com", "Dee Ray"],
  ])
    await admin("POST", "/api/v1/users", { email, name, role: "member", password: "a member's password" });
  await admin("POST", "/api/v1/users", { email: "vic@example.com", name: "Vic Lee", role: "viewer", password: "a member's password" });
});

afterAll(async () => {
  await browser?.close();
  await goldseam?.stop();
});

const PASSWORD = "a member's password";
/** Signed in, with a step timeout shorter than the test's, so a failure names the step. */
async function as(email: string, password: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await signIn(browser, goldseam.url, email, password, viewport);
  page.setDefaultTimeout(8_000);
  return page;
}

/** Nothing wider than a 360 px phone. */
async function fitsAPhone(page: Page, name: string) {
  const wide = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 740 });
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll).toBeLessThanOrEqual(client);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-phone.png`), fullPage: true });
  if (wide) await page.setViewportSize(wide);
}

/** Yesterday's date in UTC, as YYYY-MM-DD: a weekly rotation that began then has its first person on call now. */
const yesterdayUtc = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

test("an admin creates a schedule, sees who is on call and the timeline; a member covers with an override", async () => {
  const page = await as(ADMIN.email, ADMIN.password, { width: 1200, height: 900 });
  await goTo(page, "On-call");
  await page.getByText("No schedules yet. Press New schedule to make the first rotation.").waitFor();
  await page.getByText(/You have no on-call shifts in the next 14 days/).waitFor();

  await page.getByRole("button", { name: "New schedule" }).click();
  const form = page.getByRole("form", { name: "New schedule" });
  // Sending an empty form explains what is missing, beside each field.
  await form.getByRole("button", { name: "Create schedule" }).click();
  await form.getByRole("alert").getByText("Check these fields: Name, People in layer 1.").waitFor();
  await form.getByText("Add at least one person to take turns.").waitFor();
  expect(await form.getByLabel("Name", { exact: true }).getAttribute("aria-invalid")).toBe("true");

  await form.getByLabel("Name", { exact: true }).fill("Payments");
  // The zone is searched by the words people type.
  const zone = form.getByRole("combobox", { name: "Time zone" });
  await zone.click();
  await zone.fill("new york");
  await page.getByRole("option", { name: "America/New York" }).waitFor();
  await zone.fill("utc");
  await zone.press("Enter");
  expect(await zone.inputValue()).toBe("UTC");

  await form.getByLabel("First handoff").fill(`${yesterdayUtc()}T00:00`);
  expect(await form.getByLabel("Shift length").inputValue()).toBe("1");
  expect(await form.getByLabel("Unit").inputValue()).toBe("weeks");
  const picker = form.getByRole("combobox", { name: "Add a person to layer 1" });
  await picker.fill("Cy");
  await picker.press("Enter");
  await picker.fill("Bo");
  await picker.press("Enter");
  const order = form.locator(".people-order li .name");
  expect(await order.allTextContents()).toEqual(["Cy Park", "Bo Diaz"]);
  // Reordered with the keyboard; the focus follows the person moved.
  await form.getByRole("button", { name: /Move Bo Diaz up/ }).focus();
  await page.keyboard.press("Enter");
  expect(await order.allTextContents()).toEqual(["Bo Diaz", "Cy Park"]);
  expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toMatch(/^Move Bo Diaz down \(turn 1 of 2\)/);
  // An office-hours restriction, then removed again: this layer covers every hour.
  await form.getByRole("button", { name: "Add a restriction to layer 1" }).click();
  await form.getByLabel("From time, restriction 1 of layer 1").waitFor();
  await form.getByRole("button", { name: "Remove restriction 1 of layer 1" }).click();
  await page.screenshot({ path: join(ARTIFACTS, "oncall-new-schedule.png"), fullPage: true });
  await form.getByRole("button", { name: "Create schedule" }).click();

  await page.getByRole("heading", { name: "Payments", level: 1 }).waitFor();
  expect(page.url()).toMatch(/\/oncall\/1$/);
  const now = page.getByRole("region", { name: "On call now" });
  await now.getByText("Bo Diaz").waitFor();
  const timeline = page.getByRole("list", { name: "The next 7 days, in your time zone" });
  await timeline.getByText("Bo Diaz").first().waitFor();
  expect(await timeline.locator(":scope > li").count()).toBe(7);
  await page.getByRole("button", { name: "14 days" }).click();
  await page.getByRole("list", { name: "The next 14 days, in your time zone" }).waitFor();
  expect(page.url()).toMatch(/\?days=14$/);
  // A week after the first handoff, Cy takes over.
  await page.getByRole("list", { name: "The next 14 days, in your time zone" }).getByText("Cy Park").first().waitFor();
  await page.getByText(`/api/v1/schedules/1/calendar.ics?token=YOUR_FEED_TOKEN`).waitFor();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "oncall-schedule.png"), fullPage: true });
  await fitsAPhone(page, "oncall-schedule");
  // The dark theme is as readable.
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "oncall-schedule-dark.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });

  // Editing replaces the layers: two-week shifts now.
  await page.getByRole("button", { name: "Edit schedule" }).click();
  const edit = page.getByRole("form", { name: "Edit Payments" });
  expect(await edit.locator(".people-order li .name").allTextContents()).toEqual(["Bo Diaz", "Cy Park"]);
  await edit.getByLabel("Shift length").fill("2");
  await edit.getByRole("button", { name: "Save schedule" }).click();
  await page.getByRole("status").getByText("The schedule is saved.").waitFor();
  await page.getByText(/Shifts of 2 weeks, first handoff/).waitFor();

  await goTo(page, "On-call");
  const card = page.getByRole("list", { name: "Schedules" }).getByRole("listitem").filter({ hasText: "Payments" });
  await card.getByText("On call now: Bo Diaz").waitFor();
  await card.getByText(/until/).waitFor();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "oncall.png"), fullPage: true });
  await fitsAPhone(page, "oncall");

  // Cy, a member, covers from now for a day: the override takes effect at once.
  const cy = await as("cy@example.com", PASSWORD);
  await goTo(cy, "On-call");
  await cy.getByRole("list", { name: "Schedules" }).getByRole("link", { name: "Payments" }).click();
  await cy.getByRole("region", { name: "On call now" }).getByText("Bo Diaz").waitFor();
  expect(await cy.getByRole("button", { name: "Edit schedule" }).count()).toBe(0);
  expect(await cy.getByRole("button", { name: "Delete schedule" }).count()).toBe(0);
  const add = cy.getByRole("form", { name: "Add an override" });
  await add.getByText(/Puts you on call/).waitFor();
  expect(await add.getByLabel("Who").count()).toBe(0);
  await add.getByRole("button", { name: "Add override" }).click();
  await cy.getByRole("status").getByText(/^You are on call instead from/).waitFor();
  await cy.getByRole("region", { name: "On call now" }).getByText("Cy Park").waitFor();
  await cy.getByRole("table", { name: "Overrides" }).getByText("Cy Park").waitFor();
  // A second, overlapping override is refused by the server, which says why.
  await add.getByRole("button", { name: "Add override" }).click();
  const refused = add.getByRole("alert");
  await refused.waitFor();
  expect((await refused.textContent())?.length).toBeGreaterThan(10);
  await cy.screenshot({ path: join(ARTIFACTS, "oncall-override.png"), fullPage: true });

  // Cy's own shifts show on the on-call page.
  await goTo(cy, "On-call");
  await cy.getByRole("table", { name: "My shifts" }).getByRole("link", { name: "Payments" }).first().waitFor();

  // A viewer reads the schedule and is offered nothing to change but the timeline's range.
  const vic = await as("vic@example.com", PASSWORD);
  await vic.goto(`${goldseam.url}/oncall/1`);
  await vic.getByRole("region", { name: "On call now" }).getByText("Cy Park").waitFor();
  await vic.getByText("Viewers cannot add overrides; ask a member or an admin.").waitFor();
  expect(await vic.getByRole("main").getByRole("button").allTextContents()).toEqual(["7 days", "14 days"]);

  // Removing it asks first; then Bo is back.
  await goTo(cy, "On-call");
  await cy.getByRole("list", { name: "Schedules" }).getByRole("link", { name: "Payments" }).click();
  await cy.getByRole("button", { name: "Remove the override for Cy Park" }).click();
  await cy.getByRole("button", { name: "Remove override" }).click();
  await cy.getByRole("status").getByText("The override for Cy Park is removed.").waitFor();
  await cy.getByRole("region", { name: "On call now" }).getByText("Bo Diaz").waitFor();
});

test("an admin makes a team with members and a service; a member outside it sees no controls", async () => {
  // The schedule the first test makes through the page, when this one runs alone.
  const admin = await adminApi(goldseam.url);
  if (!((await admin("GET", "/api/v1/schedules")).items as unknown[]).length) {
    const users = (await admin("GET", "/api/v1/users")).items as { id: number; email: string }[];
    const bo = users.find((u) => u.email === "bo@example.com")!.id;
    await admin("POST", "/api/v1/schedules", { name: "Payments", time_zone: "UTC", layers: [{ name: "Primary", start: `${yesterdayUtc()}T00:00`, shift: { unit: "weeks", count: 1 }, participants: [bo] }] });
  }
  const page = await as(ADMIN.email, ADMIN.password, { width: 1200, height: 900 });
  await goTo(page, "Teams");
  await page.getByText(/No teams yet. Press New team/).waitFor();
  await page.getByRole("button", { name: "New team" }).click();
  const form = page.getByRole("form", { name: "New team" });
  await form.getByLabel("Name", { exact: true }).fill("Payments team");
  await form.getByLabel("On-call schedule").selectOption({ label: "Payments" });
  const picker = form.getByRole("combobox", { name: "Add a member" });
  await picker.fill("Bo");
  await picker.press("Enter");
  await picker.fill("Cy");
  await picker.press("Enter");
  await form.getByRole("checkbox", { name: "Lead (Bo Diaz)" }).check();
  await form.getByRole("button", { name: "Create team" }).click();

  await page.getByRole("heading", { name: "Payments team", level: 1 }).waitFor();
  const members = page.getByRole("table", { name: "Members" });
  await members.getByRole("row", { name: /Bo Diaz.*lead/ }).waitFor();
  await members.getByRole("row", { name: /Cy Park/ }).waitFor();
  await page.getByRole("link", { name: "Payments", exact: true }).waitFor();
  await page.getByText(/owns no services/).waitFor();

  await page.getByRole("link", { name: "service catalog" }).click();
  await page.getByRole("heading", { name: "Services", level: 1 }).waitFor();
  await page.getByRole("button", { name: "New service" }).click();
  const service = page.getByRole("form", { name: "New service" });
  await service.getByLabel("Name", { exact: true }).fill("Checkout API");
  await service.getByLabel("Owning team").selectOption({ label: "Payments team" });
  await service.getByLabel("Tags").fill("#PCI, eu");
  await service.getByLabel("Description").fill("Takes card payments");
  await service.getByRole("button", { name: "Add service" }).click();
  await page.getByRole("status").getByText("Checkout API is added, owned by Payments team.").waitFor();
  const row = page.getByRole("row", { name: /Checkout API/ });
  await row.getByText("#pci").waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "services.png"), fullPage: true });
  await fitsAPhone(page, "services");

  // A team that owns services cannot be deleted: the server's reason is shown.
  await row.getByRole("link", { name: "Payments team" }).click();
  await page.getByRole("heading", { name: "Payments team", level: 1 }).waitFor();
  await page.getByRole("link", { name: "Checkout API" }).waitFor();
  await page.getByRole("button", { name: "Delete team" }).click();
  await page.getByRole("button", { name: "Delete Payments team" }).click();
  await page.getByRole("alert").getByText(/Checkout API/).waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "team.png"), fullPage: true });

  await goTo(page, "Teams");
  const teamRow = page.getByRole("row", { name: /Payments team/ });
  await teamRow.getByRole("cell", { name: "2", exact: true }).waitFor();
  await teamRow.getByRole("link", { name: "Payments", exact: true }).waitFor();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "teams.png"), fullPage: true });
  await fitsAPhone(page, "teams");

  // Dee is a member but not in the team: she reads it all and is offered nothing to change.
  const dee = await as("dee@example.com", PASSWORD);
  await goTo(dee, "Teams");
  expect(await dee.getByRole("button", { name: "New team" }).count()).toBe(0);
  await dee.getByRole("link", { name: "Payments team" }).click();
  await dee.getByRole("table", { name: "Members" }).getByText("Bo Diaz").waitFor();
  await dee.getByText("Only admins and the team's leads add or remove members.").waitFor();
  expect(await dee.getByRole("main").getByRole("button").count()).toBe(0);
  expect(await dee.getByRole("combobox").count()).toBe(0);
  await dee.getByRole("link", { name: "service catalog" }).click();
  await dee.getByRole("row", { name: /Checkout API/ }).waitFor();
  expect(await dee.getByRole("main").getByRole("button").count()).toBe(0);

  // Bo leads the team: he manages its members (Dee joins), and edits its services.
  const bo = await as("bo@example.com", PASSWORD);
  await bo.goto(`${goldseam.url}/teams/1`);
  const addMember = bo.getByRole("combobox", { name: "Add a member to Payments team" });
  await addMember.fill("Dee");
  await addMember.press("Enter");
  await bo.getByRole("status").getByText("Dee Ray is added to Payments team.").waitFor();
  expect(await bo.getByRole("button", { name: "Edit team" }).count()).toBe(0);
  await bo.goto(`${goldseam.url}/services`);
  await bo.getByRole("button", { name: "Edit Checkout API" }).waitFor();
});
