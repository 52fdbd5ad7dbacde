// A recording travels between devices through the relay: a note recorded on
// the first device plays on the second, fetched when its session opens
// there, and keeps playing on the second device offline after a reload.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ProjectPage } from "./pages/project.mjs";
import { SessionPage } from "./pages/session.mjs";
import { launch, waitForOfflineReady } from "./support/browser.mjs";
import { startServer } from "./support/server.mjs";
import { eventually, visible } from "./support/wait.mjs";

const GUIDE = "Tea and talk: a relaxed chat about your support";
const SYNCED = "Synced with the project's other devices";
const FAKE_MICROPHONE = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"];

/** The bytes the audio element of note `n` plays, fetched in the page. */
async function played(page, n) {
  const audio = new SessionPage(page).audio(n).locator("audio");
  return audio.evaluate(async (el) => {
    const response = await fetch(el.src);
    return (await response.arrayBuffer()).byteLength;
  });
}

test("a note recorded on one device plays on another, and offline there after a reload", async () => {
  const server = await startServer();
  const first = await launch({ args: FAKE_MICROPHONE });
  const second = await launch();
  try {
    const a = new ProjectPage(first.page, "Recorded voices");
    await a.open(server.url, { templates: [] });
    await a.addTemplate(GUIDE);
    await first.page.getByRole("button", { name: "Share with another device" }).click();
    const link = first.page.getByRole("textbox", { name: "Link for another device" });
    await visible(link);
    const invite = await link.inputValue();

    await first.page.getByRole("button", { name: `Start a session: ${GUIDE}` }).click();
    const recorded = new SessionPage(first.page);
    await visible(first.page.getByRole("heading", { level: 1, name: GUIDE }));
    await recorded.addNote.click();
    await recorded.note(1).fill("Said in their own voice.");
    await recorded.button("Record an audio note for note 1").click();
    await visible(recorded.button("Stop recording note 1"));
    await first.page.waitForTimeout(1500);
    await recorded.button("Stop recording note 1").click();
    await visible(recorded.audio(1));
    await visible(recorded.saved);
    const bytes = await played(first.page, 1);
    assert.ok(bytes > 1000, `a real recording (${bytes} bytes)`);
    // The project page says when everything here is on the relay.
    await first.page.getByRole("link", { name: "Back to the project", exact: true }).click();
    await visible(a.heading);
    await first.page.getByText(SYNCED).waitFor({ timeout: 30000 });

    await second.page.goto(invite);
    const listed = second.page.getByRole("link", { name: "Recorded voices", exact: true });
    await listed.waitFor({ timeout: 30000 });
    await listed.click();
    const b = new ProjectPage(second.page, "Recorded voices");
    await visible(b.heading);
    await waitForOfflineReady(second.page);
    await b.sessionLinks().first().waitFor({ timeout: 30000 });
    await b.sessionLinks().first().click();
    const session = new SessionPage(second.page);
    await visible(second.page.getByRole("heading", { level: 1, name: GUIDE }));
    await eventually(async () => assert.equal(await session.note(1).inputValue(), "Said in their own voice."));
    await session.audio(1).waitFor({ timeout: 30000 });
    assert.equal(await played(second.page, 1), bytes, "the same recording, byte for byte");

    // Kept on the second device: it plays with the relay gone.
    await server.stop();
    await second.page.reload();
    await visible(second.page.getByRole("heading", { level: 1, name: GUIDE }));
    await session.audio(1).waitFor({ timeout: 15000 });
    assert.equal(await played(second.page, 1), bytes);
  } finally {
    await first.close();
    await second.close();
    await server.stop().catch(() => {});
  }
});
