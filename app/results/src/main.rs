//! Heard's third wasm module: a survey's results (its tables and charts,
//! breakdowns, free text, the easy-read summary, the printed report) and the
//! files of its responses (CSV and JSON export, the codebook, a CSV import).
//! Apart from the coordinator's module, so that neither carries the other's
//! screens: the boot script (`public/boot.js`) loads this one for a results
//! address, and every other screen is a page load to the module that draws it.

mod screen;

use heard_core::route::Route;
use heard_web::screens::NotFoundScreen;
use leptos::prelude::*;

fn main() {
    heard_web::start(heard_core::route::Module::Results, screens);
}

/// This module's one screen. Other routes never reach here from a link (the
/// navigator loads their module instead); a page started on one, which only
/// a malformed address does, shows "not found".
fn screens(route: Route) -> AnyView {
    match route {
        Route::Results { project, survey } => {
            view! { <screen::ResultsScreen project survey /> }.into_any()
        }
        _ => view! { <NotFoundScreen /> }.into_any(),
    }
}
