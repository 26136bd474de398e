import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, launchBrowser, seriousA11yViolations, signIn, startGoldseam, type Goldseam } from "./harness";

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

test("declare, land in the room, comment, pin, raise the severity, resolve", async () => {
  const page = await browser.newPage();
  await page.goto(goldseam.url);
  await page.getByLabel("Email").waitFor();
  expect(await seriousA11yViolations(page), "sign-in page").toEqual([]);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText("Nothing is on fire").waitFor();
  expect(await seriousA11yViolations(page), "empty dashboard").toEqual([]);

  await page.getByRole("button", { name: "Declare incident" }).click();
  await page.getByLabel("What is wrong?").fill("Checkout is failing");
  await page.getByRole("radio", { name: /SEV1/ }).check();
  // The chosen severity explains itself before anyone commits to it.
  await page.getByText("A core feature is broken for many customers").waitFor();
  await page.getByRole("button", { name: "Declare", exact: true }).click();

  // One submit lands in the new incident's room, live.
  await page.getByRole("heading", { name: /INC-1: Checkout is failing/ }).waitFor();
  expect(page.url()).toMatch(/\/incidents\/INC-1$/);
  await page.getByRole("status").getByText("Live").waitFor();

  await page.getByLabel("Comment or status update").fill("Rolled back the 14:02 deploy");
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  const activity = page.getByRole("region", { name: "Activity" });
  const comment = activity.getByRole("listitem").filter({ hasText: "Rolled back the 14:02 deploy" });
  await comment.waitFor();

  await comment.getByRole("button", { name: "Pin" }).click();
  await page.getByRole("region", { name: "Pinned" }).getByText("Rolled back the 14:02 deploy").waitFor();
  // The timeline says what was pinned.
  await activity.getByText("Admin pinned Admin's comment “Rolled back the 14:02 deploy”").waitFor();

  await page.getByLabel("Severity").selectOption("SEV0");
  await activity.getByText("Admin raised the severity from SEV1 to SEV0").waitFor();

  await page.getByRole("button", { name: "Mark resolved" }).click();
  await page.getByLabel("What fixed it?").fill("The rollback");
  await page.getByRole("form", { name: "Mark resolved" }).getByRole("button", { name: "Mark resolved" }).click();
  await activity.getByText("Admin moved the incident to resolved: The rollback").waitFor();
  // The resolved room leads with what fixed it.
  expect(await page.locator("p.ending").innerText()).toMatch(/^Resolved .+ by Admin: The rollback$/);
  await page.screenshot({ path: join(ARTIFACTS, "room.png"), fullPage: true });
  expect(await seriousA11yViolations(page), "incident room").toEqual([]);

  // Each event appears once, however it arrived (the POST's answer or the stream).
  expect(await activity.getByRole("listitem").filter({ hasText: "commented" }).count()).toBe(1);

  await page.getByRole("link", { name: "Goldseam" }).click();
  await page.getByText("Nothing is on fire").waitFor();
});

test("the declare form has its own address, comes filled in from a link, and reads #tags out of the title", async () => {
  const page = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password);
  // Another tool links here with what it knows; the declarer checks and sends.
  await page.goto(`${goldseam.url}/declare?title=${encodeURIComponent("Search is slow #search #EU")}&severity=sev2`);
  const form = page.getByRole("form", { name: "Declare an incident" });
  expect(await form.getByLabel("What is wrong?").inputValue()).toBe("Search is slow #search #EU");
  expect(await form.getByRole("radio", { name: /SEV2/ }).isChecked()).toBe(true);
  await form.getByText("When in doubt, pick the worse one: you can lower it later.").waitFor();
  await form.getByText("Tags from the title: #search #eu · the title will read “Search is slow”").waitFor();
  expect(await seriousA11yViolations(page), "declare page").toEqual([]);
  await form.getByRole("button", { name: "Declare", exact: true }).click();

  await page.getByRole("heading", { name: /INC-\d+: Search is slow$/ }).waitFor();
  const tagList = page.getByRole("region", { name: "Tags" }).locator("a.tag");
  await tagList.first().waitFor();
  expect((await tagList.allInnerTexts()).map((t) => t.trim()).sort()).toEqual(["#eu", "#search"]);
  // The form's page is not where Back leads after declaring.
  await page.goBack();
  await page.waitForURL((url) => !url.pathname.startsWith("/declare"));
  await page.context().close();
});
