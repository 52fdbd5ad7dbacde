// A facilitator runs a "tea and talk" session: details, five note cards
// (one a quote, one with an audio note from the fake microphone), a delete
// undone, a move; after a reload everything is there, and the project lists
// the session under its date; deleting it removes it for good.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ProjectPage } from "./pages/project.mjs";
import { SessionPage } from "./pages/session.mjs";
import { withApp } from "./support/browser.mjs";
import { eventually, visible } from "./support/wait.mjs";

const GUIDE = "Tea and talk: a relaxed chat about your support";
const FAKE_MICROPHONE = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"];
const NOTES = [
  "We like the new café.",
  "The bus never comes on time.",
  "More trips to the seaside, please.",
  "Staff change too often.",
  "Would like a gardening group.",
];

test("a tea-and-talk session keeps five cards, a quote and an audio note through a reload", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page, "Tea and talk, Lewisham");
    await project.open(server.url, { templates: [] });
    await project.addTemplate(GUIDE);
    await page.getByRole("button", { name: `Start a session: ${GUIDE}` }).click();
    const session = new SessionPage(page);
    await visible(page.getByRole("heading", { level: 1, name: GUIDE }));

    await session.date.fill("2027-03-04");
    await session.place.fill("Community café");
    await session.facilitator.fill("Sam");
    await session.people.fill("6");
    for (const [i, text] of NOTES.entries()) {
      await session.addNote.click();
      await eventually(async () => assert.equal(await session.note(i + 1).evaluate((el) => el === document.activeElement), true));
      await page.keyboard.type(text);
    }
    await session.topic(1).selectOption({ label: "A good day" });
    await session.feeling(1).selectOption({ label: "Happy" });
    await session.quote(2).check();
    await session.feeling(2).selectOption({ label: "Unhappy" });
    await session.topic(4).selectOption({ label: "Your support" });

    // An audio note from the fake microphone.
    await session.button("Record an audio note for note 3").click();
    await visible(session.button("Stop recording note 3"));
    await page.waitForTimeout(1500);
    await session.button("Stop recording note 3").click();
    await visible(session.audio(3));

    // Delete with undo: Undo takes the focus where the card was, between
    // notes 3 and 4 (the old note 5), and is said in the live region.
    await session.button("Delete note 4").click();
    await eventually(async () => assert.equal(await session.note(5).count(), 0));
    await eventually(async () => assert.equal(await session.undo.evaluate((el) => el === document.activeElement), true));
    const top = async (locator) => (await locator.boundingBox()).y;
    assert.ok(await top(session.undo) > await top(session.note(3)), "Undo is below note 3");
    assert.ok(await top(session.undo) < await top(session.note(4)), "Undo is above the next note");
    await visible(page.locator("[aria-live=polite]").filter({ hasText: "Note deleted." }));
    await session.undo.click();
    await eventually(async () => assert.equal(await session.note(4).inputValue(), NOTES[3]));
    assert.equal(await session.undo.count(), 0);

    // Every move button moves its card and keeps the focus on itself (its
    // words follow the card's new number); at the end of the list, where it
    // is disabled, focus goes to the other one.
    const focusedName = () => page.evaluate(() => document.activeElement?.textContent);
    await session.button("Move note 5 up").click();
    await eventually(async () => assert.equal(await session.note(4).inputValue(), NOTES[4]));
    await eventually(async () => assert.equal(await focusedName(), "Move note 4 up"));
    await session.button("Move note 4 down").click();
    await eventually(async () => assert.equal(await session.note(5).inputValue(), NOTES[4]));
    await eventually(async () => assert.equal(await focusedName(), "Move note 5 up"));
    await session.button("Move note 1 down").click();
    await eventually(async () => assert.equal(await session.note(2).inputValue(), NOTES[0]));
    await eventually(async () => assert.equal(await focusedName(), "Move note 2 down"));
    await session.button("Move note 2 up").click();
    await eventually(async () => assert.equal(await session.note(1).inputValue(), NOTES[0]));
    await eventually(async () => assert.equal(await focusedName(), "Move note 1 down"));
    await session.button("Move note 5 up").click();
    await eventually(async () => assert.equal(await session.note(4).inputValue(), NOTES[4]));
    await visible(session.saved);

    await page.reload();
    await visible(page.getByRole("heading", { level: 1, name: GUIDE }));
    const order = [NOTES[0], NOTES[1], NOTES[2], NOTES[4], NOTES[3]];
    for (const [i, text] of order.entries()) {
      assert.equal(await session.note(i + 1).inputValue(), text, `note ${i + 1}`);
    }
    assert.equal(await session.note(6).count(), 0);
    assert.equal(await session.place.inputValue(), "Community café");
    assert.equal(await session.facilitator.inputValue(), "Sam");
    assert.equal(await session.people.inputValue(), "6");
    assert.equal(await session.date.inputValue(), "2027-03-04");
    assert.equal(await session.quote(2).isChecked(), true);
    assert.equal(await session.quote(1).isChecked(), false);
    assert.equal(await session.feeling(2).inputValue(), "unhappy");
    assert.equal(await session.topic(5).inputValue(), "support");
    await visible(session.audio(3));
    const audioBytes = await session.audio(3).locator("audio").evaluate(async (el) => (await (await fetch(el.src)).blob()).size);
    assert.ok(audioBytes > 1000, `the audio note has ${audioBytes} bytes`);
    assert.equal(await session.audio(1).count(), 0);

    // The project lists it, and the date filter finds it.
    await page.getByRole("link", { name: "Back to the project" }).click();
    await visible(project.heading);
    await visible(project.sessions.getByText("1 session"));
    assert.match(await project.sessionLinks().first().textContent(), /4 Mar 2027/);
    await visible(project.sessions.getByText("5 notes"));
    await project.dateFilter.fill("2027-03-04");
    assert.equal(await project.sessionLinks().count(), 1);
    await project.dateFilter.fill("2027-03-05");
    await eventually(async () => assert.equal(await project.sessionLinks().count(), 0));
    await visible(project.sessions.getByText("Nothing from this date."));

    // Someone withdrew: the session is deleted for good.
    await project.dateFilter.fill("");
    await project.sessionLinks().first().click();
    await session.button("Delete this session").click();
    await session.button("Yes, delete it for good").click();
    await visible(project.heading);
    await visible(project.sessions.getByText("0 sessions"));
    await page.reload();
    await visible(project.heading);
    await visible(project.sessions.getByText("0 sessions"));
  }, { browser: { args: FAKE_MICROPHONE } });
});
