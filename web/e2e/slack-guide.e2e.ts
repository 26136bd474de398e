// docs/slack.md's screenshots, taken by running Goldseam against the fake Slack workspace
// (`goldseam-fakes slack`) and reading that workspace in its web view (`/_fake/view`), so the
// page and the Slack app cannot drift apart unnoticed. On the way it checks what each shows:
// the announcement, the incident's channel mirrored both ways with a pin, the App Home, and the
// `/inc` declare form. `make slack-screenshots` writes them into docs/images/slack; in
// `make test` they go to the ignored artifacts folder.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, adminApi, apiAs, goTo, launchBrowser, signIn, startGoldseam, type Goldseam } from "./harness";
import { startFakeSlack, type FakeSlack } from "./fake-slack";

const OUT = process.env.SLACK_SCREENSHOTS ?? join(ARTIFACTS, "slack");
const ALICE = { email: "alice@example.com", name: "Alice Martin", password: "alice's long password" };
const BOB = { email: "bob@example.com", name: "Bob Chen", password: "bob's long password" };
// Screenshots about 1000 px wide keep the docs' images small and readable.
const SIZE = { width: 1000, height: 640 };

let slack: FakeSlack;
let goldseam: Goldseam;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  slack = await startFakeSlack();
  goldseam = await startGoldseam({
    env: { GOLDSEAM_SLACK_BASE_URL: slack.url, GOLDSEAM_SLACK_BOT_TOKEN: slack.botToken, GOLDSEAM_SLACK_APP_TOKEN: slack.appToken },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await goldseam?.stop();
  await slack?.stop();
});

/** Opens a page of the fake's web view, reloading until every `texts` shows (Goldseam works in
 * the background: what it does arrives within seconds). */
async function view(page: Page, path: string, ...texts: (string | RegExp)[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await page.goto(`${slack.url}${path}`);
    const missing: (string | RegExp)[] = [];
    for (const t of texts) if ((await page.getByText(t).count()) === 0) missing.push(t);
    if (missing.length === 0) return;
    if (Date.now() > deadline) throw new Error(`${path} never showed ${missing.join(", ")}:\n${await page.locator("body").innerText()}`);
    await page.waitForTimeout(250);
  }
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });

