// The demo app in real browsers: two contexts are two devices; offline, reload, the
// three-app limit, sign-out leaving no IndexedDB, two tabs sharing one session.
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAdmins } from "../harness/admin.js";
import { newAccount } from "../harness/clients.js";
import { launchBrowser, serveApp } from "./browser.js";

let browser: Browser;
let app: { url: string; close: () => Promise<void> };
const contexts: BrowserContext[] = [];
const SHOTS = "test-results/screenshots";

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await serveApp();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await Promise.allSettled(contexts.map((c) => c.close()));
  await browser?.close();
  await app?.close();
  await closeAdmins();
});

async function device(): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(app.url);
  return page;
}

async function signIn(page: Page, identifier: string, password: string) {
  await page.fill('form[name="sign-in"] input[name="identifier"]', identifier);
  await page.fill('form[name="sign-in"] input[name="password"]', password);
  await page.click('form[name="sign-in"] button');
}

const badge = (page: Page) => page.locator("#status");
const inSync = (page: Page) => expect.poll(() => badge(page).textContent(), { timeout: 30_000 }).toBe("IN SYNC");

describe("demo app in Chromium", () => {
  it("two devices see each other's edits; offline edits survive a reload and sync when back online", async () => {
    const user = await newAccount();
    const a = await device();
    const b = await device();
    await page_signIn(a, user.email, user.password);
    await page_signIn(b, user.username, user.password);
    await a.screenshot({ path: `${SHOTS}/data.png` });

    await a.fill('form[name="new-collection"] input[name="name"]', "Payments");
    await a.click('form[name="new-collection"] button');
    await expect.poll(() => b.locator("#collections").textContent(), { timeout: 20_000 }).toContain("Payments");
    await a.fill('form[name="new-request"] input[name="name"]', "Charge card");
    await a.click('form[name="new-request"] button');
    await expect.poll(() => b.locator("#requests").textContent(), { timeout: 20_000 }).toContain("Charge card");

    await b.context().setOffline(true);
    await expect.poll(() => badge(b).textContent(), { timeout: 30_000 }).not.toBe("IN SYNC");
    await b.fill('form[name="new-request"] input[name="name"]', "Refund offline");
    await b.click('form[name="new-request"] button');
    await expect.poll(() => b.locator("#pending").textContent(), { timeout: 10_000 }).toMatch(/pending/);
    await b.screenshot({ path: `${SHOTS}/offline.png` });
    // Reload with the page reachable but Firestore still cut off: the edit must come back
    // from this browser's IndexedDB, still pending.
    const firestore = "**/google.firestore.v1.Firestore/**";
    await b.context().route(firestore, (route) => route.abort());
    await b.context().setOffline(false);
    await b.reload();
    await expect.poll(() => b.locator("#requests").textContent(), { timeout: 20_000 }).toContain("Refund offline");
    expect(await badge(b).textContent()).not.toBe("IN SYNC");
    await b.context().unroute(firestore);
    await inSync(b);
    await expect.poll(() => a.locator("#requests").textContent(), { timeout: 30_000 }).toContain("Refund offline");
    await inSync(a);
  }, 120_000);

  it("a fourth browser hits the three-app limit and can sign another device out; sign-out leaves no IndexedDB; two tabs share one session", async () => {
    const user = await newAccount();
    const pages = [await device(), await device(), await device()];
    for (const p of pages) await page_signIn(p, user.email, user.password);
    // a second tab of the first device: same browser context, same session
    const tab = await pages[0]!.context().newPage();
    await tab.goto(app.url);
    await inSync(tab);
    const sessionOf = (p: Page) => p.evaluate(() => (window as unknown as { syncgate: { sessionId?: string } }).syncgate.sessionId);
    expect(await sessionOf(tab)).toBe(await sessionOf(pages[0]!));

    const fourth = await device();
    await signIn(fourth, user.email, user.password);
    await fourth.waitForSelector("#limit", { timeout: 20_000 });
    await fourth.screenshot({ path: `${SHOTS}/limit.png` });
    await fourth.locator("[data-evict]").first().click();
    await inSync(fourth);
    // the device chosen on the limit screen notices within seconds and signs itself out
    await expect.poll(async () => (await Promise.all(pages.map((p) => badge(p).textContent()))).filter((s) => s === "OFFLINE").length, { timeout: 20_000 }).toBe(1);

    await fourth.click("#sign-out");
    await expect.poll(() => badge(fourth).textContent(), { timeout: 20_000 }).toBe("OFFLINE");
    // the badge says OFFLINE at once; the wipe (release, terminate, clear) completes right after
    const firestoreDatabases = () => fourth.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).filter((n) => n?.startsWith("firestore")));
    await expect.poll(firestoreDatabases, { timeout: 20_000 }).toEqual([]);
  }, 120_000);
});

async function page_signIn(page: Page, identifier: string, password: string) {
  await signIn(page, identifier, password);
  await inSync(page);
}
