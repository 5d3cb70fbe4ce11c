// Headless Chromium (Debian's package) driven by playwright-core, and the demo app served
// by Vite on an ephemeral port. Nothing is downloaded.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { createServer, type InlineConfig, type ViteDevServer } from "vite";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Serves a page with Vite on an ephemeral port: the demo app by default, or the page `config` names. */
export async function serveApp(config: InlineConfig = { configFile: "web/vite.config.ts" }): Promise<{ url: string; close: () => Promise<void> }> {
  const server: ViteDevServer = await createServer({ ...config, server: { host: "127.0.0.1", port: 0, strictPort: false }, logLevel: "error" });
  await server.listen();
  const address = server.httpServer?.address();
  const port = typeof address === "object" && address ? address.port : 5173;
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}
