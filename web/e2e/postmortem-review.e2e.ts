// A postmortem's review (issue 13) against the real server: sent to a second person who
// approves it, held back by an open comment (the 409 shown beside Publish), published once the
// comment is resolved, amended and published again as version 2, the two versions compared, the
// print view, and the postmortems list filtered by state; all under the Content-Security-Policy
// and without serious accessibility violations.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, adminApi, cspViolations, goTo, launchBrowser, seriousA11yViolations, startGoldseam, type Goldseam, signIn } from "./harness";

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

// Exact: the review meeting's panel ("Review meeting") sits right below.
const reviewOf = (page: Page) => page.getByRole("region", { name: "Review", exact: true });
const documentOf = (page: Page) => page.getByRole("textbox", { name: "Postmortem document" });

async function clean(page: Page, what: string) {
  expect(await seriousA11yViolations(page), what).toEqual([]);
  expect(await cspViolations(page), what).toEqual([]);
}

test("a postmortem is reviewed, held back by an open comment, published, amended and published again", async () => {
  const admin = await adminApi(goldseam.url);
  await admin("POST", "/api/v1/users", { email: "bo@example.com", name: "Bo Chen", role: "member", password: "member password" });
  const incident = await admin("POST", "/api/v1/incidents", { title: "Checkout is failing", severity: "SEV2" });
  const ref = String(incident.reference);
  const pmPath = `${goldseam.url}/incidents/${ref}/postmortem`;

  // Ana starts it and sends it to Bo for review.
  const ana = await signedIn(ADMIN.email, ADMIN.password);
  await ana.goto(pmPath);
  await ana.getByRole("button", { name: "Start the postmortem" }).click();
  await documentOf(ana).locator("h1").first().waitFor();
  const anaReview = reviewOf(ana);
  await anaReview.getByText("Draft", { exact: true }).waitFor();
  await anaReview.getByRole("button", { name: "Request review…" }).click();
  await anaReview.getByRole("combobox", { name: "Add a reviewer" }).fill("bo");
  await anaReview.getByRole("option", { name: /Bo Chen/ }).click();
  await anaReview.getByRole("button", { name: "Send for review" }).click();
  await anaReview.getByText("Sent for review to Bo Chen.").waitFor();
  await anaReview.getByText("In review", { exact: true }).waitFor();
  expect(await anaReview.getByRole("list", { name: "Reviewers" }).innerText()).toContain("Bo Chen: not reviewed yet");
  // The writer is not a reviewer: nothing to approve.
  expect(await anaReview.getByRole("button", { name: "Approve" }).count()).toBe(0);
  await clean(ana, "in review, as its writer");

  // Bo approves.
  const bo = await signedIn("bo@example.com", "member password");
  await bo.goto(pmPath);
  const boReview = reviewOf(bo);
  await boReview.getByRole("button", { name: "Approve" }).click();
  await boReview.getByText("Approved", { exact: true }).waitFor();
  expect(await boReview.getByRole("list", { name: "Reviewers" }).innerText()).toContain("Bo Chen: approved");
  await clean(bo, "approved, as its reviewer");

  // A comment still open blocks publishing; the refusal names it beside the button.
  await admin("POST", `/api/v1/incidents/${ref}/postmortem/threads`, { quote: "Checkout is failing", body: "Since when exactly?" });
  await ana.reload();
  const publish1 = anaReview.getByRole("button", { name: "Publish version 1" });
  await publish1.click();
  const refusal = anaReview.getByRole("alert");
  await refusal.getByText(/still open.*“Checkout is failing”/).waitFor();
  expect(await publish1.getAttribute("aria-describedby")).toBe(await refusal.getAttribute("id"));
  await clean(ana, "publishing refused");
  await ana.screenshot({ path: join(ARTIFACTS, "postmortem-publish-refused.png"), fullPage: true });

  // Resolved from the comments panel, then published: read-only from then on.
  const comments = ana.getByRole("complementary", { name: "Comments" });
  await comments.getByText("Since when exactly?").waitFor();
  await comments.getByRole("button", { name: "Resolve" }).click();
  await comments.getByText("No open comments.", { exact: false }).waitFor();
  await publish1.click();
  await anaReview.getByText("Read-only: published").waitFor();
  await expect.poll(() => documentOf(ana).getAttribute("contenteditable")).toBe("false");
  expect(await ana.getByRole("toolbar").count()).toBe(0);
  const versions = ana.getByRole("region", { name: "Versions" });
  await versions.getByText("Version 1", { exact: true }).waitFor();
  expect(await versions.getByRole("link", { name: /^Markdown/ }).getAttribute("href")).toBe(`/api/v1/incidents/${ref}/postmortem/versions/1/export.md`);
  const markdown = await (await ana.request.get(`${goldseam.url}/api/v1/incidents/${ref}/postmortem/versions/1/export.md`)).text();
  expect(markdown).toContain("Checkout is failing");
  await clean(ana, "published");

  // The room says where it is.
  await ana.goto(`${goldseam.url}/incidents/${ref}`);
  await ana.getByRole("link", { name: "Postmortem · published" }).click();

  // Amended: editable again, a line added, sent for review, approved and published as version 2.
  await anaReview.getByRole("button", { name: "Amend" }).click();
  await anaReview.getByText("Draft", { exact: true }).waitFor();
  await expect.poll(() => documentOf(ana).getAttribute("contenteditable")).toBe("true");
  await documentOf(ana).click();
  await ana.keyboard.press("Control+End");
  await ana.keyboard.press("Enter");
  await ana.keyboard.type("Amended: the pool is now sized by load.");
  // Seen by Bo, so the server holds it before publishing.
  await bo.reload();
  await documentOf(bo).getByText("Amended: the pool is now sized by load.").waitFor();

  await anaReview.getByRole("button", { name: "Request review…" }).click();
  const picked = anaReview.getByRole("group", { name: "Reviewers" });
  if ((await picked.getByText("Bo Chen").count()) === 0) {
    await anaReview.getByRole("combobox", { name: "Add a reviewer" }).fill("bo");
    await anaReview.getByRole("option", { name: /Bo Chen/ }).click();
  }
  await anaReview.getByRole("button", { name: "Send for review" }).click();
  await anaReview.getByText("In review", { exact: true }).waitFor();
  await bo.reload();
  await boReview.getByRole("button", { name: "Approve" }).click();
  await boReview.getByText("Approved", { exact: true }).waitFor();
  await ana.reload();
  await anaReview.getByRole("button", { name: "Publish version 2" }).click();
  await anaReview.getByText("Read-only: published").waitFor();

  // The two versions compared: the added line marked + and said "added".
  await versions.getByText("Version 2", { exact: true }).waitFor();
  const diff = versions.getByRole("list", { name: "Changes from version 1 to version 2" });
  const added = diff.locator("li", { hasText: "Amended: the pool is now sized by load." });
  await added.waitFor();
  expect(await added.innerText()).toMatch(/^\+/);
  expect(await added.locator(".visually-hidden").textContent()).toBe("added: ");
  await clean(ana, "version 2 and the diff");
  await ana.screenshot({ path: join(ARTIFACTS, "postmortem-versions.png"), fullPage: true });

  // The print view: the document itself, sanitized again, with the page's own chrome.
  await ana.getByRole("link", { name: "Print" }).click();
  const printed = ana.getByRole("article", { name: `Postmortem of ${ref}` });
  await printed.getByText("Amended: the pool is now sized by load.").waitFor();
  expect(await printed.locator("script, [onclick], [style]").count()).toBe(0);
  await ana.emulateMedia({ media: "print" });
  await ana.screenshot({ path: join(ARTIFACTS, "postmortem-print.png"), fullPage: true });
  expect(await ana.getByRole("banner").isVisible()).toBe(false);
  expect(await ana.getByRole("button", { name: "Print" }).isVisible()).toBe(false);
  expect(await printed.isVisible()).toBe(true);
  await ana.emulateMedia({ media: "screen" });
  await clean(ana, "print view");

  // The list, filtered by state in the query string.
  await goTo(ana, "Postmortems");
  await ana.getByRole("heading", { name: "Postmortems", level: 1 }).waitFor();
  const row = ana.getByRole("row", { name: new RegExp(ref) });
  await row.waitFor();
  expect(await row.innerText()).toContain("Checkout is failing");
  await ana.getByLabel("State").selectOption("published");
  await expect.poll(() => new URL(ana.url()).search).toBe("?state=published");
  await row.getByText("Published").waitFor();
  expect(await row.getByRole("cell").nth(4).innerText()).toBe("2");
  await ana.getByLabel("State").selectOption("in_review");
  await ana.getByText("No postmortem is in review.").waitFor();
  await ana.goBack();
  await row.waitFor();
  await clean(ana, "postmortems list");

  await row.getByRole("link", { name: ref }).click();
  await ana.getByRole("heading", { level: 1, name: new RegExp(`Postmortem: ${ref}`) }).waitFor();
}, 180_000);

