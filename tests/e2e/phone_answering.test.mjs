// Answering on a 360 x 740 phone, as a support worker or carer would: a
// rating keeps its 0-5 scale in easy read, the hand-over really hides the
// finished response, a number out of range stops the way on, focus and the
// live region follow Next, "Stop for now" keeps a draft, "Start the next
// response" starts one, and offline every picture shows in easy read.
import assert from "node:assert/strict";
import { test } from "node:test";

import { EXAMPLE, ProjectPage, SUPPORT } from "./pages/project.mjs";
import { QuestionPage } from "./pages/question.mjs";
import { ReviewPage } from "./pages/review.mjs";
import { ViewControls } from "./pages/view_controls.mjs";
import { waitForOfflineReady, withApp } from "./support/browser.mjs";
import { eventually, visible } from "./support/wait.mjs";

const PHONE = { width: 360, height: 740 };
const SAFE = "How safe do you feel at home?";
const BEST = "Which part of the day do you like best?";
const CHANGE = "If you could change one thing about your support, what would it be?";
const THANK_YOU = { level: 1, name: "Thank you" };

async function onPhone(page) {
  await page.setViewportSize(PHONE);
}

/** The accessible text of the focused element and its tag. */
function focused(page) {
  return page.evaluate(() => [document.activeElement?.tagName, document.activeElement?.textContent?.trim()]);
}

/**
 * On a phone, in a new project offering `survey`, starts a response to it
 * and runs `body` with the page objects.
 */
function answeringOnPhone(t, survey, body) {
  return withApp(t, async ({ page, context, server }) => {
    await onPhone(page);
    const project = new ProjectPage(page);
    const question = new QuestionPage(page);
    const controls = new ViewControls(page);
    await project.open(server.url, { templates: [survey] });
    await project.begin(survey);
    await body({ page, context, server, project, question, controls });
  });
}

/** Answers the example survey's three questions and reaches its review. */
async function answerExample(page, question) {
  await question.option(SAFE, /^3/).check();
  await question.next.click();
  await question.option(BEST, "Evening").check();
  await question.next.click();
  await question.textbox(CHANGE).fill("More visits");
  await visible(question.saved);
  await question.review.click();
}

test("a 0-5 rating keeps its scale in easy read, and easy read stores a 0-5 value", async (t) => {
  await answeringOnPhone(t, EXAMPLE, async ({ page, context, project, question, controls }) => {
    await question.option(SAFE, /^4$/).check();
    await visible(question.saved);

    await controls.choosePresentation("easy-read");
    // All six points, each with a picture, the ends in words; 4 still chosen.
    const points = question.group(SAFE).getByRole("radio");
    await eventually(async () => assert.equal(await points.count(), 6));
    assert.equal(await question.option(SAFE, /^4$/).isChecked(), true);
    await visible(question.option(SAFE, "0 – not safe at all"));
    await visible(question.option(SAFE, "5 – very safe"));
    assert.equal(await question.group(SAFE).locator("svg.rating-picture").count(), 6);
    assert.equal(await question.group(SAFE).getByRole("radio", { name: /happy|sure/i }).count(), 0);

    // Answered in easy read: the stored answer is the point, read back in
    // standard after a reload (a face would have shown nothing chosen).
    await question.option(SAFE, /^2$/).check();
    await visible(question.saved);
    await controls.choosePresentation("standard");
    await page.reload();
    await eventually(async () => assert.equal(await question.option(SAFE, /^2$/).isChecked(), true));
    await question.next.click();
    await question.next.click();
    await question.review.click();
    const review = new ReviewPage(page);
    await visible(review.heading);
    assert.match(await review.answerTo(SAFE).textContent(), /^2Change/);
  });
});

