// The coordinator's module (its JS glue and wasm) as the server sends it:
// brotli, the bytes on the wire. The page may have had it from the service
// worker's precache, whose entries say nothing of the transfer, so each file
// the page loaded is fetched once more straight from the server.
import { get } from "node:http";

/** `[{ name, bytes }]` of the coordinator module's files `page` loaded. */
export async function coordinatorModuleFiles(page, baseUrl) {
  const names = await page.evaluate(() => [...new Set(performance.getEntriesByType("resource")
    .map((e) => new URL(e.name).pathname)
    .filter((name) => /^\/heard_coordinator(_bg)?-[0-9a-f]+\.(js|wasm)$/.test(name)))]);
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
