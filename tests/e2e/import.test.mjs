// Import from Exchange, as an admin auditing an existing organisation tries
// it: drop the collector's folder and the public zone export on the page,
// review what each file held and which zones are internal or external,
// open the design, and see the leak's delay for the remote client and the
// advisor's finding; one Undo brings the previous design back. A damaged
// export is refused with its file, line and column, the design untouched.

import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { assertClean, clientSeconds, formatAxeViolations, repoRoot, runAxe, screenshot, waitForClientSeconds } from './helpers.mjs';
import { e2eSuite } from './suite.mjs';

const suite = e2eSuite();
const fixtures = path.join(repoRoot, 'tests', 'import');

/** The collector's folder and the public zone, as { path, base64 } for the page. */
async function organisationFiles() {
  const folder = path.join(fixtures, 'contoso');
  const names = (await readdir(folder)).sort();
  const files = [];
  for (const n of names) files.push({ path: `contoso/${n}`, data: (await readFile(path.join(folder, n))).toString('base64') });
  files.push({ path: 'contoso.com.dns', data: (await readFile(path.join(fixtures, 'public', 'contoso.com.dns'))).toString('base64') });
  return files;
}

/** Drops `files` on the page as a user dragging them from a file manager does. */
async function drop(page, files) {
  await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const f of files) {
      const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.path.split('/').pop()));
    }
    const root = document.querySelector('[data-testid="app-root"]');
    root.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    root.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

async function waitForRead(dialog, count) {
  const rows = dialog.locator('[data-testid="import-files-table"] tbody tr');
  await assert.doesNotReject(async () => {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const texts = await rows.allTextContents();
      if (texts.length === count && !texts.some((t) => t.includes('reading…'))) return;
      await dialog.page().waitForTimeout(50);
    }
    throw new Error(`expected ${count} files read, have: ${(await rows.allTextContents()).join(' | ')}`);
  });
  return rows;
}

test('Drop the collector folder and the public zone: review, open, see the 21.9 s leak, undo', async () => {
  await suite.withApp(async ({ page, problems }) => {
    const before = await page.locator('[data-testid="scenario-name"]').textContent();
    await drop(page, await organisationFiles());
    const dialog = page.getByRole('dialog', { name: 'Import from Exchange' });
    await dialog.waitFor();
    const rows = await waitForRead(dialog, 13);
    assert.match(await rows.filter({ hasText: 'exchange-servers.csv' }).textContent(), /Get-ExchangeServer, 5 objects/);
    assert.match(await rows.filter({ hasText: 'dns-records.csv' }).textContent(), /zone contoso\.local \(10 records, internal\); zone contoso\.com \(4 records, internal\)/);

    // The public zone was guessed external from its public addresses; switching it says so.
    const side = dialog.getByRole('combobox', { name: 'Side of zone contoso.com from contoso.com.dns' });
    assert.equal(await side.inputValue(), 'external');
    const zoneRow = dialog.locator('[data-testid="import-zones"] tbody tr').filter({ has: page.getByRole('combobox', { name: 'Side of zone contoso.com from contoso.com.dns' }) });
    assert.match(await zoneRow.textContent(), /guessed: it has a public address \(203\.0\.113\.25\)/);
    await side.selectOption('internal');
    assert.match(await zoneRow.textContent(), /set to internal in review/);
    await side.selectOption('external');

    const notes = dialog.locator('[data-testid="import-notes"]');
    assert.match(await notes.textContent(), /Assumption: .*perimeter is assumed to publish TCP 443 of mail\.contoso\.com/);
    assert.match(await dialog.locator('[data-testid="import-summary"]').textContent(), /2 sites, 4 CAS, 2 arrays, 4 databases, 4 clients/);
    const violations = await runAxe(page);
    assert.deepEqual(violations, [], formatAxeViolations(violations));
    // The dialog scrolls inside the window; a tall window shows all of it.
    await page.setViewportSize({ width: 1280, height: 1700 });
    await screenshot(page, '40-import-review');
    await page.setViewportSize({ width: 1280, height: 720 });

    await dialog.getByRole('button', { name: 'Open the imported design' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.locator('[data-testid="scenario-name"]').textContent(), 'Imported organisation (contoso.local)');
    const remote = await clientSeconds(page, 'Redmond remote laptop');
    assert.ok(remote > 21 && remote < 23, `the leak costs about 21.9 s, got ${remote}`);
    assert.ok((await clientSeconds(page, 'Boston remote laptop')) < 1.5, 'Boston\'s array name does not leak');
    const finding = page.locator('[data-testid="finding"][data-rule="CAS004"]');
    assert.match(await finding.textContent(), /outlook\.contoso\.com/);
    await screenshot(page, '41-imported-design');

    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    assert.equal(await page.locator('[data-testid="scenario-name"]').textContent(), before, 'one undo step back');
    assertClean(problems);
  });
});

test('the collector script, when it cannot be fetched, is refused with the reason and the design untouched', async () => {
  // No service worker (it would have cached the script): the network alone, refused.
  const context = await suite.browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.route('**/collect-exchange.ps1', (route) => route.abort());
    await page.goto(suite.baseUrl);
    await page.locator('[data-testid="client-row"]').first().waitFor();
    const before = await page.locator('[data-testid="scenario-name"]').textContent();
    await page.getByRole('button', { name: 'Import from Exchange…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import from Exchange' });
    let downloads = 0;
    page.on('download', () => downloads++);
    await dialog.getByRole('button', { name: 'Download collect-exchange.ps1' }).click();
    const notice = page.locator('.notice-error', { hasText: 'collect-exchange.ps1' });
    await notice.waitFor();
    assert.match(await notice.textContent(), /Download failed: collect-exchange\.ps1: it could not be fetched/);
    assert.equal(downloads, 0);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('[data-testid="scenario-name"]').textContent(), before);
  } finally {
    await context.close();
  }
});

