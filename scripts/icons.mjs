// Renders the app's PNG icons from their SVG sources (assets/icons/*.svg)
// with the machine's Chromium; the PNGs are committed, so builds need no
// renderer. Run after changing an icon: node scripts/icons.mjs
import { chromium } from 'playwright-core';
import { readFile } from 'node:fs/promises';

const jobs = [
  ['assets/icons/icon.svg', 192, 'assets/icons/icon-192.png'],
  ['assets/icons/icon.svg', 512, 'assets/icons/icon-512.png'],
  ['assets/icons/icon-maskable.svg', 512, 'assets/icons/icon-maskable-512.png'],
];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const page = await browser.newPage();
for (const [src, size, out] of jobs) {
  const svg = await readFile(src, 'utf8');
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  await page.locator('svg').screenshot({ path: out, omitBackground: true });
  console.log(`wrote ${out} (${size}×${size})`);
}
await browser.close();
