// Shared browser/server helpers for the e2e tests (tests/e2e/) and the bench
// (scripts/bench.mjs). Uses the system Chromium; never downloads a browser.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The built app to test: `dist/` at the repo root unless E2E_DIST is set. */
export const distDir = process.env.E2E_DIST
  ? path.resolve(process.env.E2E_DIST)
  : path.join(repoRoot, 'dist');

const APP_ROOT = '[data-testid="app-root"]';
// The first frame shows the page; the results pane is busy until the
// analysis and the panes under it have rendered (after that frame's paint).
export const APP_COMPLETE = `${APP_ROOT} .pane-results:not([aria-busy])`;
const APP_ROOT_TIMEOUT_MS = 20_000;

/**
 * Serves `dir` on an ephemeral 127.0.0.1 port (`options` as startServer's).
 * Returns `{ server, baseUrl }`; close with `server.close()`.
 */
export async function startDistServer(dir = distDir, options = {}) {
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html not found: build the app first (trunk build --release) or set E2E_DIST`);
  }
  const server = await startServer(dir, 0, options);
  return { server, baseUrl: `http://127.0.0.1:${server.address().port}/` };
}

/**
 * The system Chromium, headless. `{ scrollbars: true }` keeps classic
 * scrollbars, which take room from the page as a desktop browser's do
 * (Playwright hides them by default).
 */
export function launchBrowser({ scrollbars = false } = {}) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    ignoreDefaultArgs: scrollbars ? ['--hide-scrollbars'] : [],
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Runs `onFirstRender` in every page of `context` at the moment the app
 * stamps its first render (`window.__firstRenderMs`, set by the effect after
 * the first frame's render), before anything later changes the page.
 * `onFirstRender` runs in the page: it cannot use this file's variables.
 */
export function atFirstRender(context, onFirstRender) {
  return context.addInitScript(`(() => {
    let value;
    Object.defineProperty(window, '__firstRenderMs', {
      configurable: true,
      get: () => value,
      set(v) { value = v; (${onFirstRender})(); },
    });
  })();`);
}

/** One line per recorded problem; empty when clean. */
function describeProblems(problems) {
  return [
    ...problems.consoleErrors.map((m) => `console error: ${m}`),
    ...problems.pageErrors.map((m) => `page error: ${m}`),
    ...problems.foreignRequests.map((m) => `foreign request: ${m}`),
    ...problems.csp.map((m) => `CSP violation: ${m}`),
  ];
}

/**
 * Opens the app in a fresh context and waits for its root element.
 * Console errors, uncaught page errors and requests leaving baseUrl's origin
 * are collected into `problems` for the lifetime of the page.
 */
export async function openApp(browser, baseUrl) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = { consoleErrors: [], pageErrors: [], foreignRequests: [], csp: [] };
  const origin = new URL(baseUrl).origin;
  // Every violation of the page's Content-Security-Policy, as the page sees it.
  await context.exposeBinding('__cspViolation', (_source, text) => problems.csp.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
  });

  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const { url, lineNumber } = msg.location();
    problems.consoleErrors.push(url ? `${msg.text()} (${url}:${lineNumber})` : msg.text());
  });
  page.on('pageerror', (err) => problems.pageErrors.push(err.stack || String(err)));
  page.on('request', (req) => {
    const url = new URL(req.url());
    // Inline resources never touch the network.
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.origin !== origin) problems.foreignRequests.push(`${req.method()} ${req.url()}`);
  });

  try {
    await page.goto(baseUrl);
    await page.waitForSelector(APP_COMPLETE, { state: 'attached', timeout: APP_ROOT_TIMEOUT_MS });
  } catch (err) {
    // A missing root is usually explained by a panic or a failed wasm load.
    const recorded = describeProblems(problems);
    await context.close();
    throw new Error(
      `app did not render ${APP_ROOT} at ${baseUrl}: ${err.message}` +
        (recorded.length ? `\nrecorded problems:\n  ${recorded.join('\n  ')}` : ''),
      { cause: err },
    );
  }
  return { context, page, problems };
}

export function assertClean(problems) {
  const lines = describeProblems(problems);
  if (lines.length > 0) {
    assert.fail(`expected no console errors, page errors or foreign requests, got ${lines.length}:\n  ${lines.join('\n  ')}`);
  }
}

/** Saves a full-page PNG (or with `{ fullPage: false }` the window) to target/e2e/<name>.png and returns its path. */
export async function screenshot(page, name, { fullPage = true } = {}) {
  const dir = path.join(repoRoot, 'target', 'e2e');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

const axeSourcePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Runs axe-core on the page; returns only 'serious' and 'critical' violations. */
export async function runAxe(page) {
  const content = await readFile(axeSourcePath, 'utf8');
  // Evaluated, not added as an inline <script>: the page's CSP refuses those.
  await page.evaluate(content);
  const violations = await page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ['violations'] });
    return results.violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Human-readable summary of axe violations for failure messages. */
export function formatAxeViolations(violations) {
  return violations
    .map((v) => {
      const targets = v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ')}`);
      return `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${targets.join('\n')}`;
    })
    .join('\n');
}

/** Parses a client total as the core's one time format writes it ("21.9 s", "920 ms") into seconds. */
export function parseSeconds(text) {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$/.exec(text ?? '');
  assert.ok(match, `client total ${JSON.stringify(text)} is not of the form "<seconds> s" or "<ms> ms"`);
  return match[2] === 'ms' ? Number(match[1]) / 1000 : Number(match[1]);
}

/** The predicted total, in seconds, of the client row named `name`. */
export async function clientSeconds(page, name) {
  const total = page.locator(`[data-testid="client-row"][data-client="${name}"] [data-testid="client-total"]`);
  return parseSeconds(await total.textContent({ timeout: 5_000 }));
}

/** Waits until `name`'s total satisfies `ok` (results update after a render). */
export async function waitForClientSeconds(page, name, ok, what) {
  const deadline = Date.now() + 5_000;
  let last;
  while (Date.now() < deadline) {
    last = await clientSeconds(page, name);
    if (ok(last)) return last;
    await page.waitForTimeout(50);
  }
  assert.fail(`${name}: expected ${what}, still ${last} s`);
}
