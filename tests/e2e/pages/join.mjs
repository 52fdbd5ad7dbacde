// "Join a project": scanning another device's QR code, or pasting its link.
import { visible } from "../support/wait.mjs";

export class JoinPage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole("heading", { level: 1, name: "Join a project" });
    this.scan = page.getByRole("button", { name: "Scan the QR code" });
    this.stop = page.getByRole("button", { name: "Stop the camera" });
    this.camera = page.locator("video.scanner-video");
    this.link = page.getByRole("textbox", { name: "Paste the invite link" });
    this.join = page.getByRole("button", { name: "Join", exact: true });
  }

  /** From the projects screen's "Join a project". */
  async open(baseUrl) {
    await this.page.goto(baseUrl);
    await this.page.getByRole("link", { name: "Join a project" }).click();
    await visible(this.heading);
  }

  async paste(text) {
    await this.link.fill(text);
    await this.join.click();
  }
}
