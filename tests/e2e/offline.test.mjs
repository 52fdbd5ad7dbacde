// Answers survive a reload, the app loads offline from the service worker, and
// nothing is lost when the server comes back.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ProjectPage } from "./pages/project.mjs";
import { QuestionPage } from "./pages/question.mjs";
import { ReviewPage } from "./pages/review.mjs";
import { startServer } from "./support/server.mjs";
import { waitForOfflineReady, withBrowser } from "./support/browser.mjs";
import { eventually, visible } from "./support/wait.mjs";

const RATING = "How safe do you feel at home?";
const CHOICE = "Which part of the day do you like best?";
const TEXT = "If you could change one thing about your support, what would it be?";

test("answers survive reload, offline and a server restart", async (t) => {
  let server = await startServer();
  try {
    await withBrowser(t, async ({ page }) => {
      const project = new ProjectPage(page);
      const question = new QuestionPage(page);
      await project.open(server.url);
      await waitForOfflineReady(page);

      await project.begin();
      await visible(question.progress);
      assert.equal(await question.progress.textContent(), "Question 1 of 3");
      await question.option(RATING, /^4$/).check();
      await visible(question.saved);
      await question.next.click();
      await question.option(CHOICE, "Evening").check();
      await visible(question.saved);

      // Reload: both answers are still there, on the same question.
      await page.reload();
      await visible(question.progress);
      assert.equal(await question.progress.textContent(), "Question 2 of 3");
      await eventually(async () => assert.equal(await question.option(CHOICE, "Evening").isChecked(), true));
      await question.back.click();
      await eventually(async () => assert.equal(await question.option(RATING, /^4$/).isChecked(), true));

      // Offline: the server is gone, yet the app loads and the draft can be edited.
      await server.stop();
      await page.reload();
      await visible(question.progress);
      assert.equal(await question.progress.textContent(), "Question 1 of 3");
      await eventually(async () => assert.equal(await question.option(RATING, /^4$/).isChecked(), true));
      await question.option(RATING, /^2$/).check();
      await question.next.click();
      await question.next.click();
      await question.textbox(TEXT).fill("More time to talk, written with no signal.");
      await visible(question.saved);
      // Opened from the home screen (the manifest's start address), the app
      // goes straight back to this question.
      await page.goto(new URL("/?from=home-screen", server.url).href);
      await visible(question.progress);
      assert.equal(await question.progress.textContent(), "Question 3 of 3");
      await eventually(async () =>
        assert.equal(await question.textbox(TEXT).inputValue(), "More time to talk, written with no signal."));
      await project.reopen(server.url);
      assert.equal(await project.draftLinks().count(), 1);

      // Back online: everything written offline is still there.
      server = await startServer({ port: server.port });
      await page.reload();
      await project.draftLinks().first().click();
      await visible(question.progress);
      assert.equal(await question.progress.textContent(), "Question 3 of 3", "reopening returns to where the person was");
      assert.equal(await question.textbox(TEXT).inputValue(), "More time to talk, written with no signal.");
      await question.review.click();

      const review = new ReviewPage(page);
      await visible(review.heading);
      assert.equal((await review.answerTo(RATING).textContent()).startsWith("2"), true);
      assert.match(await review.answerTo(CHOICE).textContent(), /^Evening/);
      await review.complete.click();
      // The hand-over screen shows nothing of the answers just given.
      await visible(page.getByRole("heading", { level: 1, name: "Thank you" }));
      assert.equal(await page.getByText("Evening").count(), 0);
      await page.getByRole("button", { name: "Start the next response" }).click();
      // It starts one: the start screen, which leads back to the project.
      await visible(page.getByRole("heading", { level: 2, name: "Before you start" }));
      await page.getByRole("link", { name: "Back to the project" }).click();
      await visible(project.heading);
      await eventually(async () => assert.equal(await project.completedLinks().count(), 1));
      assert.equal(await project.draftLinks().count(), 0);
    });
  } finally {
    await server.stop();
  }
});
