// A sync file, for places with no signal. The first device (its own browser
// profile) makes a project, records a response and a note card, and shares
// the project through the relay. The relay is then stopped, and a second
// device opens the invite link from another copy of the app: it joins, but
// never meets the relay. The first device saves a sync file (a download);
// the second opens it and shows the same project, response and card, and
// plays the card's recording. The file holds none of the words typed, and
// opening it again takes nothing.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { EXAMPLE, ProjectPage } from "./pages/project.mjs";
import { QuestionPage } from "./pages/question.mjs";
import { SessionPage } from "./pages/session.mjs";
import { launch } from "./support/browser.mjs";
import { backTo } from "./support/devices.mjs";
import { startServer } from "./support/server.mjs";
import { eventually, visible } from "./support/wait.mjs";

const GUIDE = "Tea and talk: a relaxed chat about your support";
const PROJECT = "Carers' voices";
const SAFE = "How safe do you feel at home?";
const CARD = "The minibus never comes on Fridays";
const FAKE_MICROPHONE = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"];

/** How many bytes the audio element of note `n` plays. */
async function played(session, n) {
  return session.audio(n).locator("audio").evaluate(async (el) => (await (await fetch(el.src)).arrayBuffer()).byteLength);
}

test("a sync file saved on one device brings the project to a device that never met the relay", async () => {
  const server = await startServer();
  let other;
  const first = await launch({ args: FAKE_MICROPHONE });
  let second;
  try {
    const a = new ProjectPage(first.page, PROJECT);
    await a.open(server.url, { templates: [EXAMPLE, GUIDE] });
    await first.page.getByRole("button", { name: "Share with another device" }).click();
    const link = first.page.getByRole("textbox", { name: "Link for another device" });
    await visible(link);
    const invite = new URL(await link.inputValue());

    // A response with an answer, and a note card.
    await a.begin(EXAMPLE);
    const question = new QuestionPage(first.page);
    await question.group(SAFE).getByRole("radio").first().check();
    await visible(question.saved);
    await backTo(a);
    await first.page.getByRole("button", { name: `Start a session: ${GUIDE}` }).click();
    const session = new SessionPage(first.page);
    await session.addNote.click();
    await first.page.keyboard.type(CARD);
    await session.button("Record an audio note for note 1").click();
    await visible(session.button("Stop recording note 1"));
    await first.page.waitForTimeout(1500);
    await session.button("Stop recording note 1").click();
    await visible(session.audio(1));
    await visible(session.saved);
    const recorded = await played(session, 1);
    await backTo(a);

    // The relay goes; the second device joins from another copy of the
    // app, so the relay its link names is one it never reaches.
    await server.stop();
    other = await startServer();
    second = await launch();
    await second.page.goto(new URL(`/${invite.hash}`, other.url).href);
    const opener = second.page.getByLabel("Open a sync file");
    await visible(opener, 20000);
    assert.equal(
      await second.page.getByRole("link", { name: PROJECT, exact: true }).count(),
      0,
      "the project has not reached the second device",
    );

    const [download] = await Promise.all([
      first.page.waitForEvent("download"),
      first.page.getByRole("button", { name: "Save a sync file" }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `${PROJECT}.heard-sync`);
    await visible(first.page.getByText(`Saved ${PROJECT}.heard-sync. Open it on another device of this project.`));
    const file = await download.path();
    const bytes = readFileSync(file);
    assert.ok(!bytes.toString("latin1").includes("minibus"), "no word typed is in the file");

    await opener.setInputFiles(file);
    await visible(second.page.getByText("Sync file opened: 3 items came in."), 20000);
    const b = new ProjectPage(second.page, PROJECT);
    await second.page.getByRole("link", { name: PROJECT, exact: true }).click();
    await visible(b.heading);
    await eventually(async () => assert.equal(await b.draftLinks().count(), 1));
    await eventually(async () => assert.equal(await b.sessionLinks().count(), 1));
    // The project syncs here: its file can be saved here in turn.
    await visible(second.page.getByRole("button", { name: "Save a sync file" }));

    await b.sessionLinks().first().click();
    const there = new SessionPage(second.page);
    await eventually(async () => assert.equal(await there.note(1).inputValue(), CARD));
    await there.audio(1).waitFor({ timeout: 15000 });
    assert.equal(await played(there, 1), recorded, "the recording came in the file, byte for byte");
    await backTo(b);
    await b.draftLinks().first().click();
    const answer = new QuestionPage(second.page);
    await visible(answer.progress);
    await eventually(async () => assert.equal(await answer.group(SAFE).getByRole("radio").first().isChecked(), true));

    // The same file again: nothing new.
    await backTo(b);
    await second.page.getByLabel("Open a sync file").first().setInputFiles(file);
    await visible(second.page.getByText("Sync file opened: this device already had everything in it.").first(), 20000);
  } finally {
    await first.close();
    await second?.close();
    await other?.stop();
    await server.stop();
  }
});
