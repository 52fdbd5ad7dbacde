//! One file per screen, and the first module's table of them. The
//! coordinator's screens (the survey builder, paper copies, the invite and
//! joining) are in `heard-coordinator`, a second wasm module; a survey's
//! results in `heard-results`, a third.

mod about_pictures;
mod consent;
mod handover;
pub mod home;
mod not_found;
pub mod project;
mod question;
mod review;
mod session;

use heard_core::route::Route;
use leptos::prelude::*;

pub use about_pictures::AboutPicturesScreen;
pub use consent::ConsentScreen;
pub use handover::{HandedOver, HandoverScreen, is_handed_over};
pub use home::HomeScreen;
pub use not_found::NotFoundScreen;
pub use project::ProjectScreen;
pub use question::QuestionScreen;
pub use review::ReviewScreen;
pub use session::SessionScreen;

/// The first module's screens. The coordinator's routes never reach here
/// from a link (the navigator loads that module instead); a page started on
/// one, which only a malformed address does, shows "not found".
pub fn first_module(route: Route) -> AnyView {
    match route {
        Route::Home => view! { <HomeScreen /> }.into_any(),
        Route::Question { response, question } => {
            view! { <QuestionScreen response question /> }.into_any()
        }
        Route::Review { response } => view! { <ReviewScreen response /> }.into_any(),
        Route::Start { project, survey } => view! { <ConsentScreen project survey /> }.into_any(),
        Route::Project { project } => view! { <ProjectScreen project /> }.into_any(),
        Route::Session { session } => view! { <SessionScreen session /> }.into_any(),
        Route::Handover { project, survey } => {
            view! { <HandoverScreen project survey /> }.into_any()
        }
        Route::AboutPictures => view! { <AboutPicturesScreen /> }.into_any(),
        Route::NotFound
        | Route::Builder { .. }
        | Route::Paper { .. }
        | Route::Results { .. }
        | Route::Invite { .. }
        | Route::AddToProject { .. }
        | Route::Join => view! { <NotFoundScreen /> }.into_any(),
    }
}
