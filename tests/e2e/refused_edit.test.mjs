// A note past the length limit is refused by the document worker: the
// message says so beside the note, in words, and "Saved on this device" is
// not shown for it; what was typed stays on screen, and what was saved
// before is kept.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ProjectPage } from "./pages/project.mjs";
import { SessionPage } from "./pages/session.mjs";
import { withApp } from "./support/browser.mjs";
import { eventually, visible } from "./support/wait.mjs";

const GUIDE = "Tea and talk: a relaxed chat about your support";
const LIMIT = 100000;

test("a note past the limit is refused beside the field, and not shown as saved", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page, "Limits");
    await project.open(server.url, { templates: [] });
    await project.addTemplate(GUIDE);
    await page.getByRole("button", { name: `Start a session: ${GUIDE}` }).click();
    const session = new SessionPage(page);
    await visible(page.getByRole("heading", { level: 1, name: GUIDE }));
    await session.addNote.click();
    await session.note(1).fill("Kept words.");
    await visible(session.saved);

    await session.note(1).fill("x".repeat(LIMIT + 1));
    const message = page.getByRole("alert").filter({ hasText: `You have written ${LIMIT + 1} characters. The limit is ${LIMIT}.` });
    await visible(message);
    await visible(page.getByText("Not saved: see the message beside the field"));
    assert.equal(await session.saved.count(), 0, '"Saved" is not shown for a refused note');
    assert.equal(await session.note(1).getAttribute("aria-invalid"), "true");
    const described = await session.note(1).getAttribute("aria-describedby");
    assert.equal(await page.locator(`#${described}`).innerText().then((s) => s.includes("The limit is")), true);
    assert.equal((await session.note(1).inputValue()).length, LIMIT + 1, "nothing typed is cut");

    await page.reload();
    await visible(page.getByRole("heading", { level: 1, name: GUIDE }));
    await eventually(async () => assert.equal(await session.note(1).inputValue(), "Kept words."));

    await session.note(1).fill("Shorter words.");
    await visible(session.saved);
    assert.equal(await message.count(), 0);
  });
});
