// Predictions a consultant can defend: the seed's external laptop reads
// ≈ 21.9 s with its range and the bind attempts as what moves it; a group of
// 800 remote users shows its daily wait, and the compare view what the fix
// saves a day, at every point of the range.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClean, formatAxeViolations, runAxe, screenshot } from './helpers.mjs';
import { e2eSuite, openObject } from './suite.mjs';

const suite = e2eSuite();
const EXTERNAL = 'External laptop';

test('an 800-user group shows its range and daily wait, and the fix what it saves a day', async () => {
  await suite.withApp(async ({ page, problems }) => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.locator('[data-example="seed-leaking"]').click();
    const row = page.locator(`[data-testid="client-row"][data-client="${EXTERNAL}"]`);
    assert.match(await row.locator('[data-testid="client-range"]').textContent(), /^range 21\.3–45\.6 s · RPC bind attempts per cycle/);
    await openObject(page, 'client-external');
    const users = page.locator('[data-testid="client-users"]');
    await users.fill('800');
    await users.press('Enter');
    const cost = row.locator('[data-testid="client-cost"]');
    await cost.waitFor();
    // 800 × 4 × 21.92 s = 19.5 hours; 2 connects at the least wait to 10 at the most.
    assert.match(await cost.textContent(), /^800 users × 4 connects × 21\.9 s ≈ 19\.5 hours a day \(range 9\.5–101\.3 hours\), 1\.5 min per user$/);
    assert.match(await page.locator('[data-testid="design-cost"]').textContent(), /^All 801 users wait ≈ 19\.5 hours a day/);
    // The timeline shows the range as a band.
    await row.locator('button').first().click();
    await page.locator('.range-row').first().waitFor();
    await screenshot(page, '60-group-cost', { fullPage: false });

    await page.getByRole('button', { name: 'Pin as before' }).click();
    await page.locator('[data-testid="finding"][data-rule="CAS004"] [data-testid="apply-fix"]').first().click();
    await page.locator('[data-testid="finding"][data-rule="CAS004"]').waitFor({ state: 'detached' });
    const compare = page.locator('[data-testid="compare"]');
    const crow = compare.locator(`[data-testid="compare-row"][data-client="${EXTERNAL}"]`);
    assert.match(await crow.locator('[data-testid="compare-range"]').textContent(), /^faster at every point of the range/);
    // 800 × 4 × 21.0 s saved.
    assert.match(await crow.locator('[data-testid="compare-daily"]').textContent(), /^18\.7 hours \(range .*\) a day saved$/);
    assert.match(await compare.locator('[data-testid="compare-saving"]').textContent(), /^Saves ≈ 18\.7 hours/);
    await compare.scrollIntoViewIfNeeded();
    await screenshot(page, '61-compare-saving', { fullPage: false });
    const violations = await runAxe(page);
    assert.deepEqual(violations, [], formatAxeViolations(violations));
    assertClean(problems);
  });
});
