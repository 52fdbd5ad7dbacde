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
    id::DocId,
    response::{Answer, Feeling},
    survey::{Question, QuestionKind, RATING_MAX},
};
use leptos::prelude::*;

use crate::{components::FACES, i18n::use_language};

/// What an option shows besides its words: a picture, and the choice as the
/// coordinator recorded it (in the project document).
#[derive(Clone, Default)]
pub struct Extras {
    pub picture: Option<String>,
    pub audio: Option<(DocId, String)>,
}

impl Extras {
    fn of(choice: &heard_core::survey::Choice, project: Option<&DocId>) -> Extras {
        Extras {
            picture: choice.picture.clone(),
            audio: choice
                .audio
                .clone()
                .zip(project.cloned())
                .map(|(k, p)| (p, k)),
        }
    }

    /// The picture, for inside the option's label.
    pub fn picture(&self) -> impl IntoView + use<> {
        self.picture
            .clone()
            .map(|name| view! { <crate::components::Picture name /> })
    }

    /// The recorded choice, after the label (a player inside a label would
    /// also tick the option).
    pub fn audio(&self, label: String) -> impl IntoView + use<> {
        self.audio.clone().map(|(doc, key)| {
            view! { <crate::components::AudioPlayer doc key caption=Signal::derive(move || label.clone()) /> }
        })
    }
}

#[component]
pub fn QuestionInput(response: DocId, question: Question) -> impl IntoView {
    let language = use_language();
    let locale = language.locale();
    let project = crate::responses::use_responses()
        .summary(&response)
        .and_then(|s| s.project);
    let (text, _) = question.text.get(locale);
    let text = text.to_owned();
    let input_id = format!("answer-{}", question.id);
    match question.kind.clone() {
        QuestionKind::Rating { low_label, high_label } => {
            let options = (0..=RATING_MAX)
                .map(|n| {
                    let label = match n {
                        0 => format!("{n} – {}", low_label.get(locale).0),
                        RATING_MAX => format!("{n} – {}", high_label.get(locale).0),
                        _ => n.to_string(),
                    };
                    (Answer::Rating(n), label, Extras::default())
                })
                .collect();
            view! { <RadioGroup response question=question.id.clone() legend=text options /> }.into_any()
        }
        QuestionKind::SingleChoice { choices } => {
            let options = choices.iter().map(|c| (Answer::Choice(c.id.clone()), c.text.get(locale).0.to_owned(), Extras::of(c, project.as_ref()))).collect();
            view! { <RadioGroup response question=question.id.clone() legend=text options /> }.into_any()
        }
        QuestionKind::PictureScale => {
            let t = language.messages();
            let options = Feeling::ALL
                .into_iter()
                .map(|f| {
                    let label = match f {
                        Feeling::Happy => t.feeling_happy,
                        Feeling::NotSure => t.feeling_not_sure,
                        Feeling::Unhappy => t.feeling_unhappy,
                        Feeling::DontKnow => t.feeling_dont_know,
                    };
                    let picture = FACES.iter().find(|(x, _)| *x == f).map(|(_, name)| (*name).to_owned());
                    (Answer::Feeling(f), label.to_owned(), Extras { picture, audio: None })
                })
                .collect();
            view! { <RadioGroup response question=question.id.clone() legend=text options /> }.into_any()
        }
        QuestionKind::MultipleChoice { choices, other } => {
            let options = choices.iter().map(|c| (c.id.clone(), c.text.get(locale).0.to_owned(), Extras::of(c, project.as_ref()))).collect();
            view! { <Choices response question=question.id.clone() legend=text options other /> }.into_any()
        }
        QuestionKind::FreeText => view! { <FreeText response question=question.id.clone() label=text input_id /> }.into_any(),
        QuestionKind::Number { min, max } => {
            view! { <NumberInput response question=question.id.clone() label=text input_id min max /> }.into_any()
        }
        QuestionKind::Date => view! { <DateInput response question=question.id.clone() label=text input_id /> }.into_any(),
    }
}
