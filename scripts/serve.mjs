// Minimal static file server for the built app (dist/), used by the e2e tests
// and the bench. Dependency-free so it runs straight after `npm ci`.
//
//   node scripts/serve.mjs <dir> <port>
//
// Binds to 127.0.0.1 only; serves files under <dir>, index.html for
// directory paths (notably `/`), 404 for anything else. Compresses the
// response as static hosts do: brotli when the browser accepts it (Netlify,
// Cloudflare, Vercel and nginx with brotli_static serve it), else gzip
// (GitHub Pages): the bench and Lighthouse then see the download a user
// fetches (the size budget counts both).

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  // Must be exact: WebAssembly.instantiateStreaming rejects any other type.
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
};

/** The encodings served, best first, and how each compresses a file's bytes. */
export const ENCODINGS = {
  br: (bytes) =>
    brotliCompressSync(bytes, {
      params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }),
  gzip: (bytes) => gzipSync(bytes, { level: 9 }),
};

// Compressed bodies by encoding, file, size and time: a redeploy over dist/
// (the update test) changes the key, so nothing stale is served.
const compressedCache = new Map();
async function compressed(encoding, { file, size, mtimeMs }) {
  const key = `${encoding}\0${file}\0${size}\0${mtimeMs}`;
  let body = compressedCache.get(key);
  if (!body) {
    body = ENCODINGS[encoding](await readFile(file));
    compressedCache.set(key, body);
  }
  return body;
}

// SERVE_ENCODINGS=gzip serves as a host without brotli does (the bench's
// before and after).
const SERVED = (process.env.SERVE_ENCODINGS ?? Object.keys(ENCODINGS).join(',')).split(',');

/** The best encoding both the request accepts and this server serves, if any. */
function encodingFor(req) {
  const accepted = (req.headers['accept-encoding'] ?? '').split(',').map((e) => e.trim().split(';')[0]);
  return Object.keys(ENCODINGS).find((e) => SERVED.includes(e) && accepted.includes(e));
}

function notFound(res) {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
}

function isInside(root, candidate) {
  return candidate === root || candidate.startsWith(root + path.sep);
}

/** Resolves a URL path to a file under root, or null if it must be a 404. */
async function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null; // malformed percent-encoding
  }
  if (decoded.includes('\0')) return null;

  // Resolving against root after normalisation makes `..` unable to escape.
  let file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (!isInside(root, file)) return null;

  try {
    let info = await stat(file);
    if (info.isDirectory()) {
      file = path.join(file, 'index.html');
      info = await stat(file);
    }
    if (!info.isFile()) return null;
    // Symlinks inside dist must not lead outside it either.
    const real = await realpath(file);
    if (!isInside(root, real)) return null;
    return { file: real, size: info.size, mtimeMs: info.mtimeMs };
  } catch {
    return null;
  }
}

/**
 * Starts serving `dir` on 127.0.0.1:`port` (0 = ephemeral; read the actual
 * port from `server.address().port`). Resolves once listening.
 * `cacheSeconds`: let the browser's HTTP cache keep each response that long
 * (the bench's warm loads); by default nothing is cached.
 */
export async function startServer(dir, port = 0, { cacheSeconds = 0 } = {}) {
  const root = await realpath(path.resolve(dir));

  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const { pathname } = new URL(req.url, 'http://localhost');
    const found = await resolveFile(root, pathname);
    if (!found) {
      notFound(res);
      return;
    }
    const type = MIME_TYPES[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream';
    const headers = {
      'Content-Type': type,
      // Tests and benchmarks must always see the current build.
      'Cache-Control': cacheSeconds > 0 ? `max-age=${cacheSeconds}` : 'no-store',
      Vary: 'Accept-Encoding',
    };
    const encoding = encodingFor(req);
    if (encoding && type !== 'image/png') {
      let body;
      try {
        body = await compressed(encoding, found);
      } catch {
        notFound(res); // removed since it was found
        return;
      }
      res.writeHead(200, { ...headers, 'Content-Encoding': encoding, 'Content-Length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Length': found.size });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(found.file)
      .on('error', () => res.destroy())
      .pipe(res);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [dir, portArg] = process.argv.slice(2);
  const port = Number(portArg);
  if (!dir || portArg === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('usage: node scripts/serve.mjs <dir> <port>');
    process.exit(2);
  }
  const server = await startServer(dir, port);
  console.log(`serving ${dir} on http://127.0.0.1:${server.address().port}/`);
}
