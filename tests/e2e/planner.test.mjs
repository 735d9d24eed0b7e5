// The planner as a new user tries it: load the seed's leaking design, see the
// wait and the fallback, delete the leaking record, see the delay drop, compare,
// undo. Plus inline validation and deletion with dependants.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import {
  assertClean,
  clientSeconds,
  formatAxeViolations,
  repoRoot,
  runAxe,
  screenshot,
  waitForClientSeconds,
} from './helpers.mjs';
import { deleteObject, e2eSuite, fixLeak, openObject } from './suite.mjs';

const EXTERNAL = 'External laptop';

const suite = e2eSuite();

test('leak → delete the external record → about a second → compare → undo', async () => {
  await suite.withApp(async ({ page, problems }) => {
    await page.locator('[data-example="seed-leaking"]').click();
    const leaking = await clientSeconds(page, EXTERNAL);
    assert.ok(leaking >= 10 && leaking < 60, `leaking design: external client waits tens of seconds, got ${leaking} s`);
    await page.locator(`[data-client="${EXTERNAL}"] button`).click();
    const fallback = page.locator('[data-testid="step-list"] li[data-kind="fallback"]');
    assert.match(await fallback.textContent(), /falling back to RPC over HTTP/);
    assert.ok(await page.locator('.fallback-marker').isVisible(), 'the timeline marks the fallback');
    await screenshot(page, '10-seed-leaking');

    await page.locator('[data-testid="pin"]').click();
    const fixed = await fixLeak(page);
    assert.ok(fixed > 0.3, `fixed design still pays DNS + HTTPS setup, got ${fixed} s`);
    await screenshot(page, '11-record-deleted');

    const row = page.locator(`[data-testid="compare-row"][data-client="${EXTERNAL}"]`);
    assert.match(await row.locator('[data-testid="compare-before"]').textContent(), /^2\d\.\d s \(rpc-http\)$/);
    assert.match(await row.locator('[data-testid="compare-after"]').textContent(), /^\d{2,3} ms \(rpc-http\)$/);
    assert.match(await row.locator('[data-testid="compare-delta"]').textContent(), /faster/);
    await page.locator('[data-testid="compare"]').scrollIntoViewIfNeeded();
    await screenshot(page, '12-compare');

    // Undo from the keyboard, with focus outside any text field.
    await page.locator('h1').click();
    await page.keyboard.press('Control+z');
    const undone = await waitForClientSeconds(page, EXTERNAL, (s) => s >= 10, 'the leak back after undo');
    assert.equal(undone, leaking);
    await screenshot(page, '13-undo');
    await page.locator('text=Redo').click();
    await waitForClientSeconds(page, EXTERNAL, (s) => s < 2, 'the fix again after redo');
    assertClean(problems);
  });
});

test('a long compare lists the clients that changed first, 50 rows until asked for all', async () => {
  // The seed's two clients thirty times over: 60 clients, half of them outside.
  const seed = JSON.parse(await readFile(path.join(repoRoot, 'examples/seed-leaking.casplan.json'), 'utf8'));
  const [inside, outside] = seed.scenario.clients;
  seed.scenario.clients = Array.from({ length: 30 }, (_, i) => [
    { ...inside, id: `${inside.id}-${i}`, name: `Inside ${String(i).padStart(2, '0')}` },
    { ...outside, id: `${outside.id}-${i}`, name: `Outside ${String(i).padStart(2, '0')}` },
  ]).flat();
  const dir = await mkdtemp(path.join(tmpdir(), 'cas-e2e-'));
  const file = path.join(dir, 'sixty.casplan.json');
  await writeFile(file, JSON.stringify(seed));
  await suite.withApp(async ({ page, problems }) => {
    await page.locator('[data-testid="open-file"]').setInputFiles(file);
    await page.locator('[data-testid="client-summary"]').waitFor();
    await page.locator('[data-testid="pin"]').click();
    await deleteObject(page, 'rec-ext-outlook');
    const rows = page.locator('[data-testid="compare-row"]');
    await page.locator('[data-testid="compare-show-all"]').waitFor();
    assert.equal(await rows.count(), 50);
    assert.equal(await page.locator('[data-testid="compare-show-all"]').textContent(), 'Show all 60 clients');
    // The 30 outside clients got faster; the 30 inside ones did not change.
    const names = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.client));
    assert.deepEqual(names.slice(0, 30), Array.from({ length: 30 }, (_, i) => `Outside ${String(i).padStart(2, '0')}`));
    assert.match(await rows.nth(0).locator('[data-testid="compare-delta"]').textContent(), /faster/);
    assert.equal(names[30], 'Inside 00');
    await page.locator('[data-testid="compare-show-all"]').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="compare-row"]').length === 60);
    assert.equal(await page.locator('[data-testid="compare-show-all"]').count(), 0);
    assertClean(problems);
  });
});

test('a bad value is refused next to its field and the design is untouched', async () => {
  await suite.withApp(async ({ page, problems }) => {
    await openObject(page, 'client-external');
    const link = page.locator('[data-testid="client-link"]');
    await link.fill('fast');
    await link.press('Enter');
    const error = page.locator('[data-object="client-external"] .field-error');
    assert.match(await error.textContent(), /whole number/);
    assert.ok((await clientSeconds(page, EXTERNAL)) >= 10, 'design unchanged');
    await screenshot(page, '14-inline-error');
    // A number out of the field's bounds: the core's rule refuses it, with
    // the message the loader and apply give (crates/core/tests/bounds.rs).
    await link.fill('0');
    await link.press('Enter');
    assert.equal(await error.textContent(), 'link speed: is 0; enter a whole number from 1 to 100000000');
    assert.ok((await clientSeconds(page, EXTERNAL)) >= 10, 'design unchanged');
    // A slow link (≤ 128 kbit/s) makes Outlook try HTTP first (§4): no wait.
    await link.fill('64');
    await link.press('Enter');
    await waitForClientSeconds(page, EXTERNAL, (s) => s < 2, 'HTTP first on a slow link');
    assert.equal(await error.count(), 0, 'the error clears once the value is accepted');
    assertClean(problems);
  });
});

test('deleting a mailbox server lists the objects that go with it', async () => {
  await suite.withApp(async ({ page, problems }) => {
    await openObject(page, 'mbx-01');
    await page.locator('[data-object="mbx-01"] [data-testid="delete"]').click();
    const dialog = page.locator('[role="alertdialog"]');
    const text = await dialog.textContent();
    assert.match(text, /database DB01/);
    assert.match(text, /client External laptop/);
    await screenshot(page, '15-delete-dependants');
    await dialog.locator('text=Cancel').click();
    assert.equal(await page.locator('[data-testid="client-row"]').count(), 2, 'cancel keeps everything');
    assertClean(problems);
  });
});

test('user text is shown as text, never as markup', async () => {
  await suite.withApp(async ({ page, problems }) => {
    await openObject(page, 'client-external');
    const name = page.locator('[data-object="client-external"] input').first();
    await name.fill('<img src=x onerror="window.__pwned=1">Road warrior');
    await name.press('Enter');
    await page.locator('[data-testid="client-row"][data-client^="<img"]').waitFor();
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('.client-list img').count(), 0);
    assertClean(problems);
  });
});

test('the editing UI has no serious or critical accessibility violations', async () => {
  await suite.withApp(async ({ page }) => {
    await openObject(page, 'array-hq');
    const violations = await runAxe(page);
    assert.equal(violations.length, 0, formatAxeViolations(violations));
  });
});
