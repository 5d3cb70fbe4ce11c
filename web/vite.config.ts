// The demo app, served from web/ with @syncgate/client taken from source.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  resolve: { alias: { "@syncgate/client": fileURLToPath(new URL("../client/src/index.ts", import.meta.url)) } },
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  build: { outDir: "dist", target: "es2022", emptyOutDir: true },
});
