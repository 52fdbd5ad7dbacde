// A coordinator builds a survey with every kind of question in the builder
// (with a show-if rule, pictures found by word, a question recorded aloud,
// reorder, duplicate and delete with undo); it is then answered offline with a reload in the middle,
// reviewed and completed.
import assert from "node:assert/strict";
import { test } from "node:test";

import { BuilderPage } from "./pages/builder.mjs";
import { EXAMPLE, ProjectPage } from "./pages/project.mjs";
import { ConsentPage } from "./pages/consent.mjs";
import { QuestionPage } from "./pages/question.mjs";
import { ReviewPage } from "./pages/review.mjs";
import { waitForOfflineReady, withApp } from "./support/browser.mjs";
import { eventually, visible } from "./support/wait.mjs";

const TITLE = "Day centre survey";
const LUNCH = "How was lunch today?";
const FEEL = "How do you feel today?";
const ACTIVITY = "Which activity did you do?";
const MORE = "What would you like more of?";
const TRIPS = "How many trips out did you have this week?";
const STARTED = "When did you start coming here?";
const ELSE = "Anything else you want to say?";

test("a survey built with every question type is answered offline and completed", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page, "Day centre feedback");
    await project.open(server.url, { templates: [] });
    await waitForOfflineReady(page);
    await project.openAdd();
    await page.getByRole("button", { name: "Build a new survey" }).click();

    const builder = new BuilderPage(page);
    await visible(builder.heading);
    await builder.setTitle(TITLE);
    await builder.question(1, LUNCH, "Rating from 0 to 5");
    await builder.textbox("Question 1: words for 0 (English)").fill("awful");
    await builder.textbox("Question 1: words for 5 (English)").fill("lovely");
    await builder.button("Record question 1 aloud").click();
    await page.waitForTimeout(1200);
    await builder.button("Stop recording question 1").click();
    await visible(page.getByRole("figure", { name: "Question 1 as recorded" }));
    await builder.question(2, FEEL, "Picture scale: happy, not sure, unhappy");
    await page.getByRole("checkbox", { name: "Question 2 must be answered" }).check();
    await builder.question(3, ACTIVITY, "One choice");
    await builder.choice(3, 1, "Art");
    await builder.choice(3, 2, "Music");
    // Pictures, found by word: the chosen one shows its name, is its alt
    // text, takes focus and is announced.
    await builder.open(1);
    await page.getByRole("searchbox", { name: "Question 1 picture: search by word" }).fill("fork and knife");
    await page.getByRole("button", { name: "Choose picture: fork and knife", exact: true }).click();
    await visible(builder.button("Remove the picture of question 1"));
    await visible(page.getByRole("img", { name: "fork and knife", exact: true }));
    await visible(page.getByText("Picture: fork and knife", { exact: true }));
    await eventually(async () => assert.ok(await builder.hasFocus(builder.button("Remove the picture of question 1"))));
    await eventually(async () => assert.equal((await builder.live.textContent()).trim(), "Picture chosen: fork and knife."));
    await builder.open(3);
    await page.getByRole("searchbox", { name: "Question 3, choice 1 picture: search by word" }).fill("artist palette");
    await page.getByRole("button", { name: "Choose picture: artist palette", exact: true }).click();
    await visible(builder.button("Remove the picture of question 3, choice 1"));
    await builder.button("Record question 3, choice 2 aloud").click();
    await page.waitForTimeout(800);
    await builder.button("Stop recording question 3, choice 2").click();
    await visible(page.getByRole("figure", { name: "Question 3, choice 2 as recorded" }));
    await builder.question(4, MORE, "Several choices");
    await builder.choice(4, 1, "Cooking");
    await builder.choice(4, 2, "Gardening");
    await builder.choice(4, 3, "Dancing");
    await page.getByRole("checkbox", { name: "Question 4 offers “other – please say”" }).check();
    await page.getByRole("combobox", { name: "Question 4 is shown" })
      .selectOption({ label: "Only when question 3 is answered “Music”" });
    await builder.question(5, TRIPS, "Number");
    await page.getByRole("spinbutton", { name: "Question 5: smallest number allowed" }).fill("0");
    await page.getByRole("spinbutton", { name: "Question 5: largest number allowed" }).fill("20");
    await builder.question(6, ELSE, "Free text");
    await builder.question(7, STARTED, "Date");

    // Reorder: the date question goes before the free text; focus stays on
    // the same button of the moved question, and the move is announced.
    await builder.button("Move question 7 up").click();
    await eventually(async () =>
      assert.equal(await builder.textbox("Question 6 text (English)").inputValue(), STARTED));
    await eventually(async () => assert.ok(await builder.hasFocus(builder.button("Move question 6 up"))));
    assert.equal((await builder.live.textContent()).trim(), "Question 7 moved: it is now question 6.");
    // Duplicate: the copy says so in its text, opens, and takes focus.
    await builder.open(7);
    await builder.button("Duplicate question 7").click();
    await eventually(async () => assert.equal(await builder.questions().count(), 8));
    assert.equal(await builder.textbox("Question 8 text (English)").inputValue(), `${ELSE} (copy)`);
    await eventually(async () => assert.ok(await builder.hasFocus(builder.textbox("Question 8 text (English)"))));
    // Delete: Undo takes focus where the question was, and is announced.
    await builder.button("Delete question 8").click();
    await eventually(async () => assert.equal(await builder.questions().count(), 7));
    await eventually(async () => assert.ok(await builder.hasFocus(builder.undo)));
    assert.equal((await builder.live.textContent()).trim(), `Question 8, “${ELSE} (copy)”, deleted. Undo is where it was.`);
    const undoAfter = await builder.undo.evaluate((el) => el.closest("li").previousElementSibling?.textContent ?? "");
    assert.match(undoAfter, /^Question 7/, "Undo sits just after question 7, where question 8 was");
    await builder.undo.click();
    await eventually(async () => assert.equal(await builder.questions().count(), 8));
    await builder.button("Delete question 8").click();
    await eventually(async () => assert.equal(await builder.questions().count(), 7));
    assert.equal(await builder.problems.count(), 0, "the survey is usable");
    await visible(page.getByText("Saved on this device"));

    // The built survey survives a reload of the builder.
    await page.reload();
    await visible(builder.heading);
    await builder.open(3);
    assert.equal(await builder.textbox("Question 3, choice 2 (English)").inputValue(), "Music");
    assert.equal(await builder.questions().count(), 7);
    await builder.back.click();

    // Answering, offline.
    await visible(project.heading);
    await server.stop();
    await project.startSurvey(TITLE).click();
    await new ConsentPage(page).agreeAlone();
    const question = new QuestionPage(page);
    await visible(question.progress);
    assert.equal(await question.progress.textContent(), "Question 1 of 7");
    await visible(page.getByText("awful"));
    const recorded = page.getByRole("figure", { name: `Read aloud: ${LUNCH}` });
    await visible(recorded);
    const bytes = await recorded.locator("audio").evaluate(async (el) => (await (await fetch(el.src)).blob()).size);
    assert.ok(bytes > 1000, `the recorded question has ${bytes} bytes`);
    const loaded = (img) => img.evaluate((el) => el.complete && el.naturalWidth > 0);
    await eventually(async () => assert.equal(await loaded(page.locator('img[src="/pictures/1F374.svg"]')), true, "the question's picture shows offline"));
    await question.option(LUNCH, /^4$/).check();
    await question.next.click();
    await question.next.click();
    await visible(page.getByRole("alert").filter({ hasText: "Please answer this question before going on." }));
    await question.group(FEEL).getByRole("radio", { name: "Happy", exact: true }).check();
    await question.next.click();
    await eventually(async () => assert.equal(await loaded(question.group(ACTIVITY).locator('img[src="/pictures/1F3A8.svg"]')), true, "the choice's picture shows offline"));
    await visible(question.group(ACTIVITY).getByRole("figure", { name: "Read aloud: Music" }));
    await question.option(ACTIVITY, "Music").check();
    await question.next.click();
    await question.group(MORE).getByRole("checkbox", { name: "Gardening" }).check();
    await question.group(MORE).getByRole("checkbox", { name: "Other – please say" }).check();
    await question.textbox("Please say what").fill("Singing");
    await visible(question.saved);

    await page.reload();
    await visible(question.group(MORE));
    await eventually(async () =>
      assert.equal(await question.group(MORE).getByRole("checkbox", { name: "Gardening" }).isChecked(), true));
    assert.equal(await question.textbox("Please say what").inputValue(), "Singing");
    await question.next.click();
    await page.getByRole("spinbutton", { name: TRIPS }).fill("3");
    await question.next.click();
    await page.getByLabel(STARTED, { exact: true }).fill("2024-05-01");
    await question.next.click();
    await question.textbox(ELSE).fill("The minibus is often late.");
    await visible(question.saved);
    await question.review.click();

    const review = new ReviewPage(page);
    await visible(review.heading);
    const expected = [
      [LUNCH, "4"],
      [FEEL, "Happy"],
      [ACTIVITY, "Music"],
      [MORE, "Gardening, Singing"],
      [TRIPS, "3"],
      [STARTED, "1 May 2024"],
      [ELSE, "The minibus is often late."],
    ];
    for (const [q, answer] of expected) {
      assert.match(await review.answerTo(q).textContent(), new RegExp(`^${answer.replace(/[.?]/g, "\\$&")}`), q);
    }
    await review.complete.click();
    await visible(page.getByRole("heading", { level: 1, name: "Thank you" }));
    await page.getByRole("button", { name: "Start the next response" }).click();
    // It starts one: the start screen, which leads back to the project.
    await visible(page.getByRole("heading", { level: 2, name: "Before you start" }));
    await page.getByRole("link", { name: "Back to the project" }).click();
    await visible(project.heading);
    await eventually(async () => assert.equal(await project.completedLinks().count(), 1));
  }, { browser: { args: ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"] } });
});

