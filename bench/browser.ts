// Drives bench/browser/warm-start.ts in headless Chromium (Debian's package, through
// playwright-core): each side fills the persistent cache of a fresh browser context, then
// the page loads again on it a few times, the sides taking turns, each load a timed warm
// start. Vite serves the page with the SDK taken from source; nothing is downloaded.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { call, signInProofToken } from "../test/harness/accounts.js";
import { Fleet } from "../test/harness/devices.js";
import { AUTH, FIRESTORE, FUNCTIONS, FUNCTIONS_PROJECT_ID } from "../test/harness/emulators.js";
import { launchBrowser, serveApp } from "../test/e2e/browser.js";
import type { WarmLoad, WarmStartPage, WarmStartResult } from "./browser/warm-start.js";
import { summarize } from "./stats.js";

/** BENCH_PROFILE=dir: a CPU profile of each side's warm page load, for Chrome DevTools */
const PROFILE_DIR = process.env.BENCH_PROFILE;

/** Starts Chromium's sampling profiler on the page; the returned function stops it and gives the profile. */
async function startProfile(context: BrowserContext, page: Page): Promise<() => Promise<unknown>> {
  mkdirSync(PROFILE_DIR!, { recursive: true });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 250 });
  await cdp.send("Profiler.start");
  return async () => (await cdp.send("Profiler.stop")).profile;
}

/** A side's warm starts: the medians, and each run */
export type WarmStart = WarmLoad & { runs: WarmLoad[] };
type Account = { uid: string; email: string; password: string };
type Side = WarmStartPage["side"];

const HOUR = 3_600_000;
/** how long a fill or a warm start may take before it is loaded again, and how many tries it gets */
const LOAD_WAIT_MS = 180_000;
const LOAD_TRIES = 3;
/** warm starts per side; the sides alternate going first, and the figures are the medians */
const ROUNDS = Number(process.env.BENCH_WARM_ROUNDS ?? 3);

export async function browserWarmStarts(u: Account, total: number): Promise<Record<Side, WarmStart>> {
  const { url, close } = await serveApp({
    root: fileURLToPath(new URL("./browser", import.meta.url)),
    configFile: false,
    resolve: { alias: { "@syncgate/client": fileURLToPath(new URL("../client/src/index.ts", import.meta.url)) } },
  });
  const browser = await launchBrowser();
  const emulators = { auth: `${AUTH.host}:${AUTH.port}`, firestore: `${FIRESTORE.host}:${FIRESTORE.port}`, functions: `${FUNCTIONS.host}:${FUNCTIONS.port}` };
  /** One side in its own browser context (its own IndexedDB), where each phase is a page load. */
  const openSide = async (name: Side, token?: string) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (process.env.BENCH_DEBUG) {
      page.on("console", (m) => console.log(`bench page (${name}): ${m.text()}`));
      page.on("requestfailed", (r) => console.log(`bench page (${name}): failed ${r.method()} ${r.url().slice(0, 200)} ${r.failure()?.errorText}`));
      page.on("response", (r) => r.status() >= 400 && console.log(`bench page (${name}): ${r.status()} ${r.request().method()} ${r.url().slice(0, 200)}`));
    }
    page.on("pageerror", (e) => console.error(`bench page (${name}): ${e.message}`));
    let loads = 0;
    const load = async (phase: WarmStartPage["phase"]): Promise<WarmStartResult> => {
      const params: WarmStartPage = { side: name, phase, projectId: FUNCTIONS_PROJECT_ID, uid: u.uid, total, email: u.email, password: u.password, emulators, ...(token ? { token } : {}) };
      const profiler = phase === "warm" && PROFILE_DIR ? await startProfile(context, page) : undefined;
      // a new query string makes each phase a page load of its own, on the same origin's storage
      const open = () => page.goto(`${url}?${phase}-${++loads}#${encodeURIComponent(JSON.stringify(params))}`);
      await open();
      // The emulator now and then leaves a browser's listen undelivered for good (its
      // WebChannel's requests fail over and over, for either side; mostly a first listen of
      // thousands of documents, now and then a warm start's): a load that takes minutes is
      // loaded again, the cache it fills or starts from still there.
      for (let tries = 1; phase !== "sign-out" && tries < LOAD_TRIES; tries++) {
        const done = await page.waitForFunction(() => "benchResult" in window, undefined, { timeout: LOAD_WAIT_MS, polling: 50 }).then(() => true, () => false);
        if (done) break;
        console.log(`bench: the ${name} ${phase} load did not finish in ${LOAD_WAIT_MS / 1000} s; loading it again`);
        await open();
      }
      await page.waitForFunction(() => "benchResult" in window, undefined, { timeout: HOUR, polling: 50 });
      const result = await page.evaluate(() => (window as unknown as { benchResult: WarmStartResult }).benchResult);
      if (profiler) writeFileSync(`${PROFILE_DIR}/warm-start-${name}-${loads}.cpuprofile`, JSON.stringify(await profiler()));
      // nothing of this side runs while the other is measured
      await page.goto("about:blank");
      if ("error" in result) throw new Error(`${name} ${phase}: ${result.error}`);
      return result;
    };
    return { load, close: () => context.close() };
  };
  try {
    // the raw app's session, claimed for it as the harness's raw devices do
    const fleet = new Fleet();
    const caller = fleet.caller(FUNCTIONS_PROJECT_ID);
    await caller.signInWithToken(await signInProofToken(u.uid));
    const { token } = await call<{ token: string }>(caller, "claimSession", { deviceId: "bench-browser-raw", deviceName: "bench-browser-raw" });
    await fleet.closeAll();
    const sides = { syncgate: await openSide("syncgate"), raw: await openSide("raw", token) };
    await sides.syncgate.load("fill");
    await sides.raw.load("fill");
    const runs: Record<Side, WarmLoad[]> = { syncgate: [], raw: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of round % 2 === 0 ? (["syncgate", "raw"] as const) : (["raw", "syncgate"] as const)) runs[name].push((await sides[name].load("warm")) as WarmLoad);
    }
    await sides.syncgate.load("sign-out");
    await Promise.all([sides.syncgate.close(), sides.raw.close()]);
    const median = (r: WarmLoad[], key: keyof WarmLoad) => summarize(r.map((w) => w[key])).median;
    const summary = (r: WarmLoad[]): WarmStart => ({ viewMs: median(r, "viewMs"), inSyncMs: median(r, "inSyncMs"), readyMs: median(r, "readyMs"), loaded: Math.min(...r.map((w) => w.loaded)), runs: r });
    return { syncgate: summary(runs.syncgate), raw: summary(runs.raw) };
  } finally {
    await browser.close();
    await close();
  }
}
