//! One file per screen.

mod consent;
mod handover;
mod home;
mod not_found;
mod question;
mod review;

pub use consent::ConsentScreen;
pub use handover::HandoverScreen;
pub use home::HomeScreen;
pub use not_found::NotFoundScreen;
pub use question::QuestionScreen;
pub use review::ReviewScreen;
