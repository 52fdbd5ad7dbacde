//! Heard's second wasm module: the coordinator's screens (adding to a project,
//! the survey builder, paper copies, the invite's QR code and joining by one).
//! The boot script (`public/boot.js`) loads it instead of the first module for
//! their addresses; it shares everything else with the first module through
//! `heard_web`, each in its own copy, since wasm modules cannot share one
//! Leptos runtime. Moving to any other screen is a page load to the module
//! that draws it. A survey's results are the third module, `heard-results`.

mod screens;

fn main() {
    heard_web::start(heard_core::route::Module::Coordinator, screens::coordinator);
}
