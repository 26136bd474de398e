import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

// Feature folders (src/<feature>/) keep their internals to themselves. A feature may import from
// its own folder, from src/components (shared UI), from src/api (the client, the data layer and
// the hooks several features read) and from the top-level shared modules (src/*.ts[x]), but never
// from another feature's folder: what two features need moves to src/components or src/api.
// Only the shell (App, Shell) composes features; other top-level modules import none of them.
const FEATURES = ["lists", "room", "oncall", "teams", "settings", "postmortem", "followups", "reviews", "alerts"];
// Case-sensitive: feature folders are lowercase, so src/api/followUps.ts is not the followups feature.
const featureImport = (features) => ({
  caseSensitive: true,
  regex: `^(\\.\\./)+(${features.join("|")})(/|$)`,
  message: "Features do not import each other's internals: move what is shared to src/components or src/api (see the comment in eslint.config.js).",
});
const sharedImport = {
  caseSensitive: true,
  regex: `^(\\.\\./)+(${FEATURES.join("|")})(/|$)|^\\./(${FEATURES.join("|")})(/|$)`,
  message: "Shared modules (src/components, src/api, src/*.ts) do not import features; only App and Shell compose them.",
};

export default tseslint.config(
  { ignores: ["dist", "src/api/schema.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  ...FEATURES.map((feature) => ({
    files: [`src/${feature}/**/*.{ts,tsx}`],
    rules: { "no-restricted-imports": ["error", { patterns: [featureImport(FEATURES.filter((f) => f !== feature))] }] },
  })),
  {
    files: ["src/components/**/*.{ts,tsx}", "src/api/**/*.{ts,tsx}", "src/*.{ts,tsx}"],
    ignores: ["src/App.tsx", "src/Shell.tsx"],
    rules: { "no-restricted-imports": ["error", { patterns: [sharedImport] }] },
  },
  // Build and measurement scripts run in Node.
  { files: ["scripts/**/*.mjs"], languageOptions: { globals: { process: "readonly", console: "readonly" } } },
  // Reference peers the browser tests run as Node processes (a stock Yjs client).
  { files: ["e2e/peers/**/*.mjs"], languageOptions: { globals: { process: "readonly", console: "readonly", WebSocket: "readonly", setTimeout: "readonly" } } },
);
