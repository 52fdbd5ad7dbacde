// What the first screen transferred, as the browser fetched it (brotli from
// the server, fonts included): each file once, without the document worker,
// which starts after the first screen is up. The size test holds this to its
// budget and the bench command prints it.

/** `[{ name, bytes }]` of every file `page` has fetched so far. */
export function firstScreenFiles(page) {
  return page.evaluate(() => {
    const seen = new Map();
    for (const e of [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]) {
      const name = new URL(e.name).pathname;
      if (/^\/(worker|heard_worker)/.test(name)) continue;
      // A repeated fetch is a cache hit, not a second download.
      seen.set(name, Math.max(seen.get(name) ?? 0, e.encodedBodySize));
    }
    return [...seen].map(([name, bytes]) => ({ name, bytes }));
  });
}
