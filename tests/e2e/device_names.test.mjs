// Device names: two devices of one project each name themselves on the
// project page ("Hall tablet", "Asha's phone"), then each starts a response
// and adds a note card to one shared session. Each device shows the other's
// name beside what the other added: in the drafts list, on the review
// screen, in the sessions list and on the card. The names travel sealed
// like everything else: they are nowhere in the relay's files.
import assert from "node:assert/strict";
import { test } from "node:test";

import { EXAMPLE } from "./pages/project.mjs";
import { QuestionPage } from "./pages/question.mjs";
import { ReviewPage } from "./pages/review.mjs";
import { SessionPage } from "./pages/session.mjs";
import { launch } from "./support/browser.mjs";
import { backTo, filesText, shareAndJoin } from "./support/devices.mjs";
import { startServer } from "./support/server.mjs";
import { eventually, visible } from "./support/wait.mjs";

const GUIDE = "Tea and talk: a relaxed chat about your support";
const PROJECT = "Riverside drop-in";
const HALL = "Hall tablet";
const PHONE = "Asha's phone";

/** Names the device on its project page's "Other devices". */
async function nameDevice(project, name) {
  const field = project.page.getByRole("textbox", { name: "This device's name" });
  assert.equal(await field.inputValue(), "", "a device starts with no name");
  await visible(project.page.getByText("Not named yet: what this device adds shows no name."));
  await field.fill(name);
  await visible(project.page.getByText(/^Saved\. What this device adds from now on shows this name/));
}

/** Starts a response on `project`'s device and comes back to the project. */
async function startResponse(project) {
  await project.begin(EXAMPLE);
  await visible(new QuestionPage(project.page).progress);
  await backTo(project);
}

/** The card holding note `n` on the session screen. */
function card(session, n) {
  return session.page.getByRole("listitem").filter({ has: session.note(n) });
}

test("each device shows the other's name beside what the other added", async () => {
  const server = await startServer();
  const first = await launch();
  const second = await launch();
  try {
    const [a, b] = await shareAndJoin(server, first, second, PROJECT, [EXAMPLE, GUIDE]);
    await nameDevice(a, HALL);
    await nameDevice(b, PHONE);

    await startResponse(a);
    await startResponse(b);
    for (const [project, own, other] of [[a, HALL, PHONE], [b, PHONE, HALL]]) {
      const draft = (name) => project.drafts.getByRole("link", { name: new RegExp(`^Started .+ on ${name}$`) });
      await eventually(async () => {
        assert.equal(await draft(own).count(), 1, `its own draft on the ${own}`);
        assert.equal(await draft(other).count(), 1, `the ${other}'s draft on the ${own}`);
      }, 20000);
    }

    // The other device's draft names it on its review screen too.
    await b.drafts.getByRole("link", { name: new RegExp(`on ${HALL}$`) }).click();
    await visible(new QuestionPage(second.page).progress);
    await second.page.goto(second.page.url().replace(/\/\d+$/, "/review"));
    await visible(new ReviewPage(second.page).heading, 20000);
    await visible(second.page.getByText(`Started on ${HALL}`));
    await b.reopen(server.url);

    // One session, started on the hall tablet; a card from each device.
    await first.page.getByRole("button", { name: `Start a session: ${GUIDE}` }).click();
    const sa = new SessionPage(first.page);
    await sa.addNote.click();
    await first.page.keyboard.type("the garden");
    await visible(sa.saved);
    await visible(card(sa, 1).getByText(`Added on ${HALL}`));
    await visible(b.sessions.getByText(`Started on ${HALL}`), 20000);
    await b.sessionLinks().first().click();
    const sb = new SessionPage(second.page);
    await eventually(async () => assert.equal(await sb.note(1).inputValue(), "the garden"), 20000);
    await sb.addNote.click();
    await second.page.keyboard.type("More music");
    await visible(sb.saved);

    // Each card names the device it was added on, on both devices. The
    // device that typed it first: a failure then says whether the words
    // were lost where they were typed or on their way to the other device.
    for (const [session, where] of [[sb, "the phone, where it was typed"], [sa, "the hall tablet"]]) {
      await eventually(async () => assert.equal(await session.note(2).inputValue(), "More music", `on ${where}`), 20000);
      await visible(card(session, 1).getByText(`Added on ${HALL}`));
      await visible(card(session, 2).getByText(`Added on ${PHONE}`));
      assert.equal(await card(session, 1).getByText(`Added on ${PHONE}`).count(), 0);
    }

    const relayFiles = filesText(server.data);
    for (const marker of [HALL, PHONE, "Asha"]) {
      assert.ok(!relayFiles.includes(marker), `"${marker}" is in the relay's files`);
    }
  } finally {
    await first.close();
    await second.close();
    await server.stop();
  }
});
