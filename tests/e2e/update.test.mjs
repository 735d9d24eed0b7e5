// A new version deployed under the same URL while the planner is open: the
// page says so ("Reload to update") instead of silently running the old
// one, and reloading runs the new build. Two real builds: dist/ and
// target/dist-second/ (the same sources built with another CAS_PLANNER_BUILD,
// `make dist-second`), deployed one over the other in a served folder.

import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { assertClean, distDir, openApp, repoRoot, screenshot, startDistServer, runAxe, formatAxeViolations } from './helpers.mjs';
import { e2eSuite } from './suite.mjs';

const suite = e2eSuite();
const second = process.env.E2E_DIST_SECOND ?? path.join(repoRoot, 'target', 'dist-second');

test('a second build deployed over the first shows "Reload to update", and the reload runs it', async () => {
  assert.ok(existsSync(path.join(second, 'index.html')), `${second}/index.html missing: run make dist-second`);
  const site = await mkdtemp(path.join(os.tmpdir(), 'cas-planner-deploy-'));
  await cp(distDir, site, { recursive: true });
  const { server, baseUrl } = await startDistServer(site);
  try {
    const { context, page, problems } = await openApp(suite.browser, baseUrl);
    try {
      const first = await page.locator('html').getAttribute('data-build');
      assert.ok(first, 'the build is named on <html data-build>');
      await page.locator('[data-testid="client-row"]').first().waitFor();
      await page.waitForFunction(async () => Boolean((await navigator.serviceWorker.ready).active));
      // Nothing new yet: the check at start finds this very version.
      await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
      await page.waitForTimeout(500);
      assert.equal(await page.locator('[data-testid="update-notice"]').count(), 0, 'no notice for the running version');

      // Deploy the second build over the first, as a static host's upload does.
      await cp(second, site, { recursive: true, force: true });
      // The user comes back to the tab: the page asks again.
      await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
      const notice = page.locator('[data-testid="update-notice"]');
      await notice.waitFor({ timeout: 10_000 });
      assert.match(await notice.textContent(), /A new version of CAS Array Planner is available/);
      await screenshot(page, '80-update-notice', { fullPage: false });
      const violations = await runAxe(page);
      assert.deepEqual(violations, [], formatAxeViolations(violations));

      await notice.getByRole('button', { name: 'Reload to update' }).click();
      await page.waitForFunction((was) => document.documentElement.dataset.build && document.documentElement.dataset.build !== was, first, { timeout: 20_000 });
      assert.equal(await page.locator('html').getAttribute('data-build'), 'e2e-second');
      await page.locator('[data-testid="client-row"]').first().waitFor();
      await page.waitForTimeout(500);
      assert.equal(await page.locator('[data-testid="update-notice"]').count(), 0, 'the new version runs: no notice');
      assertClean(problems);
    } finally {
      await context.close();
    }
  } finally {
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
    await rm(site, { recursive: true, force: true });
  }
});
