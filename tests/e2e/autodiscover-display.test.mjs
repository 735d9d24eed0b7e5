// Issue 29, shown: the Autodiscover run before the connection wherever the
// connection is shown. C8's example (a web host at the root domain with
// another name's certificate): the External laptop's profile run meets the
// certificate prompt; its text is in the path, in the presenter and in the
// printed report (the PDF's pages rendered to PNG when pdftoppm is there).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { assertClean, formatAxeViolations, runAxe, screenshot } from './helpers.mjs';
import { e2eSuite } from './suite.mjs';

const suite = e2eSuite();
const EXTERNAL = 'External laptop';
const PROMPT = 'The name on the security certificate is invalid or does not match the name of the site. Do you want to proceed?';

async function openC8(page) {
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.locator('[data-example="autodiscover-root-domain-web-host"]').click();
  await page.locator(`[data-testid="client-row"][data-client="${EXTERNAL}"] button`).first().click();
}

test('C8: the path shows Autodiscover before the connection, the certificate prompt as the user reads it; axe clean', async () => {
  await suite.withApp(async ({ page, problems }) => {
    await openC8(page);
    const ad = page.locator('[data-testid="ad-view"]');
    await ad.waitFor();
    assert.match(await ad.locator('[data-testid="ad-profile-setup"]').textContent(), /^7\.6 s \(range .*\): Autodiscover 6\.7 s then the first connection/);
    assert.match(await ad.locator('[data-testid="ad-each-start"]').textContent(), /^920 ms/);
    const prompt = ad.locator('[data-testid="ad-prompt"]').first();
    assert.equal(await prompt.locator('[data-testid="ad-prompt-text"]').textContent(), PROMPT);
    assert.match(await prompt.textContent(), /mycompany\.com/);
    // The methods in order, the failed root domain marked, before the connection's steps.
    const methods = await ad.locator('[data-testid="ad-steps"]').first().locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-method')));
    assert.equal(methods[0], 'root-domain');
    assert.ok(methods.includes('autodiscover-domain'), methods.join(', '));
    const adBox = await ad.boundingBox();
    const stepsBox = await page.locator('[data-testid="step-list"]').boundingBox();
    assert.ok(adBox.y < stepsBox.y, 'Autodiscover comes before the connection');
    // The timeline's Autodiscover lane, with the prompt's diamond.
    const timeline = page.locator('[data-testid="timeline"]');
    assert.ok(await timeline.locator('.ad-row').count() >= 1, 'an Autodiscover lane');
    assert.equal(await timeline.locator('.prompt-marker').count(), 1);
    assert.ok(await timeline.locator('.ad-failed').count() >= 1, 'the failed root domain is marked');
    // The topology outlines what Autodiscover tried, the web host among them.
    const topo = page.locator('[data-testid="topology"]');
    assert.ok(await topo.locator('g.autodiscover').count() >= 2);
    await timeline.scrollIntoViewIfNeeded();
    await screenshot(page, '80-autodiscover-timeline', { fullPage: false });
    await prompt.scrollIntoViewIfNeeded();
    await screenshot(page, '81-autodiscover-prompt', { fullPage: false });
    await topo.screenshot({ path: 'target/e2e/82-autodiscover-topology.png' });
    const violations = await runAxe(page);
    assert.deepEqual(violations, [], formatAxeViolations(violations));
    assertClean(problems);
  });
});

test('C8: the presenter walks Autodiscover first and shows the certificate prompt; axe clean', async () => {
  await suite.withApp(async ({ page, problems }) => {
    await openC8(page);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole('button', { name: 'Present', exact: true }).click();
    const presenter = page.locator('[data-testid="presenter"]');
    await presenter.waitFor();
    const step = presenter.locator('[data-testid="present-step"]');
    assert.equal(await step.getAttribute('data-kind'), 'autodiscover-root-domain');
    for (let i = 0; i < 20 && !(await step.locator('[data-testid="ad-prompt"]').count()); i++) {
      await page.keyboard.press('ArrowRight');
    }
    assert.equal(await step.locator('[data-testid="ad-prompt-text"]').textContent(), PROMPT);
    assert.match(await presenter.locator('[data-testid="present-announce"]').textContent(), /Prompt: The name on the security certificate/);
    await screenshot(page, '83-present-autodiscover-prompt', { fullPage: false });
    const violations = await runAxe(page);
    assert.deepEqual(violations, [], formatAxeViolations(violations));
    // After Autodiscover, the connection's steps.
    await page.keyboard.press('End');
    assert.doesNotMatch(await step.getAttribute('data-kind'), /^autodiscover-/);
    assertClean(problems);
  });
});

test('C8: the printed report carries the two waits and the prompt\'s text (PDF pages looked at)', async () => {
  await suite.withApp(async ({ page, problems }) => {
    await openC8(page);
    await page.evaluate(() => { window.print = () => {}; });
    await page.getByRole('button', { name: 'Print report' }).click();
    const report = page.locator('[data-testid="print-report"]');
    await report.waitFor({ state: 'attached' });
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => document.body.innerText);
    for (const want of ['Profile setup', 'Each start', 'Autodiscover', PROMPT]) {
      assert.ok(printed.includes(want), `the print shows ${JSON.stringify(want)}`);
    }
    const pdfPath = 'target/e2e/84-report-autodiscover.pdf';
    await page.pdf({ format: 'A4', printBackground: true, path: pdfPath });
    try {
      execFileSync('pdftoppm', ['-png', '-r', '60', pdfPath, 'target/e2e/84-report-autodiscover'], { stdio: 'ignore' });
    } catch {
      // No pdftoppm on this machine: the PDF stays for a reader.
    }
    assertClean(problems);
  });
});
