// File format 5's fields in the forms (issue 29): a client's Autodiscover
// switches (§6 switch 1, 4), a CAS's site scope and certificate (§6 scp 4–5,
// https 2), a web host (§6 https 3), an SCP pointer (§6 scp 3) and a §6 span,
// each edited in its form and found in the design Save writes.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { assertClean, formatAxeViolations, runAxe, screenshot } from './helpers.mjs';
import { e2eSuite, openObject } from './suite.mjs';

const suite = e2eSuite();

/** Types `value` into the field and commits it with Enter. */
async function commit(field, value) {
  await field.fill(value);
  await field.press('Enter');
}

/** The design as Save downloads it. */
async function saved(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="save"]').click()]);
  return JSON.parse(await readFile(await download.path(), 'utf8'));
}

test('Autodiscover fields are edited in their forms and saved', async () => {
  await suite.withApp(async ({ page, problems }) => {
    await page.setViewportSize({ width: 1366, height: 900 });

    // The client: the root-domain method off, two RedirectServers hosts.
    await openObject(page, 'client-external');
    const client = page.locator('[data-object="client-external"]');
    const section = client.locator('[data-testid="client-autodiscover"]');
    assert.match(await section.locator('legend').first().textContent(), /^Autodiscover$/);
    await client.locator('[data-testid="exclude-root-domain"]').check();
    await client.locator('[data-testid="exclude-root-domain"]:checked').waitFor();
    assert.match(await section.textContent(), /HTTPS root domain \(ExcludeHttpsRootDomain\)/);
    await commit(client.locator('[data-testid="client-redirect-servers"]'), 'mail.mycompany.com, mail.partner.example');
    // A cached URL that is no URL is refused next to its field, and the design keeps none.
    const cached = client.locator('[data-testid="client-cached-url"]');
    await commit(cached, 'mail.mycompany.com');
    assert.match(await client.locator('.field-error').textContent(), /is not an http:\/\/ or https:\/\/ URL/);
    await commit(cached, 'https://mail.mycompany.com/Autodiscover/Autodiscover.xml');
    await client.locator('.field-error').waitFor({ state: 'detached' });
    await client.locator('[data-testid="client-office365"]').selectOption('tenant-unknown');
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, '70-client-autodiscover', { fullPage: false });

    // The CAS: its site scope and the names on its certificate.
    await openObject(page, 'cas-01');
    const cas = page.locator('[data-object="cas-01"]');
    await commit(cas.locator('[data-testid="cas-site-scope"]'), 'HQ, Branch Office');
    await commit(cas.locator('[data-testid="cas-cert-names"]'), 'mail.mycompany.com, *.mycompany.com');
    await cas.locator('[data-testid="cas-site-scope"]').scrollIntoViewIfNeeded();
    await screenshot(page, '72-cas-site-scope', { fullPage: false });

    // A web host, from the tree's Add button; its form opens.
    await page.getByRole('button', { name: '+ Add web host' }).click();
    await page.locator('[data-object="web-1"] [data-testid="inspector"]').waitFor();
    await page.locator('[data-object="web-1"] [data-testid="web-answers"]').selectOption('drops');

    // The settings: an SCP pointer and a §6 span.
    await page.locator('[data-testid="design-settings"] > .obj-button').click();
    const settings = page.locator('[data-testid="design-settings"] [data-testid="inspector"]');
    await settings.locator('[data-testid="add-scp-pointer"]').click();
    const pointer = settings.locator('[data-scp-pointer="scp-1"]');
    await commit(pointer.locator('[data-testid="scp-points-to"]'), 'dc01.resource.example');
    await commit(settings.locator('[data-testid="range-prompt-answer"]'), '3000–20000');
    await settings.locator('[data-testid="scp-pointers"]').scrollIntoViewIfNeeded();
    await screenshot(page, '71-settings-scp-pointers', { fullPage: false });

    const violations = await runAxe(page);
    assert.deepEqual(violations, [], formatAxeViolations(violations));

    const { scenario } = await saved(page);
    const external = scenario.clients.find((c) => c.id === 'client-external');
    assert.deepEqual(external.autodiscover_exclude, ['root-domain']);
    assert.deepEqual(external.redirect_servers, ['mail.mycompany.com', 'mail.partner.example']);
    assert.equal(external.cached_autodiscover_url, 'https://mail.mycompany.com/Autodiscover/Autodiscover.xml');
    assert.equal(external.office365, 'tenant-unknown');
    const cas01 = scenario.sites.flatMap((s) => s.cas_servers).find((c) => c.id === 'cas-01');
    assert.deepEqual(cas01.autodiscover_site_scope, ['HQ', 'Branch Office']);
    assert.deepEqual(cas01.certificate_names, ['mail.mycompany.com', '*.mycompany.com']);
    assert.deepEqual(
      scenario.autodiscover.web_hosts.map((h) => [h.id, h.answers]),
      [['web-1', 'drops']],
    );
    assert.deepEqual(
      scenario.autodiscover.scp_pointers.map((p) => [p.id, p.points_to, p.domain]),
      [['scp-1', 'dc01.resource.example', '']],
    );
    assert.deepEqual(scenario.ranges.prompt_answer_ms, { min: 3000, max: 20000 });
    assertClean(problems);
  });
});

test('the local XML file is a multi-line text kept as text, and empty is none', async () => {
  await suite.withApp(async ({ page, problems }) => {
    await openObject(page, 'client-external');
    const xml = page.locator('[data-object="client-external"] [data-testid="client-local-xml"]');
    const content = '<?xml version="1.0"?>\n<Autodiscover><img src=x onerror="window.__pwned=1"></Autodiscover>';
    await xml.fill(content);
    await xml.blur();
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('[data-object="client-external"] img').count(), 0);
    let { scenario } = await saved(page);
    assert.equal(scenario.clients.find((c) => c.id === 'client-external').local_xml, content);

    await xml.fill('  ');
    await xml.blur();
    ({ scenario } = await saved(page));
    assert.equal(scenario.clients.find((c) => c.id === 'client-external').local_xml, null);
    assertClean(problems);
  });
});
