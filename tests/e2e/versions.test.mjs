// File format 6's fields in the forms (issue 30): a CAS's Exchange version
// and build (§10 version 3), a database's version, the organisation's
// MAPI/HTTP (§10 protocol 2), a client's Outlook version, MAPI/HTTP updates,
// MapiHttpDisabled, its mailbox's MAPI/HTTP and its IP stack (§10 version 2,
// protocol 3–4, ipv6 2), an AAAA record (§10 ipv6 1) and the four §10 spans,
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

/** A select's options as [value, label] pairs. */
function options(select) {
  return select.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
}

/** The help or error text under a field. */
function note(field) {
  return field.locator('xpath=ancestor::label[1]').locator('.field-help, .field-error').textContent();
}

const EXCHANGE = [
  ['2010', 'Exchange 2010'],
  ['2013', 'Exchange 2013'],
  ['2016', 'Exchange 2016'],
  ['2019', 'Exchange 2019'],
  ['se', 'Exchange Server SE'],
];

test('version, MAPI/HTTP and IPv6 fields are edited in their forms and saved', async () => {
  await suite.withApp(async ({ page, problems }) => {
    await page.setViewportSize({ width: 1366, height: 900 });
    const settingsRow = page.locator('[data-testid="design-settings"]');
    const settings = settingsRow.locator('[data-testid="inspector"]');
    const orgMapi = settings.locator('[data-testid="org-mapi"]');

    // An Exchange 2010 organisation: nobody set MAPI/HTTP, and setup left it off.
    await settingsRow.locator('> .obj-button').click();
    assert.deepEqual(await options(orgMapi), [['', 'As setup left it (off here)'], ['on', 'On'], ['off', 'Off']]);
    assert.match(await note(orgMapi), /^Setup leaves it on in a new 2016 or 2019 organisation.*This design: off \(Exchange 2010 has no MAPI\/HTTP\)$/);

    // The database: all five versions; a 2016 database turns what setup left on.
    await openObject(page, 'db-01');
    const db = page.locator('[data-object="db-01"]');
    assert.deepEqual(await options(db.locator('[data-testid="db-version"]')), EXCHANGE);
    await db.locator('[data-testid="db-version"]').selectOption('2016');
    await page.locator('[data-object="db-01"] .obj-summary', { hasText: 'Exchange 2016 →' }).waitFor();

    // The CAS: its version and a build, the core's rule refusing a build of another version.
    await openObject(page, 'cas-01');
    const cas = page.locator('[data-object="cas-01"]');
    const build = cas.locator('[data-testid="cas-build"]');
    assert.deepEqual(await options(cas.locator('[data-testid="cas-version"]')), EXCHANGE);
    assert.equal(await build.getAttribute('placeholder'), 'current build');
    await cas.locator('[data-testid="cas-version"]').selectOption('2016');
    await commit(build, '15.0.847.32');
    assert.match(await note(build), /^build: build 15\.0\.847\.32 is not Exchange 2016: its builds start with 15\.1$/);
    assert.equal(await build.getAttribute('aria-invalid'), 'true');
    await commit(build, 'CU23');
    assert.match(await note(build), /"CU23" is not a build number: expected four numbers with dots, such as 15\.0\.847\.32/);
    await commit(build, '15.1.2507.6');
    await cas.locator('.field-error').waitFor({ state: 'detached' });
    await cas.locator('.obj-summary', { hasText: 'Exchange 2016 15.1.2507.6' }).waitFor();
    await cas.locator('[data-testid="cas-version"]').scrollIntoViewIfNeeded();
    await screenshot(page, '80-cas-version-build', { fullPage: false });
    // The topology names a CAS's version where it is not 2010.
    assert.match(await page.locator('[data-testid="topology"]').textContent(), /CAS 2016 · 10\.10\.10\.11/);

    // The organisation: what setup left is now on; set it off explicitly.
    await settingsRow.locator('> .obj-button').click();
    assert.equal((await options(orgMapi))[0][1], 'As setup left it (on here)');
    assert.match(await note(orgMapi), /This design: on \(installing Exchange 2016 or later into an Exchange 2010 organisation turns it on\)$/);
    await orgMapi.scrollIntoViewIfNeeded();
    await screenshot(page, '81-settings-org-mapi-setup', { fullPage: false });
    await orgMapi.selectOption('off');
    await settings.locator('.field-help', { hasText: /^Set-OrganizationConfig -MapiHttpEnabled/ }).waitFor();
    // The four §10 spans.
    await commit(settings.locator('[data-testid="range-org-mapi-2013"]'), '1');
    await commit(settings.locator('[data-testid="range-mailbox-overrides"]'), '0–1');
    await commit(settings.locator('[data-testid="range-ipv6-first"]'), '1');
    await commit(settings.locator('[data-testid="range-dual-stack-race"]'), '0');
    await orgMapi.scrollIntoViewIfNeeded();
    await screenshot(page, '81-settings-org-mapi-off', { fullPage: false });
    await settings.locator('[data-testid="range-dual-stack-race"]').scrollIntoViewIfNeeded();
    await screenshot(page, '82-settings-ranges-10', { fullPage: false });

    // The client: seven Outlook versions; the updates checkbox for 2010 and 2013 only.
    await openObject(page, 'client-external');
    const client = page.locator('[data-object="client-external"]');
    const outlook = client.locator('[data-testid="client-outlook"]');
    const updates = client.locator('[data-testid="client-mapi-updates"]');
    assert.deepEqual((await options(outlook)).map(([v]) => v), ['2007', '2010', '2013', '2016', '2019', '2021', '365']);
    assert.equal((await options(outlook)).at(-1)[1], 'Microsoft 365 Apps');
    await outlook.selectOption('2013');
    await updates.waitFor();
    assert.equal(await updates.locator('xpath=ancestor::label[1]').locator('.field-label').textContent(), 'Outlook 2013 SP1 installed');
    await outlook.selectOption('2010');
    await client.locator('.field-label', { hasText: 'Outlook 2010 SP2 with KB2956191 and KB2965295 installed' }).waitFor();
    // The seed's Outlook 2010 predates SP2's updates: unchecked; tick it, then clear it again.
    assert.ok(!(await updates.isChecked()));
    await updates.check();
    await client.locator('[data-testid="client-mapi-updates"]:checked').waitFor();
    await updates.uncheck();
    await client.locator('[data-testid="client-mapi-updates"]:not(:checked)').waitFor();
    const section = client.locator('[data-testid="client-protocol"]');
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, '83-client-outlook-2010', { fullPage: false });
    await outlook.selectOption('365');
    await updates.waitFor({ state: 'detached' });
    assert.match(await note(outlook), /^Speaks MAPI\/HTTP \(§10 version 2\)$/);
    await client.locator('[data-testid="client-mapi-disabled"]').check();
    await client.locator('[data-testid="client-mapi-disabled"]:checked').waitFor();
    const mailbox = client.locator('[data-testid="client-mailbox-mapi"]');
    assert.deepEqual(await options(mailbox), [['', "Organisation's setting (off)"], ['on', 'On'], ['off', 'Off']]);
    await mailbox.selectOption('on');
    const stack = client.locator('[data-testid="client-ip-stack"]');
    assert.deepEqual(await options(stack), [['dual-stack', 'Dual stack (IPv6 and IPv4)'], ['ipv4-only', 'IPv4 only'], ['ipv6-only', 'IPv6 only']]);
    await stack.selectOption('ipv6-only');
    await client.locator('.obj-summary', { hasText: 'Microsoft 365 Apps' }).waitFor();
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, '84-client-mapi-ipv6', { fullPage: false });

    // An AAAA record, with a clear refusal of an address that is not IPv6.
    await page.getByRole('button', { name: '+ Record in mycompany.com', exact: true }).click();
    const record = page.locator('[data-testid="inspector"]:has([data-testid="record-type"])');
    await record.waitFor();
    assert.deepEqual((await options(record.locator('[data-testid="record-type"]'))).map(([v]) => v), ['A', 'AAAA', 'CNAME', 'SRV', 'TXT']);
    await commit(record.locator('[data-testid="record-name"]'), 'mail.mycompany.com');
    await record.locator('[data-testid="record-type"]').selectOption('AAAA');
    const address = record.locator('[data-testid="record-value"]');
    await record.locator('.field-label', { hasText: 'IPv6 address' }).waitFor();
    assert.equal(await address.inputValue(), '2001:db8::1');
    await commit(address, '2001:db8::zz');
    assert.match(await note(address), /^“2001:db8::zz” is not an IPv6 address \(e\.g\. 2001:db8::10\)$/);
    await commit(address, '203.0.113.10');
    assert.match(await note(address), /^“203\.0\.113\.10” is an IPv4 address: choose type A for it$/);
    await commit(address, '2001:db8::10');
    await record.locator('.field-error').waitFor({ state: 'detached' });
    await page.locator('.obj-record .obj-name', { hasText: 'mail.mycompany.com AAAA 2001:db8::10' }).waitFor();
    await address.scrollIntoViewIfNeeded();
    await screenshot(page, '85-record-aaaa', { fullPage: false });

    const violations = await runAxe(page);
    assert.deepEqual(violations, [], formatAxeViolations(violations));

    const { scenario } = await saved(page);
    assert.equal(scenario.mapi_http_enabled, false);
    const cas01 = scenario.sites.flatMap((s) => s.cas_servers).find((c) => c.id === 'cas-01');
    assert.equal(cas01.exchange_version, '2016');
    assert.equal(cas01.build, '15.1.2507.6');
    assert.equal(scenario.sites.flatMap((s) => s.databases).find((d) => d.id === 'db-01').exchange_version, '2016');
    const external = scenario.clients.find((c) => c.id === 'client-external');
    assert.equal(external.outlook_version, '365');
    assert.equal(external.mapi_http_updates, false);
    assert.equal(external.mapi_http_disabled, true);
    assert.equal(external.mailbox_mapi_http_enabled, true);
    assert.equal(external.ip_stack, 'ipv6-only');
    const aaaa = scenario.dns_views.flatMap((v) => v.zones).flatMap((z) => z.records).filter((r) => r.type === 'AAAA');
    assert.deepEqual(aaaa.map((r) => [r.name, r.address]), [['mail.mycompany.com', '2001:db8::10']]);
    assert.deepEqual(scenario.ranges.org_mapi_default_2013, { min: true, max: true });
    assert.deepEqual(scenario.ranges.mailbox_overrides_org, { min: false, max: true });
    assert.deepEqual(scenario.ranges.ipv6_first, { min: true, max: true });
    assert.deepEqual(scenario.ranges.dual_stack_race, { min: false, max: false });
    assertClean(problems);
  });
});

test('changing a CAS to another version clears a build of the old one, and undo brings it back', async () => {
  await suite.withApp(async ({ page, problems }) => {
    await openObject(page, 'cas-01');
    const cas = page.locator('[data-object="cas-01"]');
    const build = cas.locator('[data-testid="cas-build"]');
    await commit(build, '14.3.123.4');
    await cas.locator('.obj-summary', { hasText: 'Exchange 2010 14.3.123.4' }).waitFor();
    await cas.locator('[data-testid="cas-version"]').selectOption('2013');
    await cas.locator('.obj-summary', { hasText: /Exchange 2013$/ }).waitFor();
    assert.equal(await build.inputValue(), '');
    assert.match(await note(build), /Before 15\.0\.847\.32 \(SP1\) it offers no MAPI\/HTTP/);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await cas.locator('.obj-summary', { hasText: 'Exchange 2010 14.3.123.4' }).waitFor();
    assertClean(problems);
  });
});
