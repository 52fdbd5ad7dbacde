//! Easy-read sentences with their pictures on the leading side (left, or right
//! in Urdu), and the glossary of hard words.

use heard_core::easy_read::{EasyLine, GLOSSARY};
use leptos::prelude::*;

use super::{Picture, Speaker};
use crate::i18n::use_language;

/// One sentence per line, each with its picture.
#[component]
pub fn EasyLines(lines: Vec<EasyLine>) -> impl IntoView {
    let language = use_language();
    view! {
        <ul class="easy-lines">
            {lines.into_iter().map(|line| view! {
                <li class="easy-line">
                    <Picture name=line.picture.to_owned() />
                    <span>{move || (line.text)(language.messages())}</span>
                    <Speaker text=Signal::derive(move || (line.text)(language.messages()).to_owned())
                        lang=Signal::derive(move || language.catalog().locale) />
                </li>
            }).collect_view()}
        </ul>
    }
}

/// The hard words of the answering screens, folded away until asked for.
#[component]
pub fn Glossary() -> impl IntoView {
    let language = use_language();
    view! {
        <details class="glossary">
            <summary>{move || language.messages().glossary_title}</summary>
            <EasyLines lines=GLOSSARY.to_vec() />
        </details>
    }
}
