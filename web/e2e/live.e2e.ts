import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { adminApi, launchBrowser, startGoldseam, type Goldseam } from "./harness";

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

async function signIn(email: string, password: string): Promise<Page> {
  // A context of its own: separate cookies, as two people on two laptops.
  const page = await (await browser.newContext()).newPage();
  await page.goto(goldseam.url);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  return page;
}

test("what one responder writes appears at once in the other's room and dashboard", async () => {
  const admin = await adminApi(goldseam.url);
  for (const [email, name] of [["ana@corp.test", "Ana"], ["bo@corp.test", "Bo"]]) {
    await admin("POST", "/api/v1/users", { email, name, role: "member", password: "a long password" });
  }
  const ana = await signIn("ana@corp.test", "a long password");
  const bo = await signIn("bo@corp.test", "a long password");
  await bo.getByText("Nothing is on fire").waitFor();

  // Ana declares; Bo's dashboard shows it without a reload.
  await ana.getByRole("button", { name: "Declare incident" }).click();
  await ana.getByLabel("What is wrong?").fill("Login page times out");
  await ana.getByRole("radio", { name: /SEV2/ }).check();
  await ana.getByRole("button", { name: "Declare", exact: true }).click();
  await ana.getByRole("status").getByText("Live").waitFor();
  await bo.getByRole("link", { name: /Login page times out/ }).click();
  await bo.getByRole("status").getByText("Live").waitFor();

  await ana.getByLabel("Comment or status update").fill("Auth service pods are restarting");
  await ana.getByRole("button", { name: "Comment", exact: true }).click();
  const seenByBo = bo.getByRole("region", { name: "Activity" }).getByText("Auth service pods are restarting");
  await seenByBo.waitFor({ timeout: 5_000 });
  expect(await bo.getByRole("region", { name: "Activity" }).getByText("Ana commented").count()).toBe(1);
});
