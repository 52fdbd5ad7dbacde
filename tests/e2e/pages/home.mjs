// The responses list: start a response, or open a draft or completed one.
import { visible } from "../support/wait.mjs";
import { ConsentPage } from "./consent.mjs";

export const EXAMPLE = "Your support: a short example survey";

export class HomePage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole("heading", { level: 1, name: "Responses" });
    this.start = this.startSurvey(EXAMPLE);
    this.drafts = page.getByRole("region", { name: /^Drafts/ });
    this.completed = page.getByRole("region", { name: /^Completed/ });
  }

  async open(baseUrl) {
    await this.page.goto(baseUrl);
    await visible(this.heading);
  }

  /** Starts a response to `title`, agreeing as the person, answering alone. */
  async begin(title = EXAMPLE) {
    await this.startSurvey(title).click();
    await new ConsentPage(this.page).agreeAlone();
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
