// The admin response settings: escalation policies, the incident manager on call, response rules
// with their preview, and dead letters; members get the admins-only message.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, adminApi, goTo, launchBrowser, seriousA11yViolations, signIn, startGoldseam, type Goldseam } from "./harness";

let goldseam: Goldseam;
let browser: Browser;
let admin: Awaited<ReturnType<typeof adminApi>>;
const ids: Record<string, number> = {};
const PASSWORD = "a long password";

beforeAll(async () => {
  goldseam = await startGoldseam();
  browser = await launchBrowser();
  admin = await adminApi(goldseam.url);
  for (const [key, name] of [
    ["bo", "Bo Lindqvist"],
    ["cy", "Cy Okafor"],
    ["dee", "Dee Marsh"],
  ]) {
    ids[key] = (await admin("POST", "/api/v1/users", { email: `${key}@corp.test`, name, role: "member", password: PASSWORD })).id as number;
  }
  const schedule = async (name: string, who: number) =>
    (await admin("POST", "/api/v1/schedules", { name, time_zone: "Europe/Paris", layers: [{ name: "Main", start: "2026-01-05T09:00", shift: { unit: "weeks", count: 1 }, participants: [who] }] })).id as number;
  ids.primary = await schedule("Primary", ids.bo);
  ids.imoc = await schedule("Incident managers", ids.cy);
  const team = async (name: string, members: number[], schedule_id?: number) =>
    (await admin("POST", "/api/v1/teams", { name, schedule_id: schedule_id ?? null, members: members.map((user_id) => ({ user_id })) })).id as number;
  ids.security = await team("Security", [ids.bo], ids.primary);
  ids.legal = await team("Legal", [ids.dee]);
  ids.pr = await team("PR", [ids.cy]);
  ids.payments = await team("Payments", [ids.bo]);
  ids.database = (await admin("POST", "/api/v1/escalation-policies", { name: "Database", levels: [{ delay_minutes: 0, targets: [{ type: "user", id: ids.dee }] }] })).id as number;
});

afterAll(async () => {
  await browser?.close();
  await goldseam?.stop();
});

