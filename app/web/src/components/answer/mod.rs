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

#[component]
pub fn QuestionInput(response: DocId, question: Question) -> impl IntoView {
    let language = use_language();
    let locale = language.locale();
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
                    (Answer::Rating(n), label, None)
                })
                .collect();
            view! { <RadioGroup response question=question.id.clone() legend=text options /> }.into_any()
        }
        QuestionKind::SingleChoice { choices } => {
            let options = choices.iter().map(|c| (Answer::Choice(c.id.clone()), c.text.get(locale).0.to_owned(), c.picture.clone())).collect();
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
                    let face = FACES.iter().find(|(x, _)| *x == f).map(|(_, name)| (*name).to_owned());
                    (Answer::Feeling(f), label.to_owned(), face)
                })
                .collect();
            view! { <RadioGroup response question=question.id.clone() legend=text options /> }.into_any()
        }
        QuestionKind::MultipleChoice { choices, other } => {
            let options = choices.iter().map(|c| (c.id.clone(), c.text.get(locale).0.to_owned(), c.picture.clone())).collect();
            view! { <Choices response question=question.id.clone() legend=text options other /> }.into_any()
        }
        QuestionKind::FreeText => view! { <FreeText response question=question.id.clone() label=text input_id /> }.into_any(),
        QuestionKind::Number { min, max } => {
            view! { <NumberInput response question=question.id.clone() label=text input_id min max /> }.into_any()
        }
        QuestionKind::Date => view! { <DateInput response question=question.id.clone() label=text input_id /> }.into_any(),
    }
}
