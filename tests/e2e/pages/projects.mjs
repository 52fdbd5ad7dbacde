// The start screen: the projects on this device, and creating one.
import { visible } from "../support/wait.mjs";

export class ProjectsPage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole("heading", { level: 1, name: "Projects" });
    this.name = page.getByRole("textbox", { name: "Project name" });
    this.create = page.getByRole("button", { name: "Create project" });
  }

  async open(baseUrl) {
    await this.page.goto(baseUrl);
    await visible(this.heading);
  }

  project(name) {
    return this.page.getByRole("link", { name, exact: true });
  }

  /** Creates a project and waits for its page. */
  async createProject(name) {
    await this.name.fill(name);
    await this.create.click();
    await visible(this.page.getByRole("heading", { level: 1, name, exact: true }));
  }
}
