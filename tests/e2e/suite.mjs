// Shared set-up for the e2e test files: one static server for dist/ and one
// Chromium per file, a fresh browser context per test, and UI steps that
// several tests take. (Kept apart from helpers.mjs, which the bench imports
// without node:test.)

import { after, before } from 'node:test';
import { launchBrowser, openApp, startDistServer, waitForClientSeconds } from './helpers.mjs';

/** Registers the file's before/after hooks; returns live handles. */
export function e2eSuite() {
  const suite = {
    server: null,
    baseUrl: null,
    browser: null,
    /** Runs `fn` against a freshly opened app, always closing its context. */
    async withApp(fn) {
      const app = await openApp(suite.browser, suite.baseUrl);
      try {
        await fn(app);
        // Whatever the test checked, the page broke no rule of its CSP.
        if (app.problems.csp.length) throw new Error(`CSP violations:\n  ${app.problems.csp.join('\n  ')}`);
      } finally {
        await app.context.close();
      }
    },
  };
  before(async () => {
    ({ server: suite.server, baseUrl: suite.baseUrl } = await startDistServer());
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    suite.server?.close();
  });
  return suite;
}

/**
 * `fn({ page, url, stopServer })` on the app served by a server of its own,
 * which `stopServer()` stops: what a visit after the first meets offline.
 */
export async function withOwnServer(browser, fn) {
  const { server, baseUrl: url } = await startDistServer();
  const context = await browser.newContext();
  const stopServer = async () => {
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
  };
  try {
    const page = await context.newPage();
    await page.goto(url);
    await fn({ page, url, stopServer });
  } finally {
    await context.close();
    if (server.listening) server.close();
  }
}

/** Opens an object's form in the design tree. */
export async function openObject(page, id) {
  await page.locator(`[data-object="${id}"] > .obj-button`).click();
  await page.locator(`[data-object="${id}"] [data-testid="inspector"]`).waitFor();
}

/** Deletes an object through its form, confirming the dialog. */
export async function deleteObject(page, id) {
  await openObject(page, id);
  await page.locator(`[data-object="${id}"] [data-testid="delete"]`).click();
  await page.locator('[data-testid="confirm-delete"]').click();
}

/** The seed's fix: delete the leaking external record; the external client drops to ~1 s. */
export async function fixLeak(page) {
  await deleteObject(page, 'rec-ext-outlook');
  return waitForClientSeconds(page, 'External laptop', (s) => s < 2, 'about a second once the record is gone');
}