test("after the hand-over, Back, the browser's back and the address bar show none of the answers", async (t) => {
  await answeringOnPhone(t, EXAMPLE, async ({ page, context, project, question, controls }) => {
    const review = new ReviewPage(page);
    const firstQuestionUrl = page.url();
    await answerExample(page, question);
    await visible(review.heading);
    const reviewUrl = page.url();
    await review.complete.click();
    await visible(page.getByRole("heading", THANK_YOU));

    const nothingShown = async () => {
      await visible(page.getByRole("heading", THANK_YOU));
      assert.equal(await page.getByText("More visits").count(), 0);
      assert.equal(await page.getByRole("link", { name: /^Change your answer/ }).count(), 0);
      assert.equal(await page.getByRole("radio").count(), 0);
      assert.equal(await review.heading.count(), 0);
    };
    await page.goBack();
    await nothingShown();
    await page.goBack();
    await nothingShown();
    await page.goto(reviewUrl);
    await nothingShown();
    await page.goto(firstQuestionUrl);
    await nothingShown();

    // "Start the next response" starts one: the consent screen, then its
    // first question, with nothing of the last person's answers.
    await page.getByRole("button", { name: "Start the next response" }).click();
    await visible(page.getByRole("heading", { level: 2, name: "Before you start" }));

    // Seen later in a new tab (a coordinator's look at the completed list),
    // the response reads but cannot be changed.
    const later = await context.newPage();
    await later.goto(reviewUrl);
    const laterReview = new ReviewPage(later);
    await visible(laterReview.done);
    assert.match(await laterReview.answerTo(CHANGE).textContent(), /More visits/);
    assert.equal(await later.getByRole("link", { name: /^Change your answer/ }).count(), 0);
    await later.goto(firstQuestionUrl);
    await visible(laterReview.done);
    assert.equal(await later.getByRole("radio").count(), 0);
    await later.close();
  });
});

test("a number out of range stops the way on, with its message beside the field", async (t) => {
  await answeringOnPhone(t, SUPPORT, async ({ page, context, project, question, controls }) => {
    await question.group("How do you feel about your support?").getByRole("radio", { name: "Happy", exact: true }).check();
    await question.next.click();
    await question.option("Who helped you answer these questions?", "A support worker").check();
    await question.next.click();
    await question.next.click();
    const hours = page.getByRole("spinbutton", { name: "About how many hours of support do you get each week?" });
    await hours.fill("200");
    const beside = page.getByRole("alert").filter({ hasText: "Please write a number from 0 to 168." });
    await visible(beside);
    assert.equal(await hours.getAttribute("aria-describedby"), await beside.getAttribute("id"));
    const progress = await question.progress.textContent();
    await question.next.click();
    await visible(page.getByRole("alert").filter({ hasText: "The answer marked above is not saved yet." }));
    assert.equal(await question.progress.textContent(), progress);
    assert.equal(await hours.evaluate((el) => el === document.activeElement), true);
    assert.equal(await hours.inputValue(), "200");

    await hours.fill("20");
    await question.next.click();
    await visible(page.getByLabel("When did you last have a review of your support?", { exact: true }));
  });
});

test("after Next and Back focus is on the question's heading, the live region says which; Stop for now keeps a draft", async (t) => {
  await answeringOnPhone(t, EXAMPLE, async ({ page, context, project, question, controls }) => {
    await question.option(SAFE, /^1/).check();
    await question.next.click();
    await eventually(async () => assert.deepEqual(await focused(page), ["H2", BEST]));
    const live = page.locator("[aria-live=polite]").filter({ hasText: /^Question \d of \d$/ });
    await eventually(async () => assert.equal(await live.textContent(), "Question 2 of 3"));
    await question.back.click();
    await eventually(async () => assert.deepEqual(await focused(page), ["H2", SAFE]));
    await eventually(async () => assert.equal(await live.textContent(), "Question 1 of 3"));
    // Keyboard only: the heading is where reading starts, Tab reaches the
    // first answer.
    await question.next.click();
    await question.option(BEST, "Morning").check();

    await page.getByRole("button", { name: "Stop for now" }).click();
    await visible(project.heading);
    const draft = project.drafts.getByRole("link");
    await eventually(async () => assert.equal(await draft.count(), 1));
    await draft.click();
    await eventually(async () => assert.equal(await question.progress.textContent(), "Question 2 of 3"));
    assert.equal(await question.option(BEST, "Morning").isChecked(), true);
  });
});

