// The action-plan template asks for a whole section per screen: a wide screen
// shows each section's questions together, a phone still shows one at a time.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ConsentPage } from "./pages/consent.mjs";
import { ProjectPage } from "./pages/project.mjs";
import { QuestionPage } from "./pages/question.mjs";
import { withApp } from "./support/browser.mjs";
import { eventually, visible } from "./support/wait.mjs";

const PLAN = "Our action plan";
const CHALLENGE = "What is the challenge we want to tackle?";
const OUTCOME = "What outcome do we want?";
const ACTIVITIES = "What will we do?";

test("a wide screen shows a whole section, a phone one question", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page, "Co-production group");
    await project.open(server.url, { templates: [PLAN] });
    const question = new QuestionPage(page);

    await page.setViewportSize({ width: 1280, height: 900 });
    await project.begin(PLAN);
    await visible(question.textbox(CHALLENGE));
    await visible(question.textbox(OUTCOME));
    assert.equal(await question.textbox(ACTIVITIES).count(), 0);
    await question.textbox(OUTCOME).fill("Evening activities that people choose");
    await visible(question.saved);
    await question.next.click();
    await visible(question.textbox(ACTIVITIES));
    await visible(question.textbox("Who will take part?"));
    await visible(question.textbox("What resources will we need?"));
    assert.equal(await question.textbox(OUTCOME).count(), 0);
    await question.back.click();
    await eventually(async () =>
      assert.equal(await question.textbox(OUTCOME).inputValue(), "Evening activities that people choose"));

    await page.setViewportSize({ width: 412, height: 915 });
    await page.reload();
    await visible(question.textbox(OUTCOME));
    assert.equal(await question.textbox(CHALLENGE).count(), 0, "a phone shows one question per screen");
    assert.equal(await question.progress.textContent(), "Question 2 of 9");
  });
});
