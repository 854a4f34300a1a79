import { tmpdir } from 'node:os';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { ADMIN, type TestApp } from '../../../../test/setup/harness.js';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** Browser tests run only where Debian's Chromium is installed; elsewhere they are skipped out loud. */
export function describeInBrowser(name: string, body: () => void) {
  if (!hasChromium) {
    console.warn(`SKIPPED "${name}": ${CHROMIUM} is not installed (apt-get install chromium)`);
    describe.skip(name, body);
    return;
  }
  describe(name, body);
}

export interface Browser {
  /** The default context (English unless asked otherwise); `newContext` makes more, e.g. with JavaScript off. */
  context: BrowserContext;
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** One headless Chromium per test file; each context has cookies and storage of its own. */
export async function openBrowser(locale = 'en-US'): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const newContext = (options: BrowserContextOptions = {}) =>
    browser.newContext({ locale, viewport: { width: 1280, height: 820 }, ...options });
  return {
    context: await newContext(),
    newContext,
    close: () => browser.close(),
  };
}

/** Serves the in-process test app on a random local port for the browser. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

/** `CLIENTELE_SCREENSHOTS=1` refreshes the screenshots in docs/; otherwise they go to a temporary folder, leaving the tree clean. */
export const screenshotDir = process.env.CLIENTELE_SCREENSHOTS
  ? join(process.cwd(), 'docs/screenshots')
  : join(tmpdir(), 'clientele-screenshots');

export async function signIn(page: Page, base: string, email: string, password: string) {
  await page.goto(`${base}/admin/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export interface AdminSession {
  /** The app's address, e.g. `http://127.0.0.1:41234`. */
  base: string;
  browser: Browser;
  /** A page of the browser's default context. */
  page: Page;
}

/**
 * What every admin browser test starts with: the app served on a random port, one Chromium with a
 * page, the screenshots folder, and the page signed in — as the first admin unless `as` names
 * someone else, or not at all with `as: null`.
 */
export async function openAdmin(
  t: TestApp,
  options: { as?: { email: string; password: string } | null; locale?: string } = {},
): Promise<AdminSession> {
  const base = await listen(t);
  const browser = await openBrowser(options.locale);
  const page = await browser.context.newPage();
  mkdirSync(screenshotDir, { recursive: true });
  const user = options.as === undefined ? ADMIN : options.as;
  if (user) await signIn(page, base, user.email, user.password);
  return { base, browser, page };
}

/** Closes the browser, then the app; either may be missing when the start failed. */
export async function closeAdmin(browser: Browser | undefined, t: TestApp | undefined) {
  await browser?.close();
  await t?.close();
}
