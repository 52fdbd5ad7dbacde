// Results on the device: after responses are completed, the survey's
// results screen shows each question's table, counted over the completed
// responses only (a draft is left out), with who answered and who skipped.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { EXAMPLE, ProjectPage } from "./pages/project.mjs";
import { QuestionPage } from "./pages/question.mjs";
import { CHOICE, RATING, TEXT, respond, row, tablesFile } from "./pages/results.mjs";
import { ReviewPage } from "./pages/review.mjs";
import { problemsInEveryView } from "./pages/view_controls.mjs";
import { withApp } from "./support/browser.mjs";
import { eventually, visible } from "./support/wait.mjs";

test("the results screen counts each answer of the completed responses, and leaves drafts out", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page, "Results");
    await project.open(server.url, { templates: [EXAMPLE] });
    await respond(page, project, server, { rating: 4, choice: "Morning", text: "More trips out." });
    await respond(page, project, server, { rating: 2, choice: "Morning" });
    await respond(page, project, server, { rating: 5, choice: "Evening", draft: true });

    await page.getByRole("link", { name: `Results: ${EXAMPLE}`, exact: true }).click();
    await visible(page.getByRole("heading", { level: 1, name: `Results: ${EXAMPLE}` }));
    await visible(page.getByRole("status").filter({ hasText: "Completed responses: 2" }));

    // Who answered and how, as a report counts its returns.
    const who = page.getByRole("region", { name: "Who answered, and how" });
    assert.deepEqual(await row(who, "The person, on their own"), ["2", "100.0%"]);
    assert.deepEqual(await row(who, "The person, with a supporter"), ["0", "0.0%"]);
    assert.deepEqual(await row(who, "Standard"), ["2", "100.0%"]);
    assert.deepEqual(await row(who, "Easy read"), ["0", "0.0%"]);
    assert.deepEqual(await row(who, "English"), ["2", "100.0%"], "answered in English, as recorded at consent");

    const rating = page.getByRole("region", { name: `Question 1: ${RATING}` });
    assert.deepEqual(await row(rating, "4"), ["1", "50.0%"]);
    assert.deepEqual(await row(rating, "2"), ["1", "50.0%"]);
    assert.deepEqual(await row(rating, "5 – very safe"), ["0", "0.0%"], "the draft's 5 is not counted");
    await visible(rating.getByText("Answered: 2. Skipped: 0."));
    await visible(rating.getByText("Average (mean): 3.00"));
    // A bar chart above the table: each bar as long as its percentage
    // (the longest, 100%, is 80% of the width), labelled with it.
    const chart = rating.getByRole("img", { name: "Bar chart of these answers. The table below gives the same numbers." });
    await visible(chart);
    const bars = await chart.locator("rect").evaluateAll((rects) => rects.map((r) => [r.getAttribute("x"), r.getAttribute("width")]));
    assert.equal(bars.length, 6, "a bar per point of the scale");
    assert.deepEqual(bars.filter(([, w]) => w !== "0.0%"), [["0.0%", "40.0%"], ["0.0%", "40.0%"]]);
    assert.deepEqual(await chart.locator("text").allTextContents(), ["0 – not safe at all", "0.0%", "1", "0.0%", "2", "50.0%", "3", "0.0%", "4", "50.0%", "5 – very safe", "0.0%"]);

    const choice = page.getByRole("region", { name: `Question 2: ${CHOICE}` });
    assert.deepEqual(await row(choice, "Morning"), ["2", "100.0%"]);
    assert.deepEqual(await row(choice, "Evening"), ["0", "0.0%"]);

    // What people wrote is read on demand, a page at a time.
    const text = page.getByRole("region", { name: `Question 3: ${TEXT}` });
    await visible(text.getByText("Answered: 1. Skipped: 1."));
    assert.equal(await text.getByRole("listitem").count(), 0, "not listed until asked for");
    await text.getByRole("button", { name: "Read the answers (1)" }).click();
    await visible(text.getByRole("listitem").filter({ hasText: "More trips out." }));

    // Marked for sharing, a count under 5 (and its percentage and bar) is
    // hidden; none is still none. The threshold is the project's to set.
    const share = page.getByRole("checkbox", { name: "Hide small numbers, so that nobody in a small group can be recognised" });
    await share.check();
    await visible(page.getByRole("status").filter({ hasText: "Counts under 5 are shown as “fewer than 5”, and a count that would give one of them away is withheld." }));
    assert.deepEqual(await row(rating, "4"), ["fewer than 5", "fewer than 5"]);
    // How many answered is a count too, and the mean of two people could
    // give their answers away.
    await visible(rating.getByText("Answered: fewer than 5. Skipped: 0."));
    assert.equal(await rating.getByText("Average (mean)", { exact: false }).count(), 0, "no mean of fewer than 5");
    assert.deepEqual(await row(rating, "3"), ["0", "0.0%"]);
    assert.deepEqual(await row(choice, "Morning"), ["fewer than 5", "fewer than 5"]);
    const hiddenBars = await chart.locator("rect").evaluateAll((rects) => rects.map((r) => r.getAttribute("width")));
    assert.deepEqual(hiddenBars, Array(6).fill("0.0%"), "no bar gives a hidden count away");
    // The tables file is hidden the same way: the file to share.
    const [shared] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download the tables (CSV)" }).click(),
    ]);
    assert.match(shared.suggestedFilename(), /-tables-for-sharing\.csv$/);
    const sharedRows = tablesFile(readFileSync(await shared.path(), "utf8"));
    assert.deepEqual(sharedRows.get("all feel-safe 4"), ["<5", ""]);
    assert.deepEqual(sharedRows.get("all feel-safe n"), ["<5", ""]);
    assert.deepEqual(sharedRows.get("all best-day morning"), ["<5", ""]);
    assert.deepEqual(sharedRows.get("all feel-safe 3"), ["0", "0.0"], "none is still none");
    await visible(page.getByRole("status").filter({ hasText: /^Saved .*-tables-for-sharing\.csv\.$/ }));
    await page.getByLabel("Hide counts smaller than").fill("2");
    await page.getByLabel("Hide counts smaller than").press("Tab");
    await visible(page.getByRole("status").filter({ hasText: "Counts under 2 are shown as “fewer than 2”, and a count that would give one of them away is withheld." }));
    assert.deepEqual(await row(rating, "4"), ["fewer than 2", "fewer than 2"]);
    assert.deepEqual(await row(choice, "Morning"), ["2", "100.0%"]);
    await share.uncheck();
    assert.deepEqual(await row(rating, "4"), ["1", "50.0%"]);
    const [plain] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download the tables (CSV)" }).click(),
    ]);
    assert.match(plain.suggestedFilename(), /-tables\.csv$/);
    const plainRows = tablesFile(readFileSync(await plain.path(), "utf8"));
    assert.deepEqual(plainRows.get("all feel-safe 4"), ["1", "50.0"]);
    assert.deepEqual(plainRows.get("all feel-safe n"), ["2", ""]);

    // Broken down by the time of day: a column per choice in every
    // question's table, each cell the count and its share of the group.
    await page.getByRole("combobox", { name: "Break down by" }).selectOption({ label: CHOICE });
    const morning = page.getByRole("columnheader", { name: "Morning (responses: 2)" });
    await visible(morning);
    const columns = await rating.getByRole("columnheader").allTextContents();
    assert.deepEqual(columns, ["Answer", "Morning (responses: 2)", "Afternoon (responses: 0)", "Evening (responses: 0)", "Did not answer it (responses: 0)"]);
    assert.deepEqual(await row(rating, "4"), ["1 (50.0%)", "0", "0", "0"]);
    assert.deepEqual(await row(rating, "Answered"), ["2", "0", "0", "0"]);
    await page.getByRole("combobox", { name: "Break down by" }).selectOption({ label: "Nothing: all responses together" });
    await visible(rating.getByRole("img", { name: "Bar chart of these answers. The table below gives the same numbers." }));
    assert.equal(await morning.count(), 0);

    // The responses as CSV, with a codebook: the answers only, a row each.
    await visible(page.getByText("supporter notes and recordings are never in it", { exact: false }));
    const [csvFile] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download the responses (CSV)" }).click(),
    ]);
    assert.match(csvFile.suggestedFilename(), /-responses\.csv$/);
    const csv = readFileSync(await csvFile.path(), "utf8");
    assert.ok(csv.startsWith("\uFEFF"), "marked as UTF-8 for Excel");
    const lines = csv.slice(1).trim().split(/\r?\n/);
    assert.equal(lines.length, 3, "a header and the two completed responses");
    const header = lines[0].split(",");
    const safe = header.indexOf("feel-safe");
    assert.ok(safe > 0, `a column for the rating: ${lines[0]}`);
    assert.deepEqual(lines.slice(1).map((l) => l.split(",")[safe]).sort(), ["2", "4"]);
    await visible(page.getByRole("status").filter({ hasText: /^Saved .*-responses\.csv\. Responses in it: 2\.$/ }));
    const [bookFile] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download the codebook (CSV)" }).click(),
    ]);
    const book = readFileSync(await bookFile.path(), "utf8");
    assert.match(book, /feel-safe,How safe do you feel at home\?,rating 0-5/);
    assert.match(book, /best-day,,,morning,Morning/);
    // The same answers as JSON, each in its own shape, beside the questions.
    const [jsonFile] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download the responses (JSON)" }).click(),
    ]);
    assert.match(jsonFile.suggestedFilename(), /-responses\.json$/);
    const json = JSON.parse(readFileSync(await jsonFile.path(), "utf8"));
    assert.equal(json.format, "heard-responses");
    assert.equal(json.responses.length, 2);
    assert.deepEqual(json.responses.map((r) => r.answers["feel-safe"]).sort(), [2, 4]);
    assert.equal(json.questions.find((q) => q.id === "best-day").choices[0].code, "morning");

    // The tables pass axe in every language and presentation.
    const ready = () => visible(page.locator("main table").first());
    const eachLanguage = async (tag) => {
      if (tag !== "ur") return;
      // Mirrored: the bars grow from the right edge (the first chart is
      // who answered: all of them on their own).
      const mirrored = await page.locator("main svg.results-chart").first().locator("rect").evaluateAll((rects) => rects.map((r) => r.getAttribute("x")));
      assert.deepEqual(mirrored.slice(0, 2), ["20.0%", "100.0%"], "a 100% bar ends 80% from the right, an empty one at the edge");
    };
    assert.deepEqual(await problemsInEveryView(page, { ready, eachLanguage }), []);

    // Completing the draft from the project counts it at once.
    await page.getByRole("link", { name: "Back to the project", exact: true }).click();
    await project.draftLinks().first().click();
    const question = new QuestionPage(page);
    await visible(question.progress);
    await question.review.click();
    await visible(new ReviewPage(page).heading);
    await new ReviewPage(page).complete.click();
    await visible(page.getByRole("heading", { level: 1, name: "Thank you" }));
    await project.reopen(server.url);
    await page.getByRole("link", { name: `Results: ${EXAMPLE}`, exact: true }).click();
    await eventually(async () => assert.deepEqual(await row(page.getByRole("region", { name: `Question 1: ${RATING}` }), "5 – very safe"), ["1", "33.3%"]));
    await visible(page.getByRole("status").filter({ hasText: "Completed responses: 3" }));
  });
});

