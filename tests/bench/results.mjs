// The results figures, in headless Chromium with every target's CPU (the
// page and its document worker) slowed four times, checked first by the
// calibration loop, over the benchmark's project: 2,165 completed responses
// of a 60-question survey (`cargo xtask bench-data`).
//
// - results_tables_ms: the survey's results screen opened from the project
//   (a page load: the results module), from the start of its
//   navigation to the frame that shows the count of responses with every
//   question's table. The first open after the responses arrived: the
//   worker starts and counts them.
// - results_tables_again_ms: the same screen opened again with nothing
//   changed since: it shows the tables the worker kept last time.
// - results_breakdown_ms: the same tables broken down by a 5-choice
//   question, from choosing it to the frame that shows its groups.
// - csv_export_ms: from the tap on "Download the responses" to the frame
//   that says the file was saved.
// - csv_import_ms: that file (2,165 rows of 60 questions) imported back into
//   the survey, from the tap on "Import" (the worker checks every row again
//   and stores them) to the frame that says they are imported.
//
// Usage: node results.mjs <fixture> (HEARD_SERVER_BIN, HEARD_DIST and
// HEARD_CHROMIUM as for the e2e specs). Prints `name value unit` lines.
import { readFileSync } from "node:fs";

import { launch } from "../e2e/support/browser.mjs";
import { startServer } from "../e2e/support/server.mjs";
import { RATE, calibrate } from "./calibrate.mjs";
import { loadFixture } from "./fixture.mjs";
import { Throttle, freePort } from "./throttle.mjs";

const SURVEY = "National adult social care survey";
const BY = "Question 2 of the national survey";
const QUESTIONS = 60;
const data = JSON.parse(readFileSync(process.argv[2], "utf8"));
const server = await startServer();
const port = await freePort();
const browser = await launch({ args: [`--remote-debugging-port=${port}`] });
const { page } = browser;
const throttle = await Throttle.connect(port, 1);
const projects = page.getByRole("heading", { level: 1, name: "Projects" });
const workerReady = () => page.waitForFunction(() => performance.getEntriesByName("heard-worker-ready").length > 0, null,
  { timeout: 600000, polling: 100 });

/**
 * Installed in every document of the page: `__timeTo(event, what)` keeps in
 * `window.__timed` a promise of the time from the next `event` (its own
 * timestamp, or the navigation's start when `event` is null) to the frame
 * after the screen first shows `what`, watched by a MutationObserver so
 * that nothing polls the slowed page from outside. A results screen starts
 * its own timing as it loads. (No code is passed as text: the app's
 * Content-Security-Policy forbids eval.)
 */
function installTimer(responses) {
  const statuses = () => [...document.querySelectorAll("main [role=status]")].map((el) => el.textContent.trim());
  const shows = {
    tables: () => statuses().some((s) => s.includes(`Completed responses: ${responses}`))
      && document.querySelectorAll("main section table").length >= 40,
    groups: () => [...document.querySelectorAll("main thead th")].filter((h) => h.textContent.includes("(responses:")).length >= 5,
    saved: () => statuses().some((s) => /^Saved .*Responses in it: \d+\.$/.test(s)),
    imported: () => statuses().some((s) => s.startsWith("Imported from")),
  };
  window.__timeTo = (event, what) => {
    window.__timed = new Promise((resolve) => {
      let from = event ? null : 0;
      if (event) addEventListener(event, (e) => { from = e.timeStamp; }, { capture: true, once: true });
      const observer = new MutationObserver(() => {
        if (from === null || !shows[what]()) return;
        observer.disconnect();
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - from)));
      });
      observer.observe(document, { childList: true, subtree: true, characterData: true });
    });
  };
  if (location.pathname.endsWith("/results")) window.__timeTo(null, "tables");
}

/** The page's marks and its modules' downloads, from the navigation's start (stderr: not figures). */
async function whereTheTimeWent(label) {
  const lines = await page.evaluate(() => [
    ...performance.getEntriesByType("mark").map((m) => `${m.name} ${Math.round(m.startTime)}`),
    ...performance.getEntriesByType("resource").filter((r) => r.name.endsWith(".wasm"))
      .map((r) => `${r.name.split("/").pop()} ${Math.round(r.startTime)}-${Math.round(r.responseEnd)}`),
  ]);
  console.error(`# ${label}: ${lines.join("; ")}`);
}

const timeTo = (event, what) => page.evaluate(([e, w]) => window.__timeTo(e, w), [event, what]);
const timed = () => page.evaluate(() => window.__timed);

try {
  await page.goto(server.url);
  await projects.waitFor();
  await loadFixture(page, data);
  await throttle.set(RATE);
  await page.goto(server.url);
  await projects.waitFor();
  await workerReady();
  await calibrate(page, throttle, { label: "results_", throttledFirst: true });

  const name = JSON.parse(data.index.find(([id]) => id === data.project)[1]).name;
  await page.getByRole("link", { name, exact: true }).click();
  await page.getByText(`${data.responses} completed`).waitFor({ timeout: 600000 });

  // Opening the results: a page load, timed from its navigation's start.
  await page.addInitScript(installTimer, data.responses);
  await page.getByRole("link", { name: `Results: ${SURVEY}`, exact: true }).click();
  await page.waitForURL(/\/results$/);
  console.log(`results_tables_ms ${Math.round(await timed())} ms`);
  await whereTheTimeWent("first open");

  // Opened again later, nothing changed since: the tables the worker kept
  // show before it has started, and its own answer draws nothing again.
  await page.waitForTimeout(3000);
  await page.reload();
  console.log(`results_tables_again_ms ${Math.round(await timed())} ms`);
  await whereTheTimeWent("opened again");

  // Broken down by a question of five choices.
  await timeTo("change", "groups");
  await page.getByRole("combobox", { name: "Break down by" }).selectOption({ label: BY });
  console.log(`results_breakdown_ms ${Math.round(await timed())} ms`);
  await page.getByRole("combobox", { name: "Break down by" }).selectOption({ value: "" });

  // The CSV of every completed response.
  await timeTo("click", "saved");
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 600000 }),
    page.getByRole("button", { name: "Download the responses (CSV)" }).click(),
  ]);
  console.log(`csv_export_ms ${Math.round(await timed())} ms`);
  const csv = readFileSync(await download.path());
  const rows = csv.toString("utf8").trim().split(/\r?\n/).length - 1;
  if (rows < data.responses) throw new Error(`the export held ${rows} rows, not ${data.responses}`);
  console.error(`exported ${csv.length} bytes, ${rows} rows of ${QUESTIONS} questions`);

  // That file imported back: checked when chosen, then checked and stored.
  await page.getByLabel("Choose a CSV file of responses").setInputFiles({ name: "responses.csv", mimeType: "text/csv", buffer: csv });
  await page.getByText(`Responses ready to import: ${data.responses}.`).waitFor({ timeout: 600000 });
  await timeTo("click", "imported");
  await page.getByRole("button", { name: `Import the responses (${data.responses})`, exact: true }).click();
  const imported = await timed();
  console.log(`csv_import_ms ${Math.round(imported)} ms`);
} finally {
  throttle.close();
  await browser.close();
  await server.stop();
}
