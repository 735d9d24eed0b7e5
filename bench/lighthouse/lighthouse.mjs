// Lighthouse on the built site, for `make bench`: performance, accessibility,
// best practices and SEO, each printed with the audits that cost points.
//
//   node bench/lighthouse/lighthouse.mjs [dist-dir]
//
// Serves dist/ (E2E_DIST or the argument overrides) on 127.0.0.1 and drives
// the system Chromium (/usr/bin/chromium) through chrome-launcher; nothing
// leaves the machine. Two runs: Lighthouse's desktop preset (the planner's
// users: consultants' laptops on hotel Wi-Fi; the issue's ≥ 0.95 bar is read
// here) and its default mobile preset (slow 4G, 4× CPU), printed for
// information. Lives beside its own package.json so that `make test` never
// installs Lighthouse's ~200 packages.
//
// The full reports are written to target/lighthouse-{desktop,mobile}.json.
// Exit status 1 when any desktop score is below TARGET.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { distDir, startDistServer } from '../../tests/e2e/helpers.mjs';

const TARGET = 0.95;
const lighthouseVersion = JSON.parse(readFileSync(new URL('./node_modules/lighthouse/package.json', import.meta.url))).version;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

async function audit(url, port, config) {
  const flags = { port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES };
  const result = await lighthouse(url, flags, config);
  return result.lhr;
}

function print(label, lhr) {
  console.log(`  ${label}:`);
  for (const id of CATEGORIES) {
    const cat = lhr.categories[id];
    // Audits that count (weight > 0) and did not score full marks.
    const lost = cat.auditRefs
      .filter((r) => r.weight > 0)
      .map((r) => lhr.audits[r.id])
      .filter((a) => a.score !== null && a.score < 1)
      .map((a) => `${a.id} ${a.score}${a.displayValue ? ` (${a.displayValue})` : ''}`);
    console.log(`    ${cat.title.padEnd(15)} ${cat.score.toFixed(2)}${lost.length ? `  below 1: ${lost.join('; ')}` : ''}`);
  }
  const m = (id) => lhr.audits[id]?.displayValue ?? '-';
  console.log(`    metrics: FCP ${m('first-contentful-paint')}, LCP ${m('largest-contentful-paint')}, TBT ${m('total-blocking-time')}, CLS ${m('cumulative-layout-shift')}, SI ${m('speed-index')}`);
}

// The full reports, for reading which element is the LCP and why.
function save(name, lhr) {
  const out = new URL(`../../target/lighthouse-${name}.json`, import.meta.url);
  mkdirSync(new URL('.', out), { recursive: true });
  writeFileSync(out, JSON.stringify(lhr));
}

const dir = process.argv[2] ? path.resolve(process.argv[2]) : distDir;
const { server, baseUrl } = await startDistServer(dir);
const chrome = await chromeLauncher.launch({
  chromePath: '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  console.log(`== Lighthouse ${lighthouseVersion} on ${dir} (target >= ${TARGET} each, desktop preset) ==`);
  const desktop = await audit(baseUrl, chrome.port, desktopConfig);
  print('desktop (10 Mbps, 40 ms RTT, no CPU slowdown)', desktop);
  save('desktop', desktop);
  const mobile = await audit(baseUrl, chrome.port, undefined);
  print('mobile, for information (slow 4G, 150 ms RTT, 4x CPU slowdown)', mobile);
  save('mobile', mobile);
  const low = CATEGORIES.filter((id) => desktop.categories[id].score < TARGET);
  if (low.length) {
    console.log(`  BELOW TARGET (desktop): ${low.join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  await chrome.kill();
  server.close();
}
