// A fresh Goldseam's starter rule: security incidents are private at once, and the rule waits for
// teams named Security, Legal and PR. An admin drops one of the names it waits for; creating the
// Security team makes the rule page it, with nobody editing the rule again.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, adminApi, launchBrowser, seriousA11yViolations, signIn, startGoldseam, type Goldseam } from "./harness";

let goldseam: Goldseam;
let browser: Browser;
let admin: Awaited<ReturnType<typeof adminApi>>;

beforeAll(async () => {
  goldseam = await startGoldseam();
  browser = await launchBrowser();
  admin = await adminApi(goldseam.url);
});

afterAll(async () => {
  await browser?.close();
  await goldseam?.stop();
});

test("the starter rule waits for its teams by name; an admin edits the names; a created team is paged", async () => {
  const leak = await admin("POST", "/api/v1/incidents", { title: "Keys in a public repo", severity: "SEV2", type: "security", private: false });
  expect(leak.private).toBe(true);

  const page = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password);
  page.setDefaultTimeout(8_000);
  await page.goto(`${goldseam.url}/settings/response-rules`);
  const name = "Security incidents page Security, inform Legal and PR";
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name, level: 4 }) });
  await card.getByText("When type is Security: page the Security team once it exists, inform the Legal and PR teams once they exist, make it private.").waitFor();

  await card.getByRole("button", { name: `Edit ${name}` }).click();
  const form = page.getByRole("form", { name: `Edit ${name}` });
  const waitingToInform = form.getByRole("group", { name: "Teams to be informed once they exist" });
  await waitingToInform.getByText("PR", { exact: true }).waitFor();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await form.screenshot({ path: join(ARTIFACTS, "starter-rule-editor.png") });
  await waitingToInform.getByRole("button", { name: "Remove PR: stop waiting for a team of that name" }).click();
  await form.getByText("When type is Security: page the Security team once it exists, inform the Legal team once it exists, make it private.").waitFor();
  await form.getByRole("button", { name: "Save", exact: true }).click();
  await card.getByText("inform the Legal team once it exists").waitFor();
  const [rule] = (await admin("GET", "/api/v1/response-rules")) as unknown as { then: { awaiting_teams: unknown } }[];
  expect(rule.then.awaiting_teams).toEqual({ page: ["Security"], inform: ["Legal"] });

  // The Teams page says what the rules are waiting for, with a way to create each team.
  await page.goto(`${goldseam.url}/teams`);
  const waiting = page.getByRole("complementary", { name: "Response rules are waiting for teams" });
  await waiting.getByText("Security (to be paged)").waitFor();
  await waiting.getByText("Legal (to be informed)").waitFor();
  expect(await waiting.getByText("PR", { exact: true }).count()).toBe(0);
  expect(await seriousA11yViolations(page)).toEqual([]);
  await waiting.getByRole("button", { name: "Create the Security team" }).click();
  const editor = page.getByRole("form", { name: "New team" });
  expect(await editor.getByLabel("Name", { exact: true }).inputValue()).toBe("Security");
  await editor.getByRole("button", { name: "Cancel" }).click();

  // Creating the team is all it takes: the rule names it from now on.
  const team = await admin("POST", "/api/v1/teams", { name: "Security" });
  await page.goto(`${goldseam.url}/settings/response-rules`);
  await card.getByText("When type is Security: page the Security team, inform the Legal team once it exists, make it private.").waitFor();
  const [adopted] = (await admin("GET", "/api/v1/response-rules")) as unknown as { then: { page_teams: number[] } }[];
  expect(adopted.then.page_teams).toEqual([team.id]);
  await page.goto(`${goldseam.url}/teams`);
  await page.getByRole("complementary", { name: "Response rules are waiting for a team" }).getByText("Legal (to be informed)").waitFor();
  await page.context().close();
});
