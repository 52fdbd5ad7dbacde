//! What the summary index holds for each document, tagged by kind. For a
//! project or a session it is the whole content (without audio), so the
//! interface can show and edit them without loading automerge.

use serde::{Deserialize, Serialize};

use crate::{project::Project, response::ResponseSummary, session::Session};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Summary {
    Response(ResponseSummary),
    Project(Project),
    Session(Session),
    /// Made by a newer version of Heard, in a layout this one cannot read:
    /// shown as such, and left untouched.
    Newer,
    /// Erased on this device (someone withdrew): a tombstone with no content,
    /// kept so that a copy from another device never brings it back.
    Erased,
}
