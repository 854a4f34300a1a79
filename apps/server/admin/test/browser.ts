import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import type { TestApp } from '../../../../test/setup/harness.js';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** Browser tests run only where Debian's Chromium is installed; elsewhere they are skipped out loud. */
export function describeInBrowser(name: string, body: () => void) {
  if (!hasChromium) {
    // eslint-disable-next-line no-console
    console.warn(`SKIPPED "${name}": ${CHROMIUM} is not installed (apt-get install chromium)`);
    describe.skip(name, body);
    return;
  }
  describe(name, body);
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** One headless Chromium per test file, with a profile of its own. */
export async function openBrowser(locale = 'en-US'): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'clientele-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale,
    viewport: { width: 1280, height: 820 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Serves the in-process test app on a random local port for the browser. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

export const screenshotDir = join(process.cwd(), 'docs/screenshots');
