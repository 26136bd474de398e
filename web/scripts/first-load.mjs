// Measures the dashboard's first load: the JavaScript index.html makes the browser fetch before
// the app can show anything (the entry module and the chunks it preloads), compressed as the
// server sends it. Lazy chunks (the incident room, settings) are listed apart: they load later.
// Usage: node scripts/first-load.mjs [dist]   (run `npm run build` first)
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";

const dist = process.argv[2] ?? "dist";
const html = readFileSync(join(dist, "index.html"), "utf8");
const first = [...html.matchAll(/<script[^>]+src="\/?([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="\/?([^"]+\.js)"/g)].map((m) => m[1] ?? m[2]);
const size = (file) => {
  const bytes = readFileSync(join(dist, file));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 6 }).length, br: brotliCompressSync(bytes).length };
};
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
let total = { raw: 0, gzip: 0, br: 0 };
for (const file of first) {
  const s = size(file);
  total = { raw: total.raw + s.raw, gzip: total.gzip + s.gzip, br: total.br + s.br };
  console.log(`first load  ${file}: ${kb(s.raw)} raw, ${kb(s.gzip)} gzip, ${kb(s.br)} brotli`);
}
for (const file of readdirSync(join(dist, "assets")).filter((f) => f.endsWith(".js") && !first.includes(`assets/${f}`))) {
  const s = size(join("assets", file));
  console.log(`lazy        assets/${file}: ${kb(s.raw)} raw, ${kb(s.gzip)} gzip`);
}
console.log(`dashboard first load: ${kb(total.gzip)} of gzip-compressed JavaScript (${kb(total.br)} brotli, ${kb(total.raw)} raw); budget 300 KB`);
