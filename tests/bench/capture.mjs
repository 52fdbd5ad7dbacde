// The capture benchmarks, in headless Chromium with the CPU slowed four
// times (the page through DevTools, each worker's thread through the kernel:
// see throttle.mjs), checked first by a calibration loop in the page and in
// the document worker: opening a project's list of 2,165 completed
// responses, keystroke-to-durable latency in the survey builder of its
// 60-question survey, tap-to-durable latency of an answer (and to "Saved" on
// screen), IndexedDB bytes per response, and the first screen's transfer.
// Prints `name value unit` lines, the first screen's transfer first; prints
// no timed figure (and fails) when the calibration shows the throttle did not
// take. Usage: node capture.mjs <fixture>
import { readFileSync } from "node:fs";

import { BuilderPage } from "../e2e/pages/builder.mjs";
import { ProjectPage } from "../e2e/pages/project.mjs";
import { launch } from "../e2e/support/browser.mjs";
import { firstScreenFiles } from "../e2e/support/first_screen.mjs";
import { startServer } from "../e2e/support/server.mjs";
import { loadFixture } from "./fixture.mjs";
import { Throttle, freePort, timeLoop } from "./throttle.mjs";

// How many times slower than this machine the figures are taken, and the
// least slowdown the calibration loop must show in the page and in the
// document worker for them to be printed at all.
const RATE = 4;
const MIN_FACTOR = 3.5;
// Enough taps that the 95th percentile is not one or two slow disk writes.
const TAPS = 200;
const OPENS = 3;
// Typed at the end of question 1's text in the builder, one key at a time
// with a short pause, as a person types on a phone. Plain ASCII, so the text
// is written the same way in every JSON message that carries it.
const TYPED = " as told by people who use day services, their carers and the staff in 2026";
const KEY_PAUSE_MS = 150;
const SURVEY = "National adult social care survey";
const data = JSON.parse(readFileSync(process.argv[2], "utf8"));
const server = await startServer();

// The first line: the first screen's transfer, measured as the size test
// measures it, in a browser of its own so the project it makes stays out of
// the figures below. A count of bytes, so it needs no throttle.
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

// The page and the document worker are throttled from the start of each
// page load: see throttle.mjs for how.
const devtoolsPort = await freePort();
const browser = await launch({ args: [`--remote-debugging-port=${devtoolsPort}`] });
const { page } = browser;
const throttle = await Throttle.connect(devtoolsPort, 1);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const projects = page.getByRole("heading", { level: 1, name: "Projects" });

