// The capture benchmarks of the capture issue, in headless Chromium with the
// CPU slowed four times: opening a project's list of 2,165 completed
// responses, tap-to-durable latency of an answer (and to "Saved" on screen),
// IndexedDB bytes per response, and the first screen's transfer. Prints
// `name value unit` lines. Usage: node capture.mjs <fixture>
import { readFileSync } from "node:fs";

import { ProjectPage } from "../e2e/pages/project.mjs";
import { launch } from "../e2e/support/browser.mjs";
import { firstScreenFiles } from "../e2e/support/first_screen.mjs";
import { startServer } from "../e2e/support/server.mjs";

// Enough taps that the 95th percentile is not one or two slow disk writes.
const TAPS = 200;
const OPENS = 3;
const data = JSON.parse(readFileSync(process.argv[2], "utf8"));
const server = await startServer();

// The first screen's transfer, measured as the size test measures it, in a
// browser of its own so the project it makes stays out of the figures below.
{
  const fresh = await launch();
  try {
    await new ProjectPage(fresh.page).open(server.url);
    const files = await firstScreenFiles(fresh.page);
    console.log(`first_screen_transfer_brotli ${files.reduce((sum, f) => sum + f.bytes, 0)} bytes`);
  } finally {
    await fresh.close();
  }
}

const browser = await launch();
const { page, context } = browser;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const projects = page.getByRole("heading", { level: 1, name: "Projects" });

