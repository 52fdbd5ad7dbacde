// Starts the interface: the first wasm module; for the coordinator's screens
// (adding to a project, the survey builder, paper copies, the invite's QR code
// and joining by one) the second; for a survey's results the third. Modules
// cannot share one page, so moving between them is a page load, and each
// page chooses here from its address. The rule matches `Route::module` in
// app/core/src/route.rs: keep the two in step. A malformed address no module
// can draw shows "not found" in whichever loaded. The build fills in the
// hashed file names; this file is hashed too, so index.html has no inline
// script for a Content-Security-Policy to forbid.
const parts = location.pathname.split("/").filter((part) => part !== "");
const survey = parts[0] === "projects" && parts[2] === "surveys";
const results = survey && parts.length === 5 && parts[4] === "results";
const coordinator = (survey && (parts.length === 4 || (parts.length === 5 && parts[4] === "paper")))
  || (parts[0] === "projects" && parts.length === 3 && (parts[2] === "invite" || parts[2] === "add"))
  || (parts[0] === "join" && parts.length === 1);
const [js, wasm] = results
  ? ["/{{results_js}}", "/{{results_wasm}}"]
  : coordinator
    ? ["/{{coordinator_js}}", "/{{coordinator_wasm}}"]
    : ["/{{js}}", "/{{wasm}}"];
// The wasm download starts beside the glue's, not after it.
const module = fetch(wasm);
import(js).then(({ default: init }) => init({ module_or_path: module }));
// A page brought back from the back-forward cache would show what it held
// when left, beside a document worker that another page has since replaced.
addEventListener("pageshow", (event) => {
  if (event.persisted) location.reload();
});
