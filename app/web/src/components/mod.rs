//! Pieces shared by several screens.

mod answer;
mod device_name;
mod easy_read;
mod erase_response;
mod link;
mod notices;
mod picture;
mod recorder;
mod response_gate;
mod response_list;
mod save_status;
mod speaker;
mod supporter_notes;
mod sync_file;
mod sync_status;
mod undo_notice;
mod view_controls;

pub use answer::QuestionInput;
pub use device_name::{DeviceNameField, this_device, with_device};
pub use easy_read::{EasyLines, Glossary};
pub use erase_response::EraseResponse;
pub use link::Link;
pub use notices::Notices;
pub use picture::{Picture, face};
pub use recorder::{AudioPlayer, Recorder};
pub use response_gate::ResponseGate;
pub use response_list::ResponseList;
pub use save_status::SaveStatus;
pub use speaker::Speaker;
pub use supporter_notes::SupporterNotes;
pub use sync_file::{OpenSyncFile, SyncFile};
pub use sync_status::{SyncBadge, SyncNow, SyncProgress, SyncStatus, sync_words};
pub use undo_notice::UndoNotice;
pub use view_controls::{LanguageChoice, ViewControls};
