// The sync figures, in headless Chromium with every target's CPU slowed four
// times (pages through DevTools, workers' threads by the kernel: see
// throttle.mjs), each browser checked by the calibration loop:
//
// - join_project_s: the relay (the real server binary on loopback) holds a
//   project of 2,165 completed responses of 60 answers, pushed by the
//   seeding tool (`xtask seed-relay`) over the real protocol; a fresh
//   browser profile opens the invite link, and the person taps the project
//   as soon as it is listed. Timed from opening the link to the frame that
//   shows "Synced with the project's other devices" on the project's page
//   with 2,165 completed responses listed. Every frame from the first one
//   the app draws should show progress (a progress bar, or "Syncing: n of
//   m") or say it is synced; the longest stretch without is printed.
// - sync_propagation_p50_ms / _p95_ms: two browser profiles of one project,
//   both connected; the project is renamed on one, and timed from that
//   change being durable there to the new name drawn on the other, 20 times.
//
// Usage: node sync.mjs (HEARD_SERVER_BIN, HEARD_DIST, HEARD_CHROMIUM and
// HEARD_SEED_BIN as for the e2e specs; HEARD_SYNC_RUNS to pick one part).
// Prints `name value unit` lines.
import { performance } from "node:perf_hooks";

import { launch } from "../e2e/support/browser.mjs";
import { seedRelay } from "../e2e/support/seed.mjs";
import { startServer } from "../e2e/support/server.mjs";
import { RATE, calibrate, documentWorker } from "./calibrate.mjs";
import { Throttle, freePort } from "./throttle.mjs";

const RESPONSES = 2165;
const ANSWERS = 60;
const CHANGES = 20;
const SYNCED = "Synced with the project's other devices";
const thousands = (n) => n.toLocaleString("en-GB");
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A browser of its own profile, every target throttled `RATE` times from its first page on. */
async function throttledBrowser() {
  const port = await freePort();
  const browser = await launch({ args: [`--remote-debugging-port=${port}`] });
  const throttle = await Throttle.connect(port, RATE);
  await throttle.set(RATE);
  return { ...browser, throttle };
}

/**
 * In every document of the page: what each frame shows of the join, from
 * the first frame the app draws (the shell's "Loading" aside) to the first
 * frame with the project's page synced and `completed` listed. Kept in
 * `window.__join`: `{ frames: [[ms, progress shown, words]], done: ms }`, in ms
 * since the page's navigation started (the link opened), on the page's
 * own clock, with what the screen says of sync in frames without progress.
 * Read once per frame, so it adds a few selector calls to each frame and
 * nothing else.
 */
