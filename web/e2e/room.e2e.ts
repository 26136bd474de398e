import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, adminApi, launchBrowser, seriousA11yViolations, signIn, startGoldseam, type Goldseam } from "./harness";

let goldseam: Goldseam;
let browser: Browser;
let admin: Awaited<ReturnType<typeof adminApi>>;

beforeAll(async () => {
  goldseam = await startGoldseam();
  browser = await launchBrowser();
  admin = await adminApi(goldseam.url);
  await admin("POST", "/api/v1/users", { email: "bo@corp.test", name: "Bo Li", role: "member", password: "a long password" });
  await admin("POST", "/api/v1/users", { email: "cy@corp.test", name: "Cy Park", role: "member", password: "a long password" });
});

afterAll(async () => {
  await browser?.close();
  await goldseam?.stop();
});

/** Presses Tab until the focused element has this accessible label: reachable by keyboard alone. */
async function tabTo(page: Page, label: string) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press("Tab");
    if ((await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))) === label) return;
  }
  throw new Error(`Tab never reached ${label}`);
}

test("markdown, #tags and @mentions; edit and delete with history; roles by keyboard; tags; subscribe; others' comments", async () => {
  const incident = await admin("POST", "/api/v1/incidents", { title: "Card payments failing", severity: "SEV2" });
  const ref = String(incident.reference);
  const page = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password);
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  await page.goto(`${goldseam.url}/incidents/${ref}`);
  await page.getByRole("status").getByText("Live").waitFor();
  const activity = page.getByRole("region", { name: "Activity" });

  // What happens next is said at the top: no rule paged anyone, and the way to do it is there.
  const summary = page.locator(".paging-summary");
  expect(await summary.innerText()).toBe("Nobody has been paged. Page someone");
  await summary.getByRole("button", { name: "Page someone" }).click();
  const pageForm = page.getByRole("form", { name: "Page someone" });
  const person = pageForm.getByRole("combobox", { name: "Person to page" });
  await expect.poll(() => person.evaluate((el) => el === document.activeElement)).toBe(true);
  await pageForm.getByRole("button", { name: "Cancel" }).click();
  await pageForm.waitFor({ state: "detached" });

  // Ctrl+Enter posts a comment.
  const composer = page.getByLabel("Comment or status update");
  await composer.fill('**Rolled back** the [deploy](https://example.com/deploys/42), see #Payments; @bo please check.\n<script>window.pwned = true; alert("x")</script>');
  await composer.press("Control+Enter");
  const posted = activity.getByRole("listitem").filter({ hasText: "Rolled back" });
  await posted.waitFor();
  const commentId = await posted.getAttribute("data-event-id");
  const row = activity.locator(`li[data-event-id="${commentId}"]`);
  await expect.poll(() => composer.inputValue()).toBe("");

  expect(await row.locator("strong").textContent()).toBe("Rolled back");
  const link = row.getByRole("link", { name: "deploy" });
  expect(await link.getAttribute("href")).toBe("https://example.com/deploys/42");
  expect(await link.getAttribute("target")).toBe("_blank");
  expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
  await row.getByText('<script>window.pwned = true; alert("x")</script>').waitFor();
  expect(await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(await row.locator("script").count()).toBe(0);
  const tag = row.getByRole("link", { name: "#Payments" });
  expect(await tag.getAttribute("href")).toBe("/tags/payments");
  const mention = row.locator(".mention");
  expect(await mention.textContent()).toBe("@bo");
  expect(await mention.getAttribute("title")).toBe("Bo Li");
  // The server turned the hashtag into a tag of the incident.
  const tags = page.getByRole("region", { name: "Tags" });
  await tags.getByRole("link", { name: "#payments" }).waitFor();

  // A #tag in a comment leads to the tag view, in the app (no reload), and back.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await tag.click();
  await page.waitForURL(/\/tags\/payments$/);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  await page.goBack();
  await row.waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "room-markdown.png"), fullPage: true });

  // Edit: the new text shows, marked "(edited)", with the original in the history.
  await row.getByRole("button", { name: "Edit comment" }).click();
  const editor = row.getByLabel("Comment text");
  await editor.fill("Rolled back the deploy; **error rate** is back to normal #payments");
  await editor.press("Control+Enter");
  await row.getByText("is back to normal").waitFor();
  await row.getByText("(edited)").click();
  const history = row.locator(".history");
  await history.getByText("Original").waitFor();
  await history.getByText("please check").waitFor();
  // The edit is folded into the comment rather than shown as a line of its own.
  expect(await activity.getByText("edited a comment").count()).toBe(0);
  expect(await seriousA11yViolations(page), "room with a comment's history open").toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "room-edited.png"), fullPage: true });
  await row.getByText("(edited)").click();
  await history.getByText("Original").waitFor({ state: "detached" });

  // Delete asks first, then leaves "Comment deleted" and the history.
  await admin("POST", `/api/v1/incidents/${ref}/comments`, { body: "Second comment from the admin" });
  await row.getByRole("button", { name: "Delete comment" }).click();
  await row.getByRole("button", { name: "Keep it" }).click();
  await row.getByRole("button", { name: "Yes, delete" }).waitFor({ state: "detached" });
  expect(await row.getByText("Comment deleted").count()).toBe(0);
  await row.getByRole("button", { name: "Delete comment" }).click();
  await row.getByRole("button", { name: "Yes, delete" }).click();
  await row.getByText("Comment deleted").waitFor();
  expect(await row.locator(".markdown.body").count()).toBe(0);
  expect(await row.getByRole("button", { name: "Edit comment" }).count()).toBe(0);
  await row.getByText("History").click();
  await row.locator(".history").getByText("please check").waitFor();
  await row.locator(".history").getByText("Deleted").waitFor();

  // Who leads is in the header, beside status and severity, before anyone is assigned too.
  const lead = page.locator(".room-header .lead");
  expect(await lead.innerText()).toBe("Nobody leads yet: take the lead");

  // Roles: assign the incident manager with the keyboard alone.
  await page.locator("h1").click();
  await tabTo(page, "Assign Incident manager");
  await page.keyboard.press("Enter");
  const picker = page.getByRole("combobox", { name: "Assign Incident manager" });
  await expect.poll(() => picker.evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.type("b");
  const options = page.getByRole("listbox", { name: "Assign Incident manager" }).getByRole("option");
  await options.first().waitFor();
  expect(await picker.getAttribute("aria-expanded")).toBe("true");
  await page.keyboard.type("o");
  await expect.poll(() => options.allTextContents()).toEqual(["Bo Li bo@corp.test"]);
  await page.keyboard.press("ArrowDown");
  await expect.poll(() => options.first().getAttribute("aria-selected")).toBe("true");
  expect(await picker.getAttribute("aria-activedescendant")).toBe(await options.first().getAttribute("id"));
  await page.keyboard.press("Enter");
  const roles = page.getByRole("region", { name: "Roles" });
  await roles.getByText("Bo Li").waitFor();
  await activity.getByText("Admin made Bo Li incident manager").waitFor();
  await expect.poll(() => lead.innerText()).toBe("Led by Bo Li");
  // Focus goes back where it was, ready for the next change.
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Change Incident manager");

  // Arrow keys move through several matches; Escape closes, then gives up.
  await page.keyboard.press("Enter");
  await page.keyboard.type("c");
  await options.nth(1).waitFor();
  const names = await options.allTextContents();
  await page.keyboard.press("ArrowDown");
  await expect.poll(() => options.nth(1).getAttribute("aria-selected")).toBe("true");
  await page.keyboard.press("ArrowUp");
  await expect.poll(() => options.nth(0).getAttribute("aria-selected")).toBe("true");
  expect(names.length).toBeGreaterThan(1);
  expect(await seriousA11yViolations(page), "room with the person picker open").toEqual([]);
  await page.keyboard.press("Escape");
  await expect.poll(() => picker.getAttribute("aria-expanded")).toBe("false");
  await page.keyboard.press("Escape");
  await picker.waitFor({ state: "detached" });

  // Take it: the scribe is me; then relieve me.
  await roles.getByRole("button", { name: "Take it: make me Scribe" }).click();
  await activity.getByText("Admin took the scribe role").waitFor();
  await roles.getByRole("button", { name: "Relieve Admin as Scribe" }).click();
  await activity.getByText("Admin stepped down as scribe").waitFor();

  // Tags: add one, follow it, remove it.
  await tags.getByLabel("New tag").fill("#EU-west");
  await tags.getByLabel("New tag").press("Enter");
  const added = tags.getByRole("link", { name: "#eu-west" });
  await added.waitFor();
  expect(await added.getAttribute("href")).toBe("/tags/eu-west");
  await tags.getByRole("button", { name: "Remove tag #eu-west" }).click();
  await activity.getByText("Admin removed the tag #eu-west").waitFor();
  expect(await added.count()).toBe(0);

  // Subscribe toggles, and the server remembers.
  const notifications = page.getByRole("region", { name: "Notifications" });
  await notifications.getByRole("button", { name: "Subscribe", exact: true }).click();
  await notifications.getByRole("button", { name: "Unsubscribe" }).waitFor();
  await page.reload();
  await notifications.getByRole("button", { name: "Unsubscribe" }).waitFor();
  await notifications.getByRole("button", { name: "Unsubscribe" }).click();
  await notifications.getByRole("button", { name: "Subscribe", exact: true }).waitFor();

  expect(await seriousA11yViolations(page), "room").toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "room-full.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await row.getByText("History").click();
  await row.locator(".history").getByText("please check").waitFor();
  expect(await seriousA11yViolations(page), "room, dark theme").toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "room-dark.png"), fullPage: true });

  // Another member sees the admin's comments without Edit or Delete, and may edit their own.
  // On a phone.
  const bo = await signIn(browser, goldseam.url, "bo@corp.test", "a long password", { width: 360, height: 740 });
  await bo.goto(`${goldseam.url}/incidents/${ref}`);
  const boActivity = bo.getByRole("region", { name: "Activity" });
  const adminsComment = boActivity.getByRole("listitem").filter({ hasText: "Second comment from the admin" });
  await adminsComment.waitFor();
  expect(await adminsComment.getByRole("button", { name: "Pin" }).count()).toBe(1);
  expect(await adminsComment.getByRole("button", { name: "Edit comment" }).count()).toBe(0);
  expect(await adminsComment.getByRole("button", { name: "Delete comment" }).count()).toBe(0);
  // Mention completion: @ and a few letters, Enter picks.
  const boComposer = bo.getByLabel("Comment or status update");
  await boComposer.click();
  await bo.keyboard.type("On it, thanks @cy");
  await bo.getByRole("listbox", { name: "Mention someone" }).getByRole("option", { name: /Cy Park/ }).waitFor();
  await bo.keyboard.press("Enter");
  await expect.poll(() => boComposer.inputValue()).toBe("On it, thanks @cy ");
  await bo.keyboard.press("Control+Enter");
  const boComment = boActivity.getByRole("listitem").filter({ hasText: "On it, thanks" });
  await boComment.waitFor();
  expect(await boComment.locator(".mention").getAttribute("title")).toBe("Cy Park");
  expect(await boComment.getByRole("button", { name: "Edit comment" }).count()).toBe(1);
  const [scroll, client] = await bo.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, "nothing wider than a 360 px screen").toBeLessThanOrEqual(client);
  await bo.screenshot({ path: join(ARTIFACTS, "room-member-phone.png"), fullPage: true });

  // Bo's comment reaches the admin's room live.
  await activity.getByText("On it, thanks").waitFor();
});

