// Heard's service worker: makes the app load and run with no network at all.
// The build fills in VERSION and PRECACHE (every file of this build).
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const CACHE = "heard-app-" + VERSION;
// Pictures are kept as they are first shown, not precached: the set is large
// and a project uses a few dozen. A picture never changes under its name.
const PICTURES = "heard-pictures-1";

// No skipWaiting here: a new version waits until the person taps "Update now",
// so the page never changes under someone who is mid-answer.
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys
        .filter((k) => (k.startsWith("heard-app-") && k !== CACHE) || (k.startsWith("heard-pictures-") && k !== PICTURES))
        .map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

function isApi(path) {
  return path === "/api" || path.startsWith("/api/") || path === "/healthz";
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  // API calls and other origins go to the network only: never a stale answer.
  if (url.origin !== self.location.origin || isApi(url.pathname)) return;
  if (request.mode === "navigate") {
    // Every app route is the same page; the app reads the path itself.
    event.respondWith(
      caches.open(CACHE).then((cache) => cache.match("/index.html")).then((hit) => hit || fetch(request)),
    );
    return;
  }
  if (url.pathname.startsWith("/pictures/")) {
    event.respondWith(
      caches.open(PICTURES).then((cache) => cache.match(request).then((hit) => hit || fetch(request).then((response) => {
        if (response.ok) cache.put(request, response.clone());
        return response;
      }))),
    );
    return;
  }
  // Build files have content-hashed names, so a cached copy is always right.
  event.respondWith(
    caches.open(CACHE).then((cache) => cache.match(request)).then((hit) => hit || fetch(request)),
  );
});
