//! Responses: one person's (or group's) answers to one survey, each in its own
//! small automerge document so devices can merge them independently.

mod answer;
mod document;
mod layout_error;
mod presentation;
mod setup;
mod text_rebase;

pub use answer::{Answer, Feeling, is_iso_date};
pub(crate) use document::{KIND, LAYOUT};
pub use document::{ResponseDoc, ResponseStatus, ResponseSummary};
pub use layout_error::LayoutError;
pub use presentation::Presentation;
pub use setup::{Consent, Mode, ResponseSetup, pseudonym};
pub use text_rebase::rebase_text;
