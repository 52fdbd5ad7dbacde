// The review screen before completing a response.
export class ReviewPage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole("heading", { level: 1, name: "Check your answers" });
    this.complete = page.getByRole("button", { name: "Mark as complete" });
    this.done = page.getByRole("status").filter({ hasText: "This response is complete." });
    this.home = page.getByRole("button", { name: "Back to the project" });
  }

  answerTo(question) {
    return this.page.getByRole("term").filter({ hasText: question }).locator("xpath=following-sibling::dd[1]");
  }
}
