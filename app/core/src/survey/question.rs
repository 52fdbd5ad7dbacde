//! One question and the kinds of answer it can take.

use serde::{Deserialize, Serialize};

use super::{LocalText, ShowIf};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub text: LocalText,
    /// Shorter, plainer wording for easy read; falls back to `text`.
    #[serde(default, skip_serializing_if = "LocalText::is_empty")]
    pub easy_read: LocalText,
    /// Name of a picture from the app's picture set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// Id of an audio prompt the coordinator recorded on the device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<String>,
    pub kind: QuestionKind,
    /// Every question is optional unless marked required.
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<ShowIf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuestionKind {
    /// 0 to 5, with words for both ends of the scale.
    Rating {
        low_label: LocalText,
        high_label: LocalText,
    },
    /// Happy / not sure / unhappy faces, with "skip / don't know".
    PictureScale,
    SingleChoice {
        choices: Vec<Choice>,
    },
    /// Any number of choices; `other` adds "other - please say" with a text box.
    MultipleChoice {
        choices: Vec<Choice>,
        #[serde(default)]
        other: bool,
    },
    FreeText,
    Number {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    Date,
    /// A kind a newer version of Heard added. Its fields stay in the
    /// document untouched; this version shows the question as made by a
    /// newer version and never changes it.
    #[serde(other)]
    Newer,
}

impl QuestionKind {
    pub fn choices(&self) -> &[Choice] {
        match self {
            QuestionKind::SingleChoice { choices }
            | QuestionKind::MultipleChoice { choices, .. } => choices,
            _ => &[],
        }
    }

    /// The words of choice `id` in `locale`, or the id itself when the
    /// question has no such choice (one a newer version removed).
    pub fn choice_text(&self, id: &str, locale: crate::i18n::Locale) -> String {
        self.choices()
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_owned(), |c| c.text.get(locale).0.to_owned())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub text: LocalText,
    #[serde(default, skip_serializing_if = "LocalText::is_empty")]
    pub easy_read: LocalText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<String>,
}

impl Choice {
    pub fn new(id: &str, text: LocalText) -> Choice {
        Choice {
            id: id.to_owned(),
            text,
            easy_read: LocalText::default(),
            picture: None,
            audio: None,
        }
    }

    /// The same choice with a picture from the app's set (an OpenMoji code).
    pub fn with_picture(mut self, picture: &str) -> Choice {
        self.picture = Some(picture.to_owned());
        self
    }
}

impl Question {
    pub fn new(id: &str, text: LocalText, kind: QuestionKind) -> Question {
        Question {
            id: id.to_owned(),
            text,
            easy_read: LocalText::default(),
            picture: None,
            audio: None,
            kind,
            required: false,
            show_if: None,
            section: None,
        }
    }

    /// The same question with a picture from the app's set (an OpenMoji code).
    pub fn with_picture(mut self, picture: &str) -> Question {
        self.picture = Some(picture.to_owned());
        self
    }
}
