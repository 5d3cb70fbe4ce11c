// The web app in real browsers, two contexts being two devices of one account: each of
// the nine kinds created and edited in one appears in the other; a form being edited
// survives others' changes, and a change to the item itself is a conflict to resolve;
// delete offers undo; the status sits left of the user's name in its four states.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newAccount } from "../harness/clients.js";
import { badge, browserSuite, DOCS, find, inSync, row, signIn, signedIn, submit, tab } from "./pages.js";

const { devices } = browserSuite();

const value = (page: Page, selector: string) => page.locator(selector).first().inputValue({ timeout: 2_000 }).catch(() => "");
const editor = 'form[name="edit-request"]';

describe("the web app in Chromium", () => {
  it("the status is left of the user's name and explains itself; sign-in shows progress; offline edits survive a reload and sync when back", async () => {
    const user = await newAccount();
    const a = await devices.open();
    expect(await badge(a).textContent()).toBe("OFFLINE");
    // a slow sign-in shows its progress until the account has loaded
    await a.route("**/us-central1/claimSession", async (route) => (await new Promise((r) => setTimeout(r, 1_500)), route.continue()));
    await signIn(a, user.username, user.password);
    await a.waitForSelector("#signing-in", { timeout: 5_000 });
    await inSync(a);
    await a.unroute("**/us-central1/claimSession");
    expect(await a.textContent("#user-name")).toBe(user.username);
    const [status, name] = await Promise.all([badge(a).boundingBox(), a.locator("#user-name").boundingBox()]);
    expect(status!.x + status!.width).toBeLessThanOrEqual(name!.x);
    expect(Math.abs(status!.y - name!.y)).toBeLessThan(20);
    expect(await a.getAttribute(".sync", "title")).toMatch(/saved on the server/);

    const b = await devices.open();
    await signedIn(b, user.email, user.password);
    await submit(a, 'form[name="new-collection"]', { name: "Payments" });
    await expect.poll(() => row(b, "Payments").count(), { timeout: 20_000 }).toBe(1);

    // every status text the badge shows from here on
    await b.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      const el = document.querySelector("#status")!;
      new MutationObserver(() => seen.push(el.textContent ?? "")).observe(el, { childList: true, characterData: true, subtree: true });
    });
    await b.context().setOffline(true);
    await expect.poll(() => badge(b).textContent(), { timeout: 30_000 }).toBe("CONNECTING");
    expect(await b.getAttribute(".sync", "title")).toMatch(/This browser is offline\. Your edits are kept on this device/);
    expect(await b.textContent(".sync .hint")).toMatch(/no network/);
    await row(b, "Payments").click();
    await submit(b, 'form[name="new-request"]', { name: "Refund offline" });
    await expect.poll(() => b.textContent("#pending"), { timeout: 10_000 }).toMatch(/1 pending/);
    await b.screenshot({ path: `${DOCS}/screenshot-offline.png` });
    // Reload with the page reachable but Firestore still cut off: the edit comes back from
    // this browser's IndexedDB, still pending.
    const firestore = "**/google.firestore.v1.Firestore/**";
    await b.context().route(firestore, (route) => route.abort());
    await b.context().setOffline(false);
    const statuses = await b.evaluate(() => (window as unknown as { seen: string[] }).seen);
    await b.reload();
    await find(b, "Refund offline");
    expect(await badge(b).textContent()).not.toBe("IN SYNC");
    await b.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      const el = document.querySelector("#status")!;
      new MutationObserver(() => seen.push(el.textContent ?? "")).observe(el, { childList: true, characterData: true, subtree: true });
    });
    await b.context().unroute(firestore);
    await inSync(b);
    statuses.push(...(await b.evaluate(() => (window as unknown as { seen: string[] }).seen)));
    // the seed's four states, each shown in the badge at its time
    expect(new Set([...statuses, "OFFLINE"])).toEqual(new Set(["OFFLINE", "CONNECTING", "SYNCING", "IN SYNC"]));
    await find(a, "Refund offline");
    await inSync(a);
  }, 150_000);

  it("each of the nine kinds is created and edited in one browser and appears in the other", async () => {
    const { a, b } = await devices.two();
    // collections and folders
    await submit(a, 'form[name="new-collection"]', { name: "Shop" });
    await find(b, "Shop");
    await submit(a, 'form[name="edit-collections"]', { name: "Shop API" });
    await find(b, "Shop API");
    await submit(a, 'form[name="new-folder"]', { name: "Auth" });
    await find(b, "Auth");
    await submit(a, 'form[name="edit-folders"]', { name: "Authentication" });
    await find(b, "Authentication");

    // a request, edited in every section of the editor
    await submit(a, 'form[name="new-request"]', { name: "Login", url: "https://shop.test/login" });
    await a.selectOption(`${editor} select[name="method"]`, "POST");
    await a.fill(`${editor} input[name="url"]`, "https://shop.test/login?remember=1");
    await a.click('[data-section="Headers"]');
    await a.click('[data-add-row="headers"]');
    await a.fill('[data-table="headers"] input[name="key"]', "Accept");
    await a.fill('[data-table="headers"] input[name="value"]', "application/json");
    await a.click('[data-section="Body"]');
    await a.check('input[name="body-mode"][value="raw"]');
    await a.selectOption('select[name="language"]', "json");
    await a.fill('textarea[name="raw"]', '{"user":"{{user}}"}');
    await a.click('[data-section="Auth"]');
    await a.selectOption('select[name="auth-type"]', "bearer");
    await a.fill('[data-table="auth"] input[name="value"]', "{{token}}");
    await a.click('[data-section="Scripts"]');
    await a.fill('textarea[name="test"]', 'pm.test("200", () => pm.response.to.have.status(200));');
    await a.click(`${editor} button:not([type])`);
    await inSync(a);
    await find(b, "Login");
    await row(b, "Login").click();
    await expect.poll(() => value(b, `${editor} input[name="url"]`), { timeout: 20_000 }).toBe("https://shop.test/login?remember=1");
    expect(await b.inputValue(`${editor} select[name="method"]`)).toBe("POST");
    await b.click('[data-section="Params"]');
    expect(await b.inputValue('[data-table="params"] input[name="key"]')).toBe("remember");
    await b.click('[data-section="Headers"]');
    expect(await b.inputValue('[data-table="headers"] input[name="value"]')).toBe("application/json");
    await b.click('[data-section="Body"]');
    expect(await b.inputValue('textarea[name="raw"]')).toBe('{"user":"{{user}}"}');
    expect(await b.inputValue('select[name="language"]')).toBe("json");
    await b.click('[data-section="Auth"]');
    expect(await b.inputValue('select[name="auth-type"]')).toBe("bearer");
    expect(await b.inputValue('[data-table="auth"] input[name="value"]')).toBe("{{token}}");
    await b.click('[data-section="Scripts"]');
    expect(await b.inputValue('textarea[name="test"]')).toMatch(/pm\.test/);

    // header presets: made in a, renamed in b, inserted into the request in a
    await tab(a, "presets");
    await submit(a, 'form[name="new-preset"]', { name: "JSON", key: "Content-Type", value: "application/json" });
    await tab(b, "presets");
    await expect.poll(() => value(b, 'form[name="edit-preset"] input[name="name"]'), { timeout: 20_000 }).toBe("JSON");
    await submit(b, 'form[name="edit-preset"]', { name: "JSON API" });
    await expect.poll(() => value(a, 'form[name="edit-preset"] input[name="name"]'), { timeout: 20_000 }).toBe("JSON API");
    await tab(a, "item");
    await a.click('[data-section="Headers"]');
    await a.selectOption('select[name="preset"]', { label: "JSON API" });
    await a.click("[data-insert-preset]");
    await a.click(`${editor} button:not([type])`);
    await expect.poll(() => a.locator('[data-table="headers"] input[name="key"]').count()).toBe(2);

    // saved examples
    await tab(a, "examples");
    await submit(a, 'form[name="new-example"]', { name: "Logged in", code: "200", status: "OK", body: '{"token":"t"}' });
    await tab(b, "examples");
    await expect.poll(() => value(b, 'form[name="edit-example"] input[name="name"]'), { timeout: 20_000 }).toBe("Logged in");
    expect(await b.inputValue('form[name="edit-example"] textarea[name="body"]')).toBe('{"token":"t"}');
    await submit(b, 'form[name="edit-example"]', { code: "201", status: "Created" });
    await expect.poll(() => value(a, 'form[name="edit-example"] input[name="code"]'), { timeout: 20_000 }).toBe("201");
    await a.screenshot({ path: `${DOCS}/screenshot-example.png` });

    // environments, their variables, globals (a secret, masked)
    for (const p of [a, b]) await tab(p, "variables");
    await submit(a, 'form[name="new-environment"]', { name: "Staging" });
    await expect.poll(() => b.locator("#environments").textContent(), { timeout: 20_000 }).toContain("Staging");
    a.once("dialog", (d) => void d.accept("Staging EU"));
    await a.click("[data-rename-environment]");
    await expect.poll(() => b.locator("#environments").textContent(), { timeout: 20_000 }).toContain("Staging EU");
    await submit(a, 'form[name="new-variable"][data-kind="environmentVariables"]', { key: "host", value: "api.staging.test" });
    await submit(a, 'form[name="new-variable"][data-kind="environmentVariables"]', { key: "port", value: "8443" });
    await a.check('form[name="new-variable"][data-kind="globals"] input[name="secret"]');
    await submit(a, 'form[name="new-variable"][data-kind="globals"]', { key: "token", value: "s3cr3t" });
    await expect.poll(() => value(b, '#environment-variables input[name="value"]'), { timeout: 20_000 }).toBe("api.staging.test");
    // in the order they were made, not sorted
    await expect.poll(() => b.locator('#environment-variables input[name="key"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(["host", "port"]);
    await expect.poll(() => value(b, '#globals input[name="value"]'), { timeout: 20_000 }).toBe("s3cr3t");
    expect(await b.getAttribute('#globals input[name="value"]', "type")).toBe("password");
    await b.fill('#environment-variables input[name="value"]', "api2.staging.test");
    await b.click('#environment-variables form[name="variable"] button:not([type])');
    await b.fill('#globals input[name="value"]', "n3w");
    await b.click('#globals form[name="variable"] button:not([type])');
    await expect.poll(() => value(a, '#environment-variables input[name="value"]'), { timeout: 20_000 }).toBe("api2.staging.test");
    await expect.poll(() => value(a, '#globals input[name="value"]'), { timeout: 20_000 }).toBe("n3w");
    // a current value stays on its device
    await a.fill('#environment-variables input[name="current"]', "localhost");
    await inSync(a);
    expect(await value(b, '#environment-variables input[name="current"]')).toBe("");

    // run results: a newman report imported in a shows its outcomes in b, renamed in b
    await tab(a, "transfer");
    await a.setInputFiles("#import-file", "test/fixtures/postman/newman-report.json");
    await expect.poll(() => a.textContent("#import-result"), { timeout: 30_000 }).toMatch(/imported/);
    await tab(b, "runs");
    await expect.poll(() => b.locator("#run-results").textContent(), { timeout: 20_000 }).toMatch(/Login[\s\S]*✗ has token/);
    expect(await b.textContent("#run-stats")).toMatch(/assertions: 2 passed, 1 failed/);
    await b.screenshot({ path: `${DOCS}/screenshot-run.png` });
    await submit(b, 'form[name="edit-run"]', { name: "Nightly" });
    await tab(a, "runs");
    await expect.poll(() => value(a, 'form[name="edit-run"] input[name="name"]'), { timeout: 20_000 }).toBe("Nightly");

    await inSync(a);
    await inSync(b);
  }, 240_000);

  it("a form being edited keeps its edits while others change the item; a clash is a conflict to resolve; delete offers undo and the trash restores a folder with its contents", async () => {
    const { a, b } = await devices.two();
    await submit(a, 'form[name="new-collection"]', { name: "Shop" });
    await submit(a, 'form[name="new-folder"]', { name: "Orders" });
    await submit(a, 'form[name="new-request"]', { name: "List orders", url: "https://shop.test/orders" });
    await inSync(a);
    await find(b, "List orders");
    await row(b, "List orders").click();
    // b is typing a new name; a changes the URL: b's edit stays, the URL comes in under it
    await b.fill(`${editor} input[name="name"]`, "List all orders");
    await a.fill(`${editor} input[name="url"]`, "https://shop.test/v2/orders");
    await a.click(`${editor} button:not([type])`);
    await expect.poll(() => value(b, `${editor} input[name="url"]`), { timeout: 20_000 }).toBe("https://shop.test/v2/orders");
    expect(await b.inputValue(`${editor} input[name="name"]`)).toBe("List all orders");
    expect(await b.locator("#conflict").count()).toBe(0);
    // a renames it too: now b's edit clashes, and b is asked
    await a.fill(`${editor} input[name="name"]`, "Orders list");
    await a.click(`${editor} button:not([type])`);
    await b.waitForSelector("#conflict", { timeout: 20_000 });
    expect(await b.inputValue(`${editor} input[name="name"]`)).toBe("List all orders");
    await b.click('[data-keep="mine"]');
    await b.click(`${editor} button:not([type])`);
    await expect.poll(() => value(a, `${editor} input[name="name"]`), { timeout: 20_000 }).toBe("List all orders");

    // delete, then undo
    await find(b, "List all orders");
    await a.click(`${editor} [data-delete="requests"]`);
    await expect.poll(() => row(b, "List all orders").count(), { timeout: 20_000 }).toBe(0);
    await a.click("#undo button");
    await expect.poll(() => row(b, "List all orders").count(), { timeout: 20_000 }).toBe(1);

    // a deletes the folder: b's trash lists it with what was inside; restoring brings all back on a
    await row(a, "Orders").click();
    await a.click('[data-delete="folders"]');
    await expect.poll(() => row(b, "List all orders").count(), { timeout: 20_000 }).toBe(0);
    await tab(b, "trash");
    await expect.poll(() => b.locator("#trash").textContent(), { timeout: 20_000 }).toMatch(/Orders\s*folder, with 1 item\(s\) inside/);
    await b.click("[data-restore]");
    await a.fill('input[name="search"]', "List all");
    await expect.poll(() => row(a, "List all orders").count(), { timeout: 20_000 }).toBe(1);
    await inSync(a);
    await inSync(b);
  }, 150_000);
});