/** The page's document worker, once it has started (and is not `previous`). */
async function documentWorker(previous = null) {
  for (let i = 0; i < 600; i++) {
    const worker = page.workers().find((w) => /worker/.test(w.url()) && w !== previous);
    if (worker) return worker;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no document worker among ${page.workers().map((w) => w.url())}`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until this page's document worker has answered for the first time. */
const workerReady = () => page.waitForFunction(() => performance.getEntriesByName("heard-worker-ready").length > 0, null,
  { timeout: 120000, polling: 100 });

try {
  // Calibration: a fixed CPU loop in the page and in the real document
  // worker (run there through DevTools, Runtime.evaluate in the worker's own
  // global scope, so no app code changes), first unthrottled, then in a page
  // loaded after the throttle was set, so the worker was throttled from its
  // start the way every measured one is.
  // Each run waits for the app to settle after loading (the worker's wasm
  // compiled, its documents indexed), so other threads do not share the CPU.
  const settled = async () => {
    await projects.waitFor();
    await page.waitForFunction(() => performance.getEntriesByName("heard-worker-ready").length > 0, null,
      { timeout: 120000, polling: 100 });
    await sleep(1000);
  };
  await page.goto(server.url);
  await settled();
  let worker = await documentWorker();
  const pageFree = await timeLoop((loop, n) => page.evaluate(loop, n));
  const workerFree = await timeLoop((loop, n) => worker.evaluate(loop, n));
  await throttle.set(RATE);
  await page.goto(server.url);
  await settled();
  worker = await documentWorker(worker);
  const pageSlowed = await timeLoop((loop, n) => page.evaluate(loop, n));
  let workerSlowed = await timeLoop((loop, n) => worker.evaluate(loop, n));
  // The kernel's cap overruns by its tick: one correction, then measured again.
  if (workerSlowed / workerFree < RATE * 0.97) {
    throttle.threads.tune(workerSlowed / workerFree, RATE);
    workerSlowed = await timeLoop((loop, n) => worker.evaluate(loop, n));
  }
  const pageFactor = pageSlowed / pageFree;
  const workerFactor = workerSlowed / workerFree;
  console.error(`calibration loop: page ${pageFree.toFixed(0)} ms free, ${pageSlowed.toFixed(0)} ms throttled; `
    + `document worker ${workerFree.toFixed(0)} ms free, ${workerSlowed.toFixed(0)} ms throttled; ${throttle.describe()}`);
  console.log(`cpu_throttle_page_factor ${pageFactor.toFixed(2)} x`);
  console.log(`cpu_throttle_worker_factor ${workerFactor.toFixed(2)} x`);
  if (throttle.failures.length) {
    throw new Error(`refusing to print the browser figures: some targets could not be throttled: ${JSON.stringify(throttle.failures)}`);
  }
  for (const [what, factor] of [["document worker", workerFactor], ["page", pageFactor]]) {
    if (factor < MIN_FACTOR) {
      throw new Error(`refusing to print the browser figures: the calibration loop ran only ${factor.toFixed(2)}x slower `
        + `in the ${what} with the CPU throttled ${RATE}x (at least ${MIN_FACTOR}x needed); is the machine busy?`);
    }
  }

  // The fixture goes in at full speed: loading it is not measured.
  await throttle.set(1);
  await page.goto(server.url);
  await projects.waitFor();
  await loadFixture(page, data);

  await throttle.set(RATE);

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

  console.log(`response_list_open_ms ${Math.round(median(opens))} ms`);
  console.log(`document_worker_ready_ms ${Math.round(workerReady)} ms`);

  // Keystroke to durable in the builder: type into question 1's text of the
  // 60-question survey; every keystroke saves the project.
  // The builder is the coordinator's module: a page load, with a document
  // worker of its own, which has started before the first keystroke is timed.
  await page.getByRole("link", { name: `Edit: ${SURVEY}`, exact: true }).click();
  const builder = new BuilderPage(page);
  await builder.heading.waitFor({ timeout: 120000 });
  const questionText = builder.textbox("Question 1 text (English)");
  await questionText.waitFor();
  await workerReady();
  const original = await questionText.inputValue();
  await questionText.click();
  await page.keyboard.press("End");
  worker = await documentWorker();
  // The text each keystroke leaves, as a JSON string: a request carrying
  // it is the one that saves that keystroke.
  const texts = [...TYPED].map((_, i) => JSON.stringify(original + TYPED.slice(0, i + 1)));
  // In the worker, when each request arrives (kept raw; matched later, so
  // the listener adds next to no work to the throttled worker).
  // The events it posts are kept too, for a cross-check by request number.
  await worker.evaluate(() => {
    self.__benchReceived = [];
    addEventListener("message", (e) => {
      self.__benchReceived.push({ at: performance.timeOrigin + performance.now(), data: e.data });
    });
    self.__benchPosted = [];
    const post = self.postMessage.bind(self);
    self.postMessage = (message, ...rest) => {
      self.__benchPosted.push({ at: performance.timeOrigin + performance.now(), data: message });
      return post(message, ...rest);
    };
  });
  // In the page, when each key went down and each request was posted.
  await page.evaluate(() => {
    window.__benchKeys = [];
    document.addEventListener("keydown", (e) => {
      if (e.key.length === 1) window.__benchKeys.push(performance.timeOrigin + e.timeStamp);
    }, { capture: true });
    window.__benchSent = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, ...rest) {
      window.__benchSent.push({ at: performance.timeOrigin + performance.now(), data: message });
      return post.call(this, message, ...rest);
    };
  });
  for (const key of TYPED) {
    await page.keyboard.type(key);
    await sleep(KEY_PAUSE_MS);
  }
  // Each request, by the keystroke whose text it carries (-1: another
  // request), and the durable marks since typing began.
  const builderRun = () => worker.evaluate(({ texts }) => ({
    received: self.__benchReceived.map(({ at, data }) => ({
      at,
      key: typeof data === "string" ? texts.findLastIndex((t) => data.includes(t)) : -1,
      seq: Number(/"seq":(\d+)/.exec(String(data))?.[1] ?? NaN),
    })),
    // "Saved through n" as the worker posted it.
    saved: self.__benchPosted.map(({ at, data }) => ({ at, through: Number(/"saved":(?:\{"through":)?(\d+)/.exec(String(data))?.[1] ?? NaN) }))
      .filter((e) => Number.isFinite(e.through)),
  }), { texts });
  let run = await builderRun();
  for (let i = 0; i < 600; i++) {
    const last = run.received.find((r) => r.key === TYPED.length - 1);
    if (last && run.saved.some((e) => e.through >= last.seq)) break;
    await sleep(100);
    run = await builderRun();
  }
  const keys = await page.evaluate(() => window.__benchKeys);
  if (keys.length !== TYPED.length) {
    throw new Error(`builder: ${keys.length} keydown events in the page for ${TYPED.length} keystrokes typed`);
  }
  // Keystroke i (page clock: timeOrigin + keydown timeStamp) is saved by
  // the first request to reach the worker carrying its text or a later
  // one's, and is durable when the worker posts "saved through n" with n at
  // least that request's number (worker clock: timeOrigin + now()), which it
  // does once IndexedDB has committed.
  const toDurableKey = keys.map((at, i) => {
    const request = run.received.find((r) => r.key >= i);
    if (!request) throw new Error(`builder keystroke ${i}: no request carrying its text reached the document worker`);
    const confirmed = run.saved.find((e) => e.through >= request.seq);
    if (!confirmed) {
      throw new Error(`builder keystroke ${i}: the worker never posted "saved through" ${request.seq} or more `
        + `(${run.saved.length} confirmations for ${keys.length} keystrokes)`);
    }
    if (confirmed.at < at) {
      throw new Error(`builder keystroke ${i}: its confirmation is ${(at - confirmed.at).toFixed(1)} ms before the keystroke: `
        + "the page's and the worker's clocks (performance.timeOrigin) disagree");
    }
    return confirmed.at - at;
  });
  // Where the time goes, for the log: keystroke to request posted (page),
  // posted to arrived (the worker's queue; a negative least delay would be
  // clock skew, since a request cannot arrive before it is posted), arrived
  // to durable (the worker's work and IndexedDB).
  const sent = await page.evaluate((texts) => window.__benchSent.map(({ at, data }) => ({
    at, key: typeof data === "string" ? texts.findLastIndex((t) => data.includes(t)) : -1,
  })), texts);
  const stage = (xs) => (xs.length ? `median ${median(xs).toFixed(1)} ms, least ${Math.min(...xs).toFixed(1)} ms` : "not seen");
  const posted = keys.map((at, i) => sent.find((x) => x.key >= i)?.at - at).filter(Number.isFinite);
  const queued = sent.filter((x) => x.key >= 0)
    .map((x) => run.received.find((r) => r.key === x.key)?.at - x.at).filter(Number.isFinite);
  // Arrived to confirmed: the worker's work and IndexedDB.
  const written = keys.map((_, i) => {
    const request = run.received.find((r) => r.key >= i);
    return run.saved.find((e) => e.through >= request.seq).at - request.at;
  });
  console.error(`builder: ${keys.length} keystrokes, ${run.received.filter((r) => r.key >= 0).length} requests carrying them, `
    + `${run.saved.length} confirmations; keystroke to posted: ${stage(posted)}; `
    + `posted to arrived: ${stage(queued)}; arrived to confirmed: ${stage(written)}; `
    + `first keystroke to confirmed ${toDurableKey[0].toFixed(1)} ms; slowest: `
    + `${toDurableKey.map((ms, i) => [ms, i]).sort((a, b) => b[0] - a[0]).slice(0, 6).map(([ms, i]) => {
      const request = run.received.find((r) => r.key >= i);
      const post = sent.find((x) => x.key >= i);
      return `#${i} ${ms.toFixed(0)} ms (posted +${(post.at - keys[i]).toFixed(0)}, arrived +${(request.at - keys[i]).toFixed(0)})`;
    }).join(", ")}`);
  console.log(`builder_keystroke_to_durable_p50_ms ${percentile(toDurableKey, 50).toFixed(1)} ms`);
  console.log(`builder_keystroke_to_durable_p95_ms ${percentile(toDurableKey, 95).toFixed(1)} ms`);
  await builder.back.click();
  await page.getByRole("button", { name: `Start: ${SURVEY}` }).waitFor({ timeout: 120000 });
  // Back in the first module: a page load again.
  await workerReady();

  // Tap to durable: alternate two answers on the first question, waiting for
  // each to be committed before the next tap.
  await page.getByRole("button", { name: `Start: ${SURVEY}` }).click();
  await page.getByRole("radio", { name: "Yes, I want to take part" }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("radio", { name: "The person, on their own" }).check();
  await page.getByRole("button", { name: "Start the questions" }).click();
  await page.getByRole("radio", { name: "Happy", exact: true }).waitFor();
  await page.getByText("Saved on this device").waitFor({ timeout: 120000 });
  // Each tap is timed by its own request's number. The page's request for
  // a tap is the first SetAnswer it posts after the click (its `seq`); the
  // tap is durable when the worker posts "saved through n" with n >= seq,
  // which it does once IndexedDB has committed (what the issue's target is
  // about), and shown when the page draws the first frame after that
  // confirmation reached it. The worker's clock and the page's are compared
  // through performance.timeOrigin.
  worker = await documentWorker();
  await worker.evaluate(() => {
    self.__benchPosted = [];
    const post = self.postMessage.bind(self);
    self.postMessage = (message, ...rest) => {
      self.__benchPosted.push({ at: performance.timeOrigin + performance.now(), data: message });
      return post(message, ...rest);
    };
  });
  const taps = await page.evaluate(async (count) => {
    // The first question's "Happy" and "Unhappy" faces.
    const radios = [...document.querySelectorAll("input[type=radio][name=q-q1]")].filter((_, i) => i === 0 || i === 2);
    const sent = [];
    const post = Worker.prototype.postMessage;
    let worker = null;
    Worker.prototype.postMessage = function (message, ...rest) {
      worker = this;
      const seq = Number(/"seq":(\d+)/.exec(String(message))?.[1] ?? NaN);
      if (String(message).includes("\"set_answer\"")) sent.push({ at: performance.now(), seq });
      return post.call(this, message, ...rest);
    };
    const through = (data) => Number(/"saved":(?:\{"through":)?(\d+)/.exec(String(data))?.[1] ?? NaN);
    const out = [];
    try {
      for (let i = 0; i < count; i++) {
        const t0 = performance.now();
        const before = sent.length;
        radios[i % 2].click();
        // The click's handler posts the request synchronously, or within
        // a few tasks; wait for it.
        for (let k = 0; sent.length === before && k < 1000; k++) await new Promise((r) => setTimeout(r, 0));
        const request = sent[before];
        if (!request || !Number.isFinite(request.seq)) throw new Error(`tap ${i}: the page posted no numbered SetAnswer request`);
        const shownAt = await new Promise((resolve) => {
          const heard = (e) => {
            if (through(e.data) >= request.seq) {
              worker.removeEventListener("message", heard);
              requestAnimationFrame(() => resolve(performance.now()));
            }
          };
          worker.addEventListener("message", heard);
        });
        out.push({ tapped: performance.timeOrigin + t0, seq: request.seq, shown: shownAt - t0 });
      }
    } finally {
      Worker.prototype.postMessage = post;
    }
    return out;
  }, TAPS);
  const confirmations = await worker.evaluate(() => self.__benchPosted.map(({ at, data }) => ({
    at, through: Number(/"saved":(?:\{"through":)?(\d+)/.exec(String(data))?.[1] ?? NaN),
  })).filter((e) => Number.isFinite(e.through)));
  const toDurable = taps.map(({ tapped, seq }, i) => {
    const confirmed = confirmations.find((c) => c.through >= seq);
    if (!confirmed) {
      throw new Error(`tap ${i} of ${TAPS}: the worker never posted "saved through" ${seq} or more `
        + `(${confirmations.length} confirmations for ${TAPS} taps)`);
    }
    if (confirmed.at < tapped) {
      throw new Error(`tap ${i}: its confirmation is ${(tapped - confirmed.at).toFixed(1)} ms before the tap: `
        + "the page's and the worker's clocks (performance.timeOrigin) disagree");
    }
    return confirmed.at - tapped;
  });
  const shown = taps.map((t) => t.shown);

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

  console.log(`tap_to_durable_p50_ms ${percentile(toDurable, 50).toFixed(1)} ms`);
  console.log(`tap_to_durable_p95_ms ${percentile(toDurable, 95).toFixed(1)} ms`);
  console.log(`tap_to_saved_shown_p50_ms ${percentile(shown, 50).toFixed(1)} ms`);
  console.log(`tap_to_saved_shown_p95_ms ${percentile(shown, 95).toFixed(1)} ms`);
  console.log(`idb_bytes_per_response ${Math.round(bytes.total / bytes.docs)} bytes`);
} finally {
  throttle.close();
  await browser.close();
  await server.stop();
}