test("opened again, the results show the tables kept from last time before the worker answers, and never tables older than a change", async (t) => {
  await withApp(t, async ({ page, context, server }) => {
    const project = new ProjectPage(page, "Kept results");
    await project.open(server.url, { templates: [EXAMPLE] });
    await respond(page, project, server, { rating: 4, choice: "Morning" });
    await respond(page, project, server, { rating: 2, choice: "Morning" });
    await page.getByRole("link", { name: `Results: ${EXAMPLE}`, exact: true }).click();
    await visible(page.getByRole("status").filter({ hasText: "Completed responses: 2" }));
    const results = page.url();

    // A tab whose document worker never answers: whatever it shows came
    // from what this device kept.
    const noWorker = await context.newPage();
    await noWorker.addInitScript(() => {
      window.Worker = class {
        postMessage() {}
        terminate() {}
      };
    });
    const rating = noWorker.getByRole("region", { name: `Question 1: ${RATING}` });
    await eventually(async () => {
      await noWorker.goto(results);
      await visible(noWorker.getByRole("status").filter({ hasText: "Completed responses: 2" }), 2000);
    });
    assert.deepEqual(await row(rating, "4"), ["1", "50.0%"]);
    assert.deepEqual(await row(rating, "2"), ["1", "50.0%"]);

    // A third response: once it is stored, what was kept no longer
    // matches, and is gone (until then it still matched what was stored).
    await project.reopen(server.url);
    await respond(page, project, server, { rating: 5, choice: "Evening" });
    await eventually(async () => {
      await noWorker.goto(results);
      await visible(noWorker.getByRole("status").filter({ hasText: "Counting the answers…" }));
      await noWorker.waitForTimeout(1000);
      assert.equal(await noWorker.getByText("Completed responses:", { exact: false }).count(), 0, "no tables older than the change");
    });

    // Counted again by the worker, the three are kept in their turn.
    await page.goto(results);
    await visible(page.getByRole("status").filter({ hasText: "Completed responses: 3" }));
    await eventually(async () => {
      await noWorker.goto(results);
      await visible(noWorker.getByRole("status").filter({ hasText: "Completed responses: 3" }), 2000);
    });
    assert.deepEqual(await row(rating, "5 – very safe"), ["1", "33.3%"]);
  });
});
