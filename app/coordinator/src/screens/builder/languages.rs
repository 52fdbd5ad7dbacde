//! Which language's texts the builder shows: one at a time, so a phone shows
//! one set of boxes, not every box in every language. A group of radio
//! buttons (arrow keys move between them, as everywhere), shown only when the
//! project has more than one language.

use heard_core::i18n::Locale;
use heard_web::coordinator_messages::CoordinatorLanguage;
use leptos::prelude::*;

use super::state::Builder;
use heard_web::i18n::use_language;

#[component]
pub fn LanguageTabs(languages: Memo<Vec<Locale>>) -> impl IntoView {
    let language = use_language();
    let builder = Builder::use_builder();
    move || {
        let list = languages.get();
        (list.len() > 1).then(|| {
            view! {
                <fieldset class="builder-languages">
                    <legend>{language.coordinator_messages().builder_languages}</legend>
                    {list.into_iter().map(|locale| {
                        let id = format!("builder-language-{}", locale.tag());
                        view! {
                            <div class="language-choice">
                                <input type="radio" name="builder-language" id=id.clone()
                                    prop:checked=move || builder.editing.get() == locale
                                    on:change=move |_| builder.editing.set(locale) />
                                <label for=id class="language-name" lang=locale.tag()>{locale.native_name()}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            }
        })
    }
}
