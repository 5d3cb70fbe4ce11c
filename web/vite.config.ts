// The web app, served from web/ with @syncgate/client (and its React binding) taken from source.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const source = (path: string) => fileURLToPath(new URL(`../client/src/${path}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  resolve: {
    alias: [
      { find: /^@syncgate\/client\/react$/, replacement: source("react/index.ts") },
      { find: /^@syncgate\/client$/, replacement: source("index.ts") },
    ],
  },
  oxc: { jsx: { runtime: "automatic" } },
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  build: { outDir: "dist", target: "es2022", emptyOutDir: true },
});
