// What the app has stored, read straight from its IndexedDB database, for
// tests that check what was (or was not) written.

/**
 * Every chunk key, and every index entry as `[document id, summary]`, read
 * in one transaction.
 */
export function stored(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open("heard");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(["chunks", "index"]);
      const chunks = tx.objectStore("chunks").getAllKeys();
      const ids = tx.objectStore("index").getAllKeys();
      const summaries = tx.objectStore("index").getAll();
      tx.onerror = () => reject(tx.error);
      tx.oncomplete = () => {
        db.close();
        resolve({
          chunks: chunks.result.map(String),
          index: ids.result.map((id, i) => [String(id), JSON.parse(summaries.result[i])]),
        });
      };
    };
  }));
}

/** The documents that have at least one stored chunk (a chunk key starts with its document's id). */
export function documentsWithChunks({ chunks }) {
  return new Set(chunks.map((key) => key.split("/")[0]));
}
