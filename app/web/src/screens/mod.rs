//! One file per screen.

mod home;
mod not_found;
mod question;
mod review;

pub use home::HomeScreen;
pub use not_found::NotFoundScreen;
pub use question::QuestionScreen;
pub use review::ReviewScreen;
