// Someone asks for their words to be taken out: the note is withdrawn, and
// its words are found nowhere in IndexedDB afterwards (every value of every
// store is read), while the session's other notes are intact. And a note's
// recording lives beside the session as a blob: deleting the note frees
// its bytes.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ProjectPage } from "./pages/project.mjs";
import { QuestionPage } from "./pages/question.mjs";
import { ReviewPage } from "./pages/review.mjs";
import { SessionPage } from "./pages/session.mjs";
import { withApp } from "./support/browser.mjs";
import { containsText, storedValues } from "./support/storage.mjs";
import { eventually, visible } from "./support/wait.mjs";

const GUIDE = "Tea and talk: a relaxed chat about your support";
const FAKE_MICROPHONE = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"];
const MARKER = "Quokka-7Q2X";

async function startSession(page, server, name) {
  const project = new ProjectPage(page, name);
  await project.open(server.url, { templates: [] });
  await project.addTemplate(GUIDE);
  await page.getByRole("button", { name: `Start a session: ${GUIDE}` }).click();
  await visible(page.getByRole("heading", { level: 1, name: GUIDE }));
  return new SessionPage(page);
}

test("a withdrawn note's words are nowhere in the stored bytes, and the other notes stay", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const session = await startSession(page, server, "Withdrawal");
    for (const [n, text] of ["We like the new café.", "", "The bus is late."].entries()) {
      await session.addNote.click();
      await eventually(async () => assert.equal(await session.note(n + 1).count(), 1));
      if (text) await session.note(n + 1).fill(text);
    }
    // Typed, then pasted whole, so the words are in the document's history
    // both spread over many changes and in one piece.
    await session.note(2).click();
    await page.keyboard.type("I told them about my home");
    await session.note(2).fill(`I told them ${MARKER} about my home`);
    await visible(session.saved);
    // The control: the marker is found in the document's own stored chunks
    // (not only in the summary index), so its absence later means something.
    await eventually(async () => {
      const { chunks } = await storedValues(page);
      assert.ok(containsText({ chunks }, MARKER), "the words are in the stored chunks before");
    });

    await session.button("Take note 2 out for good").click();
    const confirm = page.getByRole("alertdialog");
    await visible(confirm);
    await confirm.getByRole("button", { name: "Yes, take them out" }).click();
    await eventually(async () => assert.equal(await session.note(3).count(), 0));
    await visible(session.saved);
    await eventually(async () => assert.ok(!containsText(await storedValues(page), MARKER), "the words are still stored"));

    await page.reload();
    await visible(page.getByRole("heading", { level: 1, name: GUIDE }));
    await eventually(async () => assert.equal(await session.note(1).inputValue(), "We like the new café."));
    assert.equal(await session.note(2).inputValue(), "The bus is late.");
    assert.equal(await session.note(3).count(), 0);
    assert.ok(!containsText(await storedValues(page), MARKER));
  });
});

test("deleting a note with a recording frees the recording's bytes", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const session = await startSession(page, server, "Recordings");
    await session.addNote.click();
    await session.note(1).fill("A note with a recording.");
    await session.button("Record an audio note for note 1").click();
    await visible(session.button("Stop recording note 1"));
    await page.waitForTimeout(1500);
    await session.button("Stop recording note 1").click();
    await visible(session.audio(1));
    await visible(session.saved);
    const blobBytes = async () => ((await storedValues(page)).blobs ?? []).reduce((n, [, b]) => n + b.length, 0);
    const chunkBytes = async () => ((await storedValues(page)).chunks ?? []).reduce((n, [, b]) => n + b.length, 0);
    await eventually(async () => assert.ok((await blobBytes()) > 1000, `the recording is a stored blob (${await blobBytes()} bytes)`));
    const recording = await blobBytes();
    assert.ok((await chunkBytes()) < recording, "the recording is not inside the document's chunks");

    await session.button("Delete note 1").click();
    await eventually(async () => assert.equal(await session.note(1).count(), 0));
    await visible(session.saved);
    await eventually(async () => assert.equal(await blobBytes(), 0, "the recording's bytes are freed"));
  }, { browser: { args: FAKE_MICROPHONE } });
});

test("a withdrawn answer's words are nowhere in the stored bytes, and the other answers stay", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page, "Answers");
    await project.open(server.url);
    await project.begin();
    const response = () => new URL(page.url()).pathname.split("/")[2];
    const question = new QuestionPage(page);
    await visible(question.progress);
    const id = response();
    await question.option("How safe do you feel at home?", /^4/).check();
    await visible(question.saved);
    await page.goto(new URL(`/responses/${id}/3`, server.url).href);
    const text = question.textbox("If you could change one thing about your support, what would it be?");
    await visible(text);
    await text.click();
    await page.keyboard.type("More time ");
    await text.fill(`More time ${MARKER} to talk`);
    await visible(page.getByText("Saved on this device"));
    await eventually(async () => {
      const { chunks } = await storedValues(page);
      assert.ok(containsText({ chunks }, MARKER), "the words are in the stored chunks before");
    });

    await page.goto(new URL(`/responses/${id}/review`, server.url).href);
    await visible(page.getByRole("heading", { level: 1, name: "Check your answers" }));
    await page.getByRole("button", { name: "Take out for good your answer to: If you could change one thing about your support, what would it be?" }).click();
    const confirm = page.getByRole("alertdialog");
    await visible(confirm);
    await confirm.getByRole("button", { name: "Yes, take them out" }).click();
    await visible(page.getByText("Saved on this device"));
    await eventually(async () => assert.ok(!containsText(await storedValues(page), MARKER), "the words are still stored"));

    await page.reload();
    await visible(page.getByRole("heading", { level: 1, name: "Check your answers" }));
    const review = new ReviewPage(page);
    await eventually(async () => assert.match(await review.answerTo("How safe do you feel at home?").innerText(), /4/));
    assert.doesNotMatch(await review.answerTo("If you could change one thing").innerText(), new RegExp(MARKER));
  });
});