test("Goldseam in a Slack workspace: announced, mirrored both ways, pinned, at home, and declared from /inc", async () => {
  const admin = await adminApi(goldseam.url);
  for (const p of [ALICE, BOB]) await admin("POST", "/api/v1/users", { ...p, role: "member" });
  const page = await (await browser.newContext({ viewport: SIZE })).newPage();
  // Goldseam opens its Socket Mode link once Slack has answered it.
  await view(page, "/_fake/view", "connected (1 Socket Mode link)");

  // Setup, last step: the announcement channel, by id, in Settings → Chat.
  const incidents = await slack.channelId("incidents");
  const web = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password, SIZE);
  await goTo(web, "Settings");
  await web.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Chat", exact: true }).click();
  await web.getByText("Connected over Socket Mode: announcements, incident channels and /inc work in Slack.").waitFor();
  const form = web.getByRole("form", { name: "Chat settings" });
  await form.getByLabel("Announcement channel").fill(incidents);
  await form.getByRole("button", { name: "Save chat settings" }).click();
  await form.getByText("The chat settings are saved. Incidents from now on follow them.").waitFor();
  expect((await admin("GET", "/api/v1/chat/settings")).announcement_channel).toBe(incidents);
  await web.getByRole("heading", { name: "Chat", level: 2 }).scrollIntoViewIfNeeded();
  await web.screenshot({ path: join(OUT, "settings-chat.png") });

  // Alice declares; the announcement in #incidents, and the incident's own channel with its card.
  const alice = await apiAs(goldseam.url, ALICE.email, ALICE.password);
  const bob = await apiAs(goldseam.url, BOB.email, BOB.password);
  const incident = (await alice("POST", "/api/v1/incidents", {
    title: "Checkout fails for card payments",
    severity: "SEV1",
    summary: "The payment provider answers 502 since 14:02.",
  })) as { reference: string };
  const ref = incident.reference;
  await view(page, "/_fake/view/incidents?as=alice", `${ref} · Checkout fails for card payments`, "Join the channel");
  await shot(page, "announcement");

  const channel = `inc-${ref.replace("INC-", "")}-checkout-fails-for-card-payments`;
  await view(page, `/_fake/view/${channel}?as=alice`, "Resolve");
  // People talk in the channel; a thread, a pin and a reaction.
  const rollback = await slack.say("alice", channel, "Rolling back the 14:02 deploy of payments-api.");
  await slack.console(`join bob ${channel}`);
  await slack.console(`reply bob ${channel} ${rollback} Error rate is dropping on the dashboard.`, /^ts /);
  await slack.console(`pin alice ${channel} ${rollback}`);
  await slack.console(`react bob ${channel} ${rollback} eyes`);
  // Both messages become comments by their authors (matched by email) before the room answers.
  const timeline = async () => JSON.stringify(await alice("GET", `/api/v1/incidents/${ref}/timeline`));
  await expect.poll(timeline, { timeout: 15_000 }).toContain("Error rate is dropping on the dashboard.");
  expect(await timeline()).toContain("Rolling back the 14:02 deploy of payments-api.");
  // …and in the web room: Bob's comment and Alice's status update appear in the channel.
  await bob("POST", `/api/v1/incidents/${ref}/comments`, { body: "Confirmed from the payments dashboard: errors are back to normal." });
  await alice("POST", `/api/v1/incidents/${ref}/status-updates`, { body: "Mitigated by the rollback; watching for an hour.", status: "mitigated" });
  await view(page, `/_fake/view/${channel}?as=alice`, "📌 Pinned by alice", "1 reply", "Confirmed from the payments dashboard:", "Mitigated by the rollback; watching for an hour.");
  // Bob's web comment is posted under his name, as the app.
  const mirrored = page.locator(".msg").filter({ hasText: "Confirmed from the payments dashboard" });
  await expect.poll(() => mirrored.locator(".name").innerText()).toBe("Bob Chen");
  await expect.poll(() => mirrored.locator(".badge").innerText()).toBe("APP");
  await shot(page, "channel");

  // The Slack side arrived in the room: Alice's message as her comment, pinned; Bob's reply.
  await expect
    .poll(async () => {
      const room = await alice("GET", `/api/v1/incidents/${ref}`);
      return (room.pinned as unknown[]).length;
    }, { timeout: 15_000 })
    .toBe(1);
  const room = await signIn(browser, goldseam.url, ALICE.email, ALICE.password, SIZE);
  await room.goto(`${goldseam.url}/incidents/${ref}`);
  await room.getByRole("region", { name: "Pinned" }).getByText("Rolling back the 14:02 deploy").waitFor();
  const activity = room.getByRole("region", { name: "Activity" });
  await activity.getByText("Error rate is dropping on the dashboard.").waitFor();
  await activity.screenshot({ path: join(OUT, "room.png") });

  // Alice opens the app's Home tab.
  await slack.console("home alice");
  await view(page, "/_fake/view/home/alice", "Your open incidents", "Checkout fails for card payments");
  await shot(page, "home");

  // `/inc declare` in #incidents opens the declare form.
  await slack.console("command alice incidents /inc declare Search results are slow", /^app answered /);
  await view(page, "/_fake/view/incidents?as=alice", "Declare an incident");
  const modal = page.getByRole("dialog", { name: "Declare an incident" });
  await modal.getByText("Severity").waitFor();
  expect(await modal.innerText()).toContain("Search results are slow");
  await page.screenshot({ path: join(OUT, "declare-modal.png") });
}, 120_000);
