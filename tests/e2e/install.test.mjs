// Installable: the page links a valid web app manifest whose start_url and
// scope are relative (any sub-path works) and whose icons load, in SVG and
// PNG at the sizes it states; the service worker keeps them for offline use.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { APP_COMPLETE, assertClean, repoRoot } from './helpers.mjs';
import { e2eSuite, withOwnServer } from './suite.mjs';

const suite = e2eSuite();

/** Width and height from a PNG's IHDR chunk. */
function pngSize(buf) {
  assert.equal(buf.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG file');
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

test('the manifest is valid, relative, and its icons load (and are cached for offline use)', async () => {
  await suite.withApp(async ({ page, problems }) => {
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    assert.equal(href, './manifest.webmanifest');
    const manifestUrl = new URL(href, page.url()).href;
    const res = await page.request.get(manifestUrl);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'], /^application\/manifest\+json/);
    const m = JSON.parse(await res.text());
    assert.equal(m.name, 'CAS Array Planner');
    assert.ok(m.short_name && m.short_name.length <= 12, `short_name ${m.short_name}`);
    assert.equal(m.start_url, './');
    assert.equal(m.scope, './');
    assert.equal(m.display, 'standalone');
    assert.match(m.theme_color, /^#[0-9a-f]{6}$/i);
    assert.equal(await page.locator('meta[name="theme-color"]').getAttribute('content'), m.theme_color);
    assert.ok(m.icons.some((i) => i.type === 'image/svg+xml'), 'an SVG icon');
    for (const want of ['192x192', '512x512']) assert.ok(m.icons.some((i) => i.type === 'image/png' && i.sizes === want && i.purpose.includes('any')), `a ${want} PNG icon`);
    assert.ok(m.icons.some((i) => i.purpose.includes('maskable')), 'a maskable icon');
    const iconUrls = [];
    for (const icon of m.icons) {
      assert.ok(!icon.src.startsWith('/') && !/^[a-z]+:/i.test(icon.src), `relative icon ${icon.src}`);
      const url = new URL(icon.src, manifestUrl).href;
      iconUrls.push(url);
      const r = await page.request.get(url);
      assert.equal(r.status(), 200, icon.src);
      assert.equal(r.headers()['content-type'].split(';')[0], icon.type, icon.src);
      const body = await r.body();
      if (icon.type === 'image/png') assert.deepEqual(pngSize(body).join('x'), icon.sizes, icon.src);
      else assert.match(body.toString('utf8'), /^<svg /, icon.src);
    }
    // The service worker keeps the manifest's icons for an installed app offline.
    await page.waitForFunction(async (urls) => {
      await navigator.serviceWorker.ready;
      const cache = await caches.open('cas-planner-v1');
      const keys = new Set((await cache.keys()).map((r) => r.url));
      return urls.every((u) => keys.has(u));
    }, iconUrls, { timeout: 15_000 });
    assertClean(problems);
  });
});

test('a part loaded on demand works offline after a first visit: the collector downloads with the server stopped', async () => {
  await withOwnServer(suite.browser, async ({ page, url, stopServer }) => {
    await page.locator(APP_COMPLETE).waitFor();
    // The worker caches it with the page, though the page never loaded it.
    const collector = new URL('./collect-exchange.ps1', url).href;
    const cached = () =>
      page.evaluate(async (u) => {
        await navigator.serviceWorker.ready;
        return (await (await caches.open('cas-planner-v1')).match(u)) !== undefined;
      }, collector);
    for (let i = 0; i < 150 && !(await cached()); i++) await page.waitForTimeout(100);
    assert.ok(await cached(), 'the service worker cached the collector');
    await stopServer();
    await page.reload();
    await page.locator(APP_COMPLETE).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Import from Exchange…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import from Exchange' });
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download collect-exchange.ps1' }).click()]);
    assert.equal(download.suggestedFilename(), 'collect-exchange.ps1');
    const body = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
    assert.equal(body, await readFile(path.join(repoRoot, 'collect-exchange.ps1'), 'utf8'));
  });
});

test('the page carries a strict Content-Security-Policy, and the app runs under it', async () => {
  await suite.withApp(async ({ page, problems }) => {
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives['default-src'], ["'self'"]);
    assert.deepEqual(directives['object-src'], ["'none'"]);
    assert.deepEqual(directives['base-uri'], ["'none'"]);
    assert.deepEqual(directives['form-action'], ["'none'"]);
    assert.deepEqual(directives['style-src'], ["'self'"]);
    const scripts = directives['script-src'];
    assert.ok(scripts.includes("'self'") && scripts.includes("'wasm-unsafe-eval'"), csp);
    assert.ok(scripts.some((s) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(s)), 'the inline loader by its hash');
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes("'unsafe-eval'"), csp);
    // The meta comes before any script: it governs them all.
    const order = await page.evaluate(() => [...document.head.children].findIndex((e) => e.matches('meta[http-equiv="Content-Security-Policy"]')) < [...document.head.children].findIndex((e) => e.tagName === 'SCRIPT'));
    assert.ok(order, 'the CSP meta precedes the scripts');
    // Under it the app rendered (the loader ran), and drawing, printing and exporting break nothing.
    await page.locator('[data-example="seed-leaking"]').click();
    await page.locator('.cas-drawing').first().waitFor();
    await page.evaluate(() => { window.print = () => {}; });
    await page.getByRole('button', { name: 'Print report' }).click();
    await page.locator('[data-testid="print-report"]').waitFor({ state: 'attached' });
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG of the topology' }).click()]);
    assert.match(png.suggestedFilename(), /\.png$/);
    assert.deepEqual(problems.csp, []);
    assertClean(problems);
  });
});
