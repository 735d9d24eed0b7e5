// Where the edit latency goes: a CPU profile (Chrome DevTools protocol) of
// the edit benchmark's loop, summarised as self and inclusive time per
// function. Wasm function names need a build that keeps the name section:
//
//   make profile-edit        (builds target/profdist with names, then runs this)
//
// Environment: PROFILE_DIST (the built app), BENCH_LARGE_FILE (the design),
// PROFILE_TOP (rows per table, default 35), PROFILE_EDIT (`perimeter`, the
// default: the perimeter's default action; `client`: one client's link speed;
// `plan`: the perimeter's default action in the step "First mailboxes moved"
// of BENCH_LARGE_PLAN_FILE, the drafted plan; `startup`: fresh loads of the
// page up to its first render, per load).

import path from 'node:path';
import { launchBrowser, startDistServer } from '../tests/e2e/helpers.mjs';

const dist = path.resolve(process.env.PROFILE_DIST ?? 'target/profdist');
const file = process.env.PROFILE_EDIT === 'plan' ? process.env.BENCH_LARGE_PLAN_FILE : process.env.BENCH_LARGE_FILE;
const top = Number(process.env.PROFILE_TOP ?? 35);
const RUNS = 20;

if (!file && process.env.PROFILE_EDIT !== 'startup') throw new Error('set BENCH_LARGE_FILE (BENCH_LARGE_PLAN_FILE for plan) to a design file (make bench writes target/large.casplan.json and target/large-plan.casplan.json)');

function summarise(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n) => n.callFrame.functionName || `(anonymous ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber})`;
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id);
    const fn = name(node);
    if (fn === '(idle)' || fn === '(program)') return;
    total += dt;
    self.set(fn, (self.get(fn) ?? 0) + dt);
    // Each function once per sample, however deep it recurses.
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const f = name(byId.get(cur));
      if (seen.has(f)) continue;
      seen.add(f);
      inclusive.set(f, (inclusive.get(f) ?? 0) + dt);
    }
  });
  return { self, inclusive, total };
}

function print(title, map, perRun) {
  console.log(`== ${title} (ms per run) ==`);
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([fn, ms]) => console.log(`  ${(ms / perRun).toFixed(2).padStart(8)}  ${fn.slice(0, 150)}`));
}

/** CPU profile of `RUNS` fresh loads up to the first render (where the first render's time goes). */
async function profileStartup(browser, baseUrl) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  const walls = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(baseUrl, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__firstRenderMs !== undefined, null, { timeout: 20_000 });
    walls.push(await page.evaluate(() => window.__firstRenderMs));
  }
  const { profile } = await cdp.send('Profiler.stop');
  await context.close();
  const { self, inclusive, total } = summarise(profile);
  const sorted = [...walls].sort((a, b) => a - b);
  console.log(`first render under the profiler: median ${sorted[RUNS >> 1].toFixed(1)} ms; sampled busy time ${(total / RUNS).toFixed(1)} ms per load`);
  print('self time', self, RUNS);
  print('inclusive time', inclusive, RUNS);
}

const browser = await launchBrowser();
const { server, baseUrl } = await startDistServer(dist);
try {
  if (process.env.PROFILE_EDIT === 'startup') {
    await profileStartup(browser, baseUrl);
    process.exit(0);
  }
  const page = await (await browser.newContext()).newPage();
  await page.goto(baseUrl);
  await page.locator('[data-testid="client-row"]').first().waitFor({ timeout: 20_000 });
  await page.locator('[data-testid="open-file"]').setInputFiles(file);
  await page.locator('[data-testid="client-summary"]').waitFor({ timeout: 60_000 });
  const edit = process.env.PROFILE_EDIT ?? 'perimeter';
  if (edit === 'plan') {
    await page.locator('[data-testid="plan-step"][data-step="pilot"]').click();
    await page.locator('[data-testid="plan-step"][data-step="pilot"][aria-current="step"]').waitFor();
  }
  let field, values;
  if (edit === 'client') {
    await page.locator('.group-toggle', { hasText: 'Clients (' }).click();
    await page.locator('.obj-client > .obj-button').first().click();
    [field, values] = ['[data-testid="client-link"]', ['64', '100000']];
  } else {
    await page.locator('[data-testid="design-settings"] > .obj-button').click();
    [field, values] = ['[data-testid="perimeter-default"]', ['reject-rst', 'drop']];
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  const wall = await page.evaluate(async ({ runs, field, values }) => {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const select = document.querySelector(field);
      // A plan's other steps are analysed after each edit's frame (as bench.mjs's timeEdits).
      while (document.querySelector('.plan-status-pending')) await new Promise((r) => setTimeout(r, 10));
      const before = window.__renderCount;
      const t0 = performance.now();
      select.value = values[i % 2];
      select.dispatchEvent(new Event('change', { bubbles: true }));
      while (window.__renderCount === before) await new Promise((r) => setTimeout(r, 0));
      times.push(window.__lastRenderMs - t0);
    }
    return times;
  }, { runs: RUNS, field, values });
  const { profile } = await cdp.send('Profiler.stop');
  const { self, inclusive, total } = summarise(profile);
  const sorted = [...wall].sort((a, b) => a - b);
  console.log(`edit -> results under the profiler: median ${sorted[RUNS >> 1].toFixed(1)} ms; sampled busy time ${(total / RUNS).toFixed(1)} ms per edit`);
  print('self time', self, RUNS);
  print('inclusive time', inclusive, RUNS);
} finally {
  server.close();
  await browser.close();
}
