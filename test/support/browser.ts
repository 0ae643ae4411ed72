// Real headless Chromium for the page tests: a fresh profile per test file, pages that record everything the browser
// complained about (console errors, uncaught exceptions, content security policy violations), the time the tests give
// the page to answer, and the hooks a browser test file needs (index, server, browser, a page per test).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { RunningServer } from '../../dist/src/http/serve.js';
import { memoryLogger, startServer } from './http-fixture.js';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
/** How long a test waits for the page to show something: generous, for a busy shared machine. */
export const UI_TIMEOUT = 20_000;
/** For expect.poll. */
export const POLL = { timeout: UI_TIMEOUT, interval: 50 };

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'baosou-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
      viewport: { width: 1100, height: 900 },
      acceptDownloads: true,
    });
    context.setDefaultTimeout(UI_TIMEOUT);
    return {
      context,
      close: async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

export interface WatchedPage {
  page: Page;
  /** Console errors, uncaught exceptions and CSP violations, as text: a test expects none. */
  problems: string[];
  /** The API requests the page made (path and query). */
  requests: string[];
}

export async function watchedPage(context: BrowserContext): Promise<WatchedPage> {
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  // Runs before the page's own scripts, outside its policy: every violation is reported, also ones Chromium only
  // counts without logging.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/')) requests.push(url.pathname + url.search);
  });
  return { page, problems, requests };
}

/** Waits until the view's answer is on screen (the page sets aria-busy while it waits for the API). */
export async function settled(page: Page, view: '#results-view' | '#day-view' | '#article-view'): Promise<void> {
  await page.locator(`${view}[aria-busy="false"]`).waitFor({ state: 'visible' });
}

export interface PageSuite {
  readonly server: RunningServer;
  readonly browser: TestBrowser;
  /** This test's page and what it saw. */
  readonly watched: WatchedPage;
  readonly page: Page;
}

/**
 * The hooks of a browser test file: an index built by `build`, a server on a free port, one browser for the file, a
 * fresh watched page per test, and after each test the check that the browser complained about nothing (a test that
 * expects a complaint takes it out of `watched.problems`).
 */
export function pageSuite(name: string, build: (name: string) => Promise<{ indexDir: string; cleanup(): void }>): PageSuite {
  let fixture: { indexDir: string; cleanup(): void } | undefined;
  let server: RunningServer;
  let browser: TestBrowser;
  let watched: WatchedPage;
  beforeAll(async () => {
    fixture = await build(name);
    server = await startServer(fixture.indexDir, { logger: memoryLogger() });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    fixture?.cleanup();
  });
  beforeEach(async () => {
    watched = await watchedPage(browser.context);
  });
  afterEach(async () => {
    expect(watched.problems).toEqual([]);
    await watched.page.close();
  });
  return {
    get server() {
      return server;
    },
    get browser() {
      return browser;
    },
    get watched() {
      return watched;
    },
    get page() {
      return watched.page;
    },
  };
}
