// The download's size budget: the gzip -9 bytes of every file of dist/ (what
// a first visit on hotel Wi-Fi fetches, at most). Sizes are deterministic
// for a given toolchain, so this is a test, not a timing; `make bench`
// prints the per-file table.
//
// The budget is a ratchet just above today's size (566,750 bytes on
// 2026-12-03, 539,368 on 2026-12-06); issue 15's target is 200 KB,
// far below, and each cut lowers this number so the download never grows
// back.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { distDir } from './helpers.mjs';
import { gzipReport } from '../../scripts/bench.mjs';

const BUDGET_GZIP_BYTES = 545_000;

test(`dist/ stays within its download budget (${BUDGET_GZIP_BYTES} bytes gzip)`, async () => {
  const { files, total } = await gzipReport(distDir);
  const largest = [...files].sort((a, b) => b.gzip - a.gzip).slice(0, 3).map((f) => `${f.file} ${f.gzip}`).join(', ');
  assert.ok(total.gzip <= BUDGET_GZIP_BYTES, `dist/ is ${total.gzip} bytes gzip, over the budget of ${BUDGET_GZIP_BYTES} (largest: ${largest})`);
});
