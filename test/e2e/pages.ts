// Helpers for driving the web app in Chromium: a browser context is a device.
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { closeAdmins } from "../harness/admin.js";
import { newAccount } from "../harness/clients.js";
import { launchBrowser, serveApp } from "./browser.js";

/** The README's screenshots, refreshed by the tests that show what they picture. */
export const DOCS = "docs";
mkdirSync(DOCS, { recursive: true });

/** A test file's browser and app server, started before its tests and closed after them. */
export function browserSuite(): { devices: Devices; url: () => string } {
  let browser: Browser;
  let app: { url: string; close: () => Promise<void> };
  const devices = new Devices(() => browser, () => app.url);
  beforeAll(async () => {
    app = await serveApp();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await devices.closeAll();
    await browser?.close();
    await app?.close();
    await closeAdmins();
  });
  return { devices, url: () => app.url };
}

export class Devices {
  private readonly contexts: BrowserContext[] = [];
  constructor(
    private readonly browser: () => Browser,
    private readonly url: () => string,
  ) {}

  async open(): Promise<Page> {
    const context = await this.browser().newContext({ viewport: { width: 1280, height: 800 } });
    this.contexts.push(context);
    const page = await context.newPage();
    await page.goto(this.url());
    return page;
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled(this.contexts.map((c) => c.close()));
  }

  /** Two browsers of one new account, signed in by email and by username. */
  async two() {
    const user = await newAccount();
    const a = await this.open();
    const b = await this.open();
    await signedIn(a, user.email, user.password);
    await signedIn(b, user.username, user.password);
    return { user, a, b };
  }
}

export const badge = (page: Page) => page.locator("#status");
export const inSync = (page: Page) => expect.poll(() => badge(page).textContent(), { timeout: 30_000 }).toBe("IN SYNC");

export async function signIn(page: Page, identifier: string, password: string) {
  await page.fill('form[name="sign-in"] input[name="identifier"]', identifier);
  await page.fill('form[name="sign-in"] input[name="password"]', password);
  await page.click('form[name="sign-in"] button');
}

export async function signedIn(page: Page, identifier: string, password: string) {
  await signIn(page, identifier, password);
  await inSync(page);
}

/** A row of the sidebar's tree by the name it shows. */
export const row = (page: Page, name: string) => page.locator("#tree [data-row]", { has: page.locator(".name", { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) }) });

export async function tab(page: Page, name: string) {
  await page.click(`nav.tabs button[data-tab="${name}"]`);
}

/** Fills a form's inputs by name and submits it. */
export async function submit(page: Page, form: string, fields: Record<string, string>) {
  for (const [name, value] of Object.entries(fields)) await page.fill(`${form} [name="${name}"]`, value);
  await page.click(`${form} button:not([type])`);
}

/** Shows a tree row whatever is collapsed: a search opens the folders on its way. */
export async function find(page: Page, name: string) {
  await page.fill('input[name="search"]', name);
  await expect.poll(() => row(page, name).count(), { timeout: 20_000 }).toBeGreaterThan(0);
}