test("a room with 1,000 events renders, scrolls and stays live", async () => {
  const incident = await admin("POST", "/api/v1/incidents", { title: "Noisy incident", severity: "SEV3" });
  const ref = String(incident.reference);
  const started = Date.now();
  for (let batch = 0; batch < 1000; batch += 50) {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        admin("POST", `/api/v1/incidents/${ref}/comments`, { body: `Comment **${batch + i + 1}** on #load, cc @bo, see https://example.com/${batch + i + 1}` }),
      ),
    );
  }
  console.log(`created 1,000 comments in ${Date.now() - started} ms`);

  const page = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password);
  // Long tasks (over 50 ms) block input: how long the page is unresponsive while it loads.
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: "longtask", buffered: true });
  });
  await page.goto(`${goldseam.url}/incidents/${ref}`);
  const activity = page.getByRole("region", { name: "Activity" });
  const items = activity.locator("ol.activity > li");
  // The declaration, 1,000 comments and the tag the first #load added.
  await activity.getByText("1002 events").waitFor({ timeout: 20_000 });
  const firstRows = await page.evaluate(() => performance.now());
  await page.waitForFunction(() => document.querySelectorAll("ol.activity > li").length === 1002, undefined, { timeout: 20_000 });
  const rendered = await page.evaluate(() => performance.now());
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  expect(await items.count()).toBe(1002);
  await page.getByRole("status").getByText("Live").waitFor();

  // Scroll to the bottom and back, frame by frame, noting the slowest frame.
  const frames = await page.evaluate(async () => {
    const deltas: number[] = [];
    let last = performance.now();
    const height = document.documentElement.scrollHeight;
    for (let y = 0; y <= height; y += 400) {
      window.scrollTo(0, y);
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      deltas.push(now - last);
      last = now;
    }
    return { count: deltas.length, max: Math.max(...deltas.slice(1)), mean: deltas.reduce((a, b) => a + b, 0) / deltas.length, height };
  });
  await activity.getByText("Admin declared the incident").scrollIntoViewIfNeeded();
  expect(await activity.getByText("Admin declared the incident").isVisible()).toBe(true);
  await page.screenshot({ path: join(ARTIFACTS, "room-1000-bottom.png") });

  // A new event still arrives at once, and only one row renders for it.
  const t0 = Date.now();
  await admin("POST", `/api/v1/incidents/${ref}/comments`, { body: "Comment number 1001" });
  await activity.getByText("Comment number 1001").waitFor();
  const liveMs = Date.now() - t0;
  expect(await items.count()).toBe(1003);

  console.log(
    `1,000-event room: newest rows ${Math.round(firstRows)} ms after navigation, all rendered at ${Math.round(rendered)} ms, longest task ${Math.round(Math.max(0, ...longTasks))} ms ` +
      `(${longTasks.length} over 50 ms, ${Math.round(longTasks.reduce((a, b) => a + b, 0))} ms in all); scrolled ${frames.height}px in ${frames.count} steps, ` +
      `slowest frame ${Math.round(frames.max)} ms, mean ${Math.round(frames.mean)} ms; a new comment appeared in ${liveMs} ms`,
  );
  expect(rendered).toBeLessThan(10_000);
  expect(frames.max).toBeLessThan(1_000);
  expect(await seriousA11yViolations(page), "1,000-event room").toEqual([]);
}, 120_000);
