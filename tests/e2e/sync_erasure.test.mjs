// Erasure and withdrawal reach the project's other devices. A response
// deleted on one device disappears from the other at its next sync, which
// keeps only its tombstone; a note withdrawn on one device leaves no trace
// of its words in either device's IndexedDB (every value of every store,
// DEFLATE streams included) or in the relay's files.
import assert from "node:assert/strict";
import { test } from "node:test";

import { EXAMPLE } from "./pages/project.mjs";
import { QuestionPage } from "./pages/question.mjs";
import { ReviewPage } from "./pages/review.mjs";
import { SessionPage } from "./pages/session.mjs";
import { launch } from "./support/browser.mjs";
import { filesText, shareAndJoin } from "./support/devices.mjs";
import { startServer } from "./support/server.mjs";
import { containsText, stored, storedValues } from "./support/storage.mjs";
import { eventually, visible } from "./support/wait.mjs";

const GUIDE = "Tea and talk: a relaxed chat about your support";
const CHANGE = "If you could change one thing about your support, what would it be?";
const MARKER = "Wombat-3K8P";

/** Runs `body` with a relay and two devices of one shared project. */
async function twoDevices(name, templates, body) {
  const server = await startServer();
  const first = await launch();
  const second = await launch();
  try {
    const [a, b] = await shareAndJoin(server, first, second, name, templates);
    await body({ server, a, b });
  } finally {
    await first.close();
    await second.close();
    await server.stop();
  }
}

test("a response deleted on one device disappears from the other, leaving only its tombstone", async () => {
  await twoDevices("Erasing across devices", [EXAMPLE], async ({ a, b }) => {
    await a.begin(EXAMPLE);
    const question = new QuestionPage(a.page);
    for (let i = 0; i < 5 && !(await question.textbox(CHANGE).count()); i++) await question.next.click();
    await question.textbox(CHANGE).fill(`More ${MARKER} outings`);
    await visible(question.saved);
    const id = new URL(a.page.url()).pathname.split("/")[2];
    await eventually(async () => assert.equal(await b.draftLinks().count(), 1), 20000);
    await eventually(async () => {
      const { chunks } = await storedValues(b.page);
      assert.ok(containsText({ chunks }, MARKER), "the second device holds the words before");
    }, 20000);

    await a.page.goto(new URL(`/responses/${id}/review`, a.page.url()).href);
    await visible(new ReviewPage(a.page).heading);
    await a.page.getByRole("button", { name: "Delete this response" }).click();
    await a.page.getByRole("alertdialog").getByRole("button", { name: "Yes, delete it for good" }).click();
    await visible(a.heading);

    await eventually(async () => assert.equal(await b.draftLinks().count(), 0), 20000);
    await eventually(async () => {
      const { chunks, index } = await stored(b.page);
      assert.deepEqual(chunks.filter((k) => k.startsWith(id)), [], "its chunks are gone");
      assert.deepEqual(index.find(([key]) => key === id)?.[1], { type: "erased" });
      assert.ok(!containsText(await storedValues(b.page), MARKER), "its words are gone");
    }, 20000);
  });
});

test("a note withdrawn on one device leaves no trace of its words on either device or the relay", async () => {
  await twoDevices("Withdrawing across devices", [GUIDE], async ({ server, a, b }) => {
    await a.page.getByRole("button", { name: `Start a session: ${GUIDE}` }).click();
    const sa = new SessionPage(a.page);
    for (const [n, text] of ["We like the new café.", `I told them ${MARKER} about home`, "The bus is late."].entries()) {
      await sa.addNote.click();
      await eventually(async () => assert.equal(await sa.note(n + 1).count(), 1));
      await sa.note(n + 1).fill(text);
    }
    await visible(sa.saved);
    await eventually(async () => assert.equal(await b.sessionLinks().count(), 1), 20000);
    await b.sessionLinks().first().click();
    const sb = new SessionPage(b.page);
    await eventually(async () => assert.match(await sb.note(2).inputValue(), new RegExp(MARKER)), 20000);
    // The control: the words are in the second device's stored chunks.
    await eventually(async () => {
      const { chunks } = await storedValues(b.page);
      assert.ok(containsText({ chunks }, MARKER), "the words are stored before");
    }, 20000);

    await sa.button("Take note 2 out for good").click();
    await a.page.getByRole("alertdialog").getByRole("button", { name: "Yes, take them out" }).click();
    await eventually(async () => assert.equal(await sa.note(3).count(), 0));

    await eventually(async () => {
      assert.equal(await sb.note(3).count(), 0);
      assert.equal(await sb.note(2).inputValue(), "The bus is late.");
    }, 20000);
    assert.equal(await sb.note(1).inputValue(), "We like the new café.");
    for (const page of [a.page, b.page]) {
      await eventually(async () => assert.ok(!containsText(await storedValues(page), MARKER), "the words are still stored"), 20000);
    }
    assert.ok(!filesText(server.data).includes(MARKER), "the words are in the relay's files");
  });
});
