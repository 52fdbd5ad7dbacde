// The responses list: start a response, or open a draft or completed one.
import { visible } from "../support/wait.mjs";

export class HomePage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole("heading", { level: 1, name: "Responses" });
    this.start = this.startSurvey("Your support: a short example survey");
    this.drafts = page.getByRole("region", { name: /^Drafts/ });
    this.completed = page.getByRole("region", { name: /^Completed/ });
  }

  async open(baseUrl) {
    await this.page.goto(baseUrl);
    await visible(this.heading);
  }

  startSurvey(title) {
    return this.page.getByRole("button", { name: `Start: ${title}` });
  }

  draftLinks() {
    return this.drafts.getByRole("link", { name: /^Started / });
  }

  completedLinks() {
    return this.completed.getByRole("link", { name: /^Completed / });
  }
}
