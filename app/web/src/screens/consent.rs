//! Before any answer: what this is for, consent (from the person, or from a
//! supporter on their behalf with the reason), then who is answering. Declining
//! ends here and stores nothing: the response document is made only after both
//! steps.

use heard_core::{
    easy_read,
    i18n::{Locale, fill},
    id::DocId,
    response::{Consent, Mode, ResponseSetup, pseudonym},
    route::Route,
    survey::ImportError,
};
use leptos::prelude::*;

use crate::{
    app::Surveys,
    browser,
    components::{EasyLines, Glossary, LanguageChoice, Link, Picture, PresentationControl},
    i18n::use_language,
    navigation::use_navigator,
    presentation::use_presentation,
    responses::use_responses,
    screens::NotFoundScreen,
};

#[derive(Clone, Copy, PartialEq)]
enum Step {
    Consent,
    Mode,
    Declined,
}

#[derive(Clone, Copy, PartialEq)]
enum Choice {
    Yes,
    Supporter,
    No,
    Alone,
    Supported,
    Group,
    Paper,
}

impl Choice {
    /// The picture beside the answer in easy read (an OpenMoji code).
    fn picture(self) -> &'static str {
        let pictures = heard_core::easy_read::CONSENT_PICTURES;
        match self {
            Choice::Yes => pictures.yes,
            Choice::Supporter | Choice::Supported => pictures.supporter,
            Choice::No => pictures.no,
            Choice::Alone => pictures.alone,
            Choice::Group => pictures.group,
            Choice::Paper => pictures.paper,
        }
    }
}

