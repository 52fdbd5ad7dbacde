// Two tabs of one device work on the same session: what is typed in one
// shows in the other within a second, without a reload, while both keep
// editing; after reloading both, nothing is lost. One worker (the owner of
// the device's lock) holds the documents; the other tab's worker passes its
// requests on.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ProjectPage } from "./pages/project.mjs";
import { SessionPage } from "./pages/session.mjs";
import { withApp } from "./support/browser.mjs";
import { eventually, visible } from "./support/wait.mjs";

const GUIDE = "Tea and talk: a relaxed chat about your support";

/** Waits at most a second for `locator`'s value to be `expected`. */
async function withinASecond(locator, expected, what) {
  const start = Date.now();
  for (;;) {
    const value = await locator.inputValue().catch(() => null);
    if (value === expected) return Date.now() - start;
    if (Date.now() - start > 1000) {
      assert.fail(`${what}: after a second the other tab shows ${JSON.stringify(value)}, not ${JSON.stringify(expected)}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

test("an edit in one tab appears in the other within a second, and both tabs keep every edit", async (t) => {
  await withApp(t, async ({ context, page, server }) => {
    const project = new ProjectPage(page, "Two tabs");
    await project.open(server.url, { templates: [] });
    await project.addTemplate(GUIDE);
    await page.getByRole("button", { name: `Start a session: ${GUIDE}` }).click();
    const a = new SessionPage(page);
    await visible(page.getByRole("heading", { level: 1, name: GUIDE }));
    await a.addNote.click();
    await a.note(1).fill("We like the new café.");
    await visible(a.saved);

    const other = await context.newPage();
    await other.goto(page.url());
    const b = new SessionPage(other);
    await visible(other.getByRole("heading", { level: 1, name: GUIDE }));
    assert.equal(await b.note(1).inputValue(), "We like the new café.");

    // Typed in the first tab, shown in the second.
    await a.note(1).press("End");
    await page.keyboard.type(" Cake too.");
    await withinASecond(b.note(1), "We like the new café. Cake too.", "a note typed in the first tab");
    // Typed in the second tab, shown in the first.
    await b.facilitator.fill("Sam");
    await withinASecond(a.facilitator, "Sam", "the facilitator typed in the second tab");

    // Both keep editing, interleaved.
    await a.addNote.click();
    await eventually(async () => assert.equal(await a.note(2).count(), 1));
    await a.note(2).fill("The bus is late.");
    await b.place.fill("Community café");
    await withinASecond(b.note(2), "The bus is late.", "a second note added in the first tab");
    await withinASecond(a.place, "Community café", "the place typed in the second tab");
    await b.note(2).press("End");
    await other.keyboard.type(" Every Monday.");
    await withinASecond(a.note(2), "The bus is late. Every Monday.", "typing into the first tab's new note");
    await visible(a.saved);
    await visible(b.saved);

    for (const [tab, session] of [[page, a], [other, b]]) {
      await tab.reload();
      await visible(tab.getByRole("heading", { level: 1, name: GUIDE }));
      await eventually(async () => assert.equal(await session.note(1).inputValue(), "We like the new café. Cake too."));
      assert.equal(await session.note(2).inputValue(), "The bus is late. Every Monday.");
      assert.equal(await session.facilitator.inputValue(), "Sam");
      assert.equal(await session.place.inputValue(), "Community café");
    }
  });
});

test("typing in one tab loses no letter while other tabs open the same session", async (t) => {
  await withApp(t, async ({ context, page, server }) => {
    const project = new ProjectPage(page, "Tabs opening");
    await project.open(server.url, { templates: [] });
    await project.addTemplate(GUIDE);
    await page.getByRole("button", { name: `Start a session: ${GUIDE}` }).click();
    const a = new SessionPage(page);
    await visible(page.getByRole("heading", { level: 1, name: GUIDE }));
    await a.addNote.click();
    await a.note(1).fill("Start.");
    await visible(a.saved);

    // Each tab that opens the session asks the worker for it; that answer
    // reaches the typing tab too, between its keystrokes.
    // Words typed in bursts, as fast as keys go, until three tabs opened.
    const words = ["The", "minibus", "comes", "late", "on", "Mondays", "and", "we", "miss", "the", "film."];
    let typed = "";
    let opening = true;
    await a.note(1).press("End");
    const typing = (async () => {
      for (let i = 0; opening || i < words.length; i++) {
        const word = ` ${words[i % words.length]}`;
        await page.keyboard.type(word);
        typed += word;
      }
    })();
    const others = [];
    for (let i = 0; i < 3; i++) {
      const other = await context.newPage();
      await other.goto(page.url());
      await visible(other.getByRole("heading", { level: 1, name: GUIDE }));
      others.push(other);
    }
    opening = false;
    await typing;
    const expected = `Start.${typed}`;
    assert.equal(await a.note(1).inputValue(), expected, "the typing tab shows every letter");
    await visible(a.saved);
    for (const other of others) {
      await eventually(async () => assert.equal(await new SessionPage(other).note(1).inputValue(), expected));
    }
    await page.reload();
    await visible(page.getByRole("heading", { level: 1, name: GUIDE }));
    await eventually(async () => assert.equal(await a.note(1).inputValue(), expected), 5000);
  });
});
