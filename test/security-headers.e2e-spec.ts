import type { Page } from 'playwright-core';
import { PluginRegistry } from '@clientele/core';
import { seedOnce } from '../apps/server/seed.js';
import { describeInBrowser, listen, openBrowser, signIn, type Browser } from '../apps/server/admin/test/browser.js';
import { ADMIN, startTestApp, type TestApp } from './setup/harness.js';

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts', 'notes'] });
  });
  afterAll(() => t?.close());

  it('every kind of answer — API, error, admin UI, docs — carries the policy, no framing, nosniff and a same-origin referrer policy', async () => {
    for (const url of ['/health', '/api/me', '/admin/login', '/api/no-such-route']) {
      const res = await t.http().get(url);
      const csp = res.headers['content-security-policy'];
      expect([url, csp]).toEqual([url, expect.stringContaining("frame-ancestors 'none'")]);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
    }
    const admin = (await t.http().get('/admin/login')).headers['content-security-policy'];
    expect(admin).toMatch(/style-src 'self'(;|$)/);
    expect(admin).not.toMatch(/script-src[^;]*unsafe-inline/);
    const docs = (await t.http().get('/docs')).headers['content-security-policy'];
    expect(docs).toContain("frame-ancestors 'none'");
    expect(docs).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});

describeInBrowser('the admin UI under its Content-Security-Policy', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  const violations: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts', 'notes'] });
    await seedOnce(t.app, t.get(PluginRegistry).plugins);
    base = await listen(t);
    browser = await openBrowser();
    page = await browser.context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in, lists, opens, searches and edits without a single policy violation', async () => {
    await signIn(page, base, ADMIN.email, ADMIN.password);
    await page.goto(`${base}/admin/r/customers`);
    await page.locator('#results tbody a').first().click();
    await page.waitForLoadState('networkidle');
    await page.goto(`${base}/admin/r/customers?q=Dvo`);
    await page.waitForLoadState('networkidle');
    await page.goto(`${base}/admin/r/customer-states`);
    await page.goto(`${base}/admin/r/roles/new`);
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => typeof (globalThis as { htmx?: unknown }).htmx)).toBe('object');
    expect(violations).toEqual([]);
  });

  it('cannot be framed by another page', async () => {
    const framing = await browser.context.newPage();
    const blocked: string[] = [];
    framing.on('console', (message) => blocked.push(message.text()));
    await framing.setContent(`<iframe src="${base}/admin/login"></iframe>`);
    await framing.waitForTimeout(500);
    const inner = framing.frames().find((frame) => frame.url().includes('/admin/login'));
    expect(
      (await inner
        ?.locator('input[type=password]')
        .count()
        .catch(() => 0)) ?? 0,
    ).toBe(0);
    expect(blocked.join('\n')).toMatch(/frame-ancestors|X-Frame-Options|refused/i);
  });
});
