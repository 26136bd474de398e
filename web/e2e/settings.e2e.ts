import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, adminApi, goTo, launchBrowser, seriousA11yViolations, signIn, startGoldseam, type Goldseam } from "./harness";

let goldseam: Goldseam;
let browser: Browser;

beforeAll(async () => {
  goldseam = await startGoldseam();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await goldseam?.stop();
});

const login = (email: string, password: string) =>
  fetch(`${goldseam.url}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });

const incidentsWith = (token: string) => fetch(`${goldseam.url}/api/v1/incidents`, { headers: { authorization: `Bearer ${token}` } });

const sectionLinks = (page: Page) => page.getByRole("navigation", { name: "Settings sections" }).getByRole("link");

/** Nothing wider than a 360 px phone: the tables turn into cards. */
async function fitsAPhone(page: Page, name: string) {
  const wide = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 740 });
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll).toBeLessThanOrEqual(client);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-phone.png`), fullPage: true });
  if (wide) await page.setViewportSize(wide);
}

test("an admin adds, demotes and deactivates users, adds a severity and edits an incident type", async () => {
  const page = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password);
  await goTo(page, "Settings");
  // Settings load on first use: wait for the page before reading its sections.
  await page.getByRole("heading", { name: "API tokens", level: 2 }).waitFor();
  expect(await sectionLinks(page).allTextContents()).toEqual(["API tokens", "Profile", "Calendar", "Contact methods", "Subscriptions", "Users", "Severities", "Incident types", "Escalation policies", "Response rules", "Postmortems", "Learning", "Reviews", "Chat", "Dead letters", "Alert integrations"]);
  await sectionLinks(page).getByText("Users").click();
  await page.getByRole("heading", { name: "Users", level: 2 }).waitFor();

  // The form explains what it refuses before sending.
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Email").fill("bo@example.com");
  await form.getByLabel("Name").fill("Bo");
  await form.getByLabel("Role").selectOption("member");
  await form.getByLabel("Initial password").fill("short");
  await form.getByRole("button", { name: "Add user" }).click();
  await form.getByRole("alert").getByText("Check this field: Initial password.").waitFor();
  await form.getByText("Use at least 10 characters (this has 5), or leave it empty.").waitFor();
  await form.getByLabel("Initial password").fill("bo's own password");
  await form.getByRole("button", { name: "Add user" }).click();
  await page.getByRole("status").getByText("Bo is added as a member.").waitFor();
  expect(await form.getByLabel("Email").inputValue()).toBe("");

  const bo = await login("bo@example.com", "bo's own password");
  expect(bo.status).toBe(200);
  let boCookie = (bo.headers.get("set-cookie") ?? "").split(";")[0];

  // Your own row offers no role or deactivation (the server would refuse them), only your password.
  const own = page.getByRole("row", { name: new RegExp(ADMIN.email) });
  await own.getByText("(you)").waitFor();
  expect(await own.getByRole("combobox").count()).toBe(0);
  expect(await own.getByRole("button").allTextContents()).toEqual(["Set password"]);

  // An admin sets Bo's password (forgotten, or leaked): Bo's old session ends, the new one works.
  await page.getByRole("button", { name: "Set password for Bo" }).click();
  await page.getByLabel("New password for Bo").fill("tiny");
  await page.getByRole("button", { name: "Save password" }).click();
  await page.getByText("Use at least 10 characters (this has 4).").waitFor();
  await page.getByLabel("New password for Bo").fill("bo's second password");
  await page.getByRole("button", { name: "Save password" }).click();
  await page.getByRole("status").getByText("Bo's password is set; their other sessions have ended.").waitFor();
  expect((await fetch(`${goldseam.url}/api/v1/auth/session`, { headers: { cookie: boCookie } })).status).toBe(401);
  expect((await login("bo@example.com", "bo's own password")).status).toBe(401);
  const again = await login("bo@example.com", "bo's second password");
  expect(again.status).toBe(200);
  boCookie = (again.headers.get("set-cookie") ?? "").split(";")[0];

  await page.getByLabel("Role of Bo", { exact: true }).selectOption("viewer");
  await page.getByRole("status").getByText("Bo is now a viewer.").waitFor();
  const admin = await adminApi(goldseam.url);
  const users = (await admin("GET", "/api/v1/users")).items as { email: string; role: string; active: boolean }[];
  expect(users.find((u) => u.email === "bo@example.com")?.role).toBe("viewer");

  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "settings-users.png"), fullPage: true });
  await fitsAPhone(page, "settings-users");

  // The server's refusal (the email is taken) is shown beside the field it is about.
  await form.getByLabel("Email").fill("bo@example.com");
  await form.getByLabel("Name").fill("Bo again");
  await form.getByRole("button", { name: "Add user" }).click();
  await form.getByRole("alert").getByText("Check this field: Email.").waitFor();
  await form.getByText(/^A user with the email bo@example.com already exists/).waitFor();
  expect(await form.getByLabel("Email").getAttribute("aria-invalid")).toBe("true");

  // Deactivating asks first, then signs them out everywhere.
  await page.getByRole("button", { name: "Deactivate Bo" }).click();
  const confirm = page.getByRole("group", { name: /Deactivate Bo\? They are signed out everywhere/ });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  expect(await confirm.count()).toBe(0);
  expect(await page.getByRole("button", { name: "Deactivate Bo" }).evaluate((b) => b === document.activeElement)).toBe(true);
  await page.getByRole("button", { name: "Deactivate Bo" }).click();
  await confirm.getByRole("button", { name: "Deactivate Bo" }).click();
  await page.getByRole("status").getByText("Bo is deactivated and signed out everywhere.").waitFor();
  await page.getByRole("button", { name: "Reactivate Bo" }).waitFor();
  expect((await login("bo@example.com", "bo's second password")).status).toBe(401);
  expect((await fetch(`${goldseam.url}/api/v1/auth/session`, { headers: { cookie: boCookie } })).status).toBe(401);

  // A new severity is offered in the declare form at once.
  await sectionLinks(page).getByText("Severities").click();
  await page.getByRole("button", { name: "Add a severity" }).click();
  const addSeverity = page.getByRole("form", { name: "Add a severity" });
  expect(await addSeverity.getByLabel("Key").inputValue()).toBe("SEV5");
  expect(await addSeverity.getByLabel("Rank").inputValue()).toBe("5");
  await addSeverity.getByLabel("Name").fill("Cosmetic");
  await addSeverity.getByLabel("When to pick it").fill("A typo or a misaligned button; nobody is hurt");
  await addSeverity.getByRole("button", { name: "Add severity" }).click();
  await page.getByRole("cell", { name: "A typo or a misaligned button; nobody is hurt" }).waitFor();
  await page.getByRole("button", { name: "Declare incident" }).click();
  await page.getByRole("radio", { name: /SEV5 Cosmetic/ }).waitFor();
  await page.getByRole("form", { name: "Declare an incident" }).getByRole("button", { name: "Cancel" }).click();

  // Editing a severity in place keeps its key.
  await page.getByRole("button", { name: "Edit SEV5" }).click();
  const editSeverity = page.getByRole("form", { name: "Edit SEV5" });
  await editSeverity.getByLabel("Name").fill("");
  await editSeverity.getByRole("button", { name: "Save" }).click();
  await editSeverity.getByText("Enter a short name.").waitFor();
  await editSeverity.getByLabel("Name").fill("Cosmetic only");
  await editSeverity.getByRole("button", { name: "Save" }).click();
  await page.getByRole("cell", { name: "Cosmetic only" }).waitFor();

  // An incident type: edited in place; which types start private is visible.
  await sectionLinks(page).getByText("Incident types").click();
  await page.getByRole("row", { name: /Security/ }).getByText("Start private").waitFor();
  await page.getByRole("button", { name: "Edit Customer issue" }).click();
  const editType = page.getByRole("form", { name: "Edit Customer issue" });
  await editType.getByLabel("When to pick it").fill("A named customer is hurt; their details stay private");
  await editType.getByLabel("New incidents of this type start private").check();
  await editType.getByRole("button", { name: "Save" }).click();
  const row = page.getByRole("row", { name: /Customer issue/ });
  await row.getByText("A named customer is hurt; their details stay private").waitFor();
  await row.getByText("Start private").waitFor();
  expect(await page.getByRole("button", { name: "Edit Customer issue" }).evaluate((b) => b === document.activeElement)).toBe(true);
  const types = (await admin("GET", "/api/v1/incident-types")) as unknown as { key: string; description: string; default_private: boolean }[];
  expect(types.find((t) => t.key === "customer-issue")).toMatchObject({ description: "A named customer is hurt; their details stay private", default_private: true });
  await fitsAPhone(page, "settings-types");
});

