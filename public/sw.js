// Heard's service worker: makes the app load and run with no network at all.
// The build fills in VERSION, PRECACHE (every file of this build) and FONTS
// (each language's font files).
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const FONTS = __FONTS__;
const CACHE = "heard-app-" + VERSION;
// Pictures are kept as they are first shown, not precached: the set is large
// and a project uses a few dozen. A picture never changes under its name.
const PICTURES = "heard-pictures-1";
// Fonts likewise: each script's font is large, and a device needs the few its
// people read. The page asks for the fonts of its languages ("keep-languages").
const FONT_CACHE = "heard-fonts-1";
const KEPT = [PICTURES, FONT_CACHE];

// No skipWaiting here: a new version waits until the person taps "Update now",
// so the page never changes under someone who is mid-answer.
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys
        .filter((k) => (k.startsWith("heard-app-") && k !== CACHE) || (/^heard-(pictures|fonts)-/.test(k) && !KEPT.includes(k)))
        .map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
  // A project's pictures, by OpenMoji code; anything else is not a picture.
  if (event.data && event.data.type === "keep-pictures") {
    const files = [...new Set(event.data.names)]
      .filter((name) => typeof name === "string" && /^[0-9A-F]+(-[0-9A-F]+)*$/.test(name))
      .map((name) => "/pictures/" + name + ".svg");
    event.waitUntil(caches.open(PICTURES).then((cache) => Promise.all(files.map((file) =>
      cache.match(file).then((hit) => hit || cache.add(file).catch(() => {}))))));
  }
  if (event.data && event.data.type === "keep-languages") {
    const files = [...new Set(event.data.tags.flatMap((tag) => FONTS[tag] || []))];
    event.waitUntil(caches.open(FONT_CACHE).then((cache) => Promise.all(files.map((file) =>
      cache.match(file).then((hit) => hit || cache.add(file).catch(() => {}))))));
  }
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
  const kept = url.pathname.startsWith("/pictures/") ? PICTURES : url.pathname.startsWith("/fonts/") ? FONT_CACHE : null;
  if (kept) {
    // The app's own pictures are precached with the build; the rest are kept
    // as they are first shown.
    event.respondWith(
      caches.open(kept).then((cache) => caches.match(request).then((hit) => hit || fetch(request).then((response) => {
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
