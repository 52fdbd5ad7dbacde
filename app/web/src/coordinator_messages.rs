//! The coordinator's own messages in the language on screen, for the
//! coordinator's and the results modules. The first module reads only the
//! shared section of a language's file and never calls this, so the linker
//! leaves it out of that module; the others read the `coordinator` section of
//! the same file, once per language.

use std::cell::RefCell;

use crate::i18n::Language;
use heard_core::i18n::{Catalog, CoordinatorMessages, Locale};
use leptos::prelude::Set;

thread_local! {
    static READ: RefCell<Vec<(Locale, &'static CoordinatorMessages)>> = const { RefCell::new(Vec::new()) };
}

/// The coordinator's messages, with the shared ones through `Deref`.
pub trait CoordinatorLanguage {
    fn coordinator_messages(self) -> &'static CoordinatorMessages;
}

impl CoordinatorLanguage for Language {
    fn coordinator_messages(self) -> &'static CoordinatorMessages {
        of_catalog(self.catalog()).unwrap_or_else(|e| {
            // The shared messages were fine, so the file got this far: say
            // what is wrong with the rest and show it in English.
            self.error.set(Some(e));
            CoordinatorMessages::english()
        })
    }
}

/// The coordinator's messages of a catalog already read, or why its
/// `coordinator` section cannot be read.
pub fn of_catalog(catalog: &'static Catalog) -> Result<&'static CoordinatorMessages, String> {
    if let Some(found) = READ.with_borrow(|read| {
        read.iter()
            .find(|(locale, _)| *locale == catalog.locale)
            .map(|(_, messages)| *messages)
    }) {
        return Ok(found);
    }
    let (messages, _missing) = CoordinatorMessages::parse(catalog)
        .map_err(|e| format!("{}: {e}", catalog.locale.native_name()))?;
    READ.with_borrow_mut(|read| read.push((catalog.locale, messages)));
    Ok(messages)
}
