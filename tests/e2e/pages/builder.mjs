// The survey builder: title, questions, their types and choices.
import assert from "node:assert/strict";

import { eventually, visible } from "../support/wait.mjs";

export class BuilderPage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole("heading", { level: 1, name: "Edit survey" });
    this.addQuestionButton = page.getByRole("button", { name: "Add a question" });
    this.undo = page.getByRole("button", { name: "Undo" });
    this.back = page.getByRole("link", { name: "Back to the project" });
    this.problems = page.getByRole("alert").filter({ hasText: "fix this" });
    // The polite live region that says what an action did.
    this.live = page.getByRole("status", { name: "What just changed" });
  }

  questions() {
    return this.page.getByRole("group", { name: /^Question \d+$/ });
  }

  async setTitle(text) {
    await this.page.getByRole("textbox", { name: "Survey title (English)" }).fill(text);
  }

  /**
   * Opens question `n` (one question is shown in full at a time). Edit moves
   * focus to the question's text once it is drawn; that is waited for, so
   * what is typed next is not taken by the text box.
   */
  async open(n) {
    const edit = this.button(`Edit question ${n}`);
    const text = this.textbox(`Question ${n} text (English)`);
    if (await edit.count()) {
      await edit.click();
      await eventually(async () => assert.ok(await this.hasFocus(text), `Edit question ${n} moves focus to its text`));
    }
    await visible(text);
  }

  /** Whether `locator` (found by role and name) has focus. */
  async hasFocus(locator) {
    return locator.evaluate((el) => el === document.activeElement);
  }

  /** Adds a question (or fills in the first) with its English text and type. */
  async question(n, text, type) {
    if ((await this.questions().count()) < n) {
      await this.addQuestionButton.click();
      // The new question takes focus a moment after it is drawn.
      await eventually(async () => assert.ok(await this.hasFocus(this.textbox(`Question ${n} text (English)`))));
    } else await this.open(n);
    await visible(this.page.getByRole("group", { name: `Question ${n}`, exact: true }));
    await this.page.getByRole("textbox", { name: `Question ${n} text (English)` }).fill(text);
    await this.page.getByRole("combobox", { name: `Question ${n} answer type` }).selectOption({ label: type });
  }

  textbox(name) {
    return this.page.getByRole("textbox", { name, exact: true });
  }

  button(name) {
    return this.page.getByRole("button", { name, exact: true });
  }

  /** Sets choice `c` of question `n`, adding choices as needed. */
  async choice(n, c, text) {
    const box = this.textbox(`Question ${n}, choice ${c} (English)`);
    if (!(await box.count())) await this.button(`Add a choice to question ${n}`).click();
    await box.fill(text);
  }
}
