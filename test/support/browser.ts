import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const run = promisify(execFile);

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where each run writes its screenshots (git-ignored, named in the README). */
export const SCREENSHOTS_DIR = join(process.cwd(), 'test', '.screenshots');

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/**
 * Builds the pages from the current sources into dist/web, where the service serves them from,
 * so that a browser test never runs against a stale bundle (Vite takes about a second per page).
 */
export async function buildPages(): Promise<void> {
  for (const mode of ['console', 'demo']) {
    await run(process.execPath, [
      'node_modules/vite/bin/vite.js',
      'build',
      '-c',
      'web/vite.config.mjs',
      '--mode',
      mode,
      '--logLevel',
      'warn',
    ]);
  }
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/**
 * A browser context whose pages report what the browser refused: a Content-Security-Policy
 * violation or an uncaught error makes `problems` non-empty, which each test checks.
 */
export async function openContext(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; problems: string[] }> {
  const context = await browser.newContext({ baseURL, viewport: DESKTOP, locale: 'en-GB', timezoneId: 'Europe/Paris' });
  const problems: string[] = [];
  context.on('page', (page) => watch(page, problems));
  return { context, problems };
}

function watch(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

/**
 * The little of the browser that the functions given to page.evaluate() use: they run in the page,
 * but are compiled with the tests, which have no DOM types. Cast from `globalThis` inside each one.
 */
export interface InPage {
  document: {
    documentElement: { scrollWidth: number; clientWidth: number };
    activeElement: { textContent: string | null; getAttribute(name: string): string | null; labels?: ArrayLike<PageLabel> } | null;
  };
  getComputedStyle(element: unknown): { outlineStyle: string };
  axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> };
}
interface PageLabel {
  textContent: string | null;
  querySelector(selector: string): { textContent: string | null } | null;
}

let axeSource: string | undefined;

/**
 * Runs axe-core in the page (evaluated through the DevTools protocol, which the page's CSP does
 * not govern, so the policy stays on) and answers its serious and critical violations.
 */
export async function seriousViolations(page: Page): Promise<Array<{ id: string; impact: string; nodes: string[] }>> {
  axeSource ??= await readFile(join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const { violations } = await (globalThis as unknown as InPage).axe.run();
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** How much wider than the viewport the page is (0: nothing to scroll sideways). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const { documentElement } = (globalThis as unknown as InPage).document;
    return documentElement.scrollWidth - documentElement.clientWidth;
  });
}
