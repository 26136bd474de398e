// Wire compatibility of the postmortem's sync socket (issue 13): a stock Yjs client (the yjs and
// y-websocket packages in Node, not Goldseam's web app) and a Chromium page write into the same
// document at once; both end with each other's words, and so does the server's Markdown export.
// A viewer's stock client that tries to write is closed with the reason, and not a byte changes.
import { afterAll, beforeAll, expect, test } from "vitest";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { ADMIN, adminApi, launchBrowser, startGoldseam, type Goldseam } from "./harness";

const run = promisify(execFile);
const PEER = fileURLToPath(new URL("./peers/yjs-peer.mjs", import.meta.url));

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

/** An API token for someone, made by signing in as them. */
async function tokenOf(email: string, password: string): Promise<string> {
  const login = await fetch(`${goldseam.url}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
  const { csrf_token } = (await login.json()) as { csrf_token: string };
  const made = await fetch(`${goldseam.url}/api/v1/me/tokens`, {
    method: "POST",
    headers: { cookie, "x-csrf-token": csrf_token, "content-type": "application/json" },
    body: JSON.stringify({ name: "yjs peer" }),
  });
  return ((await made.json()) as { token: string }).token;
}

async function peer(reference: string, token: string, words: string, expectText: string): Promise<{ xml: string; closed: { code: number; reason: string } | null }> {
  const { stdout } = await run(process.execPath, ["--experimental-websocket", "--no-warnings", PEER, goldseam.url, reference, token, words, expectText], { cwd: fileURLToPath(new URL("..", import.meta.url)), timeout: 30_000 });
  return JSON.parse(stdout.trim().split("\n").pop() ?? "{}");
}

async function exported(reference: string, token: string): Promise<string> {
  const res = await fetch(`${goldseam.url}/api/v1/incidents/${reference}/postmortem/export.md?zone=UTC`, { headers: { authorization: `Bearer ${token}` } });
  return res.text();
}

test("a stock y-websocket client and the web editor converge through the server", async () => {
  const admin = await adminApi(goldseam.url);
  await admin("POST", "/api/v1/users", { email: "vic@example.com", name: "Vic", role: "viewer", password: "viewer password" });
  const incident = await admin("POST", "/api/v1/incidents", { title: "Queue backlog", severity: "SEV2" });
  const ref = String(incident.reference);
  await admin("POST", `/api/v1/incidents/${ref}/postmortem`, {});
  const anaToken = await tokenOf(ADMIN.email, ADMIN.password);
  const vicToken = await tokenOf("vic@example.com", "viewer password");
  const before = await exported(ref, anaToken);

  // The viewer's stock client is refused with a reason; the document is untouched.
  const refused = await peer(ref, vicToken, "viewer scribble", "");
  expect(refused.closed?.code).toBe(1008);
  expect(refused.closed?.reason).toMatch(/read-only/);
  expect(await exported(ref, anaToken)).toBe(before);

  // The browser and the stock client write at the same time.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(goldseam.url);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("banner").waitFor();
  await page.goto(`${goldseam.url}/incidents/${ref}/postmortem`);
  const editor = page.getByRole("textbox", { name: "Postmortem document" });
  await editor.locator("h1").first().waitFor();
  const node = peer(ref, anaToken, "Written by a Node client.", "Typed in Chromium.");
  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("Typed in Chromium.");
  const fromNode = await node;
  expect(fromNode.closed).toBeNull();
  expect(fromNode.xml).toContain("Typed in Chromium.");
  await editor.getByText("Written by a Node client.").waitFor();
  // Both stored: the export has each one's words.
  await expect.poll(async () => {
    const md = await exported(ref, anaToken);
    return md.includes("Typed in Chromium.") && md.includes("Written by a Node client.");
  }).toBe(true);
  const markdown = await exported(ref, anaToken);
  // Character for character: the page shows the paragraphs the server exports.
  const shown = (await editor.locator("p").allInnerTexts()).filter((t) => t.includes("Chromium") || t.includes("Node client"));
  for (const line of shown) expect(markdown).toContain(line);
  await context.close();
}, 120_000);
