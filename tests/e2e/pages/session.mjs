// A tea-and-talk session: its details and note cards.
export class SessionPage {
  constructor(page) {
    this.page = page;
    this.addNote = page.getByRole("button", { name: "Add a note" });
    this.undo = page.getByRole("button", { name: "Undo" });
    this.date = page.getByLabel("Date", { exact: true });
    this.place = page.getByRole("textbox", { name: "Place", exact: true });
    this.facilitator = page.getByRole("textbox", { name: "Facilitator", exact: true });
    this.people = page.getByRole("spinbutton", { name: "How many people took part" });
    this.saved = page.getByText("Saved on this device");
  }

  note(n) {
    return this.page.getByRole("textbox", { name: `Note ${n}`, exact: true });
  }

  quote(n) {
    return this.page.getByRole("checkbox", { name: `Note ${n} is in their own words (a quote)` });
  }

  feeling(n) {
    return this.page.getByRole("combobox", { name: `Note ${n}: how they felt` });
  }

  topic(n) {
    return this.page.getByRole("combobox", { name: `Note ${n} topic` });
  }

  button(name) {
    return this.page.getByRole("button", { name, exact: true });
  }

  /** The figure holding note `n`'s audio player. */
  audio(n) {
    return this.page.getByRole("figure", { name: `Audio note for note ${n}` });
  }
}