#[component]
pub fn ConsentScreen(project: DocId, survey: String) -> impl IntoView {
    let language = use_language();
    let navigator = use_navigator();
    let responses = use_responses();
    let presentation = use_presentation();
    // The project's languages in its order: a Welsh project offers Welsh first.
    let languages: Vec<Locale> = responses
        .project(&project)
        .map(|p| {
            p.languages
                .iter()
                .filter_map(|t| Locale::from_tag(t))
                .collect()
        })
        .unwrap_or_default();
    let Some(found) = expect_context::<Surveys>().find(Some(&project), &survey) else {
        return view! { <NotFoundScreen /> }.into_any();
    };
    // However the screen was reached (a link, the next response, an
    // address typed), a survey that cannot be answered is not started.
    if let Some(problem) = found.start_problem() {
        let t = language.messages();
        let title = found.title.get(language.locale()).0.to_owned();
        let words = match problem {
            ImportError::NoQuestions => fill(t.survey_cannot_start, &[("title", &title)]),
            other => format!(
                "{} {}",
                t.builder_problems,
                other.message(t, language.locale())
            ),
        };
        return view! {
            <h1>{title}</h1>
            <p class="notice error" role="alert">{words}</p>
            <p><Link route=Route::Project { project }>{t.review_home}</Link></p>
        }
        .into_any();
    }
    let found = StoredValue::new(found);
    let title = move || found.with_value(|f| f.title.get(language.locale()).0.to_owned());
    let back = StoredValue::new(Route::Project {
        project: project.clone(),
    });
    let t = move || language.messages();
    let step = RwSignal::new(Step::Consent);
    let consent = RwSignal::new(None::<Choice>);
    let reason = RwSignal::new(String::new());
    let mode = RwSignal::new(None::<Choice>);
    let role = RwSignal::new(String::new());
    let group_name = RwSignal::new(String::new());
    let group_size = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);

    let continue_consent = move |_| match consent.get() {
        None => error.set(Some(t().consent_choice_needed)),
        Some(Choice::No) => step.set(Step::Declined),
        Some(Choice::Supporter) if reason.get().trim().is_empty() => {
            error.set(Some(t().consent_reason_needed))
        }
        Some(_) => {
            error.set(None);
            step.set(Step::Mode);
        }
    };
    let start = move |_| {
        let chosen_mode = match mode.get() {
            Some(Choice::Alone) => Mode::Alone,
            Some(Choice::Paper) => Mode::Paper,
            Some(Choice::Supported) if !role.get().trim().is_empty() => Mode::Supported {
                role: role.get().trim().to_owned(),
            },
            Some(Choice::Supported) => return error.set(Some(t().mode_role_needed)),
            Some(Choice::Group) => match group_size.get().trim().parse::<u32>() {
                Ok(size) if size >= 2 && !group_name.get().trim().is_empty() => Mode::Group {
                    name: group_name.get().trim().to_owned(),
                    size,
                },
                _ => return error.set(Some(t().mode_group_needed)),
            },
            _ => return error.set(Some(t().consent_choice_needed)),
        };
        let given = match consent.get() {
            Some(Choice::Supporter) => Consent::Supporter {
                reason: reason.get().trim().to_owned(),
            },
            _ => Consent::Person,
        };
        let setup = ResponseSetup {
            consent: given,
            mode: chosen_mode,
            respondent: pseudonym(browser::random_bytes()),
            device: crate::components::this_device(),
            language: Some(language.locale().tag().to_owned()),
        };
        let id: DocId = responses.start(&project, &survey, setup, presentation.get_untracked());
        navigator.go(Route::Question {
            response: id,
            question: 0,
        });
    };

    let option = move |group: &'static str,
                       value: Choice,
                       signal: RwSignal<Option<Choice>>,
                       label: &'static str| {
        let id = format!("{group}-{}", value as u8);
        // Easy read puts a picture beside every answer.
        let picture = presentation
            .easy_read()
            .then(|| view! { <Picture name=value.picture().to_owned() /> });
        view! {
            <div class="option">
                <span class="choice">
                    <input type="radio" id=id.clone() name=group prop:checked=move || signal.get() == Some(value)
                        on:change=move |_| { signal.set(Some(value)); error.set(None); } />
                    <label for=id>{picture}{label}</label>
                </span>
            </div>
        }
    };
    let field = move |id: &'static str,
                      label: &'static str,
                      value: RwSignal<String>,
                      kind: &'static str| {
        view! {
            <label class="sub-label" for=id>{label}</label>
            <input type=kind id=id prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
        }
    };

    view! {
        <p class="breadcrumb"><Link route=back.get_value()>{move || t().review_home}</Link></p>
        <h1>{title}</h1>
        {(languages.len() > 1).then(|| view! { <LanguageChoice languages=languages.clone() /> })}
        {move || match step.get() {
            Step::Consent => view! {
                <section class="start-presentation" aria-labelledby="start-presentation-title">
                    <h2 id="start-presentation-title">{t().presentation_title}</h2>
                    <PresentationControl />
                    <p class="hint">{t().presentation_hint}</p>
                </section>
                <h2>{t().consent_title}</h2>
                {if presentation.easy_read() {
                    view! { <EasyLines lines=easy_read::BRIEFING.to_vec() /><Glossary /> }.into_any()
                } else {
                    view! {
                        <ul class="briefing">
                            <li>{t().consent_about}</li>
                            <li>{t().consent_voluntary}</li>
                            <li>{t().consent_anonymous}</li>
                            <li>{t().consent_use}</li>
                        </ul>
                    }.into_any()
                }}
                <fieldset class="question" aria-describedby="setup-error">
                    <legend class="question-text">{t().consent_question}</legend>
                    <div class="options">
                        {option("consent", Choice::Yes, consent, t().consent_yes)}
                        {option("consent", Choice::Supporter, consent, t().consent_supporter)}
                        {move || (consent.get() == Some(Choice::Supporter)).then(|| field("consent-reason", t().consent_reason, reason, "text"))}
                        {option("consent", Choice::No, consent, t().consent_no)}
                    </div>
                </fieldset>
                <p id="setup-error" class="field-error" role="alert">{move || error.get()}</p>
                <button type="button" class="primary" on:click=continue_consent>{t().consent_continue}</button>
            }.into_any(),
            Step::Mode => view! {
                <fieldset class="question" aria-describedby="setup-error">
                    <legend class="question-text">{t().mode_title}</legend>
                    <div class="options">
                        {option("mode", Choice::Alone, mode, t().mode_alone)}
                        {option("mode", Choice::Supported, mode, t().mode_supported)}
                        {move || (mode.get() == Some(Choice::Supported)).then(|| field("mode-role", t().mode_role, role, "text"))}
                        {option("mode", Choice::Group, mode, t().mode_group)}
                        {move || (mode.get() == Some(Choice::Group)).then(|| view! {
                            {field("group-name", t().mode_group_name, group_name, "text")}
                            {field("group-size", t().mode_group_size, group_size, "number")}
                        })}
                        {option("mode", Choice::Paper, mode, t().mode_paper)}
                    </div>
                </fieldset>
                <p id="setup-error" class="field-error" role="alert">{move || error.get()}</p>
                <button type="button" class="primary" on:click=start.clone()>{t().mode_start}</button>
            }.into_any(),
            Step::Declined => view! {
                <h2>{t().declined_title}</h2>
                <p role="status">{t().declined_body}</p>
                {presentation.easy_read().then(|| view! { <EasyLines lines=vec![easy_read::DECLINED] /> })}
                <button type="button" class="primary" on:click=move |_| navigator.go(back.get_value())>{t().review_home}</button>
            }.into_any(),
        }}
    }
    .into_any()
}
