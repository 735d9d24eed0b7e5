// Nothing is ever lost: autosave survives a reload, share links open the same
// design elsewhere, two tabs never overwrite each other silently, a full
// storage is reported, and the app loads offline from its service worker.

import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import {
  assertClean,
  clientSeconds,
  repoRoot,
  screenshot,
  waitForClientSeconds,
} from './helpers.mjs';
import { e2eSuite, fixLeak, withOwnServer } from './suite.mjs';

const EXTERNAL = 'External laptop';

const suite = e2eSuite();

/** Waits until the autosave (debounced) has written the current design. */
async function waitForAutosave(page, predicate) {
  // The predicate runs here, not in the page: the app's CSP refuses eval there.
  const deadline = Date.now() + 5_000;
  for (;;) {
    const rec = await page.evaluate(() => localStorage.getItem('cas-planner/autosave/v1'));
    if (rec !== null && predicate(rec)) return;
    if (Date.now() > deadline) throw new Error('the autosave never matched');
    await page.waitForTimeout(50);
  }
}

test('an edit survives a reload', async () => {
  await suite.withApp(async ({ page, problems }) => {
    await fixLeak(page);
    await waitForAutosave(page, (rec) => !rec.includes('rec-ext-outlook'));
    await page.reload();
    await page.locator('[data-testid="client-row"]').first().waitFor();
    assert.ok((await clientSeconds(page, EXTERNAL)) < 2, 'the deletion is still there after reload');
    assert.match(await page.locator('.notice').first().textContent(), /Restored your design/);
    await screenshot(page, '20-restored-after-reload');
    assertClean(problems);
  });
});

test('a share link opens the same design in a fresh browser', async () => {
  let link;
  await suite.withApp(async ({ page }) => {
    await fixLeak(page);
    await page.locator('[data-testid="share"]').click();
    link = await page.locator('[data-testid="share-link"]').inputValue();
    assert.ok(link.startsWith(suite.baseUrl) && link.includes('#s=1.'), link);
    assert.ok(!link.split('#')[0].includes('s='), 'the design is only in the fragment, never sent to the server');
    await screenshot(page, '21-share-link');
  });
  const context = await suite.browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(link);
    await page.locator('[data-testid="client-row"]').first().waitFor();
    assert.ok((await clientSeconds(page, EXTERNAL)) < 2, 'the shared (fixed) design opened');
    assert.ok(!page.url().includes('#s='), 'the fragment is cleared so a reload keeps later edits');
  } finally {
    await context.close();
  }
});

test('two tabs never silently overwrite each other', async () => {
  await suite.withApp(async ({ context, page, problems }) => {
    const other = await context.newPage();
    await other.goto(suite.baseUrl);
    await other.locator('[data-testid="client-row"]').first().waitFor();
    // Regression: both tabs re-saving the same restored design looked like a conflict.
    await page.waitForTimeout(800); // past the autosave delay in both tabs
    assert.equal(await page.locator('[data-testid="tab-conflict"]').count(), 0, 'opening a second tab is not a conflict');
    await fixLeak(page);
    const banner = other.locator('[data-testid="tab-conflict"]');
    await banner.waitFor({ timeout: 5_000 });
    await screenshot(other, '22-tab-conflict');
    assert.ok((await clientSeconds(other, EXTERNAL)) >= 10, 'the other tab keeps its own design until asked');
    await banner.locator("text=Open the other tab's design").click();
    await waitForClientSeconds(other, EXTERNAL, (s) => s < 2, "the first tab's design");
    assertClean(problems);
  });
});

test('a full storage is reported, never silent', async () => {
  const context = await suite.browser.newContext();
  try {
    await context.addInitScript(() => {
      Storage.prototype.setItem = function () {
        throw new DOMException('quota', 'QuotaExceededError');
      };
    });
    const page = await context.newPage();
    await page.goto(suite.baseUrl);
    await page.locator('[data-testid="client-row"]').first().waitFor();
    await fixLeak(page);
    const err = page.locator('[data-testid="storage-error"]');
    await err.waitFor({ timeout: 5_000 });
    assert.match(await err.textContent(), /storage is full/);
    assert.ok((await clientSeconds(page, EXTERNAL)) < 2, 'the design stays open');
    await screenshot(page, '23-storage-full');
  } finally {
    await context.close();
  }
});

