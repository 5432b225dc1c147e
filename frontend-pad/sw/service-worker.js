/* CIC PAD service worker (emitted as dist/sw.js by vite.config.ts, which fills in the build's
 * file list and version). It precaches the whole app on install, so the PAD opens with no
 * network; it never caches the API: archives, photos and the sync queue live in IndexedDB.
 *
 * - navigations inside /pad/ get the cached index.html (the app routes in the browser);
 * - the build's own files come from the cache, anything else under /pad/ falls through;
 * - /graphql, /auth, /images are not touched.
 * A new build has a new version: the new worker precaches it, takes over at once and deletes
 * the old cache; the page reloads itself when told (see src/lib/sw.ts).
 */
const VERSION = '__CIC_VERSION__';
const BASE = '__CIC_BASE__';
const PRECACHE = __CIC_PRECACHE__;
const CACHE = `cic-pad-${VERSION}`;
const URLS = PRECACHE.map((f) => BASE + f);
const INDEX = BASE + 'index.html';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(URLS.map((u) => new Request(u, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('cic-pad-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'version') event.source && event.source.postMessage({ version: VERSION });
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) return;
  if (request.mode === 'navigate') {
    event.respondWith(caches.match(INDEX, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
    return;
  }
  if (URLS.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
  }
});
