//! A project's own list of surveys: adding one (named apart when the
//! project already has one of that title), archiving, restoring and deleting.
//! Each is an edit of one survey's item, so it merges with edits to others.

use super::Project;
use crate::{
    i18n::{Locale, fill},
    survey::{LocalText, Survey},
};

impl Project {
    /// Adds `survey` under `id` (random, from the caller, so two devices
    /// adding the same template never make the same survey). When a survey
    /// of the same title is already here, the new one's title gets the
    /// first free number in every language, through `numbered` (a template
    /// with `{title}` and `{n}`), and that title is returned so the
    /// coordinator is told.
    pub fn add_survey(
        &mut self,
        mut survey: Survey,
        id: String,
        numbered: &str,
    ) -> Option<LocalText> {
        survey.id = id;
        survey.archived = false;
        let renamed = self.has_title(&survey.title).then(|| {
            let title = (2..)
                .map(|n| number(&survey.title, numbered, n))
                .find(|t| !self.has_title(t))
                .unwrap_or_default();
            survey.title = title.clone();
            title
        });
        self.surveys.push(survey);
        renamed
    }

    /// Whether a survey here has this title in English, or in any language
    /// they share, so "Day centre survey" twice is seen in any of them.
    fn has_title(&self, title: &LocalText) -> bool {
        self.surveys.iter().any(|s| {
            title.0.iter().any(|(tag, text)| {
                s.title
                    .0
                    .get(tag)
                    .is_some_and(|t| t.trim() == text.trim() && !text.trim().is_empty())
            })
        })
    }

    /// Archives or restores a survey: it stays, with every response, but is
    /// not offered to start while archived.
    pub fn set_archived(&mut self, survey: &str, archived: bool) {
        if let Some(s) = self.surveys.iter_mut().find(|s| s.id == survey) {
            s.archived = archived;
        }
    }

    /// Removes a survey from the project. Its published versions are kept,
    /// since responses name them.
    pub fn delete_survey(&mut self, survey: &str) {
        self.surveys.retain(|s| s.id != survey);
    }

    /// The surveys offered to start, and the archived ones, in order.
    pub fn surveys_by_archived(&self) -> (Vec<&Survey>, Vec<&Survey>) {
        self.surveys.iter().partition(|s| !s.archived)
    }
}

fn number(title: &LocalText, numbered: &str, n: usize) -> LocalText {
    LocalText(
        title
            .0
            .iter()
            .map(|(tag, text)| {
                let filled = fill(numbered, &[("title", text), ("n", &n.to_string())]);
                (tag.clone(), filled)
            })
            .collect(),
    )
}

/// A file name for `survey`'s export: [`file_stem`], then
/// `.heard-survey.json`.
pub fn survey_file_name(survey: &Survey, locale: Locale) -> String {
    format!("{}.heard-survey.json", file_stem(survey, locale))
}

/// A file name for the CSV of `survey`'s responses (`codebook`: for its
/// codebook).
pub fn responses_file_name(survey: &Survey, locale: Locale, codebook: bool) -> String {
    let stem = file_stem(survey, locale);
    if codebook {
        format!("{stem}-codebook.csv")
    } else {
        format!("{stem}-responses.csv")
    }
}

/// The file name of `survey`'s results tables, said to be for sharing
/// when small numbers are hidden in it.
pub fn tables_file_name(survey: &Survey, locale: Locale, for_sharing: bool) -> String {
    let stem = file_stem(survey, locale);
    if for_sharing {
        format!("{stem}-tables-for-sharing.csv")
    } else {
        format!("{stem}-tables.csv")
    }
}

/// `survey`'s title in `locale` with what a file system might refuse or
/// misread taken out (path separators, control and direction characters,
/// reserved punctuation, a leading dot), for the name of a file made of it.
fn file_stem(survey: &Survey, locale: Locale) -> String {
    let (title, _) = survey.title.get(locale);
    let mut name = String::new();
    for c in title.chars() {
        let unsafe_char = c.is_control()
            || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        let c = if unsafe_char || c.is_whitespace() {
            ' '
        } else {
            c
        };
        if c == ' ' && (name.is_empty() || name.ends_with('-')) {
            continue;
        }
        name.push(if c == ' ' { '-' } else { c });
        if name.chars().count() >= 80 {
            break;
        }
    }
    let name = name.trim_matches(|c| c == '-' || c == '.');
    if name.is_empty() {
        "survey".to_owned()
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{i18n::Catalog, survey::example_survey, time::Timestamp};

    const NUMBERED: &str = "{title} ({n})";

    #[test]
    fn a_second_copy_of_a_survey_is_named_apart_in_every_language() {
        let mut project = Project::new("Day centre", Timestamp(1));
        let mut survey = example_survey(&[Catalog::english()]);
        survey.title.0.insert("cy".into(), "Arolwg".into());
        assert_eq!(
            project.add_survey(survey.clone(), "a".into(), NUMBERED),
            None
        );
        let second = project.add_survey(survey.clone(), "b".into(), NUMBERED);
        let english = survey.title.0["en"].clone();
        let expected = |n: usize| {
            let mut t = LocalText::english(&format!("{english} ({n})"));
            t.0.insert("cy".into(), format!("Arolwg ({n})"));
            t
        };
        assert_eq!(second, Some(expected(2)));
        assert_eq!(project.surveys[1].title, expected(2));
        assert_eq!(project.surveys[1].id, "b");
        let third = project.add_survey(survey, "c".into(), NUMBERED);
        assert_eq!(third, Some(expected(3)));
        assert_eq!(project.check(), Ok(()));
    }

    #[test]
    fn archiving_restoring_and_deleting_touch_only_that_survey() {
        let mut project = Project::new("Day centre", Timestamp(1));
        let survey = example_survey(&[Catalog::english()]);
        project.add_survey(survey.clone(), "a".into(), NUMBERED);
        project.add_survey(survey, "b".into(), NUMBERED);
        project.set_archived("a", true);
        let (offered, archived) = project.surveys_by_archived();
        assert_eq!(
            offered.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
            ["b"]
        );
        assert_eq!(
            archived.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
            ["a"]
        );
        project.set_archived("a", false);
        assert!(!project.surveys[0].archived);
        project.delete_survey("a");
        assert_eq!(project.surveys.len(), 1);
        assert_eq!(project.surveys[0].id, "b");
    }

    #[test]
    fn an_export_is_named_after_its_survey_safely() {
        let check = |title: &str, expected: &str| {
            let mut survey = example_survey(&[Catalog::english()]);
            survey.title = LocalText::english(title);
            assert_eq!(
                survey_file_name(&survey, Locale::English),
                expected,
                "{title:?}"
            );
        };
        check("Day centre survey", "Day-centre-survey.heard-survey.json");
        check("Lunch: good/bad?", "Lunch-good-bad.heard-survey.json");
        check("../../etc/passwd", "etc-passwd.heard-survey.json");
        check("  ", "survey.heard-survey.json");
        check("\u{202e}txt.exe", "txt.exe.heard-survey.json");
        check("سروے برائے کھانا", "سروے-برائے-کھانا.heard-survey.json");
        check(
            &"a".repeat(200),
            &format!("{}.heard-survey.json", "a".repeat(80)),
        );
        // The title in the coordinator's language when it has one.
        let mut survey = example_survey(&[Catalog::english()]);
        survey.title.0.insert("cy".into(), "Arolwg cinio".into());
        assert_eq!(
            survey_file_name(&survey, Locale::Welsh),
            "Arolwg-cinio.heard-survey.json"
        );
    }
}
