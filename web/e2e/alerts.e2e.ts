// Alerts in (issue 16) against the real server: an admin creates an Alertmanager integration in
// the web app and finds the receiver block to paste; Alertmanager's webhook (two alerts, one
// summary) opens one incident; the Alerts page shows one group with two alerts and why, live;
// the room shows its Alerts panel and the timeline says what the alerts did.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { join } from "node:path";
import { ADMIN, ARTIFACTS, adminApi, launchBrowser, seriousA11yViolations, signIn, startGoldseam, type Goldseam } from "./harness";

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

/** An Alertmanager v4 notification: one group, two alerts with the same summary. */
function notification(status: "firing" | "resolved") {
  const alert = (instance: string, fingerprint: string) => ({
    status,
    labels: { alertname: "DiskFull", instance, severity: "critical" },
    annotations: { summary: "Disk almost full" },
    startsAt: "2026-12-04T08:00:00Z",
    endsAt: status === "firing" ? "0001-01-01T00:00:00Z" : "2026-12-04T09:00:00Z",
    generatorURL: "http://prometheus.test/graph",
    fingerprint,
  });
  return {
    version: "4",
    groupKey: '{}:{alertname="DiskFull"}',
    truncatedAlerts: 0,
    status,
    receiver: "goldseam",
    groupLabels: { alertname: "DiskFull" },
    commonLabels: { alertname: "DiskFull" },
    commonAnnotations: { summary: "Disk almost full" },
    externalURL: "http://alertmanager.test",
    alerts: [alert("db-1", "a1b2c3d4e5f60001"), alert("db-2", "a1b2c3d4e5f60002")],
  };
}

test("an Alertmanager integration made in the app turns two alerts into one incident, shown with why", async () => {
  const page = await signIn(browser, goldseam.url, ADMIN.email, ADMIN.password);
  await page.goto(`${goldseam.url}/integrations`);
  await page.getByRole("button", { name: "New integration" }).click();
  await page.getByLabel("Sender").selectOption({ label: "Prometheus Alertmanager" });
  await page.getByLabel("Name").fill("Prometheus prod");
  await page.getByRole("button", { name: "Create integration" }).click();
  const ready = page.getByRole("region", { name: "“Prometheus prod” is ready" });
  await ready.waitFor();
  // The receiver block to paste names the address with the key.
  const snippet = await ready.locator("pre").first().textContent();
  expect(snippet).toContain("webhook_configs:");
  const admin = await adminApi(goldseam.url);
  const list = (await admin("GET", "/api/v1/integrations")) as unknown as { key: string; snippet: { url: string } }[];
  expect(snippet).toContain(list[0].snippet.url);
  expect(list[0].snippet.url).toContain(`/integrations/alertmanager/${list[0].key}`);

  // Alertmanager sends (as its webhook receiver would): stored, answered 202.
  const sent = await fetch(list[0].snippet.url, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "Alertmanager/0.25.0" },
    body: JSON.stringify(notification("firing")),
  });
  expect(sent.status).toBe(202);

  // The Alerts page shows one group, live, with its incident.
  await page.goto(`${goldseam.url}/alerts`);
  const group = page.getByRole("button", { name: "Disk almost full" }).first();
  await group.waitFor({ timeout: 15_000 });
  const incident = page.getByRole("link", { name: /^INC-\d+$/ }).first();
  await incident.waitFor({ timeout: 15_000 });
  await group.click();
  // Two alerts, one summary: kept apart by fingerprint, each saying why.
  await page.getByText("a1b2c3d4e5f60001").waitFor();
  await page.getByText("a1b2c3d4e5f60002").waitFor();
  await expect(page.getByText(/opened group \d+/).first().isVisible()).resolves.toBe(true);
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, "alerts-page.png"), fullPage: true });

  // The room: the Alerts panel, and the timeline in words.
  await incident.click();
  await page.getByRole("region", { name: /Alerts/ }).waitFor({ timeout: 15_000 });
  await page.getByText(/A critical alert from Prometheus prod opened the incident: .Disk almost full/).waitFor({ timeout: 15_000 });
  await page.getByText(/Another alert from Prometheus prod joined: .Disk almost full. \(2 alerts in its group\)/).waitFor();

  // Resolved by Alertmanager: the incident resolves with its group.
  const resolved = await fetch(list[0].snippet.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(notification("resolved")) });
  expect(resolved.status).toBe(202);
  await page.getByText(/Prometheus prod resolved the alert .Disk almost full/).waitFor({ timeout: 15_000 });
  await page.getByText("Resolved", { exact: true }).first().waitFor({ timeout: 15_000 });
  await page.context().close();
}, 90_000);
