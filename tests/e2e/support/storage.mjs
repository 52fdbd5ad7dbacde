// What the app has stored, read straight from its IndexedDB database, for
// tests that check what was (or was not) written.
import { constants, inflateRawSync } from "node:zlib";

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

/**
 * Every value of every object store, as `{ store: [[key, bytes]] }` with each
 * value's bytes as a plain array (strings as their UTF-8 bytes), read in one
 * transaction: for tests that look for what must not be stored anywhere.
 */
export function storedValues(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open("heard");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const names = [...db.objectStoreNames];
      const tx = db.transaction(names);
      const reads = names.map((name) => [name, tx.objectStore(name).getAllKeys(), tx.objectStore(name).getAll()]);
      tx.onerror = () => reject(tx.error);
      tx.oncomplete = () => {
        db.close();
        const bytes = (v) => (typeof v === "string" ? [...new TextEncoder().encode(v)] : [...new Uint8Array(v.buffer ?? v)]);
        resolve(Object.fromEntries(reads.map(([name, keys, values]) => [
          name,
          keys.result.map((k, i) => [String(k), bytes(values.result[i])]),
        ])));
      };
    };
  }));
}

/**
 * Whether `text` (as UTF-8) occurs in any stored value of any store, as it
 * is or inside a DEFLATE stream in it: automerge compresses the larger
 * columns of a snapshot, so a plain byte search could miss words that are
 * still there.
 */
export function containsText(values, text) {
  const needle = Buffer.from(text, "utf8");
  return Object.values(values).some((entries) => entries.some(([, bytes]) => {
    const buf = Buffer.from(bytes);
    if (buf.includes(needle)) return true;
    for (let i = 0; i < buf.length; i++) {
      try {
        const out = inflateRawSync(buf.subarray(i), { finishFlush: constants.Z_SYNC_FLUSH });
        if (out.includes(needle)) return true;
      } catch {
        // Not the start of a DEFLATE stream.
      }
    }
    return false;
  }));
}
