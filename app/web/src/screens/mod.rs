//! One file per screen.

mod about_pictures;
mod builder;
mod consent;
mod handover;
pub mod home;
mod not_found;
mod paper;
pub mod project;
mod question;
mod review;
mod session;

pub use about_pictures::AboutPicturesScreen;
pub use builder::BuilderScreen;
pub use consent::ConsentScreen;
pub use handover::HandoverScreen;
pub use home::HomeScreen;
pub use not_found::NotFoundScreen;
pub use paper::PaperScreen;
pub use project::ProjectScreen;
pub use question::QuestionScreen;
pub use review::ReviewScreen;
pub use session::SessionScreen;
