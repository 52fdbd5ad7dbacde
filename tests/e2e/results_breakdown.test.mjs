// Results of responses given three ways and in two languages: two answered
// in the app on the person's own (English), two typed in from a group's and
// a paper form (Welsh) by import. The breakdowns by who answered and by
// language, the filters (drafts, days), what people wrote with search and a
// quote marked to share, the easy-read summary, and the printed report.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { EXAMPLE, ProjectPage } from "./pages/project.mjs";
import { ImportSection, RATING, TEXT, respond, row } from "./pages/results.mjs";
import { problemsInEveryView } from "./pages/view_controls.mjs";
import { axe } from "./support/axe.mjs";
import { withApp } from "./support/browser.mjs";
import { eventually, visible } from "./support/wait.mjs";

test("results break down by who answered and by language, filter by drafts and days, and let a quote be marked", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const project = new ProjectPage(page, "Three ways");
    await project.open(server.url, { templates: [EXAMPLE] });
    await respond(page, project, server, { rating: 4, choice: "Morning", text: "More trips to the sea." });
    await respond(page, project, server, { rating: 2, choice: "Morning", text: "A quieter lounge." });
    await respond(page, project, server, { rating: 5, choice: "Evening", draft: true });
    await page.getByRole("link", { name: `Results: ${EXAMPLE}`, exact: true }).click();
    await visible(page.getByRole("status").filter({ hasText: "Completed responses: 2" }));

    // A group's form and a paper form, in Welsh, typed in as a CSV.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download the responses (CSV)" }).click(),
    ]);
    const lines = readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "").trimEnd().split(/\r?\n/);
    const header = lines[0].split(",");
    const at = (name) => header.indexOf(name);
    const typed = (id, mode, size, rating, text) => {
      const cells = header.map(() => "");
      cells[at("respondent_id")] = id;
      cells[at("mode")] = mode;
      cells[at("group_size")] = size;
      cells[at("language")] = "cy";
      cells[at("feel-safe")] = rating;
      cells[at("best-day")] = "evening";
      cells[at("change-one-thing")] = text;
      return cells.join(",");
    };
    const importing = new ImportSection(page);
    await importing.choose("forms.csv", [
      lines[0],
      typed("R-GROUP1", "group", "6", "3", "Buses that come on time."),
      typed("R-PAPER1", "paper", "", "5", "Mwy o deithiau bws."),
    ].join("\r\n"));
    await importing.importButton(2).click();
    await visible(page.getByRole("status").filter({ hasText: "Completed responses: 4" }));

    // By who answered: a column for each way that occurs.
    const by = page.getByRole("combobox", { name: "Break down by" });
    await by.selectOption({ label: "Who answered (alone, with a supporter, as a group, from paper)" });
    const rating = page.getByRole("region", { name: `Question 1: ${RATING}` });
    await eventually(async () => assert.deepEqual(await rating.getByRole("columnheader").allTextContents(), [
      "Answer", "The person, on their own (responses: 2)", "A group, together (responses: 1)", "Typed in from a paper form (responses: 1)",
    ]));
    assert.deepEqual(await row(rating, "4"), ["1 (50.0%)", "0 (0.0%)", "0 (0.0%)"]);
    assert.deepEqual(await row(rating, "5 – very safe"), ["0 (0.0%)", "0 (0.0%)", "1 (100.0%)"]);
    // By language: English and Welsh.
    await by.selectOption({ label: "Language" });
    await eventually(async () => assert.deepEqual(await rating.getByRole("columnheader").allTextContents(), [
      "Answer", "English (responses: 2)", "Welsh (Cymraeg) (responses: 2)",
    ]));
    assert.deepEqual(await row(rating, "Answered"), ["2", "2"]);
    assert.deepEqual(await axe(page), [], "the breakdown passes axe");
    await by.selectOption({ label: "Nothing: all responses together" });

    // Drafts too, then only days that hold none.
    await page.getByRole("checkbox", { name: "Count drafts too (what they have answered so far)" }).check();
    await visible(page.getByRole("status").filter({ hasText: "Responses, drafts too: 5" }));
    await eventually(async () => assert.deepEqual(await row(rating, "5 – very safe"), ["2", "40.0%"]));
    await page.getByRole("checkbox", { name: "Count drafts too (what they have answered so far)" }).uncheck();
    await visible(page.getByRole("status").filter({ hasText: "Completed responses: 4" }));
    await page.getByLabel("Completed on or before").fill("2020-01-01");
    await visible(page.getByRole("status").filter({ hasText: "No response matches these choices." }));
    await page.getByLabel("Completed on or before").fill("");
    await visible(page.getByRole("status").filter({ hasText: "Completed responses: 4" }));

    // What people wrote: searched in any case, one marked as a quote.
    const text = page.getByRole("region", { name: `Question 3: ${TEXT}` });
    await text.getByRole("button", { name: "Read the answers (4)" }).click();
    await visible(text.getByRole("status").filter({ hasText: "Showing 1 to 4 of 4. Marked as quotes: 0." }));
    await text.getByRole("searchbox", { name: "Search these answers" }).fill("BUS");
    await visible(text.getByRole("status").filter({ hasText: "Showing 1 to 1 of 1." }));
    const buses = text.getByRole("listitem").filter({ hasText: "Buses that come on time." });
    await buses.getByRole("button", { name: "Quote to share" }).click();
    await eventually(async () => assert.equal(await buses.getByRole("button", { name: "Quote to share" }).getAttribute("aria-pressed"), "true"));
    await text.getByRole("searchbox", { name: "Search these answers" }).fill("");
    await text.getByRole("checkbox", { name: "Only the quotes marked to share" }).check();
    await visible(text.getByRole("status").filter({ hasText: "Showing 1 to 1 of 1. Marked as quotes: 1." }));
    assert.deepEqual(await text.getByRole("listitem").locator("p").allTextContents(), ["Buses that come on time."]);

    // The easy-read summary speaks once enough people answered: under the
    // project's threshold (5) it says nothing, at 2 it says what most said.
    await page.getByText("Easy-read summary for the people who took part").click();
    const summary = page.locator("details.results-easy-read");
    await visible(summary.getByText("Not enough people have answered yet. A line needs at least 5 people."));
    await page.getByLabel("Hide counts smaller than").fill("2");
    await page.getByLabel("Hide counts smaller than").press("Tab");
    await eventually(async () => assert.ok((await summary.textContent()).includes("2 of 4 people said: Morning")));
    await visible(summary.getByRole("button", { name: /^Read aloud/ }).first());

    // Every screen state here passes axe in every language and presentation.
    const ready = () => visible(page.locator("main table").first());
    assert.deepEqual(await problemsInEveryView(page, { ready }), []);

    // Printed, the report keeps its tables and leaves its controls off.
    await page.emulateMedia({ media: "print" });
    await visible(rating.getByRole("table"));
    assert.equal(await page.getByRole("region", { name: "Which responses, and broken down by" }).isVisible(), false);
    assert.equal(await page.getByRole("button", { name: "Print the report" }).isVisible(), false);
    await page.emulateMedia({ media: "screen" });
    await visible(page.getByRole("button", { name: "Print the report" }));
  });
});
