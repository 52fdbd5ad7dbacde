// Two devices of one project while the relay is down. Both hold the same
// draft response and note card from before; with the relay stopped, each
// answers a different question of that response, types into that card's
// text (one at its start, one at its end) and adds a card of its own. The
// relay starts again on the same data and port: without a reload, both
// devices end with both answers, every card and both people's words in the
// shared card, and say they are synced. The words typed are nowhere in the
// relay's files.
import assert from "node:assert/strict";
import { test } from "node:test";

import { EXAMPLE } from "./pages/project.mjs";
import { QuestionPage } from "./pages/question.mjs";
import { SessionPage } from "./pages/session.mjs";
import { launch } from "./support/browser.mjs";
import { backTo, filesText, shareAndJoin, syncBadge as badge } from "./support/devices.mjs";
import { startServer } from "./support/server.mjs";
import { eventually, visible } from "./support/wait.mjs";

const GUIDE = "Tea and talk: a relaxed chat about your support";
const PROJECT = "Day centre voices";
const SAFE = "How safe do you feel at home?";
const DAY = "Which part of the day do you like best?";
const CHANGE = "If you could change one thing about your support, what would it be?";

/** Types `text` at the start or the end of note `n`, and waits for the save. */
async function typeInto(session, n, where, text) {
  await session.note(n).click();
  await session.page.keyboard.press(where === "start" ? "Control+Home" : "Control+End");
  await session.page.keyboard.type(text);
  await visible(session.saved);
}

/** Opens the project's one draft and goes on to the question `name`. */
async function draftAt(project, name) {
  await project.draftLinks().first().click();
  const question = new QuestionPage(project.page);
  await visible(question.progress);
  for (let i = 0; i < 5 && !(await question.group(name).or(question.textbox(name)).count()); i++) {
    await question.next.click();
    await project.page.waitForTimeout(100);
  }
  return question;
}

test("two devices that worked while the relay was down end with everything, merged, once it is back", async () => {
  let server = await startServer();
  const first = await launch();
  const second = await launch();
  try {
    const [a, b] = await shareAndJoin(server, first, second, PROJECT, [EXAMPLE, GUIDE]);

    // A draft and a card both devices hold before the relay goes.
    await a.begin(EXAMPLE);
    const qa = new QuestionPage(first.page);
    await qa.group(SAFE).getByRole("radio").first().check();
    await visible(qa.saved);
    await backTo(a);
    await eventually(async () => assert.equal(await b.draftLinks().count(), 1), 20000);
    await first.page.getByRole("button", { name: `Start a session: ${GUIDE}` }).click();
    const sa = new SessionPage(first.page);
    await sa.addNote.click();
    await first.page.keyboard.type("the garden");
    await visible(sa.saved);
    await eventually(async () => assert.equal(await b.sessionLinks().count(), 1), 20000);
    await b.sessionLinks().first().click();
    const sb = new SessionPage(second.page);
    await eventually(async () => assert.equal(await sb.note(1).inputValue(), "the garden"), 20000);

    await server.stop();
    await visible(badge(first.page, "Offline"), 20000);
    await visible(badge(second.page, "Offline"), 20000);

    // Both edit the same card's text, and each adds a card of its own.
    await typeInto(sa, 1, "end", " needs benches");
    await typeInto(sb, 1, "start", "Everyone loves ");
    await sa.addNote.click();
    await first.page.keyboard.type("Lunch is too early");
    await visible(sa.saved);
    await sb.addNote.click();
    await second.page.keyboard.type("More music sessions");
    await visible(sb.saved);

    // And each answers another question of the same response.
    await backTo(a);
    await (await draftAt(a, DAY)).option(DAY, "Morning").check();
    await visible(qa.saved);
    await backTo(b);
    const qb = await draftAt(b, CHANGE);
    await qb.textbox(CHANGE).fill("A garden club");
    await visible(qb.saved);

    server = await startServer({ port: server.port, data: server.data });

    const merged = "Everyone loves the garden needs benches";
    for (const project of [a, b]) {
      const page = project.page;
      await backTo(project);
      await project.sessionLinks().first().click();
      const session = new SessionPage(page);
      await eventually(async () => {
        assert.equal(await session.note(1).inputValue(), merged);
        const texts = [await session.note(2).inputValue(), await session.note(3).inputValue()].sort();
        assert.deepEqual(texts, ["Lunch is too early", "More music sessions"]);
      }, 20000);
      await visible(badge(page, "Synced"), 20000);
      await backTo(project);
      assert.equal(await project.draftLinks().count(), 1, "one response, edited on both devices");
      const question = await draftAt(project, DAY);
      await eventually(async () => assert.equal(await question.option(DAY, "Morning").isChecked(), true), 20000);
      await question.next.click();
      await eventually(async () => assert.equal(await question.textbox(CHANGE).inputValue(), "A garden club"), 20000);
    }

    const relayFiles = filesText(server.data);
    for (const marker of ["garden", "benches", "Lunch is too early", "music sessions", "garden club", PROJECT]) {
      assert.ok(!relayFiles.includes(marker), `"${marker}" is in the relay's files`);
    }
  } finally {
    await first.close();
    await second.close();
    await server.stop();
  }
});
