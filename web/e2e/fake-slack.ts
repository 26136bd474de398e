// The fake Slack workspace (`goldseam-fakes slack`, crates/fakes/src/slack) as a browser test
// drives it: people act through its console (stdin), and the workspace is read as a person
// would, in its web view (`/_fake/view`).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";

export interface FakeSlack {
  /** `http://127.0.0.1:PORT`: GOLDSEAM_SLACK_BASE_URL, and the web view under `/_fake/view`. */
  url: string;
  botToken: string;
  appToken: string;
  /** A console line (`say alice incidents hello`, `pin …`); resolves with the first line the
   * console prints that matches `answer`, and throws on a refusal. */
  console: (line: string, answer?: RegExp) => Promise<string>;
  /** `user` writes `text` in `channel`; its `ts`. */
  say: (user: string, channel: string, text: string) => Promise<string>;
  /** A channel's id by name (`incidents`). */
  channelId: (name: string) => Promise<string>;
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** The fakes binary: GOLDSEAM_FAKES_BIN, or `goldseam-fakes` next to GOLDSEAM_BIN (both come
 * from the same target directory). */
export function fakesBin(): string {
  const bin = process.env.GOLDSEAM_FAKES_BIN ?? (process.env.GOLDSEAM_BIN ? join(dirname(process.env.GOLDSEAM_BIN), "goldseam-fakes") : "");
  if (!bin || !existsSync(bin)) throw new Error(`no goldseam-fakes binary at ${JSON.stringify(bin)}: run cargo build -p goldseam-fakes, or set GOLDSEAM_FAKES_BIN`);
  return bin;
}

/** Starts `goldseam-fakes slack` on a free loopback port, seeded with alice, bob and #incidents. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const port = await freePort();
  const child: ChildProcess = spawn(fakesBin(), ["slack", "--listen", `127.0.0.1:${port}`], { stdio: ["pipe", "pipe", "inherit"] });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    lines.push(line);
    waiters.splice(0).forEach((w) => w());
  });
  /** The first line from `from` on that matches, within 20 s. */
  const lineMatching = async (from: number, want: RegExp, what: string): Promise<{ line: string; at: number }> => {
    const deadline = Date.now() + 20_000;
    for (let i = from; ; ) {
      for (; i < lines.length; i++) {
        if (/^(refused|error):/.test(lines[i])) throw new Error(`fake Slack: ${what}: ${lines[i]}`);
        if (want.test(lines[i])) return { line: lines[i], at: i };
      }
      if (Date.now() > deadline) throw new Error(`fake Slack: ${what}: no answer matching ${want} in ${JSON.stringify(lines.slice(from))}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 200);
      });
    }
  };
  const banner = (await lineMatching(0, /^seeded:/, "start")).at;
  const value = (label: string) => lines.slice(0, banner).find((l) => l.startsWith(label))?.split(/\s+/)[2] ?? "";
  let queue = Promise.resolve();
  // One console line at a time, so each answer is the one to its own line.
  const consoleLine = (line: string, answer?: RegExp): Promise<string> => {
    const run = queue.then(async () => {
      const from = lines.length;
      child.stdin!.write(`${line}\n`);
      if (!answer) return "";
      return (await lineMatching(from, answer, line)).line;
    });
    queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    botToken: value("bot token"),
    appToken: value("app token"),
    console: consoleLine,
    say: async (user, channel, text) => (await consoleLine(`say ${user} ${channel} ${text}`, /^ts /)).slice(3),
    channelId: async (name) => (await consoleLine("channels", new RegExp(` #${name} `))).split(" ")[0],
    stop: async () => {
      child.stdin!.end();
      child.kill("SIGTERM");
      if (child.exitCode === null) await new Promise((r) => child.once("exit", r));
    },
  };
}