test("a member makes an API token, uses it, revokes it, and is kept out of admin sections", async () => {
  const admin = await adminApi(goldseam.url);
  await admin("POST", "/api/v1/users", { email: "mo@example.com", name: "Mo", role: "member", password: "mo's own password" });
  const page = await signIn(browser, goldseam.url, "mo@example.com", "mo's own password");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: goldseam.url });
  await goTo(page, "Settings");
  await page.getByRole("heading", { name: "API tokens", level: 2 }).waitFor();
  expect(await sectionLinks(page).allTextContents()).toEqual(["API tokens", "Profile", "Calendar", "Contact methods", "Subscriptions", "Reviews"]);
  await page.getByText("You have no tokens yet.").waitFor();
  expect(await page.locator("pre").first().textContent()).toBe(`curl -H "Authorization: Bearer YOUR_TOKEN" ${goldseam.url}/api/v1/incidents`);

  await page.getByLabel("Token name").fill("ci");
  await page.getByRole("button", { name: "Create token" }).click();
  const secretField = page.getByLabel("Secret of “ci”");
  const secret = await secretField.inputValue();
  expect(secret.length).toBeGreaterThan(20);
  expect(await secretField.getAttribute("readonly")).not.toBeNull();
  await page.getByText("Copy it now: it will not be shown again.").waitFor();
  await page.getByRole("button", { name: "Copy" }).click();
  await page.getByRole("status").getByText("Copied to the clipboard.").waitFor();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await page.getByRole("row", { name: /ci/ }).getByText("Active").waitFor();

  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "settings-tokens.png"), fullPage: true });
  await fitsAPhone(page, "settings-tokens");

  expect((await incidentsWith(secret)).status).toBe(200);

  // Once put away, the secret is gone from the page, and a reload does not bring it back.
  await page.getByRole("button", { name: "Done, I have stored it" }).click();
  expect(await page.getByLabel("Token name").evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await page.content()).not.toContain(secret);
  await page.reload();
  await page.getByRole("row", { name: /ci/ }).waitFor();
  expect(await page.content()).not.toContain(secret);

  await page.getByRole("button", { name: "Revoke ci" }).click();
  const revoke = page.getByRole("group", { name: /Revoke “ci”\?/ });
  // The confirmation in the dark theme: readable, and nothing serious for axe either.
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "settings-tokens-dark.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  await revoke.getByRole("button", { name: "Revoke ci" }).click();
  await page.getByRole("status").getByText("The token “ci” is revoked; anything using it now gets 401.").waitFor();
  await page.getByRole("row", { name: /ci/ }).getByText("Revoked").waitFor();
  expect(await page.getByRole("button", { name: "Revoke ci" }).count()).toBe(0);
  expect((await incidentsWith(secret)).status).toBe(401);

  await page.goto(`${goldseam.url}/settings/users`);
  await page.getByRole("alert").getByText(/^Only admins can add users/).waitFor();
  expect(await page.getByRole("table").count()).toBe(0);
  expect(await sectionLinks(page).allTextContents()).toEqual(["API tokens", "Profile", "Calendar", "Contact methods", "Subscriptions", "Reviews"]);
});
