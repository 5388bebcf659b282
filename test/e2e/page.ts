import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { launchChromium } from './browser';
import { startHarness, type Harness, type HarnessOptions } from './harness';

export const SCREENSHOTS = resolve(__dirname, '../../test-results');

/**
 * One Chromium and one MongoDB client for a suite, and a harness per test (closed after it).
 */
export function rendererSuite(): {
  browser: () => Browser;
  mongo: () => MongoClient;
  start: (options: HarnessOptions) => Promise<Harness>;
} {
  let browser: Browser | undefined;
  let mongo: MongoClient | undefined;
  let harness: Harness | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    mongo = await new MongoClient(inject('mongoUri')).connect();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await mongo?.close();
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready outside a test`);
    return value;
  };
  return {
    browser: () => ready(browser, 'the browser'),
    mongo: () => ready(mongo, 'the MongoDB client'),
    start: async (options) => (harness = await startHarness(options)),
  };
}

/** The browser globals dropFiles uses; this file is type-checked as Node code, without the DOM library. */
interface PageGlobals {
  DataTransfer: new () => { items: { add: (file: unknown) => void } };
  File: new (parts: string[], name: string, options: { type: string }) => unknown;
}

/** The DOM element members these helpers use, typed here since tests compile without the DOM library. */
interface PageElement {
  getAttribute: (name: string) => string | null;
  scrollTop: number;
  scrollHeight: number;
}

/** An attribute of every element a locator matches, in document order. */
export function attributeOfAll(locator: Locator, name: string): Promise<(string | null)[]> {
  return locator.evaluateAll(
    (elements, attribute) => elements.map((element) => (element as unknown as PageElement).getAttribute(attribute)),
    name,
  );
}

/** Scrolls an element to its end. */
export async function scrollToEnd(locator: Locator): Promise<void> {
  await locator.evaluate((element) => {
    const box = element as unknown as PageElement;
    box.scrollTop = box.scrollHeight;
  });
}

/** Drops files on the drop zone the way a browser does: a DataTransfer carrying File objects. */
export async function dropFiles(page: Page, files: { name: string; content: string }[]): Promise<void> {
  const transfer = await page.evaluateHandle((list) => {
    const { DataTransfer, File } = globalThis as unknown as PageGlobals;
    const data = new DataTransfer();
    for (const file of list) data.items.add(new File([file.content], file.name, { type: 'text/csv' }));
    return data;
  }, files);
  const zone = page.getByTestId('drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}

/**
 * Starts files dropped or chosen, as a user does once their previews are in: waits for each to be
 * previewed and ready, clicks Start all, and waits until they have left the list.
 */
export async function startImports(page: Page, names: readonly string[]): Promise<void> {
  const card = (name: string): Locator => page.locator(`[data-testid="pending-file"][data-file-name="${name}"]`);
  for (const name of names) {
    await card(name).and(page.locator('[data-ready="true"]')).waitFor({ timeout: 30_000 });
  }
  await page.getByTestId('start-all').click();
  for (const name of names) await card(name).waitFor({ state: 'detached', timeout: 30_000 });
}

/** The app in a new page, window.api wired to the harness; `errors` collects what the page threw. */
export async function openApp(browser: Browser, harness: Harness): Promise<{ page: Page; errors: string[] }> {
  // A context of its own rather than browser.newPage(): axe (a11y.e2e.test.ts) opens a page beside this one.
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.addInitScript(harness.clientScript);
  await page.goto(harness.url);
  return { page, errors };
}

/**
 * Fills in and saves the connection in the Settings view, and goes back to the Imports view; with
 * a server, waits until it answers (null: none, the imports wait for one).
 */
export async function saveSettings(
  page: Page,
  mongoUri: string | null,
  database: string,
  wholesalerId: string,
): Promise<void> {
  await page.getByTestId('nav-settings').click();
  if (mongoUri !== null) await page.getByLabel('MongoDB URI').fill(mongoUri);
  await page.getByLabel('Database').fill(database);
  await page.getByLabel('Collection').fill('products');
  await page.getByLabel('Wholesaler ID').fill(wholesalerId);
  await page.getByTestId('settings-save').click();
  await expect.poll(() => page.getByTestId('settings-status').textContent()).toContain('Saved');
  if (mongoUri !== null) await expect.poll(() => page.getByTestId('connection').textContent()).toBe('MongoDB online');
  await page.getByTestId('nav-imports').click();
}

/** A full-page screenshot in the light and the dark theme, chosen in the header; the choice is set back to System. */
export async function screenshotBothThemes(page: Page, name: string): Promise<void> {
  for (const theme of ['Light', 'Dark'] as const) {
    await page.getByLabel('Theme').selectOption(theme);
    await page.screenshot({
      path: join(SCREENSHOTS, `${name}-${theme.toLowerCase()}.png`),
      fullPage: true,
      animations: 'disabled',
    });
  }
  await page.getByLabel('Theme').selectOption('System');
}
