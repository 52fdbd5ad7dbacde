// Consent comes first: declining stores nothing; a supporter can consent on a
// person's behalf with a reason; each response records who answered; a
// supporter's notes are kept apart from the answers.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ConsentPage } from "./pages/consent.mjs";
import { EXAMPLE, ProjectPage } from "./pages/project.mjs";
import { QuestionPage } from "./pages/question.mjs";
import { ReviewPage } from "./pages/review.mjs";
import { withApp } from "./support/browser.mjs";
import { documentsWithChunks, stored } from "./support/storage.mjs";
import { eventually, visible } from "./support/wait.mjs";

const RATING = "How safe do you feel at home?";

/** Counts stored chunks, straight from IndexedDB. */
/** How many documents have chunks stored (keys are `<doc>/<kind>/<hash>`). */
async function storedDocuments(page) {
  return documentsWithChunks(await stored(page)).size;
}

test("declining consent stores nothing", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page);
    const consent = new ConsentPage(page);
    await project.open(server.url);
    await eventually(async () => assert.equal(await storedDocuments(page), 1, "only the project is saved"));
    await project.start.click();
    await visible(consent.heading);
    await consent.continue.click();
    await visible(page.getByRole("alert").filter({ hasText: "Please choose one answer." }));
    await consent.consent.getByRole("radio", { name: "No, I do not want to take part" }).check();
    await consent.continue.click();
    await visible(page.getByText("Nothing has been saved."));
    await page.getByRole("button", { name: "Back to the project" }).click();
    await visible(project.heading);
    await page.reload();
    await visible(project.heading);
    assert.equal(await project.draftLinks().count(), 0);
    assert.equal(await storedDocuments(page), 1, "nothing was stored for the declined response");
  });
});

test("a supported response records the supporter, and their notes apart", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page);
    const consent = new ConsentPage(page);
    const question = new QuestionPage(page);
    await project.open(server.url);
    await project.startSurvey(EXAMPLE).click();
    await consent.consent.getByRole("radio", { name: "A supporter agrees on the person's behalf" }).check();
    await consent.continue.click();
    await visible(page.getByRole("alert").filter({ hasText: "Please say why a supporter is agreeing for them." }));
    await page.getByRole("textbox", { name: "Why is a supporter agreeing for them?" })
      .fill("Communicates without words; agreed through their usual signs");
    await consent.continue.click();
    await consent.mode.getByRole("radio", { name: "The person, with a supporter" }).check();
    await page.getByRole("textbox", { name: /supporter's role/ }).fill("Key worker");
    await consent.startQuestions.click();

    await question.option(RATING, /^5/).check();
    const notes = page.getByRole("textbox", { name: "Supporter's notes (kept apart from the person's answers)" });
    await notes.fill("Pointed firmly at the happiest picture");
    await visible(question.saved);
    await page.reload();
    await visible(question.progress);
    await eventually(async () => assert.equal(await notes.inputValue(), "Pointed firmly at the happiest picture"));

    await question.next.click();
    await question.next.click();
    await question.review.click();
    const review = new ReviewPage(page);
    await visible(review.heading);
    await visible(page.getByText("Answered with a supporter (Key worker)"));
    assert.match(await page.getByText(/Respondent R-/).textContent(), /Respondent R-[2-9A-HJKMNP-TV-Z]{6}/);
    const answers = await page.locator("dl.review").textContent();
    assert.doesNotMatch(answers, /happiest picture/, "notes are not among the answers");
    assert.equal(await notes.inputValue(), "Pointed firmly at the happiest picture");
  });
});

test("a group response records the group", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page);
    const consent = new ConsentPage(page);
    const question = new QuestionPage(page);
    await project.open(server.url);
    await project.startSurvey(EXAMPLE).click();
    await consent.consent.getByRole("radio", { name: "Yes, I want to take part" }).check();
    await consent.continue.click();
    await consent.mode.getByRole("radio", { name: "A group, together" }).check();
    await page.getByRole("textbox", { name: "Name of the group" }).fill("Tuesday tea and talk");
    await page.getByRole("spinbutton", { name: "How many people are in the group?" }).fill("1");
    await consent.startQuestions.click();
    await visible(page.getByRole("alert").filter({ hasText: "a number of 2 or more" }));
    await page.getByRole("spinbutton", { name: "How many people are in the group?" }).fill("6");
    await consent.startQuestions.click();

    await question.option(RATING, /^3$/).check();
    await visible(question.saved);
    assert.equal(await page.getByRole("textbox", { name: /Supporter's notes/ }).count(), 0, "no notes box without a supporter");
    await page.reload();
    await visible(question.progress);
    await question.next.click();
    await question.next.click();
    await question.review.click();
    await visible(page.getByText("Answered as a group: Tuesday tea and talk, 6 people"));
  });
});
