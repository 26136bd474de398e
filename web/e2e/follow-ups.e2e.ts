import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { adminApi, apiAs, goTo, launchBrowser, seriousA11yViolations, signIn, startGoldseam, type Goldseam } from "./harness";

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

const OLGA = { email: "olga@example.com", password: "owner password", name: "Olga Owner" };
// 25 hours apart: whatever the hour, today in Pago Pago is a day before today in Kiritimati.
const BEHIND = "Pacific/Pago_Pago"; // UTC−11, no summer time
const AHEAD = "Pacific/Kiritimati"; // UTC+14, no summer time

/** Today in `timeZone`, as the API writes a civil date. */
const todayIn = (timeZone: string) => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());

test("the owner of an overdue follow-up finds it under Mine and Overdue, marks it done, and it leaves the overdue list", async () => {
  const admin = await adminApi(goldseam.url);
  const olga = (await admin("POST", "/api/v1/users", { email: OLGA.email, name: OLGA.name, role: "member", password: OLGA.password })).id as number;
  const incident = await admin("POST", "/api/v1/incidents", { title: "Checkout down", severity: "SEV2" });
  const reference = incident.reference as string;

  // A due date in the past is refused, so the follow-up becomes overdue by its owner moving
  // across the date line: due today where she is (UTC−11), then she moves to UTC+14, where that
  // day is already over. `overdue` is judged in the owner's zone (the contract); the due date's
  // "not before today" check is assumed to be judged there too.
  const asOlga = await apiAs(goldseam.url, OLGA.email, OLGA.password);
  await asOlga("PATCH", "/api/v1/me/profile", { time_zone: BEHIND });
  const followUp = await admin("POST", `/api/v1/incidents/${reference}/follow-ups`, {
    title: "Alert on queue depth",
    owner_id: olga,
    due_on: todayIn(BEHIND),
    priority: "high",
    status: "committed",
  });
  await asOlga("PATCH", "/api/v1/me/profile", { time_zone: AHEAD });
  expect((await admin("GET", `/api/v1/follow-ups/${followUp.id}`)).overdue, "overdue once its owner's today is past the due date").toBe(true);

  const page = await signIn(browser, goldseam.url, OLGA.email, OLGA.password);
  await goTo(page, "Follow-ups");
  await page.getByRole("heading", { name: "Follow-ups", level: 1 }).waitFor();

  // Mine (the default view): hers, said overdue in words, linking to the room.
  const views = page.getByRole("navigation", { name: "Whose follow-ups" });
  expect(await views.getByRole("link", { name: "Mine" }).getAttribute("aria-current")).toBe("page");
  const mine = page.getByRole("row", { name: /Alert on queue depth/ });
  await mine.waitFor();
  expect(await mine.getByText("Overdue", { exact: true }).count()).toBe(1);
  expect(await mine.getByRole("link", { name: reference }).getAttribute("href")).toBe(`/incidents/${reference}`);
  expect(await mine.getByText("Committed").count()).toBe(1);

  // Overdue: there too, its own address (so a reload keeps it).
  await views.getByRole("link", { name: "Overdue" }).click();
  await page.waitForURL(/\/follow-ups\?view=overdue$/);
  await page.reload();
  const overdue = page.getByRole("row", { name: /Alert on queue depth/ });
  await overdue.waitFor();
  expect(await seriousA11yViolations(page)).toEqual([]);

  // Done: it leaves the overdue list, and the empty list says why nothing is there.
  await overdue.getByRole("button", { name: "Mark “Alert on queue depth” done" }).click();
  await page.getByText(/^Nothing is overdue\./).waitFor();
  expect(await page.getByRole("row", { name: /Alert on queue depth/ }).count()).toBe(0);
  expect((await admin("GET", `/api/v1/follow-ups/${followUp.id}`)).status).toBe("done");

  // Under All, with any status, it shows as done and no longer overdue.
  await page.getByLabel("Status", { exact: true }).selectOption("all");
  await views.getByRole("link", { name: "All" }).click();
  const done = page.getByRole("row", { name: /Alert on queue depth/ });
  await done.waitFor();
  expect(await done.getByText("Done", { exact: true }).count()).toBe(1);
  expect(await done.getByText("Overdue", { exact: true }).count()).toBe(0);
  expect(await seriousA11yViolations(page)).toEqual([]);
});
