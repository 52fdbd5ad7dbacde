// The briefing and consent screen, then "who is answering".
import { visible } from "../support/wait.mjs";

export class ConsentPage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole("heading", { level: 2, name: "Before you start" });
    this.consent = page.getByRole("group", { name: "Do you want to take part?" });
    this.mode = page.getByRole("group", { name: "Who is answering?" });
    this.continue = page.getByRole("button", { name: "Continue" });
    this.startQuestions = page.getByRole("button", { name: "Start the questions" });
  }

  /** Agrees as the person and answers alone: the usual way in. */
  async agreeAlone() {
    await visible(this.heading);
    await this.consent.getByRole("radio", { name: "Yes, I want to take part" }).check();
    await this.continue.click();
    await this.mode.getByRole("radio", { name: "The person, on their own" }).check();
    await this.startQuestions.click();
  }
}
