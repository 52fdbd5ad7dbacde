// One question of a response.
export class QuestionPage {
  constructor(page) {
    this.page = page;
    // In the screen (the page's live region says the same words).
    this.progress = page.getByRole("main").getByText(/^Question \d+ of \d+$/);
    this.next = page.getByRole("button", { name: "Next" });
    this.back = page.getByRole("button", { name: "Back" });
    this.review = page.getByRole("button", { name: "Review answers" });
    this.saved = page.getByText("Saved on this device");
  }

  group(question) {
    return this.page.getByRole("group", { name: question });
  }

  option(question, name) {
    return this.group(question).getByRole("radio", { name });
  }

  textbox(question) {
    return this.page.getByRole("textbox", { name: question });
  }
}
