/**
 * Debian's Chromium for the page tests, driven by playwright-core, started the way this machine allows:
 * headless, no sandbox (root), and none of Chromium's own background connections (the network here is
 * closed; they would fail, many at a time). Screenshots go to test-output/ for a person to look at.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from './paths.js';

export const CHROMIUM = process.env.MEDIAMON_TEST_CHROMIUM ?? '/usr/bin/chromium';
/** Whether the browser tests can run (`.ci/run` installs Chromium; a bare machine may lack it). */
export const HAS_CHROMIUM = existsSync(CHROMIUM);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The folder screenshots go to (made on first use). */
export const SCREENSHOTS = path.join(REPO_ROOT, 'test-output');

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** The path of a screenshot in test-output/. */
export function screenshot(name: string): string {
  return path.join(SCREENSHOTS, name);
}

/** The two widths every page is looked at: a desktop window and a phone. */
export const VIEWPORTS = [
  { name: 'desktop', width: 1200, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/**
 * Run `look` on a fresh page at each of the VIEWPORTS, with JavaScript off (the pages must work without
 * it), closing each page's context after it, whatever happens.
 */
export async function atEachWidth(browser: Browser, look: (page: Page, width: 'desktop' | 'phone') => Promise<void>): Promise<void> {
  for (const { name, width, height } of VIEWPORTS) {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height } });
    try {
      await look(await context.newPage(), name);
    } finally {
      await context.close();
    }
  }
}
