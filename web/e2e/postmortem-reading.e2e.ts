// An executive reads the summary of a published postmortem (issue 14) against the real server and
// a real SMTP server: the admin sets who reads what, the postmortem is published, the email with
// the executive summary arrives, its personal link opens in a browser without signing in, shows
// the summary and not the whole document, and "I have read it" is what the readers list then says.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, adminApi, apiAs, decodedParts, launchBrowser, seriousA11yViolations, signIn, startGoldseam, startSmtp, type Goldseam, type Smtp } from "./harness";

let goldseam: Goldseam;
let browser: Browser;
let smtp: Smtp;
const ANA = { email: "ana@corp.test", password: "a long password" };
const RITA = { email: "rita@corp.test", password: "a long password" };
const EVE = { email: "eve@corp.test", password: "a long password" };

beforeAll(async () => {
  smtp = await startSmtp();
  goldseam = await startGoldseam({ env: { GOLDSEAM_SMTP_URL: smtp.url, GOLDSEAM_SMTP_FROM: "Goldseam <goldseam@corp.test>" } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await goldseam?.stop();
  smtp?.stop();
});

/** The first email to `to` whose subject starts with `subject`, decoded, waiting for it. */
async function mailTo(to: string, subject: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const found = smtp.messages().find((m) => m.includes(`To: ${to}`) && m.includes(`Subject: ${subject}`));
    if (found) return decodedParts(found);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no email to ${to} arrived`);
}

test("an executive opens the summary from their email, without signing in, and acknowledges it", async () => {
  const admin = await adminApi(goldseam.url);
  const anaId = Number((await admin("POST", "/api/v1/users", { ...ANA, name: "Ana Diaz", role: "member" })).id);
  const ritaId = Number((await admin("POST", "/api/v1/users", { ...RITA, name: "Rita Moreno", role: "member" })).id);
  const eveId = Number((await admin("POST", "/api/v1/users", { ...EVE, name: "Eve Stone", role: "viewer" })).id);
  const team = await admin("POST", "/api/v1/teams", { name: "Leadership", members: [{ user_id: eveId }] });
  await admin("PUT", "/api/v1/postmortem-distribution", {
    participants_required: true,
    reminder_days: 3,
    rules: [{ name: "Leadership reads every SEV1", severities: ["SEV1"], types: [], audiences: [{ kind: "team", team_id: team.id, rendering: "summary", required: true }] }],
  });

  // Ana's incident, resolved; its postmortem reviewed by Rita and published.
  const ana = await apiAs(goldseam.url, ANA.email, ANA.password);
  const rita = await apiAs(goldseam.url, RITA.email, RITA.password);
  const incident = await ana("POST", "/api/v1/incidents", { title: "Card payments failing", severity: "SEV1", summary: "Card payments failed for 40 minutes in the EU." });
  const ref = String(incident.reference);
  await ana("PATCH", `/api/v1/incidents/${ref}`, { status: "resolved" });
  await ana("POST", `/api/v1/incidents/${ref}/postmortem`, {});
  await ana("POST", `/api/v1/incidents/${ref}/postmortem/review`, { action: "request_review", reviewers: [ritaId] });
  await rita("POST", `/api/v1/incidents/${ref}/postmortem/review`, { action: "approve" });
  await ana("POST", `/api/v1/incidents/${ref}/postmortem/review`, { action: "publish" });
  expect(anaId).toBeGreaterThan(0);

  // Eve's email: the executive summary, her own link, why she gets it.
  const email = await mailTo(EVE.email, "[Postmortem summary]");
  expect(email).toContain("Card payments failed for 40 minutes in the EU.");
  expect(email).toContain("because you are in Leadership");
  expect(email).not.toContain("## Timeline");
  const link = email.match(/http:\/\/127\.0\.0\.1:\d+\/read\/r\d+\.[0-9a-f]+/)?.[0];
  expect(link, email).toBeTruthy();

  // A fresh browser with no session: the link opens the summary, not a sign-in page.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link!);
  await page.getByRole("heading", { name: new RegExp(`${ref}.*Card payments failing`) }).waitFor();
  await page.getByText("Executive summary", { exact: false }).first().waitFor();
  await page.getByRole("heading", { name: "Summary" }).waitFor();
  await page.getByText("Card payments failed for 40 minutes in the EU.").waitFor();
  expect(await page.getByRole("heading", { name: "Timeline" }).count()).toBe(0);
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "postmortem-reading.png"), fullPage: true });

  // Opening is recorded; "I have read it" is the acknowledgement.
  const readers = `/api/v1/incidents/${ref}/postmortem/readers`;
  const eveRow = async () => ((await admin("GET", readers)).readers as { name: string; status: string }[]).find((r) => r.name === "Eve Stone");
  expect((await eveRow())?.status).toBe("opened");
  await page.getByRole("button", { name: "I have read it" }).click();
  await page.getByText(/You acknowledged it/).waitFor();
  expect((await eveRow())?.status).toBe("acknowledged");
  await page.screenshot({ path: join(ARTIFACTS, "postmortem-reading-acknowledged.png"), fullPage: true });
  await context.close();

  // The admin sees it on the postmortem's readers panel.
  const root = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password);
  await root.goto(`${goldseam.url}/incidents/${ref}/postmortem`);
  const panel = root.getByRole("region", { name: "Readers" });
  await panel.getByText("Eve Stone").waitFor();
  expect(await panel.innerText()).toMatch(/acknowledged/i);
});
