import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// `npm run dev` serves the app on :5173 and forwards the API to a local `goldseam serve`.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", assetsDir: "assets", sourcemap: false },
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
  test: { environment: "jsdom" },
});
