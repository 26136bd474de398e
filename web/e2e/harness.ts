// End-to-end harness: a real `goldseam serve` on a free loopback port over a fresh SQLite
// directory, and Debian's chromium driven by playwright-core (Playwright cannot download its
// own browsers here).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";

export const ADMIN = { email: "ana@example.com", password: "correct horse battery", name: "Admin" };
export const ARTIFACTS = join(import.meta.dirname, "..", "..", "artifacts", "e2e");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface Goldseam {
  url: string;
  stop: () => Promise<void>;
  /** Stops the server (cutting every stream) and starts it again on the same port and data. */
  restart: () => Promise<void>;
}

/** Starts `goldseam serve` (GOLDSEAM_BIN) and waits until /readyz answers; `env` adds
 * settings (such as an SMTP server for the delivery engine). */
export async function startGoldseam({ env = {} }: { env?: Record<string, string> } = {}): Promise<Goldseam> {
  const bin = process.env.GOLDSEAM_BIN;
  if (!bin) throw new Error("set GOLDSEAM_BIN to a built goldseam binary (make test does)");
  const dir = mkdtempSync(join(tmpdir(), "goldseam-e2e-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const launch = async (): Promise<ChildProcess> => {
    const child = spawn(bin, ["serve"], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        GOLDSEAM_LISTEN: `127.0.0.1:${port}`,
        GOLDSEAM_DATA_DIR: join(dir, "data"),
        GOLDSEAM_ADMIN_EMAIL: ADMIN.email,
        GOLDSEAM_ADMIN_PASSWORD: ADMIN.password,
        GOLDSEAM_LOG: "warn",
        ...env,
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        if ((await fetch(`${url}/readyz`)).ok) return child;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error("goldseam serve did not become ready");
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const halt = async (child: ChildProcess) => {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  };
  let child = await launch();
  return {
    url,
    stop: async () => {
      await halt(child);
      rmSync(dir, { recursive: true, force: true });
    },
    restart: async () => {
      await halt(child);
      child = await launch();
    },
  };
}

/** Debian's chromium, headless, with a fresh profile. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** Calls the API as the admin (session cookie and CSRF header), to set up what a test needs. */
export async function adminApi(url: string): Promise<(method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>> {
  return apiAs(url, ADMIN.email, ADMIN.password);
}

/** Calls the API as someone (session cookie and CSRF header): what only they may do, such as
 * setting their own time zone. */
export async function apiAs(url: string, email: string, password: string): Promise<(method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`login as ${email} failed: ${login.status}`);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
  const { csrf_token } = (await login.json()) as { csrf_token: string };
  return async (method, path, body) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { cookie, "x-csrf-token": csrf_token, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
}

/** Serious or critical accessibility violations on the page, as "rule: target" lines (axe-core). */
export async function seriousA11yViolations(page: import("playwright-core").Page): Promise<string[]> {
  const { readFileSync } = await import("node:fs");
  const { createRequire } = await import("node:module");
  const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
  // Evaluated through the DevTools protocol: an inline <script> tag would be refused by the
  // app's Content-Security-Policy, as it should be.
  await page.evaluate(readFileSync(axePath, "utf8"));
  // A transition still running (a hover-revealed button fading in because the layout moved under
  // the pointer) would be judged at a half-way colour; wait for the finite ones to settle first.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime)))
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } };
    return (await w.axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`));
}

/** Records every Content-Security-Policy violation on the context's pages, readable with
 * `cspViolations(page)`; added before any page loads so none is missed. */
export async function watchCsp(context: import("playwright-core").BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
}

/** The CSP violations recorded on the page so far (see `watchCsp`). */
export async function cspViolations(page: import("playwright-core").Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
}

/** A new browser context (its own cookies) signed in as `email`, on the dashboard. */
export async function signIn(browser: Browser, url: string, email: string, password: string, viewport?: { width: number; height: number }): Promise<import("playwright-core").Page> {
  const context = await browser.newContext(viewport ? { viewport } : {});
  // Every signed-in page records CSP violations, for tests that check `cspViolations`.
  await watchCsp(context);
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // The header (banner) is the signed-in app's; Sign out itself is folded into the Menu on phones.
  await page.getByRole("banner").waitFor();
  return page;
}

/** Opens one of the app's main pages (Dashboard, Incidents, On-call, Teams, Settings) as a person
 * would: with the header's link, opening the Menu first where the screen is narrow enough to fold
 * the links into it. */
export async function goTo(page: import("playwright-core").Page, name: string): Promise<void> {
  const menu = page.getByRole("banner").getByRole("button", { name: "Menu", exact: true });
  if ((await menu.isVisible()) && (await menu.getAttribute("aria-expanded")) !== "true") await menu.click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true }).click();
}

export interface Smtp {
  /** `smtp://127.0.0.1:PORT`, for GOLDSEAM_SMTP_URL. */
  url: string;
  /** Every message received so far, raw (headers and body), soft line breaks undone. */
  messages: () => string[];
  stop: () => void;
}

/** The decoded parts of a raw MIME message (base64 and quoted-printable undone), joined: what a
 * mail client shows, for finding links and words in messages whose encoding the sender chose. */
export function decodedParts(raw: string): string {
  const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
  return parts
    .map((part) => {
      const split = part.search(/\r?\n\r?\n/);
      if (split < 0) return part;
      const headers = part.slice(0, split);
      const body = part.slice(split).trim();
      if (/content-transfer-encoding:\s*base64/i.test(headers)) return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
      if (/content-transfer-encoding:\s*quoted-printable/i.test(headers)) {
        const bytes = body.replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`);
        try {
          return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, "%25"));
        } catch {
          return body;
        }
      }
      return part;
    })
    .join("\n");
}

/** A real SMTP server (aiosmtpd from PyPI; .ci/run installs it) keeping what it receives in a
 * maildir, so tests read the emails Goldseam sends as a person would. */
export async function startSmtp(): Promise<Smtp> {
  const { readdirSync, readFileSync } = await import("node:fs");
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "goldseam-smtp-"));
  const child = spawn("python3", ["-m", "aiosmtpd", "-n", "-l", `127.0.0.1:${port}`, "-c", "aiosmtpd.handlers.Mailbox", join(dir, "mail")], { stdio: "ignore" });
  const deadline = Date.now() + 15_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: "127.0.0.1", port }, () => (socket.end(), resolve(true)));
      socket.on("error", () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline) throw new Error("aiosmtpd did not start (pip install aiosmtpd)");
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages: () =>
      ["new", "cur"].flatMap((sub) => {
        try {
          return readdirSync(join(dir, "mail", sub)).map((f) => readFileSync(join(dir, "mail", sub, f), "utf8").replace(/=\r?\n/g, ""));
        } catch {
          return [];
        }
      }),
    stop: () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