test("on a 360 px phone the builder shows one question in full, one language at a time, and every move keeps focus on the moved question", async (t) => {
  await withApp(t, async ({ page, server }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    const project = new ProjectPage(page, "Phone builder");
    await project.open(server.url, { templates: [EXAMPLE] });
    await page.getByRole("checkbox", { name: "Cymraeg", exact: true }).check();
    await project.editSurvey(EXAMPLE).click();
    const builder = new BuilderPage(page);
    await visible(builder.heading);
    const n = await builder.questions().count();
    assert.ok(n >= 3, `${n} questions`);

    // One question in full; each other one is its text and type with a button.
    const textBoxes = page.getByRole("textbox", { name: /^Question \d+ text \(/ });
    assert.equal(await textBoxes.count(), 1);
    for (let i = 2; i <= n; i++) {
      const closed = page.getByRole("group", { name: `Question ${i}`, exact: true });
      await visible(closed.getByRole("button", { name: `Edit question ${i}`, exact: true }));
      const height = (await closed.boundingBox()).height;
      assert.ok(height < 250, `closed question ${i} is ${height} px tall`);
    }
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok((await sideways()) <= 0, "no sideways scroll at 360 px");

    // Every move button, up and down: the question moves and keeps focus on
    // the same button (or, at an end, its other one). The move back is made
    // with the keyboard from where focus stayed.
    const focusAfter = (direction, at) => {
      if (direction === "up") return at > 1 ? `Move question ${at} up` : `Move question ${at} down`;
      return at < n ? `Move question ${at} down` : `Move question ${at} up`;
    };
    for (let i = 1; i <= n; i++) {
      await builder.open(i);
      const text = await builder.textbox(`Question ${i} text (English)`).inputValue();
      for (const [direction, to] of [["up", i - 1], ["down", i + 1]]) {
        if (to < 1 || to > n) {
          assert.equal(await builder.button(`Move question ${i} ${direction}`).isDisabled(), true);
          continue;
        }
        await builder.button(`Move question ${i} ${direction}`).click();
        await eventually(async () => assert.equal(await builder.textbox(`Question ${to} text (English)`).inputValue(), text));
        await eventually(async () => assert.ok(await builder.hasFocus(builder.button(focusAfter(direction, to))), `focus after ${direction} to ${to}`));
        await eventually(async () => assert.equal((await builder.live.textContent()).trim(), `Question ${i} moved: it is now question ${to}.`));
        const back = direction === "up" ? "down" : "up";
        if (!(await builder.hasFocus(builder.button(`Move question ${to} ${back}`)))) {
          await builder.button(`Move question ${to} ${back}`).focus();
        }
        await page.keyboard.press("Enter");
        await eventually(async () => assert.equal(await builder.textbox(`Question ${i} text (English)`).inputValue(), text));
        await eventually(async () => assert.ok(await builder.hasFocus(builder.button(focusAfter(back, i))), `focus after ${back} to ${i}`));
      }
    }

    // The other language on its own page: only words, no settings.
    await builder.open(1);
    await page.getByRole("radio", { name: "Cymraeg", exact: true }).check();
    const welsh = builder.textbox("Question 1 text (Cymraeg)");
    await visible(welsh);
    assert.equal(await page.getByRole("textbox", { name: /\(English\)$/ }).count(), 0);
    assert.equal(await page.getByRole("combobox", { name: "Question 1 answer type" }).count(), 0);
    assert.equal(await builder.button("Move question 1 down").count(), 0);
    await welsh.fill("Sut wyt ti?");
    // The count of translated texts is isolated from the language's name.
    const done = page.getByRole("region", { name: "Translations" }).getByText(/^Cymraeg: \d+ of \d+ texts translated$/);
    await visible(done);
    assert.equal(await done.locator("bdi").count(), 3);
    assert.ok((await sideways()) <= 0, "no sideways scroll in Welsh");

    // A duplicate says "(copy)" in every language, in that language.
    await page.getByRole("radio", { name: "English", exact: true }).check();
    const english = await builder.textbox("Question 1 text (English)").inputValue();
    await builder.button("Duplicate question 1").click();
    await eventually(async () => assert.equal(await builder.textbox("Question 2 text (English)").inputValue(), `${english} (copy)`));
    await page.getByRole("radio", { name: "Cymraeg", exact: true }).check();
    await eventually(async () => assert.equal(await builder.textbox("Question 2 text (Cymraeg)").inputValue(), "Sut wyt ti? (copi)"));
  });
});
