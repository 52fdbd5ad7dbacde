// Import of responses: the CSV exported from one project's results is
// imported into a fresh project with the same survey. A file with one bad
// row is refused whole, naming the row, and nothing is imported; the fixed
// file is taken in, a column the survey lacks is left out, and the fresh
// project's tables are the first project's, cell for cell.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { EXAMPLE, ProjectPage } from "./pages/project.mjs";
import { ImportSection, RATING, allTables, respond, row } from "./pages/results.mjs";
import { ViewControls } from "./pages/view_controls.mjs";
import { axe } from "./support/axe.mjs";
import { withApp } from "./support/browser.mjs";
import { eventually, visible } from "./support/wait.mjs";

async function openResults(page) {
  await page.getByRole("link", { name: `Results: ${EXAMPLE}`, exact: true }).click();
  await visible(page.getByRole("heading", { level: 1, name: `Results: ${EXAMPLE}` }));
}

test("an exported CSV with one bad row imports nothing and names the row; fixed, it imports into identical tables", async (t) => {
  await withApp(t, async ({ page, server }) => {
    const first = new ProjectPage(page, "Paper forms");
    await first.open(server.url, { templates: [EXAMPLE] });
    await respond(page, first, server, { rating: 4, choice: "Morning", text: "More trips, out \"often\", please." });
    await respond(page, first, server, { rating: 1, choice: "Evening" });
    await openResults(page);
    await visible(page.getByRole("status").filter({ hasText: "Completed responses: 2" }));
    const expected = await allTables(page);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download the responses (CSV)" }).click(),
    ]);
    const csv = readFileSync(await download.path(), "utf8");
    // A column no survey has, as another tool would add.
    const lines = csv.trimEnd().split(/\r?\n/);
    const withPostcode = lines.map((l, i) => `${l},${i === 0 ? "Postcode" : "SE10"}`);
    const safe = withPostcode[0].split(",").indexOf("feel-safe");
    const bad = withPostcode.map((l, i) => {
      if (i !== 2) return l;
      const cells = l.split(",");
      cells[safe] = "9";
      return cells.join(",");
    });

    const fresh = new ProjectPage(page, "Typed in");
    await fresh.open(server.url, { templates: [EXAMPLE] });
    await openResults(page);
    const importing = new ImportSection(page);
    await visible(importing.region);

    await importing.choose("forms.csv", bad.join("\r\n"));
    const alert = importing.region.getByRole("alert");
    await visible(alert.getByText("Nothing was imported.", { exact: false }));
    await visible(alert.getByRole("listitem").filter({ hasText: "Line 3: “feel-safe” is out of range" }));
    await visible(page.getByRole("status").filter({ hasText: "No response to this survey is completed on this device yet." }));
    assert.deepEqual(await axe(page), [], "the refusal passes axe");

    await importing.choose("forms.csv", withPostcode.join("\r\n"));
    await visible(importing.region.getByRole("status").filter({ hasText: "Responses ready to import: 2." }));
    const postcode = importing.region.getByRole("combobox", { name: "Postcode" });
    await visible(postcode);
    assert.equal(await postcode.inputValue(), "", "a column the survey lacks is left out unless placed");
    assert.deepEqual(await axe(page), [], "the mapping passes axe");
    const controls = new ViewControls(page);
    await controls.chooseLanguage("ur");
    await visible(page.getByRole("region", { name: "جوابات درآمد کریں" }));
    assert.deepEqual(await axe(page), [], "and in Urdu, right to left");
    await controls.chooseLanguage("en");

    await importing.importButton(2).click();
    await visible(importing.region.getByRole("status").filter({ hasText: "Imported from forms.csv. Responses: 2." }));
    await visible(page.getByRole("status").filter({ hasText: "Completed responses: 2" }));
    const rating = page.getByRole("region", { name: `Question 1: ${RATING}` });
    await eventually(async () => assert.deepEqual(await row(rating, "4"), ["1", "50.0%"]));
    await eventually(async () => assert.deepEqual(await allTables(page), expected));
    // The language each was answered in came with them.
    assert.deepEqual(await row(page.getByRole("region", { name: "Who answered, and how" }), "English"), ["2", "100.0%"]);

    // Counted as typed in from paper, and kept: after a reload too.
    await page.reload();
    await visible(page.getByRole("status").filter({ hasText: "Completed responses: 2" }));
    assert.deepEqual(await allTables(page), expected);
  });
});
