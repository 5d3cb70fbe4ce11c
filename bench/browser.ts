// Drives bench/browser/warm-start.ts in headless Chromium (Debian's package, through
// playwright-core): each side fills the persistent cache of a fresh browser context, then
// the page loads again on it and times the warm start. Vite serves the page with the SDK
// taken from source; nothing is downloaded.
import { fileURLToPath } from "node:url";
import { call, signInProofToken } from "../test/harness/accounts.js";
import { Fleet } from "../test/harness/devices.js";
import { AUTH, FIRESTORE, FUNCTIONS, FUNCTIONS_PROJECT_ID } from "../test/harness/emulators.js";
import { launchBrowser, serveApp } from "../test/e2e/browser.js";
import type { WarmStartPage, WarmStartResult } from "./browser/warm-start.js";

export type WarmStart = { viewMs: number; inSyncMs: number; loaded: number };
type Account = { uid: string; email: string; password: string };

const HOUR = 3_600_000;

export async function browserWarmStarts(u: Account, total: number): Promise<{ syncgate: WarmStart; raw: WarmStart }> {
  const { url, close } = await serveApp({
    root: fileURLToPath(new URL("./browser", import.meta.url)),
    configFile: false,
    resolve: { alias: { "@syncgate/client": fileURLToPath(new URL("../client/src/index.ts", import.meta.url)) } },
  });
  const browser = await launchBrowser();
  const emulators = { auth: `${AUTH.host}:${AUTH.port}`, firestore: `${FIRESTORE.host}:${FIRESTORE.port}`, functions: `${FUNCTIONS.host}:${FUNCTIONS.port}` };
  /** One side in its own browser context (its own IndexedDB): each phase is a page load. */
  const side = async (name: WarmStartPage["side"], phases: WarmStartPage["phase"][], token?: string) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (process.env.BENCH_DEBUG) {
      page.on("console", (m) => console.log(`bench page (${name}): ${m.text()}`));
      page.on("requestfailed", (r) => console.log(`bench page (${name}): failed ${r.method()} ${r.url().slice(0, 200)} ${r.failure()?.errorText}`));
      page.on("response", (r) => r.status() >= 400 && console.log(`bench page (${name}): ${r.status()} ${r.request().method()} ${r.url().slice(0, 200)}`));
    }
    page.on("pageerror", (e) => console.error(`bench page (${name}): ${e.message}`));
    const results: WarmStartResult[] = [];
    try {
      for (const phase of phases) {
        const params: WarmStartPage = { side: name, phase, projectId: FUNCTIONS_PROJECT_ID, uid: u.uid, total, email: u.email, password: u.password, emulators, ...(token ? { token } : {}) };
        // a new query string makes each phase a page load of its own, on the same origin's storage
        await page.goto(`${url}?${phase}#${encodeURIComponent(JSON.stringify(params))}`);
        await page.waitForFunction(() => "benchResult" in window, undefined, { timeout: HOUR, polling: 50 });
        const result = await page.evaluate(() => (window as unknown as { benchResult: WarmStartResult }).benchResult);
        if ("error" in result) throw new Error(`${name} ${phase}: ${result.error}`);
        results.push(result);
      }
    } finally {
      await context.close();
    }
    return results.find((r): r is WarmStart => "viewMs" in r)!;
  };
  try {
    const syncgate = await side("syncgate", ["fill", "warm", "sign-out"]);
    // the raw app's session, claimed for it as the harness's raw devices do
    const fleet = new Fleet();
    const caller = fleet.caller(FUNCTIONS_PROJECT_ID);
    await caller.signInWithToken(await signInProofToken(u.uid));
    const { token } = await call<{ token: string }>(caller, "claimSession", { deviceId: "bench-browser-raw", deviceName: "bench-browser-raw" });
    await fleet.closeAll();
    const raw = await side("raw", ["fill", "warm"], token);
    return { syncgate, raw };
  } finally {
    await browser.close();
    await close();
  }
}
