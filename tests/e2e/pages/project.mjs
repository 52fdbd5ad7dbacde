// One project's page: start a response or a session, add surveys, and the
// lists of drafts, completed responses and sessions.
import { visible } from "../support/wait.mjs";
import { ConsentPage } from "./consent.mjs";
import { ProjectsPage } from "./projects.mjs";

export const EXAMPLE = "Your support: a short example survey";
export const SUPPORT = "What matters to you about your support";
export const PROJECT = "Test project";

export class ProjectPage {
  constructor(page, name = PROJECT) {
    this.page = page;
    this.name = name;
    this.heading = page.getByRole("heading", { level: 1, name, exact: true });
    this.start = this.startSurvey(EXAMPLE);
    this.drafts = page.getByRole("region", { name: /^Drafts/ });
    this.completed = page.getByRole("region", { name: /^Completed/ });
    this.sessions = page.getByRole("region", { name: /^Sessions/ });
    this.surveys = page.getByRole("region", { name: "Surveys", exact: true });
    this.dateFilter = page.getByLabel("Show only items from this date");
  }

  /**
   * Opens the app at `baseUrl` and lands on this project, creating it with
   * the built-in example and "what matters" surveys when it is not there.
   */
  async open(baseUrl, { templates = [EXAMPLE, SUPPORT] } = {}) {
    const projects = new ProjectsPage(this.page);
    await projects.open(baseUrl);
    if (await projects.project(this.name).count()) {
      await projects.project(this.name).click();
      await visible(this.heading);
      return;
    }
    await projects.createProject(this.name);
    if (templates.length) await this.addTemplate(...templates);
  }

  /** Opens the app's start address again and goes to this project. */
  async reopen(baseUrl) {
    const projects = new ProjectsPage(this.page);
    await projects.open(new URL("/", baseUrl).href);
    await projects.project(this.name).click();
    await visible(this.heading);
  }

  /** Opens the screen for adding surveys and guides (the coordinator's module). */
  async openAdd() {
    await this.page.getByRole("link", { name: "Add a survey or guide", exact: true }).click();
    await visible(this.page.getByRole("heading", { level: 2, name: "Add a survey or guide" }));
  }

  /** Adds each built-in template or guide named, then comes back here. */
  async addTemplate(...titles) {
    await this.openAdd();
    for (const title of titles) {
      await this.page.getByRole("button", { name: `Add template: ${title}`, exact: true }).click();
      await visible(this.page.getByRole("status").filter({ hasText: `Added “${title}”.` }));
    }
    await this.backFromAdd();
  }

  /** From the add screen back to this page (a page load: the add screen's heading is the project's name too). */
  async backFromAdd() {
    await this.page.getByRole("link", { name: "Back to the project", exact: true }).click();
    await this.page.waitForURL((url) => !url.pathname.endsWith("/add"));
    await visible(this.page.getByRole("link", { name: "Add a survey or guide", exact: true }));
  }

  /** Starts a response to `title`, agreeing as the person, answering alone. */
  async begin(title = EXAMPLE) {
    await this.startSurvey(title).click();
    await new ConsentPage(this.page).agreeAlone();
  }

  startSurvey(title) {
    return this.page.getByRole("button", { name: `Start: ${title}`, exact: true });
  }

  editSurvey(title) {
    return this.page.getByRole("link", { name: `Edit: ${title}`, exact: true });
  }

  draftLinks() {
    return this.drafts.getByRole("link", { name: /^Started / });
  }

  completedLinks() {
    return this.completed.getByRole("link", { name: /^Completed / });
  }

  sessionLinks() {
    return this.sessions.getByRole("link");
  }
}
