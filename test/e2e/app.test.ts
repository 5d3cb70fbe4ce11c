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

/** Two browsers of one new account, signed in by email and by username. */
async function twoDevices(): Promise<{ a: Page; b: Page }> {
  const user = await newAccount();
  const a = await device();
  const b = await device();
  await page_signIn(a, user.email, user.password);
  await page_signIn(b, user.username, user.password);
  return { a, b };
}

const badge = (page: Page) => page.locator("#status");
const inSync = (page: Page) => expect.poll(() => badge(page).textContent(), { timeout: 30_000 }).toBe("IN SYNC");

describe("demo app in Chromium", () => {
  it("two devices see each other's edits; offline edits survive a reload and sync when back online", async () => {
    const { a, b } = await twoDevices();
    await a.screenshot({ path: `${SHOTS}/data.png` });

    await a.fill('form[name="new-collection"] input[name="name"]', "Payments");
    await a.click('form[name="new-collection"] button');
    await expect.poll(() => b.locator("#collections").textContent(), { timeout: 20_000 }).toContain("Payments");
    // what b is typing survives a's change arriving (the screen redraws around it)
    await b.fill('form[name="new-request"] input[name="name"]', "Half typ");
    await a.fill('form[name="new-request"] input[name="name"]', "Charge card");
    await a.click('form[name="new-request"] button');
    await expect.poll(() => b.locator("#requests").textContent(), { timeout: 20_000 }).toContain("Charge card");
    expect(await b.inputValue('form[name="new-request"] input[name="name"]')).toBe("Half typ");

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

  it("folders at any depth, request edits, trash with contents, environment variables and globals travel between browsers", async () => {
    const { a, b } = await twoDevices();
    const submit = async (page: Page, form: string, fields: Record<string, string>, parent?: string) => {
      for (const [name, value] of Object.entries(fields)) await page.fill(`${form} input[name="${name}"]`, value);
      if (parent) await page.selectOption(`${form} select[name="parent"]`, { label: parent });
      await page.click(`${form} button`);
    };
    await submit(a, 'form[name="new-collection"]', { name: "Shop" });
    await submit(a, 'form[name="new-folder"]', { name: "Auth" });
    await submit(a, 'form[name="new-folder"]', { name: "Tokens" }, "Auth");
    await submit(a, 'form[name="new-request"]', { name: "Refresh token", url: "https://shop.test/token" }, "Auth / Tokens");
    // the other browser shows the request inside Tokens inside Auth
    const foldersAround = (page: Page, request: string) =>
      page.evaluate((name) => {
        const li = Array.from(document.querySelectorAll("li[data-request]")).find((el) => el.querySelector(".name")?.textContent === name);
        const path: string[] = [];
        for (let f = li?.parentElement?.closest("li.folder"); f; f = f.parentElement?.closest("li.folder")) path.unshift(f.querySelector(":scope > .name")!.textContent!.replace("▸ ", ""));
        return li ? path : null;
      }, request);
    // A has sent all four (so a failure below is B's receiving, not A's sending)
    await expect.poll(() => foldersAround(a, "Refresh token"), { timeout: 20_000 }).toEqual(["Auth", "Tokens"]);
    await inSync(a);
    await expect.poll(() => foldersAround(b, "Refresh token"), { timeout: 20_000 }).toEqual(["Auth", "Tokens"]);

    // b edits the request; a sees the new method and URL
    await b.click('li[data-request] [data-open]');
    await b.selectOption('form[name="edit-request"] select[name="method"]', "POST");
    await b.fill('form[name="edit-request"] input[name="url"]', "https://shop.test/oauth/token");
    await b.click('form[name="edit-request"] button:not([type])');
    await expect.poll(() => a.locator("li[data-request]").textContent(), { timeout: 20_000 }).toContain("POST");
    await a.click('li[data-request] [data-open]');
    expect(await a.inputValue('form[name="edit-request"] input[name="url"]')).toBe("https://shop.test/oauth/token");

    // a renames and then deletes the top folder: b's tree empties, its trash lists the folder
    // with what was inside, and restoring it there brings everything back on a
    a.once("dialog", (d) => void d.accept("Auth v2"));
    await a.click('li.folder [data-rename^="folders:"]');
    await expect.poll(() => b.locator("li.folder > .name").first().textContent(), { timeout: 20_000 }).toContain("Auth v2");
    await a.click('li.folder [data-delete^="folders:"]');
    await expect.poll(() => b.locator("#requests li").count(), { timeout: 20_000 }).toBe(0);
    await b.click('nav button[data-view="trash"]');
    await expect.poll(() => b.locator("#trash").textContent(), { timeout: 20_000 }).toMatch(/Auth v2\s*folder, with 2 item\(s\) inside/);
    await b.screenshot({ path: `${SHOTS}/trash.png` });
    await b.click("[data-restore]");
    await expect.poll(() => foldersAround(a, "Refresh token"), { timeout: 20_000 }).toEqual(["Auth v2", "Tokens"]);
    await a.screenshot({ path: `${SHOTS}/collections.png` });

    // environments: a adds a variable and a secret global, b sees and edits them
    for (const p of [a, b]) await p.click('nav button[data-view="variables"]');
    await submit(a, 'form[name="new-environment"]', { name: "Staging" });
    await submit(a, 'form[name="new-variable"][data-kind="environmentVariables"]', { key: "host", value: "api.staging.test" });
    await a.check('form[name="new-variable"][data-kind="globals"] input[name="secret"]');
    await submit(a, 'form[name="new-variable"][data-kind="globals"]', { key: "token", value: "s3cr3t" });
    const value = (page: Page, list: string) => page.locator(`${list} input[name="value"]`).first().inputValue().catch(() => "");
    await expect.poll(() => value(b, "#environment-variables"), { timeout: 20_000 }).toBe("api.staging.test");
    // the secret reached b encrypted and is readable there (same user key), typed as a password field
    await expect.poll(() => value(b, "#globals"), { timeout: 20_000 }).toBe("s3cr3t");
    expect(await b.getAttribute('#globals input[name="value"]', "type")).toBe("password");
    await b.fill('#environment-variables input[name="value"]', "api2.staging.test");
    await b.click('#environment-variables form[name="variable"] button:not([type])');
    await expect.poll(() => value(a, "#environment-variables"), { timeout: 20_000 }).toBe("api2.staging.test");
    await a.screenshot({ path: `${SHOTS}/environments.png` });
    await inSync(a);
    await inSync(b);
  }, 150_000);

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
    // The badge says OFFLINE at once; the wipe (release, terminate, clear) completes right
    // after. What may remain is Firebase's own heartbeat database: the Firebase app opens it
    // on load, before anyone signs in, holds its connection for the page's life, and keeps
    // only dates of use in it. It must hold nothing of the user.
    const databasesBesidesHeartbeat = () => fourth.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).filter((n) => n !== "firebase-heartbeat-database"));
    await expect.poll(databasesBesidesHeartbeat, { timeout: 20_000 }).toEqual([]);
    const heartbeat = await fourth.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const open = indexedDB.open("firebase-heartbeat-database");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const read = open.result.transaction("firebase-heartbeat-store").objectStore("firebase-heartbeat-store").getAll();
            read.onsuccess = () => resolve(JSON.stringify(read.result));
          };
        }),
    );
    expect(heartbeat).toMatch(/heartbeats/);
    for (const secret of [user.uid, user.email, user.username]) expect(heartbeat).not.toContain(secret);
    expect(await fourth.evaluate(() => Object.keys(localStorage).filter((k) => k !== "syncgate:deviceId"))).toEqual([]);
  }, 120_000);
});

