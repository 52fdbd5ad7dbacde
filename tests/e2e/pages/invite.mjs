// "Invite another device": the project's invite as a QR code and a link. The
// QR code is read back from the page as its modules (the SVG path's squares),
// so a test can show it to another device's fake camera.
import { visible } from "../support/wait.mjs";

export class InvitePage {
  constructor(page, projectName) {
    this.page = page;
    this.heading = page.getByRole("heading", { level: 1, name: "Invite another device" });
    this.qr = page.getByRole("img", { name: `QR code for joining ${projectName}`, exact: true });
    this.link = page.getByRole("textbox", { name: "Link for another device" });
  }

  /** From the project page's "Other devices", once the project is shared. */
  async openFromProject() {
    await this.page.getByRole("link", { name: "Show a QR code for another device" }).click();
    await visible(this.heading);
    await visible(this.qr);
  }

  /**
   * The QR code as drawn: rows of booleans (dark), quiet zone included, read
   * from the SVG's view box and its path of `M x,y h n v1 h-n z` runs.
   */
  modules(qr = this.qr) {
    return qr.evaluate((svg) => {
      const [, , size] = svg.getAttribute("viewBox").split(" ").map(Number);
      const rows = Array.from({ length: size }, () => new Array(size).fill(false));
      const d = svg.querySelector("path").getAttribute("d");
      for (const [, x, y, run] of d.matchAll(/M(\d+),(\d+)h(\d+)v1h-\d+z/g)) {
        for (let i = 0; i < Number(run); i++) rows[Number(y)][Number(x) + i] = true;
      }
      return rows;
    });
  }
}
