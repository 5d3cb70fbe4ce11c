// The web app with a 2,000-request collection (virtual tree: first paint, search, scroll,
// keyboard), the import of each Postman file kind with progress, and devices: the
// three-app limit, the devices list, signing another device out, and a sign-out that
// leaves no IndexedDB; two tabs share one session.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newAccount } from "../harness/clients.js";
import { badge, browserSuite, DOCS, find, inSync, row, signIn, signedIn, tab } from "./pages.js";

const { devices, url } = browserSuite();

/** A Postman v2.1 collection of `folders` folders holding `requests` requests in all. */
function bigCollection(folders: number, requests: number): string {
  const item = Array.from({ length: folders }, (_, f) => ({
    name: `Folder ${f}`,
    item: Array.from({ length: requests / folders }, (_, i) => {
      const n = f * (requests / folders) + i;
      return { name: `Request ${n}`, request: { method: "GET", url: { raw: `https://big.test/items/${n}`, host: ["big", "test"], path: ["items", String(n)] } } };
    }),
  }));
  return JSON.stringify({ info: { name: "Big API", schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" }, item });
}

async function importFile(page: Page, path: string, expected: RegExp) {
  await page.setInputFiles("#import-file", path);
  await expect.poll(() => page.textContent("#import-result"), { timeout: 120_000 }).toMatch(expected);
  expect(await page.locator("#import-progress").evaluate((el) => (el as HTMLProgressElement).value)).toBe(1);
}

describe("scale, import and devices in Chromium", () => {
  it("a 2,000-request collection: the tree paints fast, searches, scrolls (rows rendered stay few) and walks by keyboard", async () => {
    mkdirSync("test-results", { recursive: true });
    const file = "test-results/big-2000.postman_collection.json";
    writeFileSync(file, bigCollection(40, 2000));
    const user = await newAccount();
    const page = await devices.open();
    await signedIn(page, user.email, user.password);
    await tab(page, "transfer");
    await importFile(page, file, /imported \d+ item\(s\)/);
    await inSync(page);

    // a start from this browser's cache: time from navigation to the first painted tree row
    await page.reload();
    await page.waitForSelector('#tree [data-row="collections"]', { timeout: 60_000 });
    const firstTreePaintMs = await page.evaluate(() => Math.round(performance.now()));
    // the collection's row comes with the first kind's snapshot; the requests follow
    await expect.poll(() => page.textContent(".sidebar .count"), { timeout: 60_000 }).toMatch(/^2,000 request\(s\)/);
    const allRequestsMs = await page.evaluate(() => Math.round(performance.now()));
    const timing = { requests: 2000, firstTreePaintMs, allRequestsMs };
    console.log(JSON.stringify(timing));
    writeFileSync("test-results/tree-first-paint.json", `${JSON.stringify(timing)}\n`);

    // a search matching every request opens every folder: 2,041 rows, of which only those on screen are in the DOM
    await page.fill('input[name="search"]', "Request");
    const rendered = () => page.locator("#tree [data-row]").count();
    await expect.poll(() => row(page, "Request 0").count()).toBe(1);
    expect(await rendered()).toBeLessThan(80);
    expect(await page.locator("#tree > div").evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(2041 * 20);
    await page.locator("#tree").evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(() => row(page, "Request 1999").count(), { timeout: 5_000 }).toBe(1);
    expect(await rendered()).toBeLessThan(80);

    // search by URL
    await page.fill('input[name="search"]', "items/1234");
    await expect.poll(() => page.locator("#tree [data-row] .name").allTextContents()).toEqual(["Big API", "Folder 24", "Request 1234"]);
    await page.fill('input[name="search"]', "");

    // keyboard: down to the first folder, right opens it and enters it, left climbs and closes, End goes last
    await row(page, "Big API").click();
    const selected = () => page.textContent('#tree [aria-selected="true"] .name');
    for (const key of ["ArrowDown", "ArrowRight", "ArrowRight"]) await page.keyboard.press(key);
    expect(await selected()).toBe("Request 0");
    await page.keyboard.press("ArrowLeft");
    expect(await selected()).toBe("Folder 0");
    await page.keyboard.press("ArrowLeft");
    expect(await row(page, "Request 0").count()).toBe(0);
    for (const key of ["End", "ArrowRight", "End"]) await page.keyboard.press(key);
    expect(await selected()).toBe("Request 1999");
    expect(await page.inputValue('form[name="edit-request"] input[name="url"]')).toBe("https://big.test/items/1999");
  }, 300_000);

  it("imports each of the four Postman file kinds with progress and a result line; a file imported before asks replace or keep both", async () => {
    const user = await newAccount();
    const page = await devices.open();
    await signedIn(page, user.email, user.password);
    await tab(page, "transfer");
    const files: [string, RegExp][] = [
      ["shop-v2.1.json", /^shop-v2\.1\.json: imported \d+ item\(s\) as \S+$/],
      ["staging.postman_environment.json", /^staging\.postman_environment\.json: imported 5 item\(s\) as \S+$/],
      ["globals.json", /^globals\.json: imported 2 global\(s\) added, 0 updated$/],
      ["newman-report.json", /^newman-report\.json: imported 1 item\(s\) as \S+$/],
    ];
    for (const [file, expected] of files) await importFile(page, `test/fixtures/postman/${file}`, expected);
    await page.screenshot({ path: `${DOCS}/screenshot-import.png` });
    // the README's picture of the tree and the request editor: an imported request with its body
    await tab(page, "item");
    await find(page, "Login");
    await row(page, "Login").click();
    await page.fill('input[name="search"]', "");
    await page.click('[data-section="Body"]');
    await page.screenshot({ path: `${DOCS}/screenshot-collections.png` });
    // every body mode shows as what it is: GraphQL's query, a binary body's path (the file stays where it was picked)
    await find(page, "Search (GraphQL)");
    await row(page, "Search (GraphQL)").click();
    await page.click('[data-section="Body"]');
    expect(await page.inputValue('textarea[name="query"]')).toMatch(/\S/);
    await find(page, "Raw file");
    await row(page, "Raw file").click();
    await page.click('[data-section="Body"]');
    expect(await page.textContent("#binary-body")).toMatch(/^Binary body: .+ only its path syncs\.$/);
    await page.fill('input[name="search"]', "");
    await tab(page, "transfer");
    // the result stays while the status changes, and after a look at another tab
    await inSync(page);
    await tab(page, "trash");
    await tab(page, "transfer");
    expect(await page.textContent("#import-result")).toMatch(/newman-report\.json: imported/);

    await page.setInputFiles("#import-file", "test/fixtures/postman/shop-v2.1.json");
    await expect.poll(() => page.textContent("#import-result"), { timeout: 30_000 }).toMatch(/^shop-v2\.1\.json: imported before: this collection was imported before, as "Shop API"/);
    await page.click('button[data-again="copy"]');
    await expect.poll(() => page.textContent("#import-result"), { timeout: 30_000 }).toMatch(/^shop-v2\.1\.json: imported \d+ item\(s\)/);
    await expect.poll(() => page.locator('[data-export^="collection:"]').count()).toBe(2);

    // an example whose body is too large to keep inline is in chunks: its body loads when asked for
    const body = "x".repeat(300_000);
    const file = "test-results/large-example.postman_collection.json";
    mkdirSync("test-results", { recursive: true });
    writeFileSync(file, JSON.stringify({ info: { name: "Large bodies", schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" }, item: [{ name: "Export all", request: { method: "GET", url: { raw: "https://big.test/export" } }, response: [{ name: "Everything", code: 200, status: "OK", header: [], body }] }] }));
    await importFile(page, file, /^large-example\.postman_collection\.json: imported/);
    await tab(page, "item");
    await find(page, "Export all");
    await row(page, "Export all").click();
    await tab(page, "examples");
    await expect.poll(() => page.textContent("#examples"), { timeout: 20_000 }).toMatch(/Body: 300,000 characters, kept in \d+ chunk\(s\)\./);
    await page.click("[data-load-blob]");
    await expect.poll(() => page.locator('pre[data-body="loaded"]').evaluate((el) => el.textContent?.length), { timeout: 20_000 }).toBe(300_000);
    await tab(page, "transfer");
    // the environment's variables are listed in the file's order
    await tab(page, "variables");
    const keys = await page.locator('#environment-variables input[name="key"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    const fileOrder = (JSON.parse(readFileSync("test/fixtures/postman/staging.postman_environment.json", "utf8")) as { values: { key: string }[] }).values.map((v) => v.key);
    expect(keys).toEqual(fileOrder);
  }, 180_000);

  it("a fourth browser hits the three-app limit; the devices list tells the apps apart and signs one out; sign-out leaves no IndexedDB; two tabs share one session", async () => {
    const user = await newAccount();
    const pages = [await devices.open(), await devices.open(), await devices.open()];
    for (const p of pages) await signedIn(p, user.email, user.password);
    const tabPage = await pages[0]!.context().newPage();
    await tabPage.goto(url());
    await inSync(tabPage);
    const sessionOf = (p: Page) => p.evaluate(() => (window as unknown as { syncgate: { sessionId?: string } }).syncgate.sessionId);
    expect(await sessionOf(tabPage)).toBe(await sessionOf(pages[0]!));

    // the devices list: three apps, this one marked, each with when it was last seen
    await tab(pages[1]!, "devices");
    await expect.poll(() => pages[1]!.locator("#devices li").count(), { timeout: 20_000 }).toBe(3);
    expect(await pages[1]!.locator("#devices li.this-device").count()).toBe(1);
    expect(await pages[1]!.getAttribute("#devices li.this-device", "data-session")).toBe(await sessionOf(pages[1]!));
    expect(await pages[1]!.locator("#devices li time").count()).toBe(3);
    expect(await pages[1]!.locator("#devices [data-revoke]").count()).toBe(2);

    const fourth = await devices.open();
    await signIn(fourth, user.email, user.password);
    await fourth.waitForSelector("#limit", { timeout: 20_000 });
    await fourth.locator("[data-evict]").first().click();
    await inSync(fourth);
    // the device chosen on the limit screen notices within seconds and signs itself out
    await expect.poll(async () => (await Promise.all(pages.map((p) => badge(p).textContent()))).filter((s) => s === "OFFLINE").length, { timeout: 20_000 }).toBe(1);

    // from the devices list, sign out another device: it notices and shows why
    const live: Page[] = [];
    for (const p of pages) if ((await badge(p).textContent()) !== "OFFLINE") live.push(p);
    await tab(fourth, "devices");
    const victim = await sessionOf(live[0]!);
    await fourth.click(`[data-revoke="${victim}"]`);
    await expect.poll(() => badge(live[0]!).textContent(), { timeout: 20_000 }).toBe("OFFLINE");
    await expect.poll(() => live[0]!.textContent("#message"), { timeout: 10_000 }).toMatch(/This device was signed out/);

    await fourth.click("#sign-out");
    await expect.poll(() => badge(fourth).textContent(), { timeout: 20_000 }).toBe("OFFLINE");
    // What may remain is Firebase's own heartbeat database: the Firebase app opens it on
    // load, before anyone signs in, and keeps only dates of use in it. Nothing of the user.
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
  }, 180_000);
});
