// A survey's results screen and the answers that fill it: the example
// survey answered through the app, the rows of a results table, and the
// import of responses from a CSV file.
import { QuestionPage } from "./question.mjs";
import { ReviewPage } from "./review.mjs";
import { visible } from "../support/wait.mjs";

export const RATING = "How safe do you feel at home?";
export const CHOICE = "Which part of the day do you like best?";
export const TEXT = "If you could change one thing about your support, what would it be?";

/** Answers the example survey; completes it unless `draft`. */
export async function respond(page, project, server, { rating, choice, text, draft = false }) {
  const question = new QuestionPage(page);
  await project.begin();
  await visible(question.progress);
  await question.option(RATING, new RegExp(`^${rating}\\b`)).check();
  await question.next.click();
  if (choice) await question.option(CHOICE, choice).check();
  await question.next.click();
  if (text) await question.textbox(TEXT).fill(text);
  await visible(question.saved);
  if (!draft) {
    await question.review.click();
    const review = new ReviewPage(page);
    await review.complete.click();
    await visible(page.getByRole("heading", { level: 1, name: "Thank you" }));
  }
  await project.reopen(server.url);
}

/** The cells of the row named `label` in the table of `section`. */
export async function row(section, label) {
  const cells = section.getByRole("row").filter({ has: section.page().getByRole("rowheader", { name: label, exact: true }) }).getByRole("cell");
  return (await cells.allTextContents()).map((c) => c.trim());
}

/** Every results table's rows, as text: what "identical tables" compares. */
export async function allTables(page) {
  return page.locator("main table").evaluateAll((tables) =>
    tables.map((t) => [...t.rows].map((r) => [...r.cells].map((c) => c.textContent.trim()).join(" | "))),
  );
}

/** The import section of the results screen. */
export class ImportSection {
  constructor(page) {
    this.page = page;
    this.region = page.getByRole("region", { name: "Import responses" });
    this.file = page.getByLabel("Choose a CSV file of responses");
  }

  /** Chooses a file named `name` holding `text`. */
  async choose(name, text) {
    await this.file.setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text, "utf8") });
  }

  /** The button that takes in `n` responses. */
  importButton(n) {
    return this.region.getByRole("button", { name: `Import the responses (${n})`, exact: true });
  }
}

/** The rows of a tables file, by `"<group> <question> <answer>"`, each its
 * count and percent. Quoted fields may hold commas and doubled quotes. */
export function tablesFile(text) {
  const rows = [];
  let field = "", row = [], quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && body[i + 1] === "\n") i++;
      row.push(field); rows.push(row); row = []; field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) { row.push(field); rows.push(row); }
  const [header, ...data] = rows;
  const at = (name) => header.indexOf(name);
  return new Map(data.map((r) => [`${r[at("group")]} ${r[at("question")]} ${r[at("answer")]}`, [r[at("count")], r[at("percent")]]]));
}
