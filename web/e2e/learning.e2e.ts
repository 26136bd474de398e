// The learning flow (issue 14) against the real server: a resolved SEV1 shows what it owes in its
// room, closing is refused with the open steps named, an admin waives them with a reason (the
// room updates live), the incident closes, and its incident manager says how the response went.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, adminApi, apiAs, launchBrowser, seriousA11yViolations, signIn, startGoldseam, type Goldseam } from "./harness";

let goldseam: Goldseam;
let browser: Browser;
const BO = { email: "bo@corp.test", password: "a long password" };

beforeAll(async () => {
  goldseam = await startGoldseam();
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await goldseam?.stop();
}, 60_000);

test("a resolved incident owes its learning before it closes; waived steps let it close; its manager gives feedback", async () => {
  const admin = await adminApi(goldseam.url);
  const boId = Number((await admin("POST", "/api/v1/users", { ...BO, name: "Bo Chen", role: "member" })).id);
  const bo = await apiAs(goldseam.url, BO.email, BO.password);
  const ref = String((await bo("POST", "/api/v1/incidents", { title: "Card payments failing", severity: "SEV1" })).reference);
  await bo("POST", `/api/v1/incidents/${ref}/roles`, { role: "incident_manager", user_id: boId });
  await bo("PATCH", `/api/v1/incidents/${ref}`, { status: "resolved" });

  // Bo's room: the checklist, owned by him, due in business days.
  const page = await signIn(browser, goldseam.url, BO.email, BO.password);
  await page.goto(`${goldseam.url}/incidents/${ref}`);
  const learning = page.getByRole("region", { name: "Learning" });
  await learning.getByText("5 open").waitFor();
  for (const step of ["Postmortem drafted", "Postmortem reviewed", "Follow-ups committed", "Postmortem published", "Postmortem distributed"]) {
    await learning.getByText(step, { exact: false }).first().waitFor();
  }
  expect(await learning.innerText()).toContain("Bo Chen");
  expect(await seriousA11yViolations(page)).toEqual([]);

  // Closing is refused, naming what is owed.
  await page.getByRole("button", { name: "Mark closed" }).click();
  const refused = page.getByRole("alert").filter({ hasText: "Not closed." });
  await refused.waitFor();
  expect(await refused.innerText()).toContain("Postmortem drafted, Postmortem reviewed");
  await page.screenshot({ path: join(ARTIFACTS, "learning-refused.png"), fullPage: true });

  // The admin waives the steps: one from the room, the rest by API; Bo's room follows live.
  const root = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password);
  await root.goto(`${goldseam.url}/incidents/${ref}`);
  const adminLearning = root.getByRole("region", { name: "Learning" });
  // Chromium reads the hidden step name as its own block: "Waive “Postmortem drafted” …".
  await adminLearning.getByRole("button", { name: /^Waive “Postmortem drafted”/ }).click();
  await adminLearning.getByLabel("Why is “Postmortem drafted” not needed?").fill("Written up with INC-3, same cause");
  await adminLearning.getByRole("button", { name: "Waive step" }).click();
  await adminLearning.getByText(/Waived by Admin .*Written up with INC-3, same cause/).waitFor();
  for (const step of ["reviewed", "follow_ups_committed", "published", "distributed"]) {
    await admin("POST", `/api/v1/incidents/${ref}/learning/waivers`, { step, reason: "Written up with INC-3, same cause" });
  }
  await learning.getByText("Ready to close").waitFor();

  // Now it closes, and Bo is asked how the response went.
  await page.getByRole("button", { name: "Dismiss" }).click();
  await page.getByRole("button", { name: "Mark closed" }).click();
  await page.getByText("Bo Chen moved the incident to closed").waitFor();
  const feedback = page.getByRole("region", { name: "Your feedback" });
  await feedback.getByRole("radio", { name: "4 Well" }).check();
  await feedback.getByLabel("Anything to add? (optional)").fill("Paging was quick; the status page lagged.");
  await feedback.getByRole("button", { name: "Send feedback" }).click();
  await feedback.getByText("Thanks: you said “Well”.").waitFor();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "learning-closed.png"), fullPage: true });

  // Summed up without names.
  const summary = await bo("GET", "/api/v1/learning/feedback");
  expect(JSON.stringify(summary)).toContain("Paging was quick; the status page lagged.");
  expect(JSON.stringify(summary)).not.toContain("Bo Chen");
}, 60_000);
