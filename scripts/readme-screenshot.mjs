// The README's picture: the planner on the seed leak, as a workshop sees it
// (1440×1500, the slowest client's path drawn). Run after `make dist`:
//   node scripts/readme-screenshot.mjs   → docs/images/planner-seed-leak.png
// Made from the built app so the picture shows what the code shows; reduced
// to a palette by Debian's pngquant when it is installed, as the icons are.

import { execFileSync } from 'node:child_process';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, openApp, startDistServer, waitForClientSeconds } from '../tests/e2e/helpers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'images', 'planner-seed-leak.png');

const { server, baseUrl } = await startDistServer();
const browser = await launchBrowser();
try {
  const { page, context } = await openApp(browser, baseUrl);
  await page.setViewportSize({ width: 1440, height: 1500 });
  await waitForClientSeconds(page, 'External laptop', (s) => s >= 10, 'the seed leak');
  await mkdir(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  await context.close();
} finally {
  await browser.close();
  server.close();
}
try {
  execFileSync('pngquant', ['--force', '--skip-if-larger', '--output', `${out}.tmp`, '256', out]);
  await rename(`${out}.tmp`, out);
} catch {
  // pngquant absent or the palette no smaller: keep the full-colour PNG.
}
console.log(`wrote ${path.relative(root, out)}`);
