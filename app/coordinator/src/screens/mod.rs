//! The coordinator's screens, one file or folder each, and this module's
//! table of them.

mod add;
mod builder;
mod invite;
mod join;
mod paper;

use heard_core::route::Route;
use heard_web::screens::NotFoundScreen;
use leptos::prelude::*;

use add::AddScreen;
use builder::BuilderScreen;
use invite::InviteScreen;
use join::JoinScreen;
use paper::PaperScreen;

/// The coordinator's screens. Other routes never reach here from a link (the
/// navigator loads the first module instead); a page started on one, which
/// only a malformed address does, shows "not found".
pub fn coordinator(route: Route) -> AnyView {
    match route {
        Route::Builder { project, survey } => view! { <BuilderScreen project survey /> }.into_any(),
        Route::Paper { project, survey } => view! { <PaperScreen project survey /> }.into_any(),
        Route::Invite { project } => view! { <InviteScreen project /> }.into_any(),
        Route::Join => view! { <JoinScreen /> }.into_any(),
        Route::AddToProject { project } => view! { <AddScreen project /> }.into_any(),
        _ => view! { <NotFoundScreen /> }.into_any(),
    }
}
