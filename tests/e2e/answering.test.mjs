// Answering the "what matters to you" survey: every kind of question, a
// required question, a question shown only after a certain answer, and a
// reload with no network half-way through. The review lists every answer.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ProjectPage } from "./pages/project.mjs";
import { QuestionPage } from "./pages/question.mjs";
import { ReviewPage } from "./pages/review.mjs";
import { waitForOfflineReady, withApp } from "./support/browser.mjs";
import { eventually, visible } from "./support/wait.mjs";

const SURVEY = "What matters to you about your support";
const FEEL = "How do you feel about your support?";
const BETTER = "What would make your support better?";
const HELPED = "Who helped you answer these questions?";
const CHOOSE = "How much do you choose what happens in your day?";
const HOURS = "About how many hours of support do you get each week?";
const REVIEW_DATE = "When did you last have a review of your support?";
const ELSE = "Is there anything else you want to tell us?";

test("every kind of question, show-if and required, answered offline", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page);
    const question = new QuestionPage(page);
    await project.open(server.url);
    await waitForOfflineReady(page);
    await project.begin(SURVEY);
    await visible(question.progress);

    // Required: Next does nothing but explain until there is an answer.
    await question.next.click();
    await visible(page.getByRole("alert").filter({ hasText: "Please answer this question before going on." }));
    assert.equal(await question.progress.textContent(), "Question 1 of 7");
    await question.option(FEEL, /Unhappy/).check();
    await question.next.click();

    // Shown only because the answer was "Unhappy".
    await visible(question.group(BETTER));
    await question.group(BETTER).getByRole("checkbox", { name: "Help to go out" }).check();
    await question.group(BETTER).getByRole("checkbox", { name: "Other – please say" }).check();
    await question.textbox("Please say what").fill("Someone to talk to at night");
    await visible(question.saved);

    // No network, reload half-way: the ticks and the text are still there.
    await server.stop();
    await page.reload();
    await visible(question.group(BETTER));
    await eventually(async () => assert.equal(await question.group(BETTER).getByRole("checkbox", { name: "Help to go out" }).isChecked(), true));
    assert.equal(await question.group(BETTER).getByRole("checkbox", { name: "Help with money" }).isChecked(), false);
    assert.equal(await question.textbox("Please say what").inputValue(), "Someone to talk to at night");
    await question.next.click();

    await question.option(HELPED, "A support worker").check();
    await question.next.click();
    await question.option(CHOOSE, /^4$/).check();
    await question.next.click();

    await page.getByRole("spinbutton", { name: HOURS }).fill("200");
    await visible(page.getByRole("alert").filter({ hasText: "Please write a number from 0 to 168." }));
    await page.getByRole("spinbutton", { name: HOURS }).fill("12.5");
    await eventually(async () => assert.equal(await page.getByText("Please write a number from 0 to 168.").count(), 0));
    await question.next.click();

    await page.getByLabel(REVIEW_DATE, { exact: true }).fill("2026-09-30");
    await question.next.click();
    await question.textbox(ELSE).fill("Thank you for asking.");
    await visible(question.saved);
    await question.review.click();

    const review = new ReviewPage(page);
    await visible(review.heading);
    const expected = [
      [FEEL, "Unhappy"],
      [BETTER, "Help to go out, Someone to talk to at night"],
      [HELPED, "A support worker"],
      [CHOOSE, "4"],
      [HOURS, "12.5"],
      [REVIEW_DATE, "30 Sept 2026"],
      [ELSE, "Thank you for asking."],
    ];
    for (const [q, answer] of expected) {
      assert.match(await review.answerTo(q).textContent(), new RegExp(`^${answer.replace(/[.?]/g, "\\$&")}Change`), q);
    }
    const reviewUrl = page.url();

    // Changing the first answer skips, and hides, the question that hung off it.
    await page.getByRole("link", { name: `Change your answer to: ${FEEL}` }).click();
    await question.group(FEEL).getByRole("radio", { name: "Happy", exact: true }).check();
    await question.next.click();
    await eventually(async () => assert.equal(await question.progress.textContent(), "Question 3 of 7"));
    await page.goto(reviewUrl);
    await visible(review.heading);
    assert.match(await review.answerTo(FEEL).textContent(), /^Happy/);
    assert.equal(await page.getByRole("term").filter({ hasText: BETTER }).count(), 0);

    // Completed and handed over: the same address shows the thank-you
    // screen, not the answers.
    await review.complete.click();
    await visible(page.getByRole("heading", { level: 1, name: "Thank you" }));
    await page.goto(reviewUrl);
    await visible(page.getByRole("heading", { level: 1, name: "Thank you" }));
    assert.equal(await review.heading.count(), 0);
  });
});