try {
  await page.goto(server.url);
  await projects.waitFor();
  await page.evaluate(async ({ chunks, index }) => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open("heard");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise((resolve, reject) => {
      const tx = db.transaction(["chunks", "index"], "readwrite");
      const store = tx.objectStore("chunks");
      for (const [key, base64] of chunks) {
        store.put(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)), key);
      }
      for (const [key, json] of index) tx.objectStore("index").put(json, key);
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, data);

  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });

  // Opening the list: from the tap on the project to its counts on screen.
  const name = JSON.parse(data.index.find(([id]) => id === data.project)[1]).name;
  const opens = [];
  let workerReady = 0;
  for (let i = 0; i < OPENS; i++) {
    await page.goto(server.url);
    await projects.waitFor();
    // Timed in the page, from the click event to the frame that shows the
    // count: polling from outside would itself load the slowed page.
    await page.evaluate((text) => {
      window.__listOpen = new Promise((resolve) => {
        let clickAt = null;
        addEventListener("click", (e) => { clickAt = e.timeStamp; }, { capture: true, once: true });
        const shown = () => [...document.querySelectorAll("main .count")].some((el) => el.textContent.trim() === text);
        const observer = new MutationObserver(() => {
          if (clickAt === null || !shown()) return;
          observer.disconnect();
          // The frame after the change is the one that paints it.
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - clickAt)));
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
    }, `${data.responses} completed`);
    await page.getByRole("link", { name, exact: true }).click();
    opens.push(await page.evaluate(() => window.__listOpen));
    await page.getByText(`${data.responses} completed`).waitFor({ timeout: 120000 });
    if (i === 0) {
      workerReady = await page.evaluate(() => new Promise((resolve) => {
        const found = () => performance.getEntriesByName("heard-worker-ready")[0];
        const wait = () => (found() ? resolve(found().startTime) : setTimeout(wait, 50));
        wait();
      }));
    }
  }

  // Tap to durable: alternate two answers on the first question, waiting for
  // each to be committed before the next tap.
  await page.getByRole("button", { name: "Start: National adult social care survey" }).click();
  await page.getByRole("radio", { name: "Yes, I want to take part" }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("radio", { name: "The person, on their own" }).check();
  await page.getByRole("button", { name: "Start the questions" }).click();
  await page.getByRole("radio", { name: "Happy", exact: true }).waitFor();
  await page.getByText("Saved on this device").waitFor({ timeout: 120000 });
  // Each tap is timed twice: to the worker's "heard-durable" mark, set when
  // IndexedDB has committed the change (what the target is about),
  // and to the page's "heard-saved" mark, when the page has heard so and can
  // say "Saved" (later by however long the page is busy drawing the tap).
  // Worker and page share one clock through performance.timeOrigin.
  const worker = page.workers().find((w) => /worker/.test(w.url()));
  if (!worker) throw new Error(`no document worker among ${page.workers().map((w) => w.url())}`);
  const durableMarks = () => worker.evaluate(() =>
    performance.getEntriesByName("heard-durable").map((e) => performance.timeOrigin + e.startTime));
  const before = (await durableMarks()).length;
  const taps = await page.evaluate(async (count) => {
    // The first question's "Happy" and "Unhappy" faces.
    const radios = [...document.querySelectorAll("input[type=radio][name=q-q1]")].filter((_, i) => i === 0 || i === 2);
    const savedAfter = (t0) => new Promise((resolve) => {
      const seen = () => performance.getEntriesByName("heard-saved").find((e) => e.startTime >= t0);
      const observer = new PerformanceObserver(() => {
        const entry = seen();
        if (entry) { observer.disconnect(); resolve(entry.startTime); }
      });
      observer.observe({ type: "mark" });
      const entry = seen();
      if (entry) { observer.disconnect(); resolve(entry.startTime); }
    });
    const out = [];
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      radios[i % 2].click();
      const saved = await savedAfter(t0);
      out.push({ tapped: performance.timeOrigin + t0, saved: saved - t0 });
    }
    return out;
  }, TAPS);
  const durable = (await durableMarks()).slice(before);
  const toDurable = taps.map(({ tapped, saved }, i) => {
    const at = durable.find((d) => d >= tapped);
    // A write for this tap must be committed after it and before the page
    // heard "saved" (plus clock rounding): anything else is a broken measure.
    if (at === undefined || at - tapped > saved + 1) {
      throw new Error(`tap ${i}: no durable mark between the tap and "saved" (${at - tapped} ms vs ${saved} ms)`);
    }
    return at - tapped;
  });
  const shown = taps.map((t) => t.saved);

  // Stored bytes of the fixture's responses (chunks and index entries).
  const bytes = await page.evaluate(async (project) => new Promise((resolve) => {
    const open = indexedDB.open("heard");
    open.onsuccess = () => {
      const tx = open.result.transaction(["chunks", "index"]);
      let total = 0;
      const docs = new Set();
      tx.objectStore("chunks").openCursor().onsuccess = (e) => {
        const cursor = e.target.result;
        if (!cursor) return;
        const doc = String(cursor.key).split("/")[0];
        if (doc !== project) { total += cursor.value.byteLength; docs.add(doc); }
        cursor.continue();
      };
      tx.objectStore("index").openCursor().onsuccess = (e) => {
        const cursor = e.target.result;
        if (!cursor) return;
        if (cursor.key !== project) total += new TextEncoder().encode(cursor.value).length;
        cursor.continue();
      };
      tx.oncomplete = () => resolve({ total, docs: docs.size });
    };
  }), data.project);

  console.log(`response_list_open_ms ${Math.round(median(opens))} ms`);
  console.log(`document_worker_ready_ms ${Math.round(workerReady)} ms`);
  console.log(`tap_to_durable_p50_ms ${percentile(toDurable, 50).toFixed(1)} ms`);
  console.log(`tap_to_durable_p95_ms ${percentile(toDurable, 95).toFixed(1)} ms`);
  console.log(`tap_to_saved_shown_p50_ms ${percentile(shown, 50).toFixed(1)} ms`);
  console.log(`tap_to_saved_shown_p95_ms ${percentile(shown, 95).toFixed(1)} ms`);
  console.log(`idb_bytes_per_response ${Math.round(bytes.total / bytes.docs)} bytes`);
} finally {
  await browser.close();
  await server.stop();
}