test("admins edit a type's template and the factor categories, the server's field errors beside their inputs; the list fits a phone", async () => {
  const ana = await signedIn(ADMIN.email, ADMIN.password);
  await ana.goto(`${goldseam.url}/settings/postmortems`);
  await ana.getByRole("heading", { name: "Postmortems", level: 2 }).waitFor();
  const template = ana.getByRole("form", { name: /^Template for .* incidents$/ });
  await template.getByText("Default template").waitFor();
  const keys = template.getByLabel("Key");
  const count = await keys.count();
  expect(count).toBeGreaterThan(2);

  // The second section given the first one's key: refused, and said beside the second key.
  const first = await keys.nth(0).inputValue();
  await keys.nth(1).fill(first);
  await template.getByRole("button", { name: "Save template" }).click();
  await template.getByRole("alert").waitFor();
  expect(await keys.nth(1).getAttribute("aria-invalid")).toBe("true");
  expect(await keys.nth(0).getAttribute("aria-invalid")).toBeNull();
  await template.getByText(/already the key of an earlier section/).waitFor();

  // Fixed, a section added and moved to the top, saved: now customized.
  await keys.nth(1).fill("customer_impact");
  await template.getByRole("button", { name: "Add a section" }).click();
  await keys.nth(count).fill("first_words");
  await template.getByLabel("Heading").nth(count).fill("First words");
  for (let i = count; i > 0; i--) await template.getByRole("button", { name: `Move up: Section ${i + 1}: First words` }).click();
  expect(await keys.nth(0).inputValue()).toBe("first_words");
  await template.getByRole("button", { name: "Save template" }).click();
  await template.getByText("Customized").waitFor();
  expect(await keys.nth(0).inputValue()).toBe("first_words");
  await clean(ana, "template settings");
  await ana.screenshot({ path: join(ARTIFACTS, "postmortem-template-settings.png"), fullPage: true });

  // The taxonomy: a name left empty is refused beside it.
  const factors = ana.getByRole("form", { name: "Contributing-factor categories" });
  await factors.getByRole("button", { name: "Add a category" }).click();
  const last = (await factors.getByLabel("Key").count()) - 1;
  await factors.getByLabel("Key").nth(last).fill("vendor");
  await factors.getByRole("button", { name: "Save categories" }).click();
  await factors.getByRole("alert").waitFor();
  expect(await factors.getByLabel("Name").nth(last).getAttribute("aria-invalid")).toBe("true");
  await factors.getByLabel("Name").nth(last).fill("Vendor");
  await factors.getByRole("button", { name: "Save categories" }).click();
  await factors.getByRole("status").getByText("The categories are saved; editors offer them now.").waitFor();
  await clean(ana, "factor settings");

  // The list on a 390 px phone: no sideways scrolling, the filter within reach.
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true })).newPage();
  await phone.goto(goldseam.url);
  await phone.getByLabel("Email").fill(ADMIN.email);
  await phone.getByLabel("Password").fill(ADMIN.password);
  await phone.getByRole("button", { name: "Sign in" }).click();
  await phone.getByRole("banner").waitFor();
  await goTo(phone, "Postmortems");
  await phone.getByRole("table").waitFor();
  await phone.getByLabel("State").selectOption("published");
  await phone.getByRole("cell", { name: "Published" }).first().waitFor();
  const [scroll, client] = await phone.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll).toBeLessThanOrEqual(client);
  expect(await seriousA11yViolations(phone)).toEqual([]);
  await phone.screenshot({ path: join(ARTIFACTS, "postmortems-phone.png"), fullPage: true });
}, 120_000);