test('hostile files are refused with a clear message and the design is untouched', async () => {
  const dir = path.join(repoRoot, 'tests', 'hostile');
  const expected = JSON.parse(await readFile(path.join(dir, 'expected.json'), 'utf8'));
  const files = (await readdir(dir)).filter((f) => f !== 'expected.json');
  assert.ok(files.length >= 8, `hostile corpus has ${files.length} files`);
  await suite.withApp(async ({ page, problems }) => {
    for (const f of files) {
      const want = expected[f];
      assert.ok(want, `tests/hostile/expected.json has an entry for ${f}`);
      await page.locator('[data-testid="open-file"]').setInputFiles(path.join(dir, f));
      if (want.loads) {
        await page.locator('.notice', { hasText: `Opened ${f}` }).waitFor({ timeout: 10_000 });
        // Names are literal text: no element was created from them.
        assert.equal(await page.evaluate(() => window.__pwned), undefined, f);
        assert.equal(await page.locator('.pane img, .pane script').count(), 0, f);
        if (want.shows) {
          assert.ok((await page.locator('body').textContent()).includes(want.shows), `${f}: shows ${want.shows} literally`);
        }
        await page.locator('text=Undo').first().click();
      } else {
        const err = page.locator('.notice-error', { hasText: f });
        await err.waitFor({ timeout: 10_000 });
        assert.ok((await err.textContent()).includes(want.message), `${f}: "${await err.textContent()}" should include "${want.message}"`);
      }
      assert.ok((await clientSeconds(page, EXTERNAL)) >= 10, `${f}: the open design is untouched`);
    }
    // Over the size limit: refused from its size, before the browser reads it.
    await page.locator('[data-testid="open-file"]').setInputFiles({
      name: 'huge.casplan.json',
      mimeType: 'application/json',
      buffer: Buffer.alloc(17 * 1024 * 1024, 0x20),
    });
    const huge = page.locator('.notice-error', { hasText: 'huge.casplan.json' });
    await huge.waitFor({ timeout: 10_000 });
    assert.match(await huge.textContent(), /the file is 17\.0 MiB; the planner opens files up to 16 MiB/);
    assert.ok((await clientSeconds(page, EXTERNAL)) >= 10, 'huge file: the open design is untouched');
    await screenshot(page, '24-hostile-file');
    assertClean(problems);
  });
});

test('the app loads from its service worker with the server stopped', async () => {
  await withOwnServer(suite.browser, async ({ page, stopServer }) => {
    await page.locator('[data-testid="client-row"]').first().waitFor();
    await page.waitForFunction(async () => {
      const reg = await navigator.serviceWorker.ready;
      const cache = await caches.open('cas-planner-v1');
      return reg.active && (await cache.keys()).some((r) => r.url.endsWith('.wasm'));
    }, null, { timeout: 15_000 });
    await stopServer();
    await page.reload();
    await page.locator('[data-testid="client-row"]').first().waitFor({ timeout: 15_000 });
    assert.ok((await clientSeconds(page, EXTERNAL)) > 0);
    await screenshot(page, '25-offline');
  });
});

test('Save downloads the design, New empties it, and dropping the file brings it back', async () => {
  await suite.withApp(async ({ page, problems }) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="save"]').click()]);
    assert.match(download.suggestedFilename(), /^mycompany-cas-array-name-leaks\.casplan\.json$/);
    const text = await readFile(await download.path(), 'utf8');
    assert.equal(JSON.parse(text).format, 'cas-planner/scenario');

    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.locator('[data-testid="scenario-name"]', { hasText: 'Untitled design' }).waitFor();
    assert.equal(await page.locator('[data-testid="client-row"]').count(), 0);

    await page.evaluate((content) => {
      const dt = new DataTransfer();
      dt.items.add(new File([content], 'saved.casplan.json', { type: 'application/json' }));
      const root = document.querySelector('[data-testid="app-root"]');
      root.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, text);
    await page.locator('.notice', { hasText: 'Opened saved.casplan.json' }).waitFor();
    assert.ok((await clientSeconds(page, EXTERNAL)) >= 10, 'the saved (leaking) design is back');
    await page.locator('text=Undo').first().click();
    await page.locator('[data-testid="scenario-name"]', { hasText: 'Untitled design' }).waitFor();
    assertClean(problems);
  });
});
