//! The answer control for one question, one kind of control per file. Every
//! change is saved at once: there is no Save button.

mod choices;
mod free_text;
mod number;
mod radio_group;

use choices::Choices;
use free_text::FreeText;
use number::{DateInput, NumberInput};
use radio_group::RadioGroup;

use heard_core::{
    i18n::Locale,
    id::DocId,
    response::{Answer, Feeling},
    survey::{Question, QuestionKind, RATING_MAX},
};
use leptos::prelude::*;

use crate::{
    components::{Speaker, face},
    i18n::use_language,
    presentation::use_presentation,
};

/// What an option shows besides its words: a picture, the language its words
/// are in, and the choice as the coordinator recorded it (in the project
/// document), which read-aloud plays instead of a synthetic voice.
#[derive(Clone)]
pub struct Extras {
    pub picture: Option<String>,
    /// For a rating's point in easy read: drawn as that many of
    /// `RATING_MAX` dots filled, in place of a named picture.
    pub points: Option<u8>,
    pub lang: Locale,
    pub audio: Option<(DocId, String)>,
}

impl Extras {
    fn plain(lang: Locale) -> Extras {
        Extras {
            picture: None,
            points: None,
            lang,
            audio: None,
        }
    }

    /// A choice's words in `locale` (easy read when asked for) and its extras.
    fn of(
        choice: &heard_core::survey::Choice,
        project: Option<&DocId>,
        locale: Locale,
        easy_read: bool,
    ) -> (String, Extras) {
        let (text, lang) = choice.text.shown(&choice.easy_read, locale, easy_read);
        let extras = Extras {
            picture: choice.picture.clone(),
            points: None,
            lang,
            audio: choice
                .audio
                .clone()
                .zip(project.cloned())
                .map(|(k, p)| (p, k)),
        };
        (text.to_owned(), extras)
    }

    /// The picture, for inside the option's label.
    pub fn picture(&self) -> impl IntoView + use<> {
        let points = self
            .points
            .map(|n| view! { <crate::components::RatingPicture n /> });
        let named = self
            .picture
            .clone()
            .map(|name| view! { <crate::components::Picture name /> });
        (points, named)
    }

    /// Read aloud, after the label (a button inside a label would also tick
    /// the option).
    pub fn speaker(&self, label: String) -> impl IntoView + use<> {
        let lang = self.lang;
        match self.audio.clone() {
            Some(audio) => view! { <Speaker text=label lang audio /> }.into_any(),
            None => view! { <Speaker text=label lang /> }.into_any(),
        }
    }
}

/// The id of a question's heading, which names its control and which focus
/// moves to when the question's screen opens.
pub fn heading_id(question: &str) -> String {
    format!("heading-{question}")
}

/// A question's words as the screen's second-level heading: the name of its
/// group of options, or of its text box (by `aria-labelledby`).
#[component]
fn QuestionHeading(question: String, text: String) -> impl IntoView {
    view! { <h2 class="question-text" id=heading_id(&question) tabindex="-1">{text}</h2> }
}

/// Answers typed on the screen that could not be saved (not a number, out
/// of range, not a real date), by input id. Next waits until each is put
/// right or cleared, so nothing typed turns into "Not answered" unsaid.
#[derive(Clone, Copy)]
pub struct Unsaved(RwSignal<Vec<String>>);

impl Unsaved {
    pub fn provide() -> Unsaved {
        let unsaved = Unsaved(RwSignal::new(Vec::new()));
        provide_context(unsaved);
        unsaved
    }

    fn mark(self, input: &str, bad: bool) {
        let known = self.0.with_untracked(|ids| ids.iter().any(|i| i == input));
        if bad && !known {
            self.0.update(|ids| ids.push(input.to_owned()));
        } else if !bad && known {
            self.0.update(|ids| ids.retain(|i| i != input));
        }
    }

    /// The first input still holding what could not be saved.
    pub fn first(self) -> Option<String> {
        self.0.with_untracked(|ids| ids.first().cloned())
    }
}

#[component]
pub fn QuestionInput(response: DocId, question: Question) -> impl IntoView {
    let language = use_language();
    let locale = language.locale();
    let easy_read = use_presentation().easy_read();
    let project = crate::responses::use_responses()
        .summary(&response)
        .and_then(|s| s.project);
    let text = question
        .text
        .shown(&question.easy_read, locale, easy_read)
        .0
        .to_owned();
    let input_id = format!("answer-{}", question.id);
    let faces = || {
        let t = language.messages();
        Feeling::ALL
            .into_iter()
            .map(|f| {
                let (label, picture) = face(f, t);
                (
                    Answer::Feeling(f),
                    label.to_owned(),
                    Extras {
                        picture,
                        ..Extras::plain(locale)
                    },
                )
            })
            .collect::<Vec<_>>()
    };
    match question.kind.clone() {
        // Every presentation keeps the question's 0-5 scale, so one question
        // never holds two kinds of answer; easy read adds a picture to each
        // point and plain words at both ends.
        QuestionKind::Rating {
            low_label,
            high_label,
        } => {
            let options = (0..=RATING_MAX)
                .map(|n| {
                    let label = match n {
                        0 => format!("{n} – {}", low_label.get(locale).0),
                        RATING_MAX => format!("{n} – {}", high_label.get(locale).0),
                        _ => n.to_string(),
                    };
                    let extras = Extras {
                        points: easy_read.then_some(n),
                        ..Extras::plain(locale)
                    };
                    (Answer::Rating(n), label, extras)
                })
                .collect();
            view! { <RadioGroup response question=question.id.clone() legend=text options /> }.into_any()
        }
        QuestionKind::SingleChoice { choices } => {
            let options = choices
                .iter()
                .map(|c| {
                    let (label, extras) = Extras::of(c, project.as_ref(), locale, easy_read);
                    (Answer::Choice(c.id.clone()), label, extras)
                })
                .collect();
            view! { <RadioGroup response question=question.id.clone() legend=text options /> }.into_any()
        }
        QuestionKind::PictureScale => {
            view! { <RadioGroup response question=question.id.clone() legend=text options=faces() /> }.into_any()
        }
        QuestionKind::MultipleChoice { choices, other } => {
            let options = choices
                .iter()
                .map(|c| {
                    let (label, extras) = Extras::of(c, project.as_ref(), locale, easy_read);
                    (c.id.clone(), label, extras)
                })
                .collect();
            view! { <Choices response question=question.id.clone() legend=text options other /> }.into_any()
        }
        QuestionKind::FreeText => view! { <FreeText response question=question.id.clone() label=text input_id /> }.into_any(),
        QuestionKind::Number { min, max } => {
            view! { <NumberInput response question=question.id.clone() label=text input_id min max /> }.into_any()
        }
        QuestionKind::Date => view! { <DateInput response question=question.id.clone() label=text input_id /> }.into_any(),
        QuestionKind::Newer => view! { <p class="notice">{language.messages().newer_version}</p> }.into_any(),
    }
}