/** Nothing wider than a 360 px phone. */
async function fitsAPhone(page: Page, name: string) {
  const wide = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 740 });
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll).toBeLessThanOrEqual(client);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-phone.png`), fullPage: true });
  if (wide) await page.setViewportSize(wide);
}

async function openSection(page: Page, label: string) {
  // A step that waits too long fails with its locator named, well before the test's own timeout.
  page.setDefaultTimeout(8_000);
  await goTo(page, "Settings");
  await page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: label }).click();
  await page.getByRole("heading", { name: label, level: 2 }).waitFor();
}

test("an admin builds a two-level policy, sees its summary, and is told about a hand-over loop and a refused delete", async () => {
  const page = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password);
  await openSection(page, "Escalation policies");
  await page.getByRole("heading", { name: "Database", level: 3 }).waitFor();
  await page.getByText("At once: Dee Marsh. Does not repeat.").waitFor();

  await page.getByRole("button", { name: "Add an escalation policy" }).click();
  const form = page.getByRole("form", { name: "Add an escalation policy" });
  // Nothing chosen yet: the form says what is missing, beside each field.
  await form.getByRole("button", { name: "Add policy" }).click();
  await form.getByRole("alert").getByText("Check these fields: Name, Level 1 who.").waitFor();
  await form.getByText("Add at least one person, schedule, team or policy.").waitFor();

  await form.getByLabel("Name", { exact: true }).fill("Payments");
  const one = form.getByRole("group", { name: "Level 1" });
  await one.getByLabel("Add to level 1", { exact: true }).selectOption("schedule");
  await one.getByLabel("Schedule to add to level 1").selectOption({ label: "Primary" });
  await one.getByRole("button", { name: "Add", exact: true }).click();
  await one.getByText("whoever is on call in Primary").waitFor();

  await form.getByRole("button", { name: "Add a level" }).click();
  const two = form.getByRole("group", { name: "Level 2" });
  await two.getByLabel("Level 2: minutes after level 1").fill("10");
  await two.getByRole("combobox", { name: "Person to add to level 2" }).fill("Bo");
  await two.getByRole("option", { name: /Bo Lindqvist/ }).waitFor();
  await page.keyboard.press("Enter");
  await two.getByRole("button", { name: "Remove Bo Lindqvist from level 2" }).waitFor();
  await two.getByLabel("Add to level 2", { exact: true }).selectOption("team");
  await two.getByLabel("Team to add to level 2").selectOption({ label: "Payments" });
  await two.getByRole("button", { name: "Add", exact: true }).click();
  await form.getByLabel("Repeats").fill("2");
  await form.getByLabel("Minutes between passes").fill("15");
  const summary = "At once: whoever is on call in Primary. After 10 minutes: Bo Lindqvist and the Payments team. Repeats twice, 15 minutes apart.";
  await form.getByText(summary).waitFor();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await form.screenshot({ path: join(ARTIFACTS, "response-policy-editor.png") });
  // From the keyboard, as a screenshot may leave the page mid-layout for a pointer click.
  await form.getByRole("button", { name: "Add policy" }).press("Enter");
  await page.getByRole("status").getByText(/^Payments is added/).waitFor();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Payments", level: 3 }) });
  await card.getByText(summary).waitFor();

  const policies = (await admin("GET", "/api/v1/escalation-policies")) as unknown as { id: number; name: string; levels: unknown[]; repeat: number; repeat_after_minutes: number }[];
  const payments = policies.find((p) => p.name === "Payments");
  expect(payments).toMatchObject({
    levels: [
      { delay_minutes: 0, targets: [{ type: "schedule", id: ids.primary }] },
      { delay_minutes: 10, targets: [{ type: "user", id: ids.bo }, { type: "team", id: ids.payments }] },
    ],
    repeat: 2,
    repeat_after_minutes: 15,
  });

  // Database now hands over to Payments; Payments handing over to Database would loop.
  await admin("PUT", `/api/v1/escalation-policies/${ids.database}`, {
    name: "Database",
    levels: [{ delay_minutes: 0, targets: [{ type: "user", id: ids.dee }] }, { delay_minutes: 5, targets: [{ type: "policy", id: payments!.id }] }],
  });
  await page.reload();
  await page.getByRole("heading", { name: "Escalation policies", level: 2 }).waitFor();
  await page.getByText("At once: Dee Marsh. After 5 minutes: hand over to the Payments policy. Does not repeat.").waitFor();
  await page.getByRole("button", { name: "Edit Payments" }).click();
  const edit = page.getByRole("form", { name: "Edit Payments" });
  await edit.getByRole("button", { name: "Add a level" }).click();
  const three = edit.getByRole("group", { name: "Level 3" });
  await three.getByLabel("Add to level 3", { exact: true }).selectOption("policy");
  await three.getByLabel("Policy level 3 hands over to").selectOption({ label: "Database" });
  await three.getByRole("button", { name: "Add", exact: true }).click();
  await edit.getByRole("button", { name: "Save" }).click();
  await edit.getByRole("alert").getByText("the policies would hand over to each other in a loop: Payments → Database → Payments; remove one of the hand-overs", { exact: false }).waitFor();
  await edit.screenshot({ path: join(ARTIFACTS, "response-policy-loop.png") });
  await fitsAPhone(page, "response-policy-editor");
  await edit.getByRole("button", { name: "Cancel" }).press("Enter");
  expect(await page.getByRole("button", { name: "Edit Payments" }).evaluate((b) => b === document.activeElement)).toBe(true);

  // Deleting a policy another hands over to is refused, with the reason.
  await page.getByRole("button", { name: "Delete Payments" }).click();
  await page.getByRole("group", { name: /Delete Payments\?/ }).getByRole("button", { name: "Delete Payments" }).click();
  await page.getByRole("alert").getByText("Payments was not deleted: these policies hand over to it: Database; change them first").waitFor();

  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "response-policies.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "response-policies-dark.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  await fitsAPhone(page, "response-policies");
  await page.context().close();
});

test("the starter security rule uses the teams once they exist; an admin sets the incident manager, adds a low-urgency rule and previews a security SEV2", async () => {
  const page = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password);
  await openSection(page, "Response rules");
  await page.getByText("No incident manager is assigned automatically.", { exact: false }).waitFor();

  // Out of the box: the rule every installation starts with already pages the Security team and
  // informs Legal and PR, created above by name, with nobody editing it.
  const starterName = "Security incidents page Security, inform Legal and PR";
  const starterSentence = "When type is Security: page the Security team, inform the Legal and PR teams, make it private.";
  const starter = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: starterName, level: 4 }) });
  await starter.getByText(starterSentence).waitFor();
  let rules = (await admin("GET", "/api/v1/response-rules")) as unknown as { when: unknown; then: unknown }[];
  expect(rules[0]).toMatchObject({ when: { types: ["security"] }, then: { page_teams: [ids.security], inform_teams: [ids.legal, ids.pr], make_private: true, awaiting_teams: { page: [], inform: [] }, urgency: "high" } });

  const imoc = page.getByRole("form", { name: "Incident manager on call" });
  await imoc.getByLabel("Schedule").selectOption({ label: "Incident managers" });
  await imoc.getByLabel("From severity").selectOption("SEV1");
  await imoc.getByRole("button", { name: "Assign an incident manager" }).click();
  await page.getByRole("status").getByText("Saved: incidents at SEV1 or worse get whoever is on call in Incident managers as incident manager.").waitFor();
  expect(await admin("GET", "/api/v1/settings/incident-manager")).toEqual({ schedule_id: ids.imoc, min_severity: "SEV1" });

  await page.getByRole("button", { name: "Add a response rule" }).click();
  const form = page.getByRole("form", { name: "Add a response rule" });
  await form.getByRole("button", { name: "Add rule" }).click();
  await form.getByRole("alert").getByText("Check these fields: Name, What it does.").waitFor();
  await form.getByLabel("Name", { exact: true }).fill("Data loss");
  await form.getByRole("group", { name: "Types" }).getByLabel("Data loss").check();
  await form.getByRole("group", { name: "Page teams" }).getByLabel("Payments").check();
  await form.getByRole("group", { name: "Inform teams" }).getByLabel("Legal").check();
  await form.getByLabel("Urgency of its pages").selectOption("low");
  await form.getByLabel(/Make the incident private/).check();
  const sentence = "When type is Data loss: page the Payments team, at low urgency, inform the Legal team, make it private.";
  await form.getByText(sentence).waitFor();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await form.screenshot({ path: join(ARTIFACTS, "response-rule-editor.png") });
  await form.getByRole("button", { name: "Add rule" }).click();
  await page.getByRole("status").getByText("Data loss is added, last in order.").waitFor();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /Data loss/, level: 4 }) });
  await card.getByText(sentence).waitFor();
  rules = (await admin("GET", "/api/v1/response-rules")) as unknown as { when: unknown; then: unknown }[];
  expect(rules[1]).toMatchObject({ when: { types: ["data-loss"] }, then: { page_teams: [ids.payments], inform_teams: [ids.legal], make_private: true, urgency: "low" } });

  // The preview of a security SEV2: exactly the starter rule, and no incident manager (SEV1 and worse only).
  const preview = page.getByRole("form", { name: "Preview a declaration" });
  await preview.getByLabel("Type").selectOption("security");
  await preview.getByLabel("Severity").selectOption("SEV2");
  await preview.getByRole("button", { name: "Preview" }).click();
  const result = page.locator(".preview-result");
  await result.getByRole("heading", { name: "Declaring a Security incident at SEV2 would:" }).waitFor();
  const rows = await result.locator("dt, dd").allInnerTexts();
  expect(rows).toEqual([
    "Rules that match",
    starterName,
    "Page",
    "the Security team",
    "Add as responders",
    "Nobody",
    "Inform",
    "the Legal and PR teams",
    "Urgency",
    "High: people are woken now",
    "Visibility",
    "Private: only the people working on it and admins see it",
    "Incident manager",
    "None assigned automatically",
  ]);
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "response-rules.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "response-rules-dark.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  // At SEV1 the incident manager on call takes it too; a data-loss incident pages at low urgency.
  await preview.getByLabel("Severity").selectOption("SEV1");
  await preview.getByRole("button", { name: "Preview" }).click();
  await result.getByText("Whoever is on call in Incident managers, paged").waitFor();
  await preview.getByLabel("Type").selectOption("data-loss");
  await preview.getByRole("button", { name: "Preview" }).click();
  await result.getByText("Low: notifications wait for working hours").waitFor();

  // Turning a rule off and on; deleting asks first.
  await card.getByRole("button", { name: "Turn off Data loss" }).click();
  await page.getByRole("status").getByText("Data loss is off: it no longer applies to new incidents.").waitFor();
  await card.getByRole("button", { name: "Turn on Data loss" }).click();
  await page.getByRole("status").getByText("Data loss is on: it applies to new incidents.").waitFor();
  await card.getByRole("button", { name: "Delete Data loss" }).click();
  await card.getByRole("group", { name: /Delete Data loss\?/ }).getByRole("button", { name: "Cancel" }).click();
  expect(((await admin("GET", "/api/v1/response-rules")) as unknown as unknown[]).length).toBe(2);
  await fitsAPhone(page, "response-rules");
  await page.context().close();
});

test("dead letters: nothing failed, then a failed page to retry", async () => {
  const page = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password);
  await openSection(page, "Dead letters");
  await page.getByText("Nothing failed.").waitFor();
  expect(await seriousA11yViolations(page)).toEqual([]);

  // Email is not configured on the test server: the page to the Security team's on-call person fails for good.
  const incident = (await admin("POST", "/api/v1/incidents", { title: "Leaked key in a public repo", severity: "SEV2", type: "security" })) as { reference: string };
  let items: { destination: string; incident_id: number | null }[] = [];
  for (let i = 0; i < 100 && !items.length; i++) {
    items = ((await admin("GET", "/api/v1/admin/dead-letters")).items as typeof items) ?? [];
    if (!items.length) await new Promise((r) => setTimeout(r, 100));
  }
  expect(items.length).toBeGreaterThan(0);
  await page.reload();
  const table = page.getByRole("table", { name: "Failed deliveries, newest first" });
  await table.waitFor();
  const row = table.getByRole("row").filter({ hasText: "bo@corp.test" }).first();
  await row.getByRole("link", { name: incident.reference }).waitFor();
  await row.getByText(/not configured/).waitFor();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "response-dead-letters.png"), fullPage: true });
  await fitsAPhone(page, "response-dead-letters");
  await row.getByRole("button", { name: "Retry the email to bo@corp.test" }).click();
  await page.getByRole("status").getByText("The email to bo@corp.test is queued again and is sent now; if it fails for good again it comes back to this list.").waitFor();
  await page.context().close();
});

test("a member opening these sections is told only admins can", async () => {
  const page = await signIn(browser, goldseam.url, "bo@corp.test", PASSWORD);
  for (const [path, message] of [
    ["/settings/escalation-policies", "Only admins can add or change escalation policies."],
    ["/settings/response-rules", "Only admins can add or change response rules."],
    ["/settings/dead-letters", "Only admins can see and retry deliveries that failed."],
  ]) {
    await page.goto(`${goldseam.url}${path}`);
    await page.getByRole("alert").getByText(message, { exact: false }).waitFor();
    expect(await page.getByRole("button", { name: /Add an escalation policy|Add a response rule|Retry/ }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
  }
  await page.screenshot({ path: join(ARTIFACTS, "response-member.png"), fullPage: true });
  await page.context().close();
});
