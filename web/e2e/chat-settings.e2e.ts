// Settings → Chat against the real server: an admin sets the announcement channel and the
// incident channel's name, sees the server refuse a name without {number} on that field (nothing
// saved), saves a good one, and finds both after a reload. Members are kept out.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, adminApi, goTo, launchBrowser, seriousA11yViolations, signIn, startGoldseam, type Goldseam } from "./harness";

let goldseam: Goldseam;
let browser: Browser;

beforeAll(async () => {
  goldseam = await startGoldseam();
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await goldseam?.stop();
}, 60_000);

test("an admin sets the announcement channel and the channel name; the server's refusal shows on the field", async () => {
  const admin = await adminApi(goldseam.url);
  const page = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password);
  await goTo(page, "Settings");
  await page.getByRole("heading", { name: "API tokens", level: 2 }).waitFor();
  await page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Chat", exact: true }).click();
  await page.getByRole("heading", { name: "Chat", level: 2 }).waitFor();
  expect(new URL(page.url()).pathname).toBe("/settings/chat");
  // No chat platform on this server: the section says so, and where to read how to connect each.
  await page.getByText("Neither Slack nor Mattermost is set up yet. These settings are kept and apply once one is.").waitFor();
  const platforms = page.getByRole("list", { name: "Chat platforms" });
  for (const name of ["Slack", "Mattermost", "Microsoft Teams"]) await platforms.getByRole("listitem").filter({ hasText: name }).getByText("Not set up").first().waitFor();
  await page.getByText("docs/slack.md").waitFor();

  const form = page.getByRole("form", { name: "Chat settings" });
  const channel = form.getByLabel("Announcement channel");
  const template = form.getByLabel("Channel name");
  expect(await channel.inputValue()).toBe("");
  expect(await template.inputValue()).toBe("inc-{number}-{title}");
  await form.getByText(/^Preview: #inc-42-checkout-is-down-eu-v2-3 for INC-42/).waitFor();

  // A name without the number: the preview says why, and the server refuses it on the field.
  await channel.fill("C0INCIDENTS");
  await template.fill("incident-{title}");
  await form.getByText("No preview: the template must contain {number} or {reference}.").waitFor();
  const refused = page.waitForResponse((r) => r.url().endsWith("/api/v1/chat/settings") && r.request().method() === "PUT");
  await form.getByRole("button", { name: "Save chat settings" }).click();
  const answer = await refused;
  expect(answer.status()).toBe(422);
  expect(((await answer.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(["channel_name_template"]);
  await form.getByRole("alert").getByText("Check the field marked below.").waitFor();
  await form.getByText("The template must contain {number} or {reference}.", { exact: true }).waitFor();
  await form.getByText("No preview until the name is fixed.").waitFor();
  expect(await template.getAttribute("aria-invalid")).toBe("true");
  expect(await template.evaluate((el) => el === document.activeElement)).toBe(true);
  const describedBy = (await template.getAttribute("aria-describedby")) ?? "";
  const described = await page.evaluate((ids) => ids.split(" ").map((id) => document.getElementById(id)?.textContent ?? ""), describedBy);
  expect(described).toContain("The template must contain {number} or {reference}.");
  // Nothing was saved, not even the channel.
  expect((await admin("GET", "/api/v1/chat/settings")).announcement_channel).toBeNull();

  await page.screenshot({ path: join(ARTIFACTS, "settings-chat-refused.png"), fullPage: true });

  await template.fill("{reference}-{title}");
  expect(await template.getAttribute("aria-invalid")).toBeNull();
  await form.getByText(/^Preview: #inc-42-checkout-is-down-eu-v2-3 for INC-42/).waitFor();
  await form.getByRole("button", { name: "Save chat settings" }).click();
  await form.getByRole("status").getByText("The chat settings are saved. Incidents from now on follow them.").waitFor();
  expect(await admin("GET", "/api/v1/chat/settings")).toMatchObject({ announcement_channel: "C0INCIDENTS", channel_name_template: "{reference}-{title}", incident_channels: true });
  expect(await seriousA11yViolations(page)).toEqual([]);

  await page.reload();
  await page.getByRole("heading", { name: "Chat", level: 2 }).waitFor();
  await form.waitFor();
  expect(await form.getByLabel("Announcement channel").inputValue()).toBe("C0INCIDENTS");
  expect(await form.getByLabel("Channel name").inputValue()).toBe("{reference}-{title}");
  await page.screenshot({ path: join(ARTIFACTS, "settings-chat.png"), fullPage: true });

  // Nothing wider than a phone.
  await page.setViewportSize({ width: 360, height: 740 });
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll).toBeLessThanOrEqual(client);
}, 60_000);

test("a member is told only admins change the chat settings", async () => {
  const admin = await adminApi(goldseam.url);
  await admin("POST", "/api/v1/users", { email: "mo@example.com", name: "Mo", role: "member", password: "mo's own password" });
  const page = await signIn(browser, goldseam.url, "mo@example.com", "mo's own password");
  await page.goto(`${goldseam.url}/settings/chat`);
  await page.getByRole("alert").getByText(/^Only admins can change how incidents are announced and run in chat/).waitFor();
  expect(await page.getByRole("form", { name: "Chat settings" }).count()).toBe(0);
  expect(await page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Chat", exact: true }).count()).toBe(0);
});
