//! Pieces shared by several screens.

mod link;
mod notices;
mod question_input;
mod response_gate;
mod save_status;

pub use link::Link;
pub use notices::Notices;
pub use question_input::QuestionInput;
pub use response_gate::ResponseGate;
pub use save_status::SaveStatus;
