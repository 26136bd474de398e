import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// `npm run dev` serves the app on :5173 and forwards the API (and its sockets) to a local
// `goldseam serve`.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    assetsDir: "assets",
    sourcemap: false,
    // The postmortem editor's libraries in lazy chunks each under Vite's 500 kB warning: Yjs and
    // its sync protocol, ProseMirror, then TipTap with the editor itself.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "yjs", test: /node_modules[\\/](yjs|lib0|y-websocket|y-protocols)[\\/]/ },
            { name: "prosemirror", test: /node_modules[\\/](prosemirror-[a-z-]+|orderedmap|rope-sequence|w3c-keyname)[\\/]/ },
          ],
        },
      },
    },
  },
  // ws: the postmortem's live document is a WebSocket under /api too. The Host header is passed
  // through, so the server's same-origin check sees the page's own origin.
  server: { proxy: { "/api": { target: "http://127.0.0.1:8080", ws: true } } },
  test: { environment: "jsdom" },
});