describe("import in Chromium", () => {
  it("imports each of the four Postman file kinds with progress and a result line; a file imported before asks replace or keep both", async () => {
    const user = await newAccount();
    const page = await device();
    await page_signIn(page, user.email, user.password);
    await page.click('nav button[data-view="transfer"]');
    const progress = () => page.locator("#import-progress").evaluate((el) => (el as HTMLProgressElement).value);
    const result = page.locator("#import-result");
    const files: [string, RegExp][] = [
      ["shop-v2.1.json", /^shop-v2\.1\.json: imported \d+ item\(s\) as \S+$/],
      ["staging.postman_environment.json", /^staging\.postman_environment\.json: imported 5 item\(s\) as \S+$/],
      ["globals.json", /^globals\.json: imported 2 global\(s\) added, 0 updated$/],
      ["newman-report.json", /^newman-report\.json: imported 1 item\(s\) as \S+$/],
    ];
    for (const [file, expected] of files) {
      await page.setInputFiles("#import-file", `test/fixtures/postman/${file}`);
      await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(expected);
      expect(await progress()).toBe(1);
    }
    await page.screenshot({ path: `${SHOTS}/import.png` });
    // the status badge going back to IN SYNC redraws the page: the result stays
    await inSync(page);
    await expect.poll(() => result.textContent()).toMatch(/newman-report\.json: imported/);

    await page.setInputFiles("#import-file", "test/fixtures/postman/shop-v2.1.json");
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/^shop-v2\.1\.json: imported before: this collection was imported before, as "Shop API"/);
    await page.click('button[data-again="copy"]');
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/^shop-v2\.1\.json: imported \d+ item\(s\)/);
    await expect.poll(() => page.locator('[data-export^="collection:"]').count()).toBe(2);
  }, 120_000);
});

async function page_signIn(page: Page, identifier: string, password: string) {
  await signIn(page, identifier, password);
  await inSync(page);
}
