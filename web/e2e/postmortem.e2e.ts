// The postmortem (issue 13): started from the room, written by two people at once over the sync
// socket, read (and followed live) by a viewer who is offered nothing to change; all under the
// Content-Security-Policy and without serious accessibility violations.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { ADMIN, adminApi, cspViolations, launchBrowser, seriousA11yViolations, startGoldseam, type Goldseam, signIn } from "./harness";

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

const signedIn = (email: string, password: string): Promise<Page> => signIn(browser, goldseam.url, email, password, { width: 1280, height: 900 });

const documentOf = (page: Page) => page.getByRole("textbox", { name: "Postmortem document" });
const presenceOf = (page: Page) => page.getByRole("region", { name: "People in the document" });

test("two people write the postmortem together while a viewer follows it", async () => {
  const admin = await adminApi(goldseam.url);
  await admin("POST", "/api/v1/users", { email: "bo@example.com", name: "Bo Chen", role: "member", password: "member password" });
  await admin("POST", "/api/v1/users", { email: "vic@example.com", name: "Vic", role: "viewer", password: "viewer password" });
  const incident = await admin("POST", "/api/v1/incidents", { title: "Checkout is failing", severity: "SEV2" });
  const ref = String(incident.reference);
  await admin("POST", `/api/v1/incidents/${ref}/comments`, { body: "Rolled back the 14:02 deploy" });

  // Started from the room.
  const ana = await signedIn(ADMIN.email, ADMIN.password);
  await ana.goto(`${goldseam.url}/incidents/${ref}`);
  await ana.getByRole("link", { name: "Postmortem", exact: true }).click();
  await ana.getByRole("button", { name: "Start the postmortem" }).click();
  const anaDoc = documentOf(ana);
  await anaDoc.waitFor();
  // The server seeded it (the title is a level-1 heading); the editor added nothing.
  await anaDoc.locator("h1").first().waitFor();

  const bo = await signedIn("bo@example.com", "member password");
  await bo.goto(`${goldseam.url}/incidents/${ref}/postmortem`);
  const boDoc = documentOf(bo);
  await boDoc.waitFor();
  await presenceOf(ana).getByText("Bo Chen").waitFor();
  await presenceOf(bo).getByText(ADMIN.name).waitFor();

  // What one types, the other sees.
  await anaDoc.click();
  await ana.keyboard.press("Control+End");
  await ana.keyboard.press("Enter");
  await ana.keyboard.type("Checkout failed for twenty minutes.");
  await boDoc.getByText("Checkout failed for twenty minutes.").waitFor();

  // A contributing factor, classified by the other person.
  await boDoc.click();
  await bo.keyboard.press("Control+End");
  await bo.getByRole("button", { name: "Insert contributing factor" }).click();
  await bo.keyboard.type("The pool was too small.");
  await boDoc.getByLabel("Contributing factor").last().selectOption("capacity");
  await anaDoc.getByText("The pool was too small.").waitFor();
  await expect.poll(() => anaDoc.getByLabel("Contributing factor").last().inputValue()).toBe("capacity");

  // An event of the timeline, quoted.
  await ana.getByRole("button", { name: "Insert from timeline…" }).click();
  const dialog = ana.getByRole("dialog", { name: "Insert from the timeline" });
  await dialog.getByLabel("Search the timeline").fill("rolled back");
  await dialog.getByRole("button", { name: /Rolled back the 14:02 deploy/ }).click();
  await boDoc.locator(".timeline-event").getByText("Rolled back the 14:02 deploy").waitFor();

  // A comment on a few words.
  await anaDoc.getByText("Checkout failed for twenty minutes.").click();
  await ana.keyboard.press("End");
  await ana.keyboard.press("Shift+Home");
  await ana.getByRole("button", { name: "Comment on the selection" }).click();
  await ana.getByLabel("Comment on the selected text").fill("Twenty or twenty-five?");
  await ana.getByRole("button", { name: "Comment", exact: true }).click();
  await boDoc.locator("[data-thread-id]").first().waitFor();
  await bo.getByRole("complementary", { name: "Comments" }).getByText("Twenty or twenty-five?").waitFor();

  // The viewer reads along: nothing to change, and the socket stays open.
  const vic = await signedIn("vic@example.com", "viewer password");
  await vic.goto(`${goldseam.url}/incidents/${ref}/postmortem`);
  const vicDoc = documentOf(vic);
  await vicDoc.getByText("The pool was too small.").waitFor();
  expect(await vicDoc.getAttribute("contenteditable")).toBe("false");
  expect(await vic.getByRole("toolbar").count()).toBe(0);
  await anaDoc.getByText("Checkout failed for twenty minutes.").click();
  await ana.keyboard.press("End");
  await ana.keyboard.type(" Then it recovered.");
  await vicDoc.getByText(/Then it recovered\./).waitFor();
  expect(await vic.getByRole("status").first().innerText()).toContain("Live");
  expect(await vic.getByRole("alert").count()).toBe(0);

  for (const page of [ana, bo, vic]) {
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  }
}, 120_000);