test('A damaged export is refused with file, line and column; a folder can be picked; the script downloads', async () => {
  await suite.withApp(async ({ page, problems }) => {
    const before = await page.locator('[data-testid="scenario-name"]').textContent();
    await page.getByRole('button', { name: 'Import from Exchange…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import from Exchange' });
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'import-title', 'focus moves into the dialog');
    // A modal: Tab cycles through the dialog's controls, never the page behind.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      assert.ok(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="import-dialog"]') || document.activeElement === document.body), `Tab ${i + 1} left the dialog`);
    }

    await dialog.locator('[data-testid="import-files"]').setInputFiles({
      name: 'arrays.xml',
      mimeType: 'text/xml',
      buffer: Buffer.from('<Objs>\n<Obj RefId="0"><Props><Ref N="Site" RefId="3" /></Props></Obj>\n</Objs>\n'),
    });
    const rows = await waitForRead(dialog, 1);
    assert.match(await rows.first().textContent(), /not read: arrays\.xml:2:23: <Ref> refers to an object RefId="3", which no earlier element defines/);
    assert.match(await dialog.getByRole('alert').textContent(), /1 file could not be read .* your current design is untouched/);
    assert.ok(await dialog.getByRole('button', { name: 'Open the imported design' }).isDisabled());

    // The collector's folder through "Pick a folder…": paths inside the folder are kept.
    await dialog.locator('[data-testid="import-folder"]').setInputFiles(path.join(fixtures, 'contoso'));
    const all = await waitForRead(dialog, 13);
    assert.match(await all.allTextContents().then((t) => t.join('\n')), /contoso\/rpc-ports\.csv.*static RPC ports \(collector\), 5 objects/);
    await dialog.getByRole('button', { name: 'Leave out arrays.xml' }).click();
    await waitForRead(dialog, 12);

    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download collect-exchange.ps1' }).click()]);
    assert.equal(download.suggestedFilename(), 'collect-exchange.ps1');
    const body = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
    assert.equal(body, await readFile(path.join(repoRoot, 'collect-exchange.ps1'), 'utf8'));

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.locator('[data-testid="scenario-name"]').textContent(), before, 'cancelled: the design is untouched');
    assertClean(problems);
  });
});

test('The real-world folder: every file listed with what it held, the $INCLUDE resolved, the update log named', async () => {
  await suite.withApp(async ({ page, problems }) => {
    const realWorld = path.join(repoRoot, '..', 'shared', 'real-world');
    await page.getByRole('button', { name: 'Import from Exchange…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import from Exchange' });
    await dialog.waitFor();
    await dialog.locator('[data-testid="import-folder"]').setInputFiles(realWorld);
    // README.md, 3 BIND, 2 Clixml, Cloudflare, Format-List, 2 gdnsd, 3 Windows DNS.
    const rows = await waitForRead(dialog, 13);
    // The row whose file cell ends with `name` (another row's text may name it too).
    const row = async (name) => {
      const cells = await rows.locator('td.import-path').allTextContents();
      const i = cells.findIndex((c) => c.endsWith(name));
      assert.ok(i >= 0, `no row for ${name} in ${cells.join(', ')}`);
      return (await rows.nth(i).textContent()).replace(/\s+/g, ' ');
    };
    assert.match(await row('cloudflare/hypster.com'), /zone hypster\.com \(46 records, external\)/);
    assert.match(await row('zones/db.ocf.berkeley.edu'), /zone ocf\.berkeley\.edu \(990 records/);
    assert.match(await row('etc/db.ocf'), /included: 981 records read into the zone of .*db\.ocf\.berkeley\.edu \(\$INCLUDE on its line 8\)/);
    assert.match(await row('gdnsd/wikitide.org'), /zone wikitide\.org \(27 records/);
    assert.match(await row('windns/svccorp.com.dns'), /zone svccorp\.com \(63 records/);
    assert.match(await row('sci-ca.com.dns.log'), /not read: .*this is a Windows DNS server's update log/);
    assert.match(await row('real-world/README.md'), /not read: .*this is a text document \(Markdown\), not an export/);
    assert.match(await row('exch2010-get-outlookanywhere.txt'), /Format-List text: Get-OutlookAnywhere, 1 object/);
    assert.match(await row('E19-GetExchangeServer.xml'), /Get-ExchangeServer, 1 object/);
    // What was skipped is said, file by file.
    const notes = (await dialog.locator('[data-testid="import-notes"]').textContent()).replace(/\s+/g, ' ');
    assert.match(notes, /wikitide\.org: \d+ record\(s\) of types no DNS standard defines .* skipped: \d+ DYNA/);
    await page.setViewportSize({ width: 1280, height: 2400 });
    await screenshot(page, '42-import-real-world');
    await page.setViewportSize({ width: 1280, height: 720 });
    assertClean(problems);
  });
});
