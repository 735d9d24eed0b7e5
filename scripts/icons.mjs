// Renders the app's PNG icons from their SVG sources (assets/icons/*.svg)
// with the machine's Chromium; the PNGs are committed, so builds need no
// renderer. Run after changing an icon: node scripts/icons.mjs
//
// Each PNG is then reduced to a palette by Debian's pngquant (apt-get install
// pngquant), which halves the icons' share of the download with no visible
// change (flat colours, antialiased edges); without it the PNGs are written
// as Chromium renders them, and the script says so.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';

function quantize(file) {
  try {
    execFileSync('pngquant', ['--quality=85-100', '--strip', '--speed', '1', '--force', '--output', file, file]);
    return true;
  } catch (e) {
    if (e.code === 'ENOENT') return false;
    throw e;
  }
}

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
  const quantized = quantize(out);
  console.log(`wrote ${out} (${size}×${size}, ${(await stat(out)).size} bytes${quantized ? ', palette' : '; pngquant not found, not reduced'})`);
}
await browser.close();