function watchJoin({ synced, completed }) {
  const join = { frames: [], done: null };
  window.__join = join;
  const frame = (now) => {
    const app = document.querySelector(".notice [role=status], main h1");
    if (app) {
      const progress = [...document.querySelectorAll("progress")].some((p) => p.max > 0)
        || /Syncing: \d+ of \d+/.test(document.querySelector("header")?.textContent ?? "");
      // What the screen says of sync meanwhile, for the log.
      const words = document.querySelector(".notice [role=status], .sync-status")?.textContent
        ?? document.querySelector(".sync-badge")?.textContent ?? "";
      const last = join.frames.at(-1);
      if (!last || last[1] !== progress || (!progress && last[2] !== words)) join.frames.push([now, progress, words]);
      const shown = document.querySelector(".sync-status")?.textContent === synced
        && [...document.querySelectorAll("main .count")].some((c) => c.textContent.trim() === completed);
      if (shown) {
        join.done = now;
        return;
      }
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

async function joinProject(server) {
  const invite = await seedRelay({
    relay: `ws://127.0.0.1:${server.port}/relay`,
    app: `${server.url}/`,
    responses: RESPONSES,
    answers: ANSWERS,
  });
  const device = await throttledBrowser();
  try {
    const { page } = device;
    const name = `National survey, ${thousands(RESPONSES)} responses`;
    // Calibrated first, on the app at another origin of the same server
    // ("localhost" is another site than "127.0.0.1", so nothing it leaves
    // in the profile, caches or compiled code, serves the join).
    await page.goto(server.url.replace("127.0.0.1", "localhost"));
    await page.getByRole("heading", { level: 1, name: "Projects" }).waitFor({ timeout: 120000 });
    await page.waitForFunction(() => performance.getEntriesByName("heard-worker-ready").length > 0, null,
      { timeout: 120000, polling: 100 });
    await sleep(1000);
    await calibrate(page, device.throttle, { label: "join_", throttledFirst: true });
    await page.addInitScript(watchJoin, { synced: SYNCED, completed: `${RESPONSES} completed` });
    await page.goto(invite);
    // The person taps the project the moment it is listed (Playwright
    // clicks once it is drawn and still: a frame or two).
    await page.getByRole("link", { name, exact: true }).click({ timeout: 600000 });
    await page.waitForFunction(() => window.__join.done !== null, null, { timeout: 600000, polling: 1000 });
    const { frames, done } = await page.evaluate(() => window.__join);
    // The longest run of frames with neither progress nor "synced" (the
    // app bar's or the project's) between the first frame drawn and the
    // one timed: the end of the catch-up is when the project is listed
    // (its document came last), so the last stretch says "Synced" while
    // the project's page opens.
    const synced = (words) => words === "Synced" || words === SYNCED;
    let gap = 0;
    for (let i = 0; i < frames.length; i++) {
      const [at, progress, words] = frames[i];
      if (!progress && !synced(words)) gap = Math.max(gap, (frames[i + 1]?.[0] ?? done) - at);
    }
    console.error(`join: the app drew its first frame at ${(frames[0][0] / 1000).toFixed(1)} s; `
      + `progress frames: ${frames.map(([t, p, w]) => `${(t / 1000).toFixed(1)} s ${p ? "shown" : `none ("${w}")`}`).join(", ")}`);
    console.log(`join_project_s ${(done / 1000).toFixed(1)} s`);
    console.log(`join_progress_longest_gap_ms ${Math.round(gap)} ms`);
  } finally {
    device.throttle.close();
    await device.close();
  }
}

async function propagation(server) {
  const invite = await seedRelay({
    relay: `ws://127.0.0.1:${server.port}/relay`,
    app: `${server.url}/`,
    responses: 10,
    answers: ANSWERS,
  });
  const name = "National survey, 10 responses";
  const devices = [await throttledBrowser(), await throttledBrowser()];
  try {
    for (const device of devices) {
      await device.page.goto(invite);
      await device.page.getByRole("link", { name, exact: true }).click({ timeout: 120000 });
      await device.page.getByText(SYNCED).waitFor({ timeout: 120000 });
    }
    await calibrate(devices[0].page, devices[0].throttle, { label: "sender_", throttledFirst: true });
    await calibrate(devices[1].page, devices[1].throttle, { label: "receiver_", throttledFirst: true });
    const [a, b] = devices.map((d) => d.page);
    const worker = await documentWorker(a);

    // Across two browsers only node's clock is common (each renderer
    // process puts its own time origin on the wall clock), so both ends
    // are node's `performance.now()` when DevTools delivers a binding call:
    // the receiver calls it in the frame after the new name is in its DOM,
    // the sender when its page hears the change is durable ("heard-saved").
    // Each delivery adds the same few tenths of a millisecond at both ends.
    // The sender's page hears "saved" a little after its worker committed
    // and set "heard-durable": that difference is taken on the sender's
    // own clock (page and worker share a process and a time origin base)
    // and subtracted, so each figure runs from the commit, when the worker
    // also starts to push.
    let shown = null;
    let saved = null;
    await b.exposeBinding("__benchShown", (_, text) => shown?.(text, performance.now()));
    await a.exposeBinding("__benchSaved", (_, at) => saved?.(at, performance.now()));
    await b.evaluate(() => {
      const heading = () => document.querySelector("main h1")?.textContent;
      let last = heading();
      new MutationObserver(() => {
        const now = heading();
        if (now === last) return;
        last = now;
        // The frame after the change is the one that draws it.
        requestAnimationFrame(() => setTimeout(() => window.__benchShown(now)));
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    await a.evaluate(() => {
      new PerformanceObserver((list) => {
        for (const e of list.getEntriesByName("heard-saved")) window.__benchSaved(performance.timeOrigin + e.startTime);
      }).observe({ entryTypes: ["mark"] });
    });
    const box = a.getByRole("textbox", { name: "Project name" });
    const rename = a.getByRole("button", { name: "Rename project" });
    const times = [];
    const fromTap = [];
    for (let i = 1; i <= CHANGES; i++) {
      const next = `National survey, round ${i}`;
      await box.fill(next);
      const drawn = new Promise((resolve) => {
        shown = (text, at) => { if (text === next) resolve(at); };
      });
      const durable = new Promise((resolve) => {
        saved = (pageAt, at) => resolve({ pageAt, at });
      });
      const tapped = performance.now();
      await rename.click();
      const [drawnAt, savedAt] = await Promise.all([drawn, durable]);
      const marks = await worker.evaluate(() => performance.getEntriesByName("heard-durable")
        .map((e) => performance.timeOrigin + e.startTime));
      const committed = marks.filter((m) => m <= savedAt.pageAt).at(-1);
      const lag = committed === undefined ? 0 : savedAt.pageAt - committed;
      if (lag > 1000) throw new Error(`round ${i}: the sender's page heard "saved" ${lag.toFixed(0)} ms after the commit`);
      times.push(drawnAt - (savedAt.at - lag));
      fromTap.push(drawnAt - tapped);
      await sleep(300);
    }
    console.error(`propagation: from commit ${times.map((t) => t.toFixed(0)).join(", ")} ms; `
      + `from the tap p50 ${percentile(fromTap, 50).toFixed(0)} ms, p95 ${percentile(fromTap, 95).toFixed(0)} ms`);
    console.log(`sync_propagation_p50_ms ${percentile(times, 50).toFixed(0)} ms`);
    console.log(`sync_propagation_p95_ms ${percentile(times, 95).toFixed(0)} ms`);
  } finally {
    for (const device of devices) {
      device.throttle.close();
      await device.close();
    }
  }
}

const server = await startServer();
try {
  // Each part's figures are printed even when the other part fails.
  const failures = [];
  // HEARD_SYNC_RUNS=join or =propagation measures one of them alone.
  const runs = (process.env.HEARD_SYNC_RUNS ?? "join,propagation").split(",");
  for (const [name, part] of [["join", joinProject], ["propagation", propagation]]) {
    if (runs.includes(name)) await part(server).catch((error) => failures.push(error));
  }
  if (failures.length) throw new AggregateError(failures, failures.map((e) => e.message).join("; "));
} finally {
  await server.stop();
}
