//! A survey as a printable paper form (standard, easy read or large print, as
//! chosen on screen), for people who ask for a hard copy. The print styles hide
//! everything but the form. Answers from a returned form are typed in as a
//! response whose mode is "paper".

use heard_core::{
    i18n::fill,
    id::DocId,
    response::Feeling,
    route::Route,
    survey::{Question, QuestionKind, RATING_MAX},
};
use heard_web::coordinator_messages::CoordinatorLanguage;
use leptos::prelude::*;

use heard_web::{
    app::Surveys,
    components::{Link, Picture, face},
    i18n::use_language,
    presentation::use_presentation,
    screens::NotFoundScreen,
};

#[component]
pub fn PaperScreen(project: DocId, survey: String) -> impl IntoView {
    let language = use_language();
    let t = move || language.coordinator_messages();
    let Some(found) = expect_context::<Surveys>().find(Some(&project), &survey) else {
        return view! { <NotFoundScreen /> }.into_any();
    };
    let locale = language.locale();
    let easy = use_presentation().easy_read();
    let questions = found
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| view! { <PaperQuestion number=i + 1 question=q.clone() easy /> })
        .collect_view();
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <nav class="breadcrumb no-print">
            <Link route=Route::Project { project: project.clone() }>{t().paper_back}</Link>
        </nav>
        <h1>{found.title.get(locale).0.to_owned()}</h1>
        <p>{t().paper_intro}</p>
        <div class="actions no-print">
            <button type="button" class="primary" on:click=print>{t().paper_print}</button>
            <Link route=Route::Start { project: project.clone(), survey: survey.clone() }>{t().paper_enter}</Link>
        </div>
        <ol class="paper-questions">{questions}</ol>
    }
    .into_any()
}

#[component]
fn PaperQuestion(number: usize, question: Question, easy: bool) -> impl IntoView {
    let language = use_language();
    let t = language.coordinator_messages();
    let locale = language.locale();
    let (text, lang) = question.text.shown(&question.easy_read, locale, easy);
    let boxes = |labels: Vec<(String, Option<String>)>| {
        view! {
            <ul class="paper-choices">
                {labels.into_iter().map(|(label, picture)| view! {
                    <li><span class="paper-box" aria-hidden="true"></span>{picture.map(|name| view! { <Picture name /> })}{label}</li>
                }).collect_view()}
            </ul>
        }
    };
    let faces = || {
        Feeling::ALL
            .into_iter()
            .map(|f| {
                let (label, picture) = face(f, t);
                (label.to_owned(), picture)
            })
            .collect::<Vec<_>>()
    };
    let choices = |list: &[heard_core::survey::Choice]| {
        list.iter()
            .map(|c| {
                (
                    c.text.shown(&c.easy_read, locale, easy).0.to_owned(),
                    c.picture.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let lines = |n: usize| {
        (0..n)
            .map(|_| view! { <div class="paper-lines"></div> })
            .collect_view()
    };
    let answer = match &question.kind {
        QuestionKind::Rating { .. } | QuestionKind::PictureScale if easy => {
            view! { <p>{t.paper_tick_one}</p>{boxes(faces())} }.into_any()
        }
        QuestionKind::PictureScale => {
            view! { <p>{t.paper_tick_one}</p>{boxes(faces())} }.into_any()
        }
        QuestionKind::Rating {
            low_label,
            high_label,
        } => {
            let labels = (0..=RATING_MAX)
                .map(|n| match n {
                    0 => (format!("{n} – {}", low_label.get(locale).0), None),
                    RATING_MAX => (format!("{n} – {}", high_label.get(locale).0), None),
                    _ => (n.to_string(), None),
                })
                .collect();
            view! { <p>{t.paper_tick_one}</p>{boxes(labels)} }.into_any()
        }
        QuestionKind::SingleChoice { choices: list } => {
            view! { <p>{t.paper_tick_one}</p>{boxes(choices(list))} }.into_any()
        }
        QuestionKind::MultipleChoice {
            choices: list,
            other,
        } => {
            let mut labels = choices(list);
            if *other {
                labels.push((t.choice_other.to_owned(), None));
            }
            view! { <p>{t.paper_tick_any}</p>{boxes(labels)}{other.then(|| lines(1))} }.into_any()
        }
        QuestionKind::FreeText => view! { <p>{t.paper_write}</p>{lines(4)} }.into_any(),
        QuestionKind::Number { .. } | QuestionKind::Date => {
            view! { <p>{t.paper_write}</p>{lines(1)} }.into_any()
        }
        QuestionKind::Newer => view! { <p>{t.newer_version}</p> }.into_any(),
    };
    view! {
        <li class="paper-question" lang=(lang != locale).then_some(lang.tag())>
            <p class="question-text">
                {question.picture.clone().map(|name| view! { <Picture name /> })}
                {fill("{n}. {text}", &[("n", &number.to_string()), ("text", text)])}
            </p>
            {answer}
        </li>
    }
}