test("offline, every picture on every answering screen loads, in easy read, in English and Welsh", async (t) => {
  await withApp(t, async ({ page, server }) => {
    await onPhone(page);
    const project = new ProjectPage(page);
    const question = new QuestionPage(page);
    const controls = new ViewControls(page);
    await project.open(server.url, { templates: [EXAMPLE] });
    await waitForOfflineReady(page);
    // The project's pictures are kept as its page opens.
    await eventually(async () => {
      const kept = await page.evaluate(async () => (await (await caches.open("heard-pictures-1")).keys()).map((r) => new URL(r.url).pathname));
      for (const name of ["1F3E0", "1F305", "2600", "1F319", "1F4C5", "1F4DD"]) {
        assert.ok(kept.includes(`/pictures/${name}.svg`), name);
      }
    }, 30000);
    await server.stop();
    await controls.choosePresentation("easy-read");

    let checked = 0;
    const everyPictureLoads = async (screen) => {
      for (const lang of ["en", "cy"]) {
        await controls.chooseLanguage(lang);
        await eventually(async () => {
          const images = await page.locator("main img").evaluateAll((imgs) => imgs.map((i) => [i.getAttribute("src"), i.complete && i.naturalWidth > 0]));
          assert.ok(images.length > 0, `${screen} (${lang}) shows pictures`);
          for (const [src, loaded] of images) assert.ok(loaded, `${screen} (${lang}): ${src}`);
        });
        checked += 1;
      }
      await controls.chooseLanguage("en");
    };

    await project.startSurvey(EXAMPLE).click();
    const consent = page.getByRole("group", { name: "Do you want to take part?" });
    await visible(consent);
    await everyPictureLoads("consent");
    await consent.getByRole("radio", { name: "Yes, I want to take part" }).check();
    await page.getByRole("button", { name: "Continue" }).click();
    await visible(page.getByRole("group", { name: "Who is answering?" }));
    await everyPictureLoads("who is answering");
    await page.getByRole("radio", { name: "The person, on their own" }).check();
    await page.getByRole("button", { name: "Start the questions" }).click();
    await visible(question.group(SAFE));
    await everyPictureLoads("question 1");
    await question.option(SAFE, /^5/).check();
    await question.next.click();
    await visible(question.group(BEST));
    await everyPictureLoads("question 2");
    await question.next.click();
    await visible(question.textbox(CHANGE));
    await everyPictureLoads("question 3");
    await question.review.click();
    const review = new ReviewPage(page);
    await visible(review.heading);
    await everyPictureLoads("review");
    await review.complete.click();
    await visible(page.getByRole("heading", THANK_YOU));
    await everyPictureLoads("thank you");
    console.log(`# pictures checked offline on ${checked} screens x languages`);
  });
});

test("on arrival the question's heading and first answer are on screen (the heading in large print)", async (t) => {
  await answeringOnPhone(t, SUPPORT, async ({ page, context, project, question, controls }) => {
    // Reloaded before the new response is committed, it would rightly not be
    // on this device: the screen says when it is.
    await visible(question.saved);
    const first = page.url();
    const inView = async (locator) => {
      const box = await locator.boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= PHONE.height;
    };
    const heading = page.getByRole("heading", { level: 2, name: "How do you feel about your support?" });
    const firstAnswer = page.locator("main .option label").first();
    for (const presentation of ["standard", "easy-read", "large-print", "easy-read+large-print"]) {
      await controls.choosePresentation(presentation);
      await page.goto(first);
      await visible(heading);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      assert.ok(await inView(heading), `${presentation}: the question's heading is on screen`);
      if (!presentation.includes("large-print")) {
        assert.ok(await inView(firstAnswer), `${presentation}: its first answer is on screen`);
      }
    }
    // The presentation and language stay one tap away.
    await visible(controls.toggle);
    assert.equal(await controls.toggle.getAttribute("aria-expanded"), "false");
    await visible(question.progress);
  });
});
