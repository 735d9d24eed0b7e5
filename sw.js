// CAS Array Planner service worker: the app works offline after one visit.
//
// - Install: fetch index.html and precache it with every asset it references
//   (Trunk's hashed .js/.wasm/.css, the favicon, the manifest and its icons).
// - Page requests: network first, so a new deployment is picked up at the
//   next online load; the cached page when offline.
// - Hashed assets: cache first (a hash never changes content); assets no
//   longer referenced by the current page are pruned on each page refresh.
// Everything stays on this origin; nothing is sent anywhere else.

const CACHE = 'cas-planner-v1';
const PAGE = './';
// Files the page does not reference but loads on demand: cached with the
// rest, so they work offline after a first visit, and fetched again at each
// refresh (their names carry no hash).
const ON_DEMAND = ['./collect-exchange.ps1'];

function assetsOf(html) {
  const urls = new Set();
  for (const m of html.matchAll(/(?:href|src)="(\.\/[^"]+)"/g)) urls.add(new URL(m[1], self.registration.scope).href);
  for (const m of html.matchAll(/from '(\.\/[^']+)'|module_or_path: '(\.\/[^']+)'/g)) {
    urls.add(new URL(m[1] || m[2], self.registration.scope).href);
  }
  return [...urls];
}

async function refresh(page) {
  const cache = await caches.open(CACHE);
  const html = await page.clone().text();
  const wanted = new Set(assetsOf(html));
  // The manifest names the install icons; keep them too, so an installed
  // app shows them offline.
  for (const manifest of [...wanted].filter((u) => u.endsWith('.webmanifest'))) {
    try {
      const m = await (await fetch(manifest, { cache: 'no-store' })).json();
      for (const icon of m.icons ?? []) wanted.add(new URL(icon.src, manifest).href);
    } catch {
      // Without the manifest only the icons are missing offline.
    }
  }
  await cache.put(new URL(PAGE, self.registration.scope).href, page);
  await Promise.all([...wanted].map(async (url) => {
    if (!(await cache.match(url))) await cache.add(url);
  }));
  const onDemand = ON_DEMAND.map((u) => new URL(u, self.registration.scope).href);
  await Promise.all(onDemand.map((url) => cache.add(url).catch(() => {})));
  for (const url of onDemand) wanted.add(url);
  // Prune assets of older deployments.
  const pageUrl = new URL(PAGE, self.registration.scope).href;
  for (const req of await cache.keys()) {
    if (req.url !== pageUrl && !wanted.has(req.url)) await cache.delete(req);
  }
}

self.addEventListener('install', (event) => {
  // Hashed assets straight from the cache, without starting this worker's
  // script for each (the static routing API, where the browser has it): the
  // 2 MB wasm then reaches a warm start as fast as from the HTTP cache. A
  // miss falls back to the network.
  if (event.addRoutes) {
    const hashed = ['*.wasm', '*.js', '*.css'].map((pathname) => ({
      condition: { urlPattern: new URLPattern({ pathname: `*-*${pathname.slice(1)}` }) },
      source: 'cache',
    }));
    event.waitUntil(event.addRoutes(hashed).catch(() => {}));
  }
  event.waitUntil(fetch(PAGE, { cache: 'no-store' }).then(refresh).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    event.respondWith((async () => {
      try {
        const fresh = await fetch(req, { cache: 'no-store' });
        // Refresh the cache in the background; failures only cost offline freshness.
        if (fresh.ok) refresh(fresh.clone()).catch(() => {});
        return fresh;
      } catch {
        const cached = await caches.match(new URL(PAGE, self.registration.scope).href);
        return cached || Response.error();
      }
    })());
    return;
  }
  event.respondWith((async () => {
    const cached = await caches.match(req);
    if (cached) return cached;
    const fresh = await fetch(req);
    if (fresh.ok && new URL(req.url).pathname !== '/sw.js') {
      const cache = await caches.open(CACHE);
      await cache.put(req, fresh.clone());
    }
    return fresh;
  })());
});

// Update check: the page asks ('check-update') at start, when it becomes
// visible again and every ten minutes; the worker fetches the page from the
// network and answers with the assets it loads, so the page can tell whether
// it still is the deployed version and offer "Reload to update". Offline,
// there is no answer.
self.addEventListener('message', (event) => {
  if (event.data?.type !== 'check-update' || !event.source) return;
  event.waitUntil((async () => {
    try {
      const res = await fetch(new URL(PAGE, self.registration.scope).href, { cache: 'no-store' });
      if (res.ok) event.source.postMessage({ type: 'deployed', assets: assetsOf(await res.text()) });
    } catch {
      // Offline: nothing to say.
    }
  })());
});
