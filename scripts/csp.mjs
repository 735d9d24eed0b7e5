// Trunk post-build hook: writes a strict Content-Security-Policy into the
// built index.html as a <meta http-equiv>, so it holds on any static host.
// Scripts come only from the origin, plus each inline script (Trunk's
// loader, the page's own start-up script) by the hash of its exact text
// (computed here, from this build, so a rebuild never breaks it) and
// 'wasm-unsafe-eval' for compiling the module; no inline
// styles at all (the drawing and report styles are stylesheets).
//
// Runs as `node scripts/csp.mjs` with TRUNK_STAGING_DIR set by Trunk, or
// `node scripts/csp.mjs DIR` on a built folder.

import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('csp.mjs: no folder (TRUNK_STAGING_DIR or an argument)');
const file = path.join(dir, 'index.html');
let html = await readFile(file, 'utf8');
if (html.includes('http-equiv="Content-Security-Policy"')) throw new Error(`${file} already has a CSP`);

const hashes = [];
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
  if (/\bsrc=/.test(m[1])) continue;
  hashes.push(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
}
// An inline style would need 'unsafe-inline' or a hash: refuse to build one.
if (/<style\b|\sstyle="/.test(html)) throw new Error(`${file} has an inline style; put it in a stylesheet`);

export const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  "style-src 'self'",
  // PNG export draws the SVG through a blob: URL.
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

// First in <head>: a policy applies only to what follows it.
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
html = html.replace(/<meta charset="utf-8"\s*\/?>/i, (m) => `${m}\n    ${meta}`);
if (!html.includes(meta)) throw new Error(`${file}: no <meta charset> to put the CSP after`);
await writeFile(file, html);
console.log(`csp.mjs: ${hashes.length} inline script hash(es) in ${file}`);
