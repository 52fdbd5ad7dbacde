// The benchmark's data (`cargo xtask bench-data`: a project whose
// 60-question survey has 2,165 completed responses) written into the
// page's IndexedDB as the worker stores it (chunks, the index and the
// responses' rows), at full speed: loading it is not measured.
export async function loadFixture(page, { chunks, index, rows }) {
  await page.evaluate(async ({ chunks, index, rows }) => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open("heard");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise((resolve, reject) => {
      const tx = db.transaction(["chunks", "index", "rows"], "readwrite");
      const store = tx.objectStore("chunks");
      for (const [key, base64] of chunks) {
        store.put(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)), key);
      }
      for (const [key, json] of index) tx.objectStore("index").put(json, key);
      for (const [key, json] of rows) tx.objectStore("rows").put(json, key);
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, { chunks, index, rows });
}
