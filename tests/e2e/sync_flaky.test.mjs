// A flaky link during a large catch-up: the relay holds a project of a few
// hundred completed responses (pushed by the seeding tool, over the real
// protocol); a fresh browser profile opens the invite link through a proxy
// that cuts the relay's WebSocket many times at random points inside the
// frames that carry the log, after none, one or two batches went through. The joining device ends with every response exactly
// once, in its list and in IndexedDB, each with all its answers, and says
// it is synced.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ProjectPage } from "./pages/project.mjs";
import { withBrowser } from "./support/browser.mjs";
import { startFlakyProxy } from "./support/flaky_proxy.mjs";
import { seedRelay } from "./support/seed.mjs";
import { startServer } from "./support/server.mjs";
import { stored } from "./support/storage.mjs";

// Six hundred small responses: the relay hands them over in three batches
// (of at most 256 entries), each one large frame.
const RESPONSES = 600;
const ANSWERS = 4;
const NAME = `National survey, ${RESPONSES} responses`;
const SYNCED = "Synced with the project's other devices";
// Per connection, how many batches go through whole before it is cut in
// the middle of the next: twice the device gets a batch further, so it
// comes back from the start, and from further on; the last cuts all fall
// in the last batch. Fourteen cuts, then the link holds.
const SCHEDULE = [0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
const SEED = Number(process.env.HEARD_FLAKY_SEED ?? Math.floor(Math.random() * 2 ** 31));

const cutsSeen = (proxy) => `${proxy.relayConnections} relay connections, cut after `
  + `${proxy.cuts.map((c) => `${c.bytes} bytes (${c.whole} batches whole)`).join(", ")}`;

test("a device joining over a link cut many times mid-catch-up ends with every response exactly once", { timeout: 120000 }, async (t) => {
  t.diagnostic(`cut points seeded with ${SEED} (HEARD_FLAKY_SEED=${SEED} repeats them)`);
  const server = await startServer();
  const proxy = await startFlakyProxy(server.port, { seed: SEED, schedule: SCHEDULE });
  try {
    const via = `127.0.0.1:${proxy.port}`;
    const invite = await seedRelay({
      relay: `ws://127.0.0.1:${server.port}/relay`,
      app: `http://${via}/`,
      inviteRelay: `ws://${via}/relay`,
      responses: RESPONSES,
      answers: ANSWERS,
    });
    proxy.arm();
    await withBrowser(t, async ({ page }) => {
      const opened = Date.now();
      await page.goto(invite);
      const listed = page.getByRole("link", { name: NAME, exact: true });
      await listed.waitFor({ timeout: 60000 });
      await listed.click();
      const project = new ProjectPage(page, NAME);
      await project.heading.waitFor();
      await page.getByText(SYNCED).waitFor({ timeout: 60000 });
      assert.deepEqual(proxy.cuts.map((c) => c.whole), SCHEDULE,
        `every planned cut fell in a batch before the device was synced (${cutsSeen(proxy)})`);
      await page.getByText(`${RESPONSES} completed`, { exact: true }).waitFor();

      // Every response once in the list: shown fifty at a time, each a
      // link to its own review.
      const more = project.completed.getByRole("button", { name: /^Show \d+ more$/ });
      while (await more.count()) await more.click();
      const links = await project.completedLinks().evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      assert.equal(links.length, RESPONSES, "completed responses listed");
      assert.equal(new Set(links).size, RESPONSES, "no response listed twice");

      // And once in IndexedDB, whole: every answer, completed, stored.
      const { chunks, index } = await stored(page);
      const responses = index.filter(([, s]) => s.type === "response");
      assert.equal(responses.length, RESPONSES, "responses in the index");
      assert.equal(new Set(responses.map(([id]) => id)).size, RESPONSES);
      const incomplete = responses.filter(([, s]) => s.answered !== ANSWERS || s.completed == null);
      assert.deepEqual(incomplete, [], "every response has all its answers and is completed");
      const withChunks = new Set(chunks.map((key) => key.split("/")[0]));
      assert.deepEqual(responses.filter(([id]) => !withChunks.has(id)), [], "every response's changes are stored");
      t.diagnostic(`${cutsSeen(proxy)}; joined ${((Date.now() - opened) / 1000).toFixed(1)} s after opening the link`);
    });
  } finally {
    await proxy.stop();
    t.diagnostic(`uncut relay connections carried ${proxy.whole.join(", ")} bytes`);
    await server.stop();
  }
});
