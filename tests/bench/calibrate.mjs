// The calibration every throttled browser figure is checked by: a fixed CPU
// loop (throttle.mjs's timeLoop) timed in a page and in its real document
// worker (run there through DevTools, in the worker's own global scope, so
// no app code changes), unthrottled and throttled. A figure is printed only
// when both ran at least MIN_FACTOR times slower, so a throttle that did
// not take (or a machine too busy to tell) never passes for a fast app.
import { timeLoop } from "./throttle.mjs";

// How many times slower than this machine the figures are taken, and the
// least slowdown the calibration loop must show in the page and in the
// document worker for them to be printed at all.
export const RATE = 4;
export const MIN_FACTOR = 3.5;

/** The page's document worker, once it has started (and is not `previous`). */
export async function documentWorker(page, previous = null) {
  for (let i = 0; i < 600; i++) {
    const worker = page.workers().find((w) => /worker/.test(w.url()) && w !== previous);
    if (worker) return worker;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no document worker among ${page.workers().map((w) => w.url())}`);
}

/**
 * Times the loop in `page` and its document worker at the throttle's
 * current rate, then at `rate` (or the other way round: `throttledFirst`,
 * for a page that was throttled from its start and is measured as it is).
 * The kernel's cap on a worker thread overruns by its tick: one correction
 * when the worker ran short of `rate`. Returns the factors, after printing
 * them (`cpu_throttle_<label>page_factor`, `..._worker_factor`), with each
 * run's detail on standard error; throws when either is short of
 * MIN_FACTOR in each of ATTEMPTS runs, or some target could not be
 * throttled. Leaves the throttle at `rate`.
 */
export async function calibrate(page, throttle, options = {}) {
  // A busy machine slows the unthrottled loop too, which makes the factor
  // look short; the throttle took if any of a few runs shows it.
  for (let attempt = 1; ; attempt++) {
    try {
      return await calibrateOnce(page, throttle, options);
    } catch (error) {
      if (attempt === ATTEMPTS || throttle.failures.length) throw error;
      console.error(`${error.message}; calibrating again`);
    }
  }
}

const ATTEMPTS = 3;

async function calibrateOnce(page, throttle, { label = "", rate = RATE, throttledFirst = false }) {
  const worker = await documentWorker(page);
  const time = async () => [await timeLoop((loop, n) => page.evaluate(loop, n)),
    await timeLoop((loop, n) => worker.evaluate(loop, n))];
  let free;
  let slowed;
  if (throttledFirst) {
    slowed = await time();
    await throttle.set(1);
    free = await time();
    await throttle.set(rate);
  } else {
    await throttle.set(1);
    free = await time();
    await throttle.set(rate);
    slowed = await time();
  }
  if (slowed[1] / free[1] < rate * 0.97) {
    throttle.threads.tune(slowed[1] / free[1], rate);
    slowed[1] = await timeLoop((loop, n) => worker.evaluate(loop, n));
  }
  const [pageFactor, workerFactor] = [slowed[0] / free[0], slowed[1] / free[1]];
  console.error(`calibration loop${label ? ` (${label.replace(/_$/, "")})` : ""}: page ${free[0].toFixed(0)} ms free, `
    + `${slowed[0].toFixed(0)} ms throttled; document worker ${free[1].toFixed(0)} ms free, ${slowed[1].toFixed(0)} ms throttled; `
    + throttle.describe());
  if (throttle.failures.length) {
    throw new Error(`refusing to print the browser figures: some targets could not be throttled: ${JSON.stringify(throttle.failures)}`);
  }
  for (const [what, factor] of [["document worker", workerFactor], ["page", pageFactor]]) {
    if (factor < MIN_FACTOR) {
      throw new Error(`refusing to print the browser figures: the calibration loop ran only ${factor.toFixed(2)}x slower `
        + `in the ${what} with the CPU throttled ${rate}x (at least ${MIN_FACTOR}x needed); is the machine busy?`);
    }
  }
  console.log(`cpu_throttle_${label}page_factor ${pageFactor.toFixed(2)} x`);
  console.log(`cpu_throttle_${label}worker_factor ${workerFactor.toFixed(2)} x`);
  return { pageFactor, workerFactor };
}
