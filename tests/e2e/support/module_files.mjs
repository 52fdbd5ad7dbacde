// The files of a wasm module loaded after the first screen (the
// coordinator's, `heard_coordinator`, or the results, `heard_results`): its
// JS glue and wasm as the server sends them, brotli, the bytes on the wire.
// The page may have had them from the service worker's precache, whose
// entries say nothing of the transfer, so each file the page loaded is
// fetched once more straight from the server.
import { get } from "node:http";

/** The paths of module `stem`'s files that `page` loaded. */
export function moduleFilesLoaded(page, stem) {
  return page.evaluate((stem) => [...new Set(performance.getEntriesByType("resource")
    .map((e) => new URL(e.name).pathname)
    .filter((name) => new RegExp(`^/${stem}(_bg)?-[0-9a-f]+\\.(js|wasm)$`).test(name)))], stem);
}

/** Whether `page` loaded module `stem`'s wasm. */
export async function moduleLoaded(page, stem) {
  return (await moduleFilesLoaded(page, stem)).some((name) => name.endsWith(".wasm"));
}

/** `[{ name, bytes }]` of module `stem`'s files `page` loaded. */
export async function moduleFiles(page, baseUrl, stem) {
  const names = await moduleFilesLoaded(page, stem);
  return Promise.all(names.map(async (name) => ({ name, bytes: await brotliBytes(new URL(name, baseUrl)) })));
}

function brotliBytes(url) {
  return new Promise((resolve, reject) => {
    get(url, { headers: { "accept-encoding": "br" } }, (response) => {
      if (response.statusCode !== 200 || response.headers["content-encoding"] !== "br") {
        response.resume();
        reject(new Error(`${url}: ${response.statusCode}, encoding ${response.headers["content-encoding"]}`));
        return;
      }
      let bytes = 0;
      response.on("data", (chunk) => { bytes += chunk.length; });
      response.on("end", () => resolve(bytes));
    }).on("error", reject);
  });
}
