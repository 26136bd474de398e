// @vitest-environment node
// The import rule of eslint.config.js, exercised: features keep their internals to themselves.
import { describe, expect, it } from "vitest";
import { ESLint } from "eslint";
import { fileURLToPath } from "node:url";

const eslint = new ESLint({ cwd: fileURLToPath(new URL("..", import.meta.url)) });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("the import rule", () => {
  it("refuses a feature importing another feature's internals", async () => {
    expect(await restricted("src/teams/Example.ts", 'import { x } from "../oncall/api/schedules";\nexport const y = x;\n')).toHaveLength(1);
    expect(await restricted("src/teams/api/example.ts", 'import { x } from "../../settings/forms";\nexport const y = x;\n')).toHaveLength(1);
    expect(await restricted("src/room/Example.ts", 'import "../oncall/oncall.css";\n')).toHaveLength(1);
    expect(await restricted("src/room/Example.ts", 'import { x } from "../alerts/api/alerts";\nexport const y = x;\n')).toHaveLength(1);
    expect(await restricted("src/alerts/Example.ts", 'import { x } from "../room/api/timeline";\nexport const y = x;\n')).toHaveLength(1);
  });

  it("lets a feature use its own folder, src/components, src/api and top-level modules", async () => {
    const code = 'import { a } from "./parts";\nimport { b } from "../components/Field";\nimport { c } from "../api/lists";\nimport { d } from "../route";\nexport const e = [a, b, c, d];\n';
    expect(await restricted("src/teams/Example.ts", code)).toEqual([]);
  });

  it("keeps shared modules from importing features", async () => {
    expect(await restricted("src/components/Example.ts", 'import { x } from "../room/pages";\nexport const y = x;\n')).toHaveLength(1);
    expect(await restricted("src/Declare.tsx", 'import { x } from "./lists/filters";\nexport const y = x;\n')).toHaveLength(1);
    expect(await restricted("src/Shell.tsx", 'import { x } from "./lists/Dashboard";\nexport const y = x;\n')).toEqual([]);
    // A shared module whose name differs from a feature folder only in case is not that feature.
    expect(await restricted("src/api/live.ts", 'import { x } from "./followUps";\nexport const y = x;\n')).toEqual([]);
    expect(await restricted("src/api/live.ts", 'import { x } from "../followups/filter";\nexport const y = x;\n')).toHaveLength(1);
  });
});
